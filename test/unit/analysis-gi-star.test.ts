/**
 * Getis-Ord Gi* against an independent computation: a deliberately naive implementation of the textbook formula
 * over a dense n×n weight matrix whose neighbourhood is found geometrically (hexagon centres √3·size apart), not
 * by axial offsets; a hand-computed 4-cell example; the Benjamini-Hochberg step-up on the classic example; and a
 * fixed lattice with a planted hot cluster and a planted cold hole whose classes are known by construction.
 */
import { describe, expect, it } from 'vitest';
import { bhCriticalP, classify, criticalPValues, giStar } from '../../server/domain/analysis/gi-star.ts';
import { hexNeighbours, hotspots, studyCells } from '../../server/domain/analysis/hotspots.ts';
import { cellCentre, cellOf, cellRing, project, unproject, type Axial } from '../../server/domain/analysis/hex-lattice.ts';
import { twoSidedP } from '../../server/domain/analysis/normal.ts';

const SIZE = 500;

/** The naive Gi*: dense weights from centre distances, sums written out as in Ord & Getis (1995). */
function naiveGiStar(cells: readonly Axial[], x: readonly number[]): number[] {
  const n = cells.length;
  const centres = cells.map(([q, r]) => cellCentre(q, r, SIZE));
  const w: number[][] = centres.map((a) => centres.map((b) => (Math.hypot(a[0] - b[0], a[1] - b[1]) < Math.sqrt(3) * SIZE * 1.01 ? 1 : 0)));
  const xbar = x.reduce((s, v) => s + v, 0) / n;
  const s = Math.sqrt(x.reduce((acc, v) => acc + v * v, 0) / n - xbar * xbar);
  const z: number[] = [];
  for (let i = 0; i < n; i++) {
    let wx = 0, sw = 0, sw2 = 0;
    for (let j = 0; j < n; j++) {
      wx += w[i]![j]! * x[j]!;
      sw += w[i]![j]!;
      sw2 += w[i]![j]! ** 2;
    }
    z.push((wx - xbar * sw) / (s * Math.sqrt((n * sw2 - sw * sw) / (n - 1))));
  }
  return z;
}

/** A 16 × 16 rhombus of cells with a deterministic background (3..7), a hot flower and a cold hole. */
function plantedLattice() {
  const cells: Axial[] = [];
  for (let r = 0; r < 16; r++) for (let q = 0; q < 16; q++) cells.push([q, r]);
  const hot: Axial = [4, 4];
  const cold: Axial = [11, 11];
  const dist = (a: Axial, b: Axial) => (Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[0] + a[1] - b[0] - b[1])) / 2;
  const values = cells.map((c, i) => {
    if (dist(c, hot) <= 1) return 30;
    if (dist(c, cold) <= 2) return 0;
    return 3 + ((i * 7) % 5);
  });
  return { cells, values, hot, cold, dist };
}

describe('Gi*', () => {
  it('matches a hand-computed 4-cell line', () => {
    const cells: Axial[] = [[0, 0], [1, 0], [2, 0], [3, 0]];
    const gi = giStar([10, 0, 0, 0], hexNeighbours(cells));
    // mean 2.5, S = √18.75; cell 0: (10 − 5) / (S·√(4/3)) = 1; cell 1: 2.5 / S; cell 2: −7.5 / S; cell 3: −1.
    expect(gi.z[0]).toBeCloseTo(1, 12);
    expect(gi.z[1]).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(gi.z[2]).toBeCloseTo(-Math.sqrt(3), 12);
    expect(gi.z[3]).toBeCloseTo(-1, 12);
  });

  it('equals the naive dense-matrix computation on the planted lattice', () => {
    const { cells, values } = plantedLattice();
    const fast = giStar(values, hexNeighbours(cells)).z;
    const naive = naiveGiStar(cells, values);
    expect(fast).toHaveLength(naive.length);
    for (let i = 0; i < naive.length; i++) expect(fast[i]).toBeCloseTo(naive[i]!, 9);
  });

  it('finds the planted hot cluster HOT_99 and the planted hole cold, nothing far from both', () => {
    const { cells, values, hot, cold, dist } = plantedLattice();
    // The zero cells carry no count row (as from SQL): the study area brings them in.
    const withArea = hotspots(cells, cells.map(([q, r], i) => ({ q, r, count: values[i]! })).filter((c) => c.count > 0), { fdr: true });
    expect(withArea.cells).toHaveLength(cells.length);
    const at = (a: Axial) => withArea.cells.find((c) => c.q === a[0] && c.r === a[1])!;
    expect(at(hot).class).toBe('HOT_99');
    expect(at(cold).class.startsWith('COLD_')).toBe(true);
    for (const c of withArea.cells) {
      if (dist([c.q, c.r], hot) > 3 && dist([c.q, c.r], cold) > 4) expect(c.class, `${c.q}:${c.r}`).toBe('NONE');
    }
  });

  it('has no hot or cold spot on a constant field', () => {
    const cells: Axial[] = Array.from({ length: 30 }, (_, i) => [i % 6, Math.floor(i / 6)] as Axial);
    const gi = giStar(cells.map(() => 4), hexNeighbours(cells));
    expect(gi.z.every((z) => z === 0)).toBe(true);
    expect(gi.p.every((p) => p === 1)).toBe(true);
  });
});

describe('Benjamini-Hochberg and p-values', () => {
  it('gives the classic step-up critical value', () => {
    const p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216];
    expect(bhCriticalP(p, 0.05)).toBe(0.008);
    expect(bhCriticalP([0.5, 0.9], 0.05)).toBe(0);
  });

  it('two-sided normal p-values at the usual critical z', () => {
    expect(twoSidedP(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedP(-2.575829)).toBeCloseTo(0.01, 6);
    expect(twoSidedP(1.644854)).toBeCloseTo(0.1, 6);
    expect(twoSidedP(0)).toBeCloseTo(1, 6);
  });

  it('classifies by the highest confidence a cell passes', () => {
    const crit = criticalPValues([0.001, 0.02, 0.07, 0.5], false);
    expect(classify(3.3, 0.001, crit)).toBe('HOT_99');
    expect(classify(-2.3, 0.02, crit)).toBe('COLD_95');
    expect(classify(1.8, 0.07, crit)).toBe('HOT_90');
    expect(classify(0.6, 0.5, crit)).toBe('NONE');
  });
});

describe('the lattice', () => {
  it('puts a point in the cell whose hexagon holds it, and projects back and forth', () => {
    const [x, y] = project(114.4, 36.05);
    const [lng, lat] = unproject(x, y);
    expect(lng).toBeCloseTo(114.4, 10);
    expect(lat).toBeCloseTo(36.05, 10);
    for (let k = 0; k < 200; k++) {
      const px = ((k * 7919) % 10_000) - 5000;
      const py = ((k * 104_729) % 10_000) - 5000;
      const [q, r] = cellOf(px, py, SIZE);
      const [cx, cy] = cellCentre(q, r, SIZE);
      // Inside a pointy-top hexagon: nearer to its own centre than to any neighbour's.
      for (const [dq, dr] of [[1, 0], [-1, 0], [0, 1], [0, -1], [1, -1], [-1, 1]]) {
        const [nx, ny] = cellCentre(q + dq!, r + dr!, SIZE);
        expect(Math.hypot(px - cx, py - cy)).toBeLessThanOrEqual(Math.hypot(px - nx, py - ny) + 1e-6);
      }
    }
    expect(cellRing(0, 0, SIZE)).toHaveLength(7);
    expect(studyCells([[0, 0]], [{ q: 1, r: 0, count: 2 }])).toHaveLength(2);
  });
});
