/**
 * Emerging hotspots: the latest period against the previous ones, per cell. Gi* (with FDR) is computed for each
 * period on the same study area; a cell's trend is read from its hot flags and a Mann-Kendall test on its z-scores
 * (oldest → latest). Pure.
 *   NEW           hot now, hot in none of the previous periods
 *   INTENSIFYING  hot now, hot before, z rising (Mann-Kendall, two-sided p < 0.05)
 *   PERSISTENT    hot now and in at least half of the previous periods, no significant trend
 *   DIMINISHING   hot in at least half of the previous periods, and now not hot or z falling significantly
 *   SPORADIC      hot now and then, none of the above
 *   NONE          never hot
 */
import { twoSidedP } from './normal.ts';
import { classify, criticalPValues, giStar, isHot } from './gi-star.ts';
import { hexNeighbours, studyCells, valuesOf, type CellCount } from './hotspots.ts';
import type { Axial } from './hex-lattice.ts';

export const EMERGING_TRENDS = ['NEW', 'INTENSIFYING', 'PERSISTENT', 'DIMINISHING', 'SPORADIC', 'NONE'] as const;
export type EmergingTrend = (typeof EMERGING_TRENDS)[number];

/** Mann-Kendall S, its variance-normalised z (continuity-corrected, no tie correction) and two-sided p. */
export function mannKendall(series: readonly number[]): { s: number; z: number; p: number } {
  const n = series.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign(series[j]! - series[i]!);
  const variance = (n * (n - 1) * (2 * n + 5)) / 18;
  const z = s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
  return { s, z, p: variance > 0 ? twoSidedP(z) : 1 };
}

export function trendOf(hot: readonly boolean[], z: readonly number[], alpha = 0.05): EmergingTrend {
  const now = hot[hot.length - 1]!;
  const before = hot.slice(0, -1);
  const hotBefore = before.filter(Boolean).length;
  const mk = mannKendall(z);
  const rising = mk.p < alpha && mk.s > 0;
  const falling = mk.p < alpha && mk.s < 0;
  if (now && hotBefore === 0) return 'NEW';
  if (now && rising) return 'INTENSIFYING';
  if (hotBefore * 2 >= before.length && before.length > 0 && (!now || falling)) return 'DIMINISHING';
  if (now && hotBefore * 2 >= before.length) return 'PERSISTENT';
  if (now || hotBefore > 0) return 'SPORADIC';
  return 'NONE';
}

export interface EmergingCell {
  q: number;
  r: number;
  trend: EmergingTrend;
  /** Oldest → latest. */
  counts: number[];
  z: number[];
  hot: boolean[];
  mkZ: number;
  mkP: number;
}

/** `byPeriod[k]` = counts of period k, k = 0 the LATEST (as the SQL numbers them). */
export function emergingHotspots(area: readonly Axial[], byPeriod: readonly (readonly CellCount[])[], opts: { fdr: boolean }): EmergingCell[] {
  const cells = studyCells(area, byPeriod.flat());
  const neighbours = hexNeighbours(cells);
  const chrono = [...byPeriod].reverse();
  const perPeriod = chrono.map((counts) => {
    const values = valuesOf(cells, counts);
    const gi = giStar(values, neighbours);
    const critical = criticalPValues(gi.p, opts.fdr);
    return { values, z: gi.z, hot: gi.z.map((z, i) => isHot(classify(z, gi.p[i]!, critical))) };
  });
  return cells.map(([q, r], i) => {
    const z = perPeriod.map((p) => p.z[i]!);
    const hot = perPeriod.map((p) => p.hot[i]!);
    const mk = mannKendall(z);
    return { q, r, trend: trendOf(hot, z), counts: perPeriod.map((p) => p.values[i]!), z, hot, mkZ: mk.z, mkP: mk.p };
  });
}
