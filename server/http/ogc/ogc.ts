/**
 * OGC API - Features Part 1 (Core, GeoJSON, OAS 3.0), mounted at /ogc. Every collection of the registry
 * (server/protocol/collections.ts) is served the same way. Reference with examples: docs/api.md.
 *
 *   GET /ogc                                   landing page (links: self, service-desc, conformance, data)
 *   GET /ogc/conformance                       { conformsTo: [core, geojson, oas30] }
 *   GET /ogc/api                               OpenAPI 3.0 definition
 *   GET /ogc/collections                       all collections with their data extent
 *   GET /ogc/collections/{id}                  one collection; 404 COLLECTION_NOT_FOUND
 *   GET /ogc/collections/{id}/items            GeoJSON FeatureCollection, application/geo+json
 *       ?bbox=minLng,minLat,maxLng,maxLat  ?limit=1..10000 (1000)  ?offset=0..  ?datetime=RFC 3339 instant|interval
 *       ?<filterable property>=value (repeat for any of several values)
 *       400 INVALID_BBOX | INVALID_LIMIT | INVALID_OFFSET | INVALID_DATETIME | INVALID_FILTER | UNKNOWN_PARAMETER | INVALID_PARAMETER
 *       Live collections (registry `live`) answer with the header `X-Live-Seq: <seq>`: the change feed's seq
 *       the rows were read at, in the same snapshot (every change at or below it is in the page, none above).
 *       A client holding the collection in memory applies the page, then the feed's changes above that seq
 *       (docs/live.md "Snapshot then deltas").
 *   GET /ogc/collections/{id}/items/{featureId}  one GeoJSON Feature; 404 FEATURE_NOT_FOUND when it does not
 *       exist, breaks the id rule (server/protocol/feature-id.ts) or lies outside the reader's admin unit (the
 *       three are not told apart)
 *
 * Access (docs/security.md): 401 without credentials, 403 without layers:read (incidents: incidents:read),
 * checked by the route table and again by the items handlers on the resolved collection; lists, extents and
 * counts only ever cover the reader's jurisdiction. Absolute links start at PUBLIC_URL or the validated Host
 * (server/http/platform/public-origin.ts); 400 INVALID_HOST otherwise.
 */
import { Router, type Request, type Response } from 'express';
import { COLLECTION_IDS, COLLECTIONS, isCollectionId, type CollectionDef } from '../../protocol/collections.ts';
import { notFound } from '../../errors.ts';
import type { Database } from '../../db/core/database.ts';
import { createFeaturesRepository, type FeaturesRepository } from '../../db/features/features-repository.ts';
import type { CollectionVersions } from '../../db/features/collection-versions.ts';
import { mountItemRoutes } from './ogc-items.ts';
import { temporalProperty } from '../../domain/features/datetime.ts';
import { collectionDoc, collectionsDoc, conformance, landingPage } from './ogc-documents.ts';
import { JSON_TYPE, OPENAPI } from './ogc-links.ts';
import { openApi } from './ogc-openapi.ts';
import { readScope } from '../auth/auth-scope.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { readPermissionOf } from '../../auth/route-permissions.ts';
import { quotedId } from '../../protocol/feature-id.ts';
import { publicOrigin, type OriginOf } from '../platform/public-origin.ts';

export interface OgcDeps {
  db: Database;
  /** Defaults to a repository on `db`. */
  features?: FeaturesRepository;
  /** Clock for `timeStamp`. */
  now?: () => Date;
  /** The origin of absolute links (default: the validated Host; app.ts passes PUBLIC_URL). */
  origin?: OriginOf;
  /** Collection data versions for ETags and the page cache (absent: every answer is built, no ETag). */
  versions?: CollectionVersions;
  /** Bytes of built items pages kept in memory (default 64 MiB; 0 turns the page cache off). */
  pageCacheBytes?: number;
}

const PAGE_CACHE_BYTES = 64 * 1024 * 1024;
export { LIVE_SEQ_HEADER } from './ogc-items.ts';

function sendJson(res: Response, body: unknown, type = JSON_TYPE): void {
  res.set('Cache-Control', 'no-cache').type(type).send(JSON.stringify(body));
}

function collectionOf(id: string): CollectionDef {
  if (!isCollectionId(id)) {
    throw notFound('COLLECTION_NOT_FOUND', `No collection "${quotedId(id)}"`, { collections: [...COLLECTION_IDS] });
  }
  return COLLECTIONS[id];
}

/** The collection whose features are read, after the reader's right to them is asserted here too. */
function readableCollection(req: Request): CollectionDef {
  const def = collectionOf(String(req.params.collectionId));
  requirePermission(req, readPermissionOf(def.id));
  return def;
}

export function ogcRouter(deps: OgcDeps): Router {
  const router = Router();
  const features = deps.features ?? createFeaturesRepository(deps.db);
  const now = deps.now ?? (() => new Date());
  const origin = deps.origin ?? publicOrigin();
  const baseOf = (req: Request) => `${origin(req)}${req.baseUrl}`;
  /** Where tilesRouter is mounted next to this router (server/app.ts). */
  const tilesBaseOf = (req: Request) => `${origin(req)}${req.baseUrl.replace(/\/ogc$/, '')}/tiles`;

  const describe = async (req: Request, def: CollectionDef) =>
    collectionDoc(baseOf(req), def, await features.extent(def, temporalProperty(def), readScope(req)), tilesBaseOf(req));

  router.get('/', (req, res) => sendJson(res, landingPage(baseOf(req))));
  router.get('/conformance', (_req, res) => sendJson(res, conformance()));
  router.get('/api', (req, res) => sendJson(res, openApi(baseOf(req)), OPENAPI));

  router.get('/collections', async (req, res) => {
    const docs = [];
    for (const id of COLLECTION_IDS) docs.push(await describe(req, COLLECTIONS[id]));
    sendJson(res, collectionsDoc(baseOf(req), docs));
  });

  router.get('/collections/:collectionId', async (req, res) => {
    sendJson(res, await describe(req, collectionOf(req.params.collectionId)));
  });

  mountItemRoutes(router, {
    features,
    versions: deps.versions,
    now,
    baseOf,
    readable: readableCollection,
    pageCacheBytes: deps.pageCacheBytes ?? PAGE_CACHE_BYTES,
  });

  return router;
}
