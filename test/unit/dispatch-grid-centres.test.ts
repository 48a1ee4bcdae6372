/**
 * The in-memory grid centres of recommendations (server/db/dispatch/grid-centres.ts): the KD-tree's box around a
 * unit holds every grid centre within the radius (checked against a scan of all of them with the geodesic
 * distance), so the coverage cost computed from it equals the one computed from every grid.
 */
import { describe, expect, it } from 'vitest';
import { gridCentreIndex } from '../../server/db/dispatch/grid-centres.ts';
import { coverageCost, gridSite, type GridPoint, type UnitPoint } from '../../server/domain/dispatch/coverage.ts';
import { distanceMeters } from '../../server/domain/dispatch/geodesy.ts';
import { coverageRadiusMeters } from '../../server/domain/dispatch/dispatch-config.ts';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const rand = lcg(410500);
const grids: GridPoint[] = Array.from({ length: 3_000 }, (_, i) => ({
  code: String(410502000000000 + i),
  population: Math.floor(rand() * 5_000),
  position: [114.1 + rand() * 0.5, 35.9 + rand() * 0.4] as const,
}));

describe('gridCentreIndex', () => {
  const index = gridCentreIndex(grids);

  it('holds every grid within the radius of a point (and the box may hold a few more)', () => {
    for (let k = 0; k < 200; k++) {
      const at = [114.1 + rand() * 0.5, 35.9 + rand() * 0.4] as const;
      const radius = 300 + rand() * 9_000;
      const got = new Set(index.around(at, radius).map((g) => g.code));
      const within = grids.filter((g) => distanceMeters(at, g.position) <= radius);
      for (const g of within) expect(got.has(g.code), `${g.code} at ${distanceMeters(at, g.position)} m of ${radius}`).toBe(true);
    }
  });

  it('gives the same coverage cost as all the grids', () => {
    const units: UnitPoint[] = Array.from({ length: 60 }, (_, i) => ({ id: `U${i}`, type: i % 2 ? 'FIRE_RESCUE' : 'POLICE_PATROL', position: [114.1 + rand() * 0.5, 35.9 + rand() * 0.4] as const }));
    let uncovered = 0;
    for (const u of units) {
      const fromIndex = coverageCost(u, index.around(u.position, coverageRadiusMeters(u.type)), units);
      expect(fromIndex).toEqual(coverageCost(u, grids.map(gridSite), units));
      uncovered += fromIndex.gridsUncovered;
    }
    expect(uncovered).toBeGreaterThan(0); // the fixture leaves grids that only one unit covers
  });

  it('is empty without grids', () => {
    expect(gridCentreIndex([]).around([114.3, 36.1], 5_000)).toEqual([]);
  });
});
