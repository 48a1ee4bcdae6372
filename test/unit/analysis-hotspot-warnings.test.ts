/**
 * hotspotWarningCells: which emerging hotspots the warning scan raises warnings for — NEW or INTENSIFYING cells hot
 * at 99 % in the latest period (FDR), strongest first, at most `limit` — on a lattice whose hot cells are known by
 * construction (a burst, a persistent hotspot, a mild rise); and its packed form (the analysis worker's op) answers the same.
 */
import { describe, expect, it } from 'vitest';
import { hotspotWarningCells } from '../../server/domain/analysis/hotspot-warnings.ts';
import { emergingHotspots } from '../../server/domain/analysis/emerging.ts';
import { classify, criticalPValues } from '../../server/domain/analysis/gi-star.ts';
import { twoSidedP } from '../../server/domain/analysis/normal.ts';
import { cellKey, type Axial } from '../../server/domain/analysis/hex-lattice.ts';
import type { CellCount } from '../../server/domain/analysis/hotspots.ts';
import { hotspotWarningCellsOf, packCells } from '../../server/http/analysis/analysis-results.ts';

const PERIODS = 8;
const area: Axial[] = [];
for (let q = -12; q <= 12; q++) for (let r = Math.max(-12, -q - 12); r <= Math.min(12, -q + 12); r++) area.push([q, r]);

/** Background of 0-2 incidents everywhere; a burst at NEW_AT in the latest period only; PERSISTENT_AT hot throughout;
 * a rise spread over MILD_AT and its six neighbours in the latest period (its rim comes out NEW at 90-95 %). */
const NEW_AT: Axial = [5, -3];
const PERSISTENT_AT: Axial = [-6, 2];
const MILD_AT: Axial = [0, 8];
const hexDistance = (a: Axial, b: Axial) => Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[0] + a[1] - b[0] - b[1]));
function counts(): CellCount[][] {
  let s = 17;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: PERIODS }, (_, k) =>
    area.map(([q, r]) => {
      let count = Math.floor(rand() * 3);
      if (q === NEW_AT[0] && r === NEW_AT[1] && k === 0) count += 60;
      if (q === PERSISTENT_AT[0] && r === PERSISTENT_AT[1]) count += 60;
      if (k === 0 && hexDistance([q, r], MILD_AT) <= 1) count += 10;
      return { q, r, count };
    }),
  );
}

describe('hotspotWarningCells', () => {
  const byPeriod = counts();
  const rule = { trends: ['NEW', 'INTENSIFYING'] as const, limit: 20 };
  const found = hotspotWarningCells(area, byPeriod, rule);

  it('raises the burst, strongest first, and neither the persistent hotspot nor NEW cells short of 99 %', () => {
    const keys = found.map((c) => cellKey(c.q, c.r));
    expect(found[keys.indexOf(cellKey(...NEW_AT))]?.trend).toBe('NEW');
    expect(found[keys.indexOf(cellKey(...MILD_AT))]?.trend).toBe('NEW');
    expect(keys).not.toContain(cellKey(...PERSISTENT_AT));
    const all = emergingHotspots(area, byPeriod, { fdr: true });
    const p = all.map((c) => twoSidedP(c.z[c.z.length - 1]!));
    const critical = criticalPValues(p, true);
    const short = all.filter((c, i) => c.trend === 'NEW' && ['HOT_90', 'HOT_95'].includes(classify(c.z[c.z.length - 1]!, p[i]!, critical)));
    expect(short.length).toBeGreaterThan(0); // the data holds such cells, so this test can see them let through
    for (const c of short) expect(keys).not.toContain(cellKey(c.q, c.r));
    const z = found.map((c) => c.z[c.z.length - 1]!);
    expect([...z].sort((a, b) => b - a)).toEqual(z);
  });

  it('is every NEW or INTENSIFYING cell classed HOT_99 in the latest period, computed here the long way', () => {
    const all = emergingHotspots(area, byPeriod, { fdr: true });
    const p = all.map((c) => twoSidedP(c.z[c.z.length - 1]!));
    const critical = criticalPValues(p, true);
    const expected = all.filter((c, i) => ['NEW', 'INTENSIFYING'].includes(c.trend) && classify(c.z[c.z.length - 1]!, p[i]!, critical) === 'HOT_99');
    expect(new Set(found.map((c) => cellKey(c.q, c.r)))).toEqual(new Set(expected.map((c) => cellKey(c.q, c.r))));
  });

  it('keeps at most `limit`, the strongest', () => {
    expect(hotspotWarningCells(area, byPeriod, { ...rule, limit: 1 })).toEqual(found.slice(0, 1));
  });

  it('packed for the worker, answers the same', () => {
    const rows: number[] = [];
    byPeriod.forEach((cells, k) => cells.forEach((c) => c.count && rows.push(k, c.q, c.r, c.count)));
    expect(hotspotWarningCellsOf({ ...rule, area: packCells(area), counts: Int32Array.from(rows), periods: PERIODS })).toEqual(
      hotspotWarningCells(area, byPeriod.map((cells) => cells.filter((c) => c.count)), rule),
    );
  });
});
