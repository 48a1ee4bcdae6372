/**
 * Which emerging hotspots warrant a warning (the HOTSPOT scan of server/db/analysis/warning-scan.ts): cells whose
 * trend is one of `trends` (NEW, INTENSIFYING: WARNING_RULES.hotspot) and whose latest period is hot at 99 %, with
 * the false-discovery-rate correction over the latest period's p-values; strongest latest z first, at most `limit`.
 * Pure; the server runs it on the analysis worker thread (for the city it is ~50 ms of CPU).
 */
import { emergingHotspots, type EmergingCell, type EmergingTrend } from './emerging.ts';
import { classify, criticalPValues } from './gi-star.ts';
import { twoSidedP } from './normal.ts';
import type { Axial } from './hex-lattice.ts';
import type { CellCount } from './hotspots.ts';

export interface HotspotWarningRule {
  trends: readonly EmergingTrend[];
  limit: number;
}

/** What the warning scan hands the analysis worker: the rule and the scan's data packed (Int32Arrays cross threads as
 * one copy). */
export interface HotspotWarningInput extends HotspotWarningRule {
  /** The study area as (q, r) pairs. */
  area: Int32Array;
  /** [period, q, r, count] rows (server/db/analysis/hotspots-sql.ts cellCountsByPeriodPacked); periods 0 … periods − 1 are read. */
  counts: Int32Array;
  periods: number;
}

/** `byPeriod[k]` = counts of period k, k = 0 the latest (as emergingHotspots takes them). */
export function hotspotWarningCells(area: readonly Axial[], byPeriod: readonly (readonly CellCount[])[], rule: HotspotWarningRule): EmergingCell[] {
  const cells = emergingHotspots(area, byPeriod, { fdr: true });
  const lastZ = cells.map((c) => c.z[c.z.length - 1]!);
  const p = lastZ.map(twoSidedP);
  const critical = criticalPValues(p, true);
  return cells
    .map((c, i) => ({ c, cls: classify(lastZ[i]!, p[i]!, critical) }))
    .filter(({ c, cls }) => rule.trends.includes(c.trend) && cls === 'HOT_99')
    .sort((a, b) => b.c.z[b.c.z.length - 1]! - a.c.z[a.c.z.length - 1]!)
    .slice(0, rule.limit)
    .map(({ c }) => c);
}
