/**
 * OGC API - Features Part 4 style writes on the live collections (docs/live.md "Writing").
 *
 *   POST   /ogc/collections/{id}/items              body: GeoJSON Feature (id or properties.<idProperty> required)
 *          201, Location: /ogc/collections/{id}/items/{featureId}, body: the stored Feature
 *   PATCH  /ogc/collections/{id}/items/{featureId}  body: { properties?: {...}, geometry?: {...} } (a partial Feature)
 *          200, body: the stored Feature
 *   DELETE /ogc/collections/{id}/items/{featureId}  204
 *
 * Query (POST and PATCH): `repair=true` stores a polygon that is not valid per OGC Simple Features as ST_MakeValid
 * repairs it, and the answer carries `Geometry-Repaired: <ST_IsValidReason of the geometry as sent>`; without it
 * such a polygon is refused. `repair=false` is the default; any other value is 400 INVALID_PARAMETER.
 *
 * Errors: 400 INVALID_FEATURE (validation; details list the paths; an id that breaks the one id rule of
 * server/protocol/feature-id.ts), 400 INVALID_GEOMETRY (the geometry breaks a rule of docs/security.md "Geometry";
 * details: { reason, path?, validity?, location? }; reasons are listed in server/domain/geo/geometry-rules.ts
 * GEOMETRY_REASONS), 404 NOT_FOUND (collection, or a feature that does not exist or lies outside
 * the writer's admin unit — the two are not told apart), 405 READ_ONLY_COLLECTION (not a live collection),
 * 409 CONFLICT (id exists), 401/403 FORBIDDEN by the route table AND by each handler itself on the resolved
 * collection (incidents:write, dispatch:write for units, hazards:write, assets:write), 400 COMMAND_ONLY_PROPERTY
 * for an incident's `status` or `assigned_unit_id` or any `version` (only POST /api/incidents/{id}/transitions
 * changes those), 403 OUT_OF_JURISDICTION when the written feature would end up outside the writer's admin unit
 * (checked in the write's transaction). Messages are our own words: no database text reaches the caller. Codes
 * must be codes of their list; the `_label` properties are filled server-side. Admin codes are derived from the
 * geometry in the write's transaction (server/db/features/admin-codes.ts): codes in the body are replaced, never
 * trusted (units keep their organisation's codes, which must nest). Every write becomes a change on the live
 * feed (through the database trigger, not through this router). Mounted before the read router.
 */
import express, { Router, type RequestHandler } from 'express';
import type { Database } from '../../db/core/database.ts';
import { isWritable, WriteError } from '../../db/features/features-write-repository.ts';
import { GeometryError, type RepairRequest } from '../../db/features/features-geometry.ts';
import { scopedCreate, scopedDelete, scopedUpdate } from '../../db/features/features-scoped-writes.ts';
import { readScope } from '../auth/auth-scope.ts';
import { auditEntry } from '../auth/auth-common.ts';
import { markAudited } from '../auth/auth-audit.ts';
import type { Writer } from '../../db/features/features-scoped-writes.ts';

/** The writer of a request: its jurisdiction, and its audit entry (committed with the write). */
function writerOf(req: express.Request, action: 'create' | 'update' | 'delete', collection: CollectionId): Writer {
  return {
    scope: readScope(req),
    audit: (featureId) => auditEntry(req, `feature.${action}`, { type: collection, id: featureId }, 'ok'),
  };
}
import { AppError, badRequest, notFound } from '../../errors.ts';
import { isCollectionId, type CollectionId } from '../../protocol/collections.ts';
import { isFeatureId, quotedId } from '../../protocol/feature-id.ts';
import { writePermissionOf } from '../../auth/route-permissions.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { refuseCommandOnlyProperties } from '../incidents/command-only.ts';

const FEATURE_TYPES = ['application/json', 'application/geo+json', 'application/merge-patch+json'];

/**
 * The collection a write names, after the caller's right to write it is asserted here (not only by the route
 * table): 404 unknown, 405 read-only, 401/403 without its write permission.
 */
function writableCollection(req: express.Request): CollectionId {
  const raw = String(req.params.collectionId);
  if (!isCollectionId(raw)) throw notFound('NOT_FOUND', `No such collection: ${quotedId(raw)}`);
  const permission = writePermissionOf(raw);
  if (!isWritable(raw) || !permission) throw new AppError(405, 'READ_ONLY_COLLECTION', `Collection ${raw} is read-only`);
  requirePermission(req, permission);
  return raw;
}

/** A feature id from the path: one that breaks the id rule cannot name a feature (404). */
function featureIdOf(req: express.Request, collection: CollectionId): string {
  const id = String(req.params.featureId);
  if (!isFeatureId(id)) throw notFound('NOT_FOUND', `No feature ${quotedId(id)} in ${collection}`);
  return id;
}

/** The body as an object; a status, assignment or version in its properties is refused (400 COMMAND_ONLY_PROPERTY). */
function asObject(body: unknown, collection: CollectionId): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('INVALID_FEATURE', 'The body must be a GeoJSON Feature object (Content-Type: application/geo+json or application/json)');
  }
  refuseCommandOnlyProperties(collection, (body as Record<string, unknown>).properties);
  return body as Record<string, unknown>;
}

function mapWriteError(err: unknown): unknown {
  if (err instanceof GeometryError) return badRequest('INVALID_GEOMETRY', err.message, err.problem);
  if (!(err instanceof WriteError)) return err;
  if (err.kind === 'conflict') return new AppError(409, 'CONFLICT', err.message, err.details);
  if (err.kind === 'out-of-scope') return new AppError(403, 'OUT_OF_JURISDICTION', err.message);
  return badRequest('INVALID_FEATURE', err.message, err.details);
}

/** `?repair=true`: a repair request, and what it did once the write committed (absent without the parameter). */
interface Repair {
  request?: RepairRequest;
  applied?: string;
}

function repairOf(req: express.Request): Repair {
  const v = req.query.repair;
  if (v === undefined || v === 'false') return {};
  if (v !== 'true') throw badRequest('INVALID_PARAMETER', 'repair must be true or false', { parameter: 'repair' });
  const repair: Repair = {};
  repair.request = { onRepaired: ({ validity }) => void (repair.applied = validity.replace(/[^\x20-\x7e]/g, '?').slice(0, 200)) };
  return repair;
}

/** After a committed write: say that the geometry was repaired (a rolled-back write says nothing). */
function reportRepair(res: express.Response, repair: Repair): void {
  if (repair.applied) res.set('Geometry-Repaired', repair.applied);
}

const handle =
  (fn: (req: express.Request, res: express.Response) => Promise<void>): RequestHandler =>
  (req, res, next) => {
    fn(req, res).catch((err) => next(mapWriteError(err)));
  };

export function ogcWriteRouter(deps: { db: Database }): Router {
  const router = Router();
  router.use(express.json({ type: FEATURE_TYPES, limit: '2mb' }));

  router.post(
    '/collections/:collectionId/items',
    handle(async (req, res) => {
      const id = writableCollection(req);
      const body = asObject(req.body, id);
      if (body.type !== 'Feature') throw badRequest('INVALID_FEATURE', 'The body must have "type": "Feature"');
      if (body.id !== undefined && typeof body.id !== 'string') throw badRequest('INVALID_FEATURE', 'The feature id must be a string');
      const repair = repairOf(req);
      const input = { id: body.id as string | undefined, properties: body.properties, geometry: body.geometry, repair: repair.request };
      const feature = await scopedCreate(deps.db, id, input, writerOf(req, 'create', id));
      markAudited(res);
      reportRepair(res, repair);
      res
        .status(201)
        .location(`/ogc/collections/${id}/items/${encodeURIComponent(feature.id)}`)
        .type('application/geo+json')
        .send(JSON.stringify(feature));
    }),
  );

  router.patch(
    '/collections/:collectionId/items/:featureId',
    handle(async (req, res) => {
      const id = writableCollection(req);
      const body = asObject(req.body, id);
      if (body.properties === undefined && body.geometry === undefined) {
        throw badRequest('INVALID_FEATURE', 'Nothing to change: send "properties" and/or "geometry"');
      }
      const featureId = featureIdOf(req, id);
      const repair = repairOf(req);
      const input = { properties: body.properties, geometry: body.geometry, repair: repair.request };
      const feature = await scopedUpdate(deps.db, id, featureId, input, writerOf(req, 'update', id));
      if (!feature) throw notFound('NOT_FOUND', `No feature ${featureId} in ${id}`);
      markAudited(res);
      reportRepair(res, repair);
      res.type('application/geo+json').send(JSON.stringify(feature));
    }),
  );

  router.delete(
    '/collections/:collectionId/items/:featureId',
    handle(async (req, res) => {
      const id = writableCollection(req);
      const featureId = featureIdOf(req, id);
      if (!(await scopedDelete(deps.db, id, featureId, writerOf(req, 'delete', id)))) throw notFound('NOT_FOUND', `No feature ${featureId} in ${id}`);
      markAudited(res);
      res.status(204).end();
    }),
  );
  return router;
}
