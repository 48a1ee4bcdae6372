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
import { cellCounts, type IncidentSelection } from '../../db/analysis/hotspots-sql.ts';
import { hotspots, type HotspotResult } from '../../domain/analysis/hotspots.ts';
import { cellArea, cellKey, cellRing, PROJECTION_DESCRIPTION } from '../../domain/analysis/hex-lattice.ts';
import { HOTSPOT_CLASSES } from '../../domain/analysis/gi-star.ts';
import { LIMITS, MODEL_VERSION } from '../../domain/analysis/model-config.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { readScope } from '../auth/auth-scope.ts';
import { boolParam, categoriesParam, formatParam, intParam, rejectUnknown, windowParam } from './analysis-params.ts';
import { sendResult, type ResultCollection, type ResultFeature } from './analysis-output.ts';
import type { StudyAreas } from './study-areas.ts';

export const HOTSPOT_PARAMS = ['category', 'from', 'to', 'cellMeters', 'fdr', 'format'] as const;

export const NEIGHBOURHOOD = {
  kind: 'first-order hexagonal contiguity',
  description: 'each cell with the (up to) 6 cells sharing an edge with it, and itself (Gi*); binary weights',
  selfIncluded: true,
  weights: 'binary',
} as const;

/** The incident selection and lattice of a hotspot-like request. */
export function selectionOf(req: Request, defaultDays: number): IncidentSelection & { cellMeters: number } {
  const q = req.query;
  const categories = categoriesParam(q);
  const { from, to } = windowParam(q, defaultDays, LIMITS.hotspots.maxWindowDays);
  const cellMeters = intParam(q, 'cellMeters', LIMITS.hotspots.cellMeters, 'CELL_SIZE_OUT_OF_RANGE');
  return { scope: readScope(req), categories, from, to, cellMeters };
}

export function hotspotCollection(sel: IncidentSelection & { cellMeters: number }, fdr: boolean, n: number, result: HotspotResult): ResultCollection {
  const features: ResultFeature[] = result.cells
    .filter((c) => c.count > 0 || c.class !== 'NONE')
    .map((c) => ({
      type: 'Feature',
      id: cellKey(c.q, c.r),
      geometry: { type: 'Polygon', coordinates: [cellRing(c.q, c.r, sel.cellMeters)] },
      properties: { cell: cellKey(c.q, c.r), q: c.q, r: c.r, count: c.count, gi_z: round(c.z, 4), gi_p: sig(c.p), class: c.class },
    }));
  const summary = Object.fromEntries(HOTSPOT_CLASSES.map((k) => [k, 0])) as Record<string, number>;
  for (const c of result.cells) summary[c.class]! += 1;
  return {
    type: 'FeatureCollection',
    kind: 'hotspots',
    parameters: {
      statistic: 'Getis-Ord Gi* (z-score), two-sided p-values',
      modelVersion: MODEL_VERSION,
      cellMeters: sel.cellMeters,
      cellAreaSquareMetres: Math.round(cellArea(sel.cellMeters)),
      projection: PROJECTION_DESCRIPTION,
      neighbourhood: NEIGHBOURHOOD,
      studyArea: { scope: sel.scope, rule: 'cells whose centre lies inside the scope\'s admin polygon, plus every cell holding one of its incidents', cells: n },
      fdr: { applied: fdr, method: fdr ? 'Benjamini-Hochberg' : 'none', criticalP: result.critical },
      window: { from: sel.from.toISOString(), to: sel.to.toISOString(), field: 'reported_at' },
      categories: sel.categories.length ? sel.categories : 'all',
      mean: round(result.mean, 6),
      sd: round(result.sd, 6),
      incidents: result.total,
    },
    summary,
    features,
  };
}

export const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;
/** p-values keep 4 significant digits (tiny ones stay distinguishable). */
export const sig = (p: number): number => (p === 0 ? 0 : Number(p.toPrecision(4)));

export function hotspotsRouter(deps: { db: Database; areas: StudyAreas }): Router {
  const router = Router();
  router.get('/api/analysis/hotspots', async (req, res, next) => {
    try {
      requirePermission(req, 'analysis:read');
      rejectUnknown(req.query, HOTSPOT_PARAMS);
      const sel = selectionOf(req, LIMITS.hotspots.defaultWindowDays);
      const fdr = boolParam(req.query, 'fdr', true);
      const format = formatParam(req.query);
      const [area, counts] = await Promise.all([deps.areas.cells(sel.scope, sel.cellMeters), cellCounts(deps.db, sel, sel.cellMeters)]);
      const result = hotspots(area, counts, { fdr });
      sendResult(res, format, hotspotCollection(sel, fdr, result.cells.length, result), `hotspots-${sel.scope}`);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
