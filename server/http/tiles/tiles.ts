/**
 * Mapbox Vector Tiles of the registry's collections, mounted at /tiles. Reference: docs/api.md.
 *
 *   GET /tiles/{collection}/{z}/{x}/{y}.mvt   application/vnd.mapbox-vector-tile; one layer named {collection},
 *       extent 4096, buffer 64. 204 when the tile is empty. ETag + If-None-Match → 304. Cache-Control.
 *       gzip Content-Encoding when accepted. Point tiles over 8,000 features are aggregated too.
 *       Point layers below the collection's minZoom: aggregated cells (count, aggregated=true).
 *       ?<filterable property>=value (repeat for any of several) and ?datetime=<instant or interval> as on /ogc items.
 *       400 INVALID_TILE (z outside 0..22, x/y outside the zoom) | INVALID_FILTER | UNKNOWN_PARAMETER
 *       404 COLLECTION_NOT_FOUND, 404 NOT_FOUND for other file endings
 *   GET /tiles/{collection}.json              TileJSON 3.0.0 (absolute tile URL carrying the request's filters)
 *
 * Access: 401 without credentials, 403 without layers:read (incidents: incidents:read), checked by the route
 * table and again here on the resolved collection. The TileJSON URL starts at PUBLIC_URL or the validated Host
 * (400 INVALID_HOST otherwise). A tile only holds
 * features inside the reader's jurisdiction; the in-memory cache is keyed by it, HTTP caching is private.
 */
import { Router, type Request, type Response } from 'express';
import { COLLECTION_IDS, COLLECTIONS, isCollectionId, type CollectionDef } from '../../protocol/collections.ts';
import { badRequest, notFound } from '../../errors.ts';
import type { Database } from '../../db/core/database.ts';
import { createTileEncoder, type TileEncoder } from '../../db/tiles/tiles-repository.ts';
import { cachedTileEncoder } from '../../db/tiles/tiles-cache.ts';
import { isTileError, parseTileCoord } from '../../domain/geo/bbox.ts';
import { parseTileQuery, type RawQuery } from '../ogc/ogc-params.ts';
import { queryString } from '../ogc/ogc-links.ts';
import { tileJson } from './tiles-tilejson.ts';
import { readLayerView, readScope } from '../auth/auth-scope.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { readPermissionOf } from '../../auth/route-permissions.ts';
import { publicOrigin, type OriginOf } from '../platform/public-origin.ts';
import { tileAnswer } from './tile-answer.ts';

export interface TilesDeps {
  db: Database;
  /** Defaults to the encoder for db.kind (ST_AsMVT on PostGIS, JS on embedded) behind a short in-memory cache. */
  encoder?: TileEncoder;
  /** The origin of the TileJSON's absolute tile URL (default: the validated Host; app.ts passes PUBLIC_URL). */
  origin?: OriginOf;
}

function collectionOf(id: string): CollectionDef {
  if (!isCollectionId(id)) {
    throw notFound('COLLECTION_NOT_FOUND', `No collection "${id.slice(0, 60)}"`, { collections: [...COLLECTION_IDS] });
  }
  return COLLECTIONS[id];
}

/**
 * Sends a tile (tile-answer.ts) with node's own response calls: Express's res.send would look at freshness, the
 * type table and the ETag again (all settled there).
 */
async function sendTile(req: Request, res: Response, def: CollectionDef, bytes: Buffer): Promise<void> {
  const vary = res.getHeader('Vary');
  const answer = await tileAnswer(def, bytes, {
    acceptsGzip: Boolean(req.acceptsEncodings('gzip')),
    ifNoneMatch: req.get('if-none-match'),
    vary: vary === undefined ? undefined : String(vary),
  });
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.status(answer.status).end(answer.body); // node sends no body to a HEAD request
}

export function tilesRouter(deps: TilesDeps): Router {
  const router = Router();
  const encoder = deps.encoder ?? cachedTileEncoder(createTileEncoder(deps.db));
  const origin = deps.origin ?? publicOrigin();
  /** The collection of a tile request, after the reader's right to it is asserted here too (not only by the route table). */
  const readable = (req: Request, id: string) => {
    const def = collectionOf(id);
    requirePermission(req, readPermissionOf(def.id));
    return def;
  };

  router.get('/:file', (req, res) => {
    const m = /^(.+)\.json$/.exec(req.params.file);
    if (!m) throw notFound('NOT_FOUND', `No such resource: ${req.path.slice(0, 100)}`);
    const def = readable(req, m[1]!);
    const query = req.query as RawQuery;
    parseTileQuery(def, query);
    const tilesBase = `${origin(req)}${req.baseUrl}`;
    res.set('Cache-Control', 'no-cache').json(tileJson(tilesBase, def, queryString(query)));
  });

  router.get('/:collection/:z/:x/:file', async (req, res) => {
    const def = readable(req, req.params.collection);
    const m = /^(.*)\.mvt$/.exec(req.params.file);
    if (!m) throw notFound('NOT_FOUND', 'Tiles end in .mvt: /tiles/{collection}/{z}/{x}/{y}.mvt');
    const tile = parseTileCoord(req.params.z, req.params.x, m[1]!);
    if (isTileError(tile)) throw badRequest('INVALID_TILE', tile.reason, { z: req.params.z, x: req.params.x, y: m[1]!.slice(0, 20) });
    const selection = parseTileQuery(def, req.query as RawQuery);
    await sendTile(req, res, def, await encoder.encode({ def, tile, ...selection, scope: readScope(req), view: readLayerView(req) }));
  });

  return router;
}
