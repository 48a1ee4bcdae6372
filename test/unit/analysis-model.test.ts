/** The pure parts of the analyses: emerging-hotspot trends, kernel density, nearest units, the risk model and levels. */
import { describe, expect, it } from 'vitest';
import { mannKendall, trendOf } from '../../server/domain/analysis/emerging.ts';
import { kernelDensity } from '../../server/domain/analysis/kernel-density.ts';
import { round7, unproject } from '../../server/domain/analysis/hex-lattice.ts';
import { densityAnswer } from '../../server/http/analysis/analysis-results.ts';
import { haversine, NearestIndex } from '../../server/domain/analysis/nearest.ts';
import { gradeGrid, responseIntensity } from '../../server/domain/analysis/risk-model.ts';
import { RISK_MODEL } from '../../server/domain/analysis/model-config.ts';
import { isRise, levelOfScore, severity, warningLevelOf } from '../../server/domain/risk/levels.ts';
import { allowedWarningActions } from '../../server/domain/risk/warning-lifecycle.ts';

describe('emerging hotspots', () => {
  it('Mann-Kendall: a monotone series of 8 is significant, a flat one is not', () => {
    const up = mannKendall([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(up.s).toBe(28);
    expect(up.p).toBeLessThan(0.01);
    expect(mannKendall([3, 3, 3, 3, 3]).p).toBe(1);
    expect(mannKendall([8, 7, 6, 5, 4, 3, 2, 1]).s).toBe(-28);
  });

  it('classifies by hot flags and trend', () => {
    const flat = [0, 0, 0, 0, 0, 0];
    expect(trendOf([false, false, false, false, false, true], flat)).toBe('NEW');
    expect(trendOf([false, true, true, true, true, true], [1, 2, 3, 4, 5, 6])).toBe('INTENSIFYING');
    expect(trendOf([true, true, true, true, true, true], [4, 4.1, 3.9, 4, 4.2, 4])).toBe('PERSISTENT');
    expect(trendOf([true, true, true, true, true, false], [6, 5, 4, 3, 2, 1])).toBe('DIMINISHING');
    expect(trendOf([true, false, false, false, false, true], [3, 0, 0, 0, 0, 3])).toBe('SPORADIC');
    expect(trendOf([false, false, false], [0, 0, 0])).toBe('NONE');
  });
});

describe('kernel density', () => {
  it('integrates to the number of incidents (quartic kernel)', () => {
    const out = kernelDensity([{ i: 0, j: 0, count: 10 }, { i: 5, j: -3, count: 4 }], 100, 1000);
    const total = out.reduce((s, c) => s + c.density, 0) * (100 * 100) / 1e6;
    expect(total).toBeGreaterThan(14 * 0.97);
    expect(total).toBeLessThan(14 * 1.03);
    const single = kernelDensity([{ i: 0, j: 0, count: 10 }], 100, 1000);
    const peak = single.reduce((a, b) => (b.density > a.density ? b : a));
    expect([peak.i, peak.j]).toEqual([0, 0]);
    expect(peak.density).toBeCloseTo((10 * 3) / (Math.PI * 1000 * 1000) * 1e6, 6); // K(0) = 3/(π h²) per m², × 10 incidents
  });

  /** The Map accumulation the dense array replaced, as it was. */
  function byMap(points: { i: number; j: number; count: number }[], cell: number, bandwidth: number, minDensity = 0) {
    const reach = Math.ceil(bandwidth / cell);
    const h2 = bandwidth * bandwidth;
    const norm = (3 / (Math.PI * h2)) * 1e6;
    const weights: { di: number; dj: number; w: number }[] = [];
    for (let di = -reach; di <= reach; di++) for (let dj = -reach; dj <= reach; dj++) {
      const d2 = (di * cell) ** 2 + (dj * cell) ** 2;
      if (d2 < h2) weights.push({ di, dj, w: norm * (1 - d2 / h2) ** 2 });
    }
    const acc = new Map<number, number>();
    const key = (i: number, j: number) => (i + 1_000_000) * 2_000_000 + (j + 1_000_000);
    for (const p of points) for (const k of weights) {
      const id = key(p.i + k.di, p.j + k.dj);
      acc.set(id, (acc.get(id) ?? 0) + p.count * k.w);
    }
    const out: { i: number; j: number; density: number }[] = [];
    for (const [id, density] of acc) if (density >= minDensity) out.push({ i: Math.floor(id / 2_000_000) - 1_000_000, j: (id % 2_000_000) - 1_000_000, density });
    return out;
  }

  it('gives exactly what the Map accumulation gave: the same squares, in the same order, with the same sums', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const cases: [{ i: number; j: number; count: number }[], number, number, number][] = [
      [[], 250, 1000, 0],
      [[{ i: 3, j: -2, count: 0 }], 100, 350, 0],
      [Array.from({ length: 3000 }, () => ({ i: Math.floor(rnd() * 300) - 150, j: Math.floor(rnd() * 200) - 40, count: 1 + Math.floor(rnd() * 9) })), 250, 1000, 0],
      [Array.from({ length: 500 }, () => ({ i: Math.floor(rnd() * 40), j: Math.floor(rnd() * 40), count: 1 + Math.floor(rnd() * 3) })), 200, 750, 5],
      // a box too big for an array (the Map answers)
      [[{ i: -400_000, j: 0, count: 2 }, { i: 400_000, j: 3, count: 1 }, { i: 0, j: 0, count: 5 }], 250, 1000, 0],
    ];
    for (const [points, cell, bandwidth, min] of cases) expect(kernelDensity(points, cell, bandwidth, min)).toEqual(byMap(points, cell, bandwidth, min));
  });

  it('the density answer written as text is byte for byte JSON.stringify of its collection', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const points = Array.from({ length: 400 }, () => ({ i: Math.floor(rnd() * 60) - 30, j: Math.floor(rnd() * 60) - 10, count: 1 + Math.floor(rnd() * 5) }));
    const counts = new Int32Array(points.flatMap((p) => [p.i, p.j, p.count]));
    const input = { scope: '410502', categories: ['02'], from: new Date('2026-09-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z'), cellMeters: 250, bandwidthMeters: 1000, counts };
    const text = new TextDecoder().decode(densityAnswer({ ...input, format: 'geojson' }).bytes);
    const parsed = JSON.parse(text);
    // The collection as it was built before: corners through round7, serialised by JSON.stringify.
    const corner = (i: number, j: number) => unproject(i * 250, j * 250).map(round7);
    const features = parsed.features.map((f: any) => {
      const { i, j } = f.properties;
      return { type: 'Feature', id: `${i}:${j}`, geometry: { type: 'Polygon', coordinates: [[corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1), corner(i, j)]] }, properties: f.properties };
    });
    expect(features.length).toBeGreaterThan(1000);
    expect(text).toBe(JSON.stringify({ ...parsed, features }));
  });
});

describe('nearest unit', () => {
  it('agrees with a brute-force search', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const targets = Array.from({ length: 300 }, (_, k) => ({ id: `U${k}`, lng: 113.7 + rnd() * 1.2, lat: 35.3 + rnd() * 1.0 }));
    const index = new NearestIndex(targets);
    for (let k = 0; k < 200; k++) {
      const lng = 113.6 + rnd() * 1.4;
      const lat = 35.2 + rnd() * 1.2;
      const brute = Math.min(...targets.map((t) => haversine(lng, lat, t.lng, t.lat)));
      expect(index.nearest(lng, lat)!.metres).toBeCloseTo(brute, 6);
    }
    expect(new NearestIndex([]).nearest(114, 36)).toBeNull();
  });
});

describe('risk model', () => {
  const calm = { incidents: 0, fireHazards: 0, rentalPerKm2: 0, floatingPerKm2: 0, unseenShare: 0, fireMinutes: 2, policeMinutes: 2 };
  it('a calm, covered, reachable grid is LOW with no points; a saturated one is MAJOR with 100', () => {
    expect(gradeGrid(calm)).toMatchObject({ score: 0, level: 'LOW' });
    const worst = gradeGrid({ incidents: 1e3, fireHazards: 1e3, rentalPerKm2: 1e5, floatingPerKm2: 1e5, unseenShare: 1, fireMinutes: null, policeMinutes: 99 });
    expect(worst).toMatchObject({ score: 100, level: 'MAJOR' });
  });

  it('contributions add up to the score and follow the weights', () => {
    const g = gradeGrid({ ...calm, incidents: RISK_MODEL.factors.incidents.saturation / 2, unseenShare: 0.5 });
    const total = Object.values(RISK_MODEL.factors).reduce((s, f) => s + f.weight, 0);
    expect(g.factors.incidents).toBeCloseTo((RISK_MODEL.factors.incidents.weight / total) * 50, 1);
    expect(Object.values(g.factors).reduce((a, b) => a + b, 0)).toBeCloseTo(g.score, 0);
    expect(responseIntensity(5, 5, 2)).toBe(0);
    expect(responseIntensity(15, 5, 2)).toBe(1);
  });

  it('levels, rises and warning levels', () => {
    expect(levelOfScore(RISK_MODEL.thresholds.major, RISK_MODEL.thresholds)).toBe('MAJOR');
    expect(levelOfScore(RISK_MODEL.thresholds.general - 0.1, RISK_MODEL.thresholds)).toBe('LOW');
    expect(isRise('GENERAL', 'MAJOR')).toBe(true);
    expect(isRise(null, 'MAJOR')).toBe(false);
    expect(isRise('MAJOR', 'LOW')).toBe(false);
    expect(severity('NONE')).toBe(0);
    expect([warningLevelOf('MAJOR'), warningLevelOf('LOW')]).toEqual([1, 4]);
    expect(allowedWarningActions('ACTIVE')).toEqual(['ACKNOWLEDGE', 'LIFT']);
    expect(allowedWarningActions('LIFTED')).toEqual([]);
  });
});
