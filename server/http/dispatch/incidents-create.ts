/**
 * POST /api/incidents — report a new incident (issue 11 contract; docs/api.md "Dispatch").
 *   body  a GeoJSON Feature (Content-Type application/json or application/geo+json):
 *         { "type": "Feature", "geometry": { "type": "Point", "coordinates": [lng, lat] },
 *           "properties": { "title", "category" (01..15, 99), "urgency" (CRITICAL URGENT NORMAL), "source"
 *           (GRID_WORKER HOTLINE_12345 …), "description"?, "scale"? (default GENERAL), "address"?,
 *           "reported_at"? (ISO 8601, not in the future; default now) } }
 *         No id, status, deadline or codes: the server gives the id (= event number), status REPORTED, the
 *         deadline from the time limit of category × urgency, the admin codes from the point, and the timer light.
 *   201   the incident as a GeoJSON Feature (its id and version), Location: /ogc/collections/incidents/items/{id};
 *         written with its flow-log row (REPORT) and audit row, and pushed on the live feed.
 *   400   INVALID_BODY (shape, unknown property, bad code), INVALID_GEOMETRY (not a valid point in the city)
 *   401 / 403 FORBIDDEN without incidents:write; 403 OUT_OF_JURISDICTION when the point lies outside yours
 */
import { randomInt } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/core/database.ts';
import { createIncident } from '../../db/dispatch/incident-create-repository.ts';
import { GeometryError } from '../../db/features/features-geometry.ts';
import { WriteError } from '../../db/features/features-write-repository.ts';
import { INCIDENT_CATEGORY, INCIDENT_SCALE, INCIDENT_SOURCE, INCIDENT_URGENCY } from '../../protocol/codes.ts';
import { AppError, badRequest } from '../../errors.ts';
import { auditEntry, parseBody } from '../auth/auth-common.ts';
import { markAudited } from '../auth/auth-audit.ts';
import { readScope } from '../auth/auth-scope.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { sendJson } from './dispatch-http.ts';

export const INCIDENTS_PATH = '/api/incidents';

const code = <T extends Record<string, unknown>>(list: T) => z.enum(Object.keys(list) as [string, ...string[]]);
/** Not in the future (a minute of clock skew allowed), not before 2000. */
const reportedAt = z.iso.datetime({ offset: true }).refine((s) => {
  const t = Date.parse(s);
  return t <= Date.now() + 60_000 && t >= Date.UTC(2000, 0, 1);
}, 'must be a time in the past');

const Body = z.strictObject({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }).passthrough(),
  properties: z.strictObject({
    title: z.string().trim().min(1).max(200),
    category: code(INCIDENT_CATEGORY),
    urgency: code(INCIDENT_URGENCY),
    source: code(INCIDENT_SOURCE),
    description: z.string().trim().max(4000).optional(),
    scale: code(INCIDENT_SCALE).default('GENERAL'),
    address: z.string().trim().max(400).optional(),
    reported_at: reportedAt.optional(),
  }),
});

/** An event number: AY + the day + six digits (the seeded ones have five). */
function newEventNo(now: Date): string {
  return `AY${now.toISOString().slice(0, 10).replaceAll('-', '')}${String(randomInt(1_000_000)).padStart(6, '0')}`;
}

function httpError(err: unknown): unknown {
  if (err instanceof GeometryError) return badRequest('INVALID_GEOMETRY', err.message, err.problem);
  if (!(err instanceof WriteError)) return err;
  if (err.kind === 'out-of-scope') return new AppError(403, 'OUT_OF_JURISDICTION', err.message);
  return badRequest('INVALID_BODY', err.message, err.details);
}

async function create(db: Database, req: Request) {
  const body = parseBody(Body, req.body);
  const principal = req.principal;
  for (let attempt = 0; ; attempt++) {
    const now = new Date();
    const id = newEventNo(now);
    try {
      return await createIncident(db, { id, properties: body.properties, geometry: body.geometry }, {
        id: principal?.id ?? null,
        name: principal ? `${principal.name} (${principal.role})` : 'anonymous',
        scope: readScope(req),
        audit: (incidentId) => auditEntry(req, 'incident.report', { type: 'incidents', id: incidentId }, 'ok', { category: body.properties.category, urgency: body.properties.urgency }),
      }, now);
    } catch (err) {
      if (err instanceof WriteError && err.kind === 'conflict' && attempt < 3) continue; // the number was taken: draw another
      throw err;
    }
  }
}

export function incidentsCreateRouter(deps: { db: Database }): Router {
  const router = Router();
  router.post(INCIDENTS_PATH, express.json({ type: ['application/json', 'application/geo+json'], limit: '256kb' }), async (req, res, next) => {
    try {
      requirePermission(req, 'incidents:write');
      const feature = await create(deps.db, req);
      markAudited(res);
      res.set('Location', `/ogc/collections/incidents/items/${encodeURIComponent(String(feature.id))}`);
      sendJson(res, 201, feature, 'application/geo+json');
    } catch (err) {
      next(httpError(err));
    }
  });
  return router;
}
