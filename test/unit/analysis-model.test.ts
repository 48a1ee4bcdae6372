/** The pure parts of the analyses: emerging-hotspot trends, kernel density, nearest units, the risk model and levels. */
import { describe, expect, it } from 'vitest';
import { mannKendall, trendOf } from '../../server/domain/analysis/emerging.ts';
import { kernelDensity } from '../../server/domain/analysis/kernel-density.ts';
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
