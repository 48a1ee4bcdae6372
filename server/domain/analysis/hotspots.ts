/**
 * A hotspot analysis on the hexagon lattice: study-area cells + incident counts → Gi* z, p, class per cell. Pure.
 * The study area is every cell whose centre lies inside the jurisdiction plus every cell holding an incident of it
 * (so no incident is lost at the border); cells outside it are not part of n.
 */
import { cellIndex, cellNum, NEIGHBOUR_OFFSETS, type Axial } from './hex-lattice.ts';
import { classify, criticalPValues, giStar, type CriticalP, type HotspotClass } from './gi-star.ts';

export interface CellCount {
  q: number;
  r: number;
  count: number;
}

export interface HotspotCell {
  q: number;
  r: number;
  count: number;
  z: number;
  p: number;
  class: HotspotClass;
}

export interface HotspotResult {
  cells: HotspotCell[];
  critical: CriticalP;
  mean: number;
  sd: number;
  total: number;
}

/** The union of the study-area cells and the occupied cells, in a stable order (by r, then q). */
export function studyCells(area: readonly Axial[], counts: readonly CellCount[]): Axial[] {
  // The study area's cells are distinct (a lattice's cells in a box); only the occupied cells outside it are added.
  const inArea = cellIndex(area);
  const seen = new Set<number>();
  const out: Axial[] = [...area];
  for (const c of counts) {
    if (inArea(c.q, c.r) >= 0 || seen.has(cellNum(c.q, c.r))) continue;
    seen.add(cellNum(c.q, c.r));
    out.push([c.q, c.r]);
  }
  return out.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

/** First-order hexagonal contiguity inside the study area: for each cell, the indices of its neighbours. */
export function hexNeighbours(cells: readonly Axial[]): number[][] {
  const indexOf = cellIndex(cells);
  return cells.map(([q, r]) => {
    const out: number[] = [];
    for (const [dq, dr] of NEIGHBOUR_OFFSETS) {
      const j = indexOf(q + dq, r + dr);
      if (j >= 0) out.push(j);
    }
    return out;
  });
}

/** Values per study cell (0 where no incident fell); every counted cell is one of `cells` (studyCells). */
export function valuesOf(cells: readonly Axial[], counts: readonly CellCount[]): number[] {
  const indexOf = cellIndex(cells);
  const values = new Array<number>(cells.length).fill(0);
  for (const c of counts) {
    const i = indexOf(c.q, c.r);
    if (i >= 0) values[i] = values[i]! + c.count;
  }
  return values;
}

export function hotspots(area: readonly Axial[], counts: readonly CellCount[], opts: { fdr: boolean }): HotspotResult {
  const cells = studyCells(area, counts);
  const values = valuesOf(cells, counts);
  const gi = giStar(values, hexNeighbours(cells));
  const critical = criticalPValues(gi.p, opts.fdr);
  return {
    cells: cells.map(([q, r], i) => ({ q, r, count: values[i]!, z: gi.z[i]!, p: gi.p[i]!, class: classify(gi.z[i]!, gi.p[i]!, critical) })),
    critical,
    mean: gi.mean,
    sd: gi.sd,
    total: values.reduce((a, b) => a + b, 0),
  };
}
