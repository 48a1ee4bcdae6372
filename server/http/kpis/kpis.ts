/**
 * GET /api/kpis?scope=<admin code>  (analysis:read; docs/api.md "KPIs")
 *   The big screen's figures (server/domain/kpis/kpis-body.ts) for an admin unit: incidents (今日上报, 今日办结, 在办,
 *   buckets, 超期 / 临期 / 督办, 办结率, 按期办结率, 平均办结时长), the 7-day trend and category top-N, cameras
 *   (接入总数, 在线率), fire hazards per grade and 重大隐患整改率, grid risk levels, warnings in force, units per type.
 *   scope   optional, a 6/9/12-digit admin code; default the caller's jurisdiction
 *   200 KpisBody; Cache-Control: private, no-cache
 *   400 INVALID_SCOPE (not an admin code, or given twice), INVALID_PARAMETER (an unknown parameter)
 *   401 UNAUTHENTICATED; 403 FORBIDDEN (role lacks analysis:read), OUT_OF_JURISDICTION (scope outside yours)
 *   404 UNKNOWN_SCOPE (no such admin unit); 503 STARTING while the database loads
 * Cached per (scope, local date) in a KpiCache (./kpi-cache.ts): after the first request no request waits for the
 * SQL; an entry is recomputed in the background once the live feed's seq moved (every KPIS_FLOOR_MS at most, and
 * after KPIS_CEILING_MS anyway), so a change on any live layer is in the figures about a second plus one
 * computation later, and a crowd of walls costs one computation per scope per second at most.
 */
import { Router, type Request } from 'express';
import type { Database } from '../../db/core/database.ts';
import { adminUnitName, kpiAggregates } from '../../db/kpis/kpis-repository.ts';
import { assembleKpis, kpiTimes } from '../../domain/kpis/assemble.ts';
import type { KpisBody } from '../../domain/kpis/kpis-body.ts';
import { localDate } from '../../domain/kpis/calendar.ts';
import { TOP_CATEGORIES } from '../../domain/kpis/rules.ts';
import { ADMIN_CODE, scopeContains } from '../../auth/jurisdiction.ts';
import { badRequest, notFound } from '../../errors.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { outOfJurisdiction, readScope } from '../auth/auth-scope.ts';
import { KpiCache } from './kpi-cache.ts';

export const KPIS_PATH = '/api/kpis';
export const KPIS_FLOOR_MS = 1_000;
export const KPIS_CEILING_MS = 30_000;
/** Scopes nobody asked for this long are no longer refreshed (and forgotten). */
export const KPIS_KEEP_MS = 10 * 60_000;

export interface KpisDeps {
  db: Database;
  /** The live feed's highest seq, when this process runs one (a change invalidates the cache). */
  liveSeq?: () => number | undefined;
  cache?: { floorMs: number; ceilingMs: number };
  now?: () => number;
  /** Where a failed background refresh is reported (the last figures stay served). */
  onError?: (err: unknown) => void;
}

/** The scope a request asks for: its `scope` parameter inside the caller's jurisdiction, else the jurisdiction. */
function requestedScope(req: Request): string {
  const unknown = Object.keys(req.query).filter((k) => k !== 'scope');
  if (unknown.length) throw badRequest('INVALID_PARAMETER', `Unknown parameter ${unknown[0]!.slice(0, 40)}; only scope is allowed`, { allowed: ['scope'] });
  const own = readScope(req);
  const raw = req.query.scope;
  if (raw === undefined) return own;
  if (typeof raw !== 'string' || !ADMIN_CODE.test(raw)) {
    throw badRequest('INVALID_SCOPE', 'scope must be one admin code of 6, 9 or 12 digits (410500 the city, 410502 a district …)');
  }
  if (!scopeContains(own, raw)) throw outOfJurisdiction(`Admin unit ${raw}`);
  return raw;
}

export function kpisRouter(deps: KpisDeps): Router {
  const now = deps.now ?? Date.now;
  const cache = new KpiCache<KpisBody>({
    floorMs: deps.cache?.floorMs ?? KPIS_FLOOR_MS,
    ceilingMs: deps.cache?.ceilingMs ?? KPIS_CEILING_MS,
    keepMs: KPIS_KEEP_MS,
    maxEntries: 256,
    version: () => deps.liveSeq?.(),
    now,
    onError: deps.onError,
  });
  // A request waiting for the first figures gets the queries side by side; a refresh behind (every second while
  // the city changes) runs them one at a time, so that it never holds every core the requests need.
  const compute = async (scope: string, behind: boolean): Promise<KpisBody> => {
    const times = kpiTimes(now());
    const [name, agg] = await Promise.all([adminUnitName(deps.db, scope), kpiAggregates(deps.db, scope, times, TOP_CATEGORIES, behind ? 1 : Infinity)]);
    if (name === null) throw notFound('UNKNOWN_SCOPE', `No admin unit ${scope}`);
    return assembleKpis({ code: scope, name }, times, agg);
  };
  const router = Router();
  router.get(KPIS_PATH, async (req, res, next) => {
    try {
      requirePermission(req, 'analysis:read'); // the route's own permission, asserted here too (defence in depth)
      const scope = requestedScope(req);
      const value = await cache.get(`${scope}|${localDate(now())}`, (behind) => compute(scope, behind));
      res.set('Cache-Control', 'private, no-cache').vary('Cookie').vary('Authorization').json(value);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
