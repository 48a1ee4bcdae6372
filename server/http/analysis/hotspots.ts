/**
 * Hotspots (docs/api.md "Analysis"): Getis-Ord Gi* on a hexagon lattice with a Benjamini-Hochberg FDR correction.
 *
 *   GET /api/analysis/hotspots?category=&from=&to=&cellMeters=&fdr=&format=
 *     category    INCIDENT_CATEGORY code(s), comma-separated or repeated; absent = every category
 *     from, to    RFC 3339 instants (or dates): incidents reported in [from, to); default the last 90 days
 *     cellMeters  hexagon edge in metres (ST_HexagonGrid's size), 200..5000, default 500
 *     fdr         true (default) = Benjamini-Hochberg critical p-values; false = plain α
 *     format      geojson (default) | csv
 *     200 FeatureCollection of the cells with an incident or a class other than NONE: properties cell ("q:r"), q, r,
 *         count, gi_z, gi_p (two-sided), class (HOT_99 HOT_95 HOT_90 NONE COLD_90 COLD_95 COLD_99); top-level kind
 *         "hotspots", parameters (everything needed to recompute: projection, cell size, neighbourhood, study area
 *         and its n, FDR and the critical p-values, window, categories, scope) and summary (class counts).
 *     400 UNKNOWN_PARAMETER UNKNOWN_CATEGORY INVALID_DATETIME INVALID_WINDOW CELL_SIZE_OUT_OF_RANGE INVALID_PARAMETER
 *         INVALID_FORMAT STUDY_AREA_TOO_LARGE
 *   Needs analysis:read; the analysis runs inside the caller's jurisdiction (its incidents, its admin polygon).
 */
import { Router, type Request } from 'express';
import type { Database } from '../../db/core/database.ts';
import { cellCountsPacked } from '../../db/analysis/hotspots-sql.ts';
import { LIMITS } from '../../domain/analysis/model-config.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { readScope } from '../auth/auth-scope.ts';
import { boolParam, categoriesParam, formatParam, intParam, rejectUnknown, windowParam } from './analysis-params.ts';
import type { LatticeSelection } from './analysis-results.ts';
import { sendEncoded } from './analysis-send.ts';
import type { ComputePool } from './compute-pool.ts';
import type { StudyAreas } from './study-areas.ts';

export const HOTSPOT_PARAMS = ['category', 'from', 'to', 'cellMeters', 'fdr', 'format'] as const;

/** The incident selection and lattice of a hotspot-like request. */
export function selectionOf(req: Request, defaultDays: number): LatticeSelection {
  const q = req.query;
  const categories = categoriesParam(q);
  const { from, to } = windowParam(q, defaultDays, LIMITS.hotspots.maxWindowDays);
  const cellMeters = intParam(q, 'cellMeters', LIMITS.hotspots.cellMeters, 'CELL_SIZE_OUT_OF_RANGE');
  return { scope: readScope(req), categories, from, to, cellMeters };
}

export function hotspotsRouter(deps: { db: Database; areas: StudyAreas; compute: ComputePool }): Router {
  const router = Router();
  router.get('/api/analysis/hotspots', async (req, res, next) => {
    try {
      requirePermission(req, 'analysis:read');
      rejectUnknown(req.query, HOTSPOT_PARAMS);
      const sel = selectionOf(req, LIMITS.hotspots.defaultWindowDays);
      const fdr = boolParam(req.query, 'fdr', true);
      const format = formatParam(req.query);
      // The study area first (cached after its first call): beside the counts' two connections it would make three
      // busy database processes on two cores, and the server's thread would wait for one of them.
      const area = await deps.areas.cells(sel.scope, sel.cellMeters);
      const counts = await cellCountsPacked(deps.db, sel, sel.cellMeters);
      // Gi*, the collection and its encoding run in the worker thread (analysis-results.ts hotspotAnswer).
      await sendEncoded(req, res, await deps.compute.run('hotspots', { sel, fdr, area, counts, format }), `hotspots-${sel.scope}`);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
