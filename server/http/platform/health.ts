/**
 * GET /api/health
 *   503 while starting: { status: "starting" | "migrating" | "loading" | "failed", progress: 0..1, step?, error? }
 *   200 when ready:     { status: "ok", database: { kind: "embedded" | "postgis", postgis }, counts: { <collection>: n }, ... }
 * Extra sections (e.g. the live feed's figures) are contributed by `extras`.
 */
import { Router } from 'express';
import type { Database } from '../../db/core/database.ts';
import { layerCounts, postgisVersion } from '../../db/platform/health-repository.ts';
import type { Readiness } from '../../readiness.ts';

export type HealthExtra = () => Record<string, unknown> | Promise<Record<string, unknown>>;

export function healthRouter(deps: { db: Database; readiness: Readiness; extras?: HealthExtra[] }): Router {
  const router = Router();
  router.get('/api/health', async (_req, res, next) => {
    try {
      const state = deps.readiness.snapshot();
      if (state.phase !== 'ready') {
        res.status(503).set('Retry-After', '2').json({
          status: state.phase,
          progress: Math.round(state.progress * 1000) / 1000,
          step: state.step,
          error: state.error,
          startedAt: state.startedAt,
        });
        return;
      }
      const [postgis, counts] = await Promise.all([postgisVersion(deps.db), layerCounts(deps.db)]);
      const extra = Object.assign({}, ...(await Promise.all((deps.extras ?? []).map((e) => e()))));
      res.set('Cache-Control', 'no-store').json({
        status: 'ok',
        database: { kind: deps.db.kind, postgis },
        counts,
        startedAt: state.startedAt,
        readyAt: state.readyAt,
        ...extra,
      });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
