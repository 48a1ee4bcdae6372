/**
 * Emerging hotspots and kernel density (docs/api.md "Analysis").
 *
 *   GET /api/analysis/hotspots/emerging?category=&to=&periodDays=&periods=&cellMeters=&fdr=&format=   (analysis:read)
 *     `periods` periods of `periodDays` days ending at `to` (default now; 7 days × 8); Gi* with FDR per period on one
 *     study area; per cell the trend NEW | INTENSIFYING | PERSISTENT | DIMINISHING | SPORADIC (cells never hot are
 *     left out) with counts, z and hot flags per period (oldest → latest) and the Mann-Kendall z/p of its z-scores.
 *     Top-level kind "emerging-hotspots", parameters, summary (cells per trend).
 *   GET /api/analysis/density?category=&from=&to=&cellMeters=&bandwidthMeters=&format=                   (analysis:read)
 *     kernel density (quartic kernel, bandwidth default 1000 m) on a square lattice (cellMeters default 250):
 *     squares with density (incidents per km²) ≥ 1 % of the peak. kind "density" and a label saying it is a density
 *     surface, NOT a significance test — use /api/analysis/hotspots for that. Computed in a worker thread.
 *   400 as /api/analysis/hotspots (UNKNOWN_CATEGORY INVALID_WINDOW CELL_SIZE_OUT_OF_RANGE PARAMETER_OUT_OF_RANGE …)
 */
import { Router } from 'express';
import type { Database } from '../../db/core/database.ts';
import { cellCountsByPeriodPacked, squareCountsPacked } from '../../db/analysis/hotspots-sql.ts';
import { LIMITS } from '../../domain/analysis/model-config.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { readScope } from '../auth/auth-scope.ts';
import { boolParam, categoriesParam, formatParam, intParam, rejectUnknown, windowParam } from './analysis-params.ts';
import { splitByPeriod } from './analysis-results.ts';
import { sendEncoded } from './analysis-send.ts';
import { selectionOf } from './hotspots.ts';
import type { StudyAreas } from './study-areas.ts';
import type { ComputePool } from './compute-pool.ts';

const DAY_MS = 86_400_000;

export function emergingRouter(deps: { db: Database; areas: StudyAreas; compute: ComputePool }): Router {
  const router = Router();
  router.get('/api/analysis/hotspots/emerging', async (req, res, next) => {
    try {
      requirePermission(req, 'analysis:read');
      rejectUnknown(req.query, ['category', 'to', 'periodDays', 'periods', 'cellMeters', 'fdr', 'format']);
      const periodDays = intParam(req.query, 'periodDays', LIMITS.emerging.periodDays);
      const periods = intParam(req.query, 'periods', LIMITS.emerging.periods);
      const { to } = windowParam(req.query, periodDays * periods, LIMITS.hotspots.maxWindowDays);
      const sel = { ...selectionOf(req, 1), from: new Date(to.getTime() - periodDays * periods * DAY_MS), to };
      const fdr = boolParam(req.query, 'fdr', true);
      const format = formatParam(req.query);
      const area = await deps.areas.cells(sel.scope, sel.cellMeters); // first, as in hotspots.ts
      const counts = await cellCountsByPeriodPacked(deps.db, sel, sel.cellMeters, periodDays * DAY_MS);
      // Gi* per period, the trends, the collection and its encoding run in the worker (analysis-results.ts).
      const input = { sel, fdr, area, byPeriod: splitByPeriod(counts, periods), periodDays, periods, format };
      await sendEncoded(req, res, await deps.compute.run('emerging', input), `emerging-hotspots-${sel.scope}`);
    } catch (err) {
      next(err);
    }
  });

  router.get('/api/analysis/density', async (req, res, next) => {
    try {
      requirePermission(req, 'analysis:read');
      rejectUnknown(req.query, ['category', 'from', 'to', 'cellMeters', 'bandwidthMeters', 'format']);
      const categories = categoriesParam(req.query);
      const { from, to } = windowParam(req.query, LIMITS.hotspots.defaultWindowDays, LIMITS.hotspots.maxWindowDays);
      const cell = intParam(req.query, 'cellMeters', LIMITS.density.cellMeters, 'CELL_SIZE_OUT_OF_RANGE');
      const bandwidth = intParam(req.query, 'bandwidthMeters', LIMITS.density.bandwidthMeters);
      const format = formatParam(req.query);
      const scope = readScope(req);
      const counts = await squareCountsPacked(deps.db, { scope, categories, from, to }, cell);
      const input = { scope, categories, from, to, cellMeters: cell, bandwidthMeters: bandwidth, counts, format };
      await sendEncoded(req, res, await deps.compute.run('density', input), `density-${scope}`);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
