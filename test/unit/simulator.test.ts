import { describe, expect, it } from 'vitest';
import { advance, distanceM, startUnit } from '../../server/simulator/movement.ts';
import { createRng, poisson } from '../../server/simulator/random.ts';
import { DEFAULT_RATES, expectedCameraFailures, expectedIncidents, incidentIntensity } from '../../server/simulator/rates.ts';
import { parseSpeed } from '../../server/simulator/cli.ts';

describe('simulator rates', () => {
  it('spreads the daily incident total over the day by the daily cycle', () => {
    const day = Array.from({ length: 24 }, (_, h) => expectedIncidents(DEFAULT_RATES, new Date(Date.UTC(2026, 10, 28, h)), 3600));
    expect(day.reduce((a, b) => a + b, 0)).toBeCloseTo(DEFAULT_RATES.incidentsPerDay, 6);
    // 10:00 in Anyang (02:00 UTC) is busier than 03:00 (19:00 UTC the day before).
    expect(incidentIntensity(new Date(Date.UTC(2026, 10, 28, 2)))).toBeGreaterThan(5 * incidentIntensity(new Date(Date.UTC(2026, 10, 28, 19))));
  });

  it('keeps the camera offline share steady: failures balance recoveries', () => {
    const n = 40_000;
    const offline = n * DEFAULT_RATES.cameraOfflineShare;
    const failuresPerHour = expectedCameraFailures(DEFAULT_RATES, n - offline, 3600);
    expect(failuresPerHour).toBeCloseTo(offline / DEFAULT_RATES.cameraOutageHours, 6);
  });

  it('draws Poisson counts with the right mean', () => {
    const rng = createRng(7);
    for (const mean of [0.3, 4, 80]) {
      const draws = Array.from({ length: 4000 }, () => poisson(rng, mean));
      expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(mean, mean < 1 ? 1 : 0);
    }
  });

  it('parses --speed and refuses nonsense', () => {
    expect(parseSpeed([])).toBe(1);
    expect(parseSpeed(['--speed', '60'])).toBe(60);
    expect(parseSpeed(['--simulate', '--speed=10'])).toBe(10);
    expect(() => parseSpeed(['--speed', 'fast'])).toThrow(/--speed/);
  });
});

describe('simulator movement', () => {
  const area: [number, number, number, number] = [114.38, 36.09, 114.40, 36.11];

  it('moves a unit at its speed along an L-shaped street route and stays in its patrol area', () => {
    const rng = createRng(1);
    let u = startUnit(rng, 'U', 'POLICE_PATROL', [114.39, 36.1], area);
    for (let i = 0; i < 500; i++) {
      const before = u.position;
      const next = advance(rng, u, 7);
      const moved = distanceM(before, next.position);
      // Along the route, never further than speed × time (corners and waypoints make it shorter).
      expect(moved).toBeLessThanOrEqual((u.speedKmh / 3.6) * 7 + 1);
      expect(next.position[0]).toBeGreaterThanOrEqual(area[0] - 1e-9);
      expect(next.position[0]).toBeLessThanOrEqual(area[2] + 1e-9);
      expect(next.position[1]).toBeGreaterThanOrEqual(area[1] - 1e-9);
      expect(next.position[1]).toBeLessThanOrEqual(area[3] + 1e-9);
      u = next;
    }
  });

  it('walks grid workers slower than police drive', () => {
    const rng = createRng(2);
    const walkers = Array.from({ length: 50 }, (_, i) => startUnit(rng, `G${i}`, 'GRID_WORKER', [114.39, 36.1], area).speedKmh);
    const police = Array.from({ length: 50 }, (_, i) => startUnit(rng, `P${i}`, 'POLICE_PATROL', [114.39, 36.1], area).speedKmh);
    expect(Math.max(...walkers)).toBeLessThan(Math.min(...police));
  });
});
