/**
 * GET /api/counts[?area=<code>][&<layer>.<property>=<value>…][&<layer>.datetime=<interval>] (layers:read; docs/api.md)
 *   200 { counts: { <collectionId>: n, … }, exact: true, at: "<ISO time>", scope: "<admin code>",
 *         area: "<code>" | null, narrowed: [<collectionId>…], open: { incidents: n } }
 *       Features per collection inside the caller's jurisdiction (the one scope rule of db/features), as an
 *       OGC items request of the same caller with the same filters would count them; `area` narrows every layer
 *       as the map's tiles do (domain/features/area-filter.ts); `open.incidents` is the 在办 share of the
 *       incidents counted. Without parameters the figures are the unfiltered totals (the original shape).
 *       incidents only with incidents:read (filters of a layer the caller has no count of are checked, then ignored).
 *   400 INVALID_PARAMETER (area), UNKNOWN_PARAMETER, INVALID_FILTER, INVALID_DATETIME (details name the layer).
 *   401 UNAUTHENTICATED / 403 FORBIDDEN from the route table; 503 STARTING while loading.
 * Cached per (scope, readable collections): a crowd of polling clients costs at most one count per scope every
 * few seconds (SeqCache: fresh for COUNTS_FLOOR_MS whatever happens, up to COUNTS_CEILING_MS while the live feed's
 * seq has not moved).
 */
import { Router, type Request } from 'express';
import type { Database } from '../../db/core/database.ts';
import { scopedLayerCounts } from '../../db/platform/counts-repository.ts';
import { SeqCache } from '../../db/platform/counts-cache.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { hasPermission, type Permission } from '../../auth/permissions.ts';
import { COLLECTION_IDS, type CollectionId } from '../../protocol/collections.ts';
import type { LayerCountsBody } from '../../protocol/platform.ts';
import { readScope } from '../auth/auth-scope.ts';
import { selectionKey } from '../../domain/features/feature-query.ts';
import { parseCountsQuery } from './counts-params.ts';
import type { RawQuery } from '../ogc/ogc-params.ts';
import type { ScopedCounts } from '../../db/platform/counts-repository.ts';

export const COUNTS_FLOOR_MS = 5_000;
export const COUNTS_CEILING_MS = 60_000;

/** The permission each collection's count needs on top of layers:read (the route table's own rule for items). */
const COUNT_NEEDS: Partial<Record<CollectionId, Permission>> = { incidents: 'incidents:read' };

export interface CountsDeps {
  db: Database;
  /** Reads anonymous callers have on this deployment (PUBLIC_PERMISSIONS). */
  publicPermissions: readonly Permission[];
  /** The live feed's highest seq, when this process runs one (invalidates the cache early). */
  liveSeq?: () => number | undefined;
  cache?: { floorMs: number; ceilingMs: number; now?: () => number };
}

export function countsRouter(deps: CountsDeps): Router {
  const cache = new SeqCache<ScopedCounts>({
    floorMs: deps.cache?.floorMs ?? COUNTS_FLOOR_MS,
    ceilingMs: deps.cache?.ceilingMs ?? COUNTS_CEILING_MS,
    maxEntries: 512,
    now: deps.cache?.now,
  });
  const may = (req: Request, p: Permission) => (req.principal ? hasPermission(req.principal.role, p) : deps.publicPermissions.includes(p));
  const router = Router();
  router.get('/api/counts', async (req, res, next) => {
    try {
      requirePermission(req, 'layers:read'); // the route's own permission, asserted here too (defence in depth)
      const scope = readScope(req);
      const collections = COLLECTION_IDS.filter((id) => {
        const need = COUNT_NEEDS[id];
        return need === undefined || may(req, need);
      });
      const q = parseCountsQuery(req.query as RawQuery, collections);
      const narrowing = q.narrowed.map((id) => selectionKey(id, { filters: q.selections[id]!.filters, datetime: q.selections[id]!.datetime }));
      const key = `${scope}|${collections.join(',')}|${narrowing.join(';')}`;
      const { value, at } = await cache.get(key, deps.liveSeq?.(), () => scopedLayerCounts(deps.db, collections, scope, q.selections));
      const body: LayerCountsBody = {
        counts: value.counts,
        exact: true,
        at: new Date(at).toISOString(),
        scope,
        area: q.area,
        narrowed: q.narrowed,
        open: value.open,
      };
      res.set('Cache-Control', 'private, no-cache').vary('Cookie').vary('Authorization').json(body);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
