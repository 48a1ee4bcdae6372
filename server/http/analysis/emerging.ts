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
import { cellCountsByPeriod, squareCounts } from '../../db/analysis/hotspots-sql.ts';
import { emergingHotspots, EMERGING_TRENDS } from '../../domain/analysis/emerging.ts';
import { cellKey, cellRing, PROJECTION_DESCRIPTION, round7, unproject } from '../../domain/analysis/hex-lattice.ts';
import { LIMITS, MODEL_VERSION } from '../../domain/analysis/model-config.ts';
import type { CellCount } from '../../domain/analysis/hotspots.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { readScope } from '../auth/auth-scope.ts';
import { boolParam, categoriesParam, formatParam, intParam, rejectUnknown, windowParam } from './analysis-params.ts';
import { sendResult } from './analysis-output.ts';
import { NEIGHBOURHOOD, round, selectionOf, sig } from './hotspots.ts';
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
      const [area, rows] = await Promise.all([deps.areas.cells(sel.scope, sel.cellMeters), cellCountsByPeriod(deps.db, sel, sel.cellMeters, periodDays * DAY_MS)]);
      const byPeriod: CellCount[][] = Array.from({ length: periods }, () => []);
      for (const r of rows) if (r.period >= 0 && r.period < periods) byPeriod[r.period]!.push(r);
      const cells = emergingHotspots(area, byPeriod, { fdr });
      const summary = Object.fromEntries(EMERGING_TRENDS.map((t) => [t, 0])) as Record<string, number>;
      for (const c of cells) summary[c.trend]! += 1;
      sendResult(res, format, {
        type: 'FeatureCollection',
        kind: 'emerging-hotspots',
        parameters: {
          modelVersion: MODEL_VERSION, statistic: 'Getis-Ord Gi* per period; Mann-Kendall trend of z (two-sided, α 0.05)', cellMeters: sel.cellMeters,
          projection: PROJECTION_DESCRIPTION, neighbourhood: NEIGHBOURHOOD, fdr: { applied: fdr, method: fdr ? 'Benjamini-Hochberg' : 'none', hotAt: 'HOT_90 or above' },
          periodDays, periods, window: { from: sel.from.toISOString(), to: sel.to.toISOString(), field: 'reported_at' },
          categories: sel.categories.length ? sel.categories : 'all', studyArea: { scope: sel.scope, cells: cells.length },
        },
        summary,
        features: cells.filter((c) => c.trend !== 'NONE').map((c) => ({
          type: 'Feature', id: cellKey(c.q, c.r),
          geometry: { type: 'Polygon', coordinates: [cellRing(c.q, c.r, sel.cellMeters)] },
          properties: { cell: cellKey(c.q, c.r), q: c.q, r: c.r, trend: c.trend, counts: c.counts.join(' '), z: c.z.map((z) => round(z, 2)).join(' '), hot: c.hot.map((h) => (h ? 1 : 0)).join(''), mk_z: round(c.mkZ, 3), mk_p: sig(c.mkP) },
        })),
      }, `emerging-hotspots-${sel.scope}`);
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
      const counts = await squareCounts(deps.db, { scope, categories, from, to }, cell);
      const raw = await deps.compute.density(counts, cell, bandwidth, 0);
      const peak = raw.reduce((m, c) => Math.max(m, c.density), 0);
      const shown = raw.filter((c) => c.density >= peak * 0.01);
      const corner = (i: number, j: number) => unproject(i * cell, j * cell).map(round7) as [number, number];
      sendResult(res, format, {
        type: 'FeatureCollection',
        kind: 'density',
        label: { zh: '核密度（事件密度，非统计显著性）', en: 'Kernel density (incident density, not statistical significance)' },
        parameters: {
          modelVersion: MODEL_VERSION, kernel: 'quartic (biweight): 3/(π h²)·(1 − d²/h²)²', bandwidthMeters: bandwidth, cellMeters: cell, unit: 'incidents per km²',
          projection: PROJECTION_DESCRIPTION, lattice: 'squares i = floor(x / cellMeters), j = floor(y / cellMeters); density at the square centres',
          shown: 'squares with ≥ 1 % of the peak density', window: { from: from.toISOString(), to: to.toISOString(), field: 'reported_at' },
          categories: categories.length ? categories : 'all', scope,
        },
        summary: { incidents: counts.reduce((s, c) => s + c.count, 0), peakDensity: round(peak, 2), squares: shown.length },
        features: shown.map((c) => ({
          type: 'Feature', id: `${c.i}:${c.j}`,
          geometry: { type: 'Polygon', coordinates: [[corner(c.i, c.j), corner(c.i + 1, c.j), corner(c.i + 1, c.j + 1), corner(c.i, c.j + 1), corner(c.i, c.j)]] },
          properties: { i: c.i, j: c.j, density: round(c.density, 3) },
        })),
      }, `density-${scope}`);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
