/**
 * What sending a unit costs (issue 11 "Recommendation"): the grids that would be left with no available unit of its
 * type within the type's target minutes (dispatch-config.ts targetMinutes; reach = straight line × circuity at the
 * type's speed, i.e. coverageRadiusMeters). A grid counts by its centre. Pure.
 */
import { coverageRadiusMeters, DISPATCH_CONFIG, type DispatchConfig, type UnitType } from './dispatch-config.ts';
import { distanceMeters, EARTH_RADIUS_M, type LngLat } from './geodesy.ts';

export interface GridPoint {
  code: string;
  position: LngLat;
  population: number;
}

export interface UnitPoint {
  id: string;
  type: UnitType;
  position: LngLat;
}

export interface CoverageCost {
  unitType: UnitType;
  targetMinutes: number;
  radiusMeters: number;
  /** Grids that only this unit covers now. */
  gridsUncovered: number;
  populationUncovered: number;
  /** The first of them, by code (at most 20). */
  gridCodes: string[];
}

/**
 * The coverage cost of sending `unit`: of `grids` (those near it), the ones within its reach that no other unit of
 * its type in `others` (the available units near it; the unit itself is skipped) reaches.
 */
export function coverageCost(unit: UnitPoint, grids: readonly GridPoint[], others: readonly UnitPoint[], config: DispatchConfig = DISPATCH_CONFIG): CoverageCost {
  const r = coverageRadiusMeters(unit.type, config);
  const peers = others.filter((o) => o.type === unit.type && o.id !== unit.id);
  // The distance is at least the latitude difference's arc (R·|Δφ|): a point further north or south than that is
  // out of reach without the haversine (an exact shortcut; most peer × grid pairs end here).
  const latReachDeg = ((r / EARTH_RADIUS_M) * 180) / Math.PI * (1 + 1e-9);
  const reaches = (a: LngLat, b: LngLat) => Math.abs(a[1] - b[1]) <= latReachDeg && distanceMeters(a, b) <= r;
  const lost = grids
    .filter((g) => reaches(unit.position, g.position))
    .filter((g) => !peers.some((o) => reaches(o.position, g.position)))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return {
    unitType: unit.type,
    targetMinutes: config.targetMinutes[unit.type],
    radiusMeters: Math.round(r),
    gridsUncovered: lost.length,
    populationUncovered: lost.reduce((s, g) => s + g.population, 0),
    gridCodes: lost.slice(0, 20).map((g) => g.code),
  };
}
