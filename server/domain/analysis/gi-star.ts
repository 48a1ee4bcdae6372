/**
 * Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995) with binary weights, its two-sided p-values, the
 * Benjamini-Hochberg false-discovery-rate correction and the hot/cold classes at 90/95/99 %. Pure.
 *
 *   Gi* = (Σj wij·xj − X̄·Σj wij) / (S · √((n·Σj wij² − (Σj wij)²) / (n − 1)))
 *   X̄ = Σ xj / n,  S = √(Σ xj² / n − X̄²),  wii = 1 (the cell itself is in its own neighbourhood: the "star")
 *
 * This is the z-score form (Gi* is itself a standard normal deviate under the null), as ArcGIS's Hot Spot
 * Analysis reports it (GiZScore) for binary weights; test/unit/analysis-gi-star.test.ts checks it against a
 * deliberately naive dense-matrix implementation of the same formula on a lattice with planted hot and cold cells.
 *
 * FDR: ArcGIS's habit — for each confidence level c (90/95/99 %), α = 1 − c; sort the m p-values; the largest
 * k with p(k) ≤ k·α/m makes p(k) the critical p; cells with p ≤ that critical value are significant at c.
 * A cell's class is the highest level it is significant at, HOT_ for z > 0, COLD_ for z < 0.
 */
import { twoSidedP } from './normal.ts';

export const HOTSPOT_CLASSES = ['HOT_99', 'HOT_95', 'HOT_90', 'NONE', 'COLD_90', 'COLD_95', 'COLD_99'] as const;
export type HotspotClass = (typeof HOTSPOT_CLASSES)[number];

export const CONFIDENCE_LEVELS = [99, 95, 90] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

export interface GiResult {
  z: number[];
  p: number[];
  mean: number;
  sd: number;
}

/**
 * Gi* of every cell. `neighbours[i]` lists the OTHER cells adjacent to i (the cell itself is added here, weight 1).
 * A constant field (S = 0) has no hot or cold spots: every z is 0, every p is 1.
 */
export function giStar(values: readonly number[], neighbours: readonly (readonly number[])[]): GiResult {
  const n = values.length;
  let sum = 0;
  let sumSq = 0;
  for (const v of values) {
    sum += v;
    sumSq += v * v;
  }
  const mean = n ? sum / n : 0;
  const sd = n ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0;
  const z = new Array<number>(n);
  const p = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const nb = neighbours[i]!;
    let lag = values[i]!;
    for (const j of nb) lag += values[j]!;
    const w = nb.length + 1; // Σ wij = Σ wij² for binary weights
    const denom = sd * Math.sqrt((n * w - w * w) / (n - 1));
    z[i] = n > 1 && denom > 0 ? (lag - mean * w) / denom : 0;
    p[i] = twoSidedP(z[i]!);
  }
  return { z, p, mean, sd };
}

/** The Benjamini-Hochberg critical p-value at false-discovery rate `alpha`; 0 when nothing is significant. */
export function bhCriticalP(pValues: readonly number[], alpha: number): number {
  return bhCriticalPOfSorted(Float64Array.from(pValues).sort(), alpha);
}

/** bhCriticalP of p-values already sorted ascending. */
function bhCriticalPOfSorted(sorted: ArrayLike<number>, alpha: number): number {
  const m = sorted.length;
  let critical = 0;
  for (let k = 1; k <= m; k++) if (sorted[k - 1]! <= (k * alpha) / m) critical = sorted[k - 1]!;
  return critical;
}

export type CriticalP = Readonly<Record<Confidence, number>>;

/** Critical p-values per confidence level: FDR-corrected (BH; the p-values sorted once) or the plain α. */
export function criticalPValues(pValues: readonly number[], fdr: boolean): CriticalP {
  const sorted = fdr ? Float64Array.from(pValues).sort() : null;
  const at = (c: Confidence) => (sorted ? bhCriticalPOfSorted(sorted, 1 - c / 100) : 1 - c / 100);
  return { 99: at(99), 95: at(95), 90: at(90) };
}

export function classify(z: number, p: number, critical: CriticalP): HotspotClass {
  if (z === 0) return 'NONE';
  const side = z > 0 ? 'HOT' : 'COLD';
  for (const c of CONFIDENCE_LEVELS) if (critical[c] > 0 && p <= critical[c]) return `${side}_${c}` as HotspotClass;
  return 'NONE';
}

export const isHot = (c: HotspotClass): boolean => c.startsWith('HOT_');
