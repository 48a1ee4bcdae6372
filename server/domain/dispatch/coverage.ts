/**
 * What sending a unit costs (issue 11 "Recommendation"): the grids that would be left with no available unit of its
 * type within the type's target minutes (dispatch-config.ts targetMinutes; reach = straight line × circuity at the
 * type's speed, i.e. coverageRadiusMeters), by the haversine distance of geodesy.ts. A grid counts by its centre. Pure.
 */
import { coverageRadiusMeters, DISPATCH_CONFIG, type DispatchConfig, type UnitType } from './dispatch-config.ts';
import { EARTH_RADIUS_M, type LngLat } from './geodesy.ts';

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

const RAD = Math.PI / 180;

/**
 * Whether points lie within `r` metres of each other by the haversine of geodesy.ts distanceMeters, asked without
 * its arcsine: 2R·asin(√h) ≤ r ⇔ h ≤ sin²(r / 2R). The latitude difference alone proves most pairs out of reach (the
 * distance is at least its arc R·|Δφ|; an exact shortcut), and each point's radians and cosine are worked out once.
 */
class Reach {
  private readonly maxH: number;
  private readonly maxDPhi: number;

  constructor(r: number) {
    const half = Math.min(Math.PI / 2, r / (2 * EARTH_RADIUS_M));
    this.maxH = Math.sin(half) ** 2;
    this.maxDPhi = (r / EARTH_RADIUS_M) * (1 + 1e-9);
  }

  /** Whether (φ1, λ1, cos φ1) and (φ2, λ2, cos φ2), in radians, are within reach. */
  within(phi1: number, lambda1: number, cos1: number, phi2: number, lambda2: number, cos2: number): boolean {
    const dPhi = phi2 - phi1;
    if (dPhi > this.maxDPhi || -dPhi > this.maxDPhi) return false;
    const s = Math.sin(dPhi / 2);
    const t = Math.sin((lambda2 - lambda1) / 2);
    return s * s + cos1 * cos2 * t * t <= this.maxH;
  }
}

/**
 * The coverage cost of sending `unit`: of `grids` (those near it), the ones within its reach that no other unit of
 * its type in `others` (the available units near it; the unit itself is skipped) reaches.
 */
export function coverageCost(unit: UnitPoint, grids: readonly GridPoint[], others: readonly UnitPoint[], config: DispatchConfig = DISPATCH_CONFIG): CoverageCost {
  const r = coverageRadiusMeters(unit.type, config);
  const reach = new Reach(r);
  const peers = others.filter((o) => o.type === unit.type && o.id !== unit.id);
  const n = peers.length;
  const peerPhi = new Float64Array(n);
  const peerLambda = new Float64Array(n);
  const peerCos = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    peerPhi[i] = peers[i]!.position[1] * RAD;
    peerLambda[i] = peers[i]!.position[0] * RAD;
    peerCos[i] = Math.cos(peerPhi[i]!);
  }
  const uPhi = unit.position[1] * RAD;
  const uLambda = unit.position[0] * RAD;
  const uCos = Math.cos(uPhi);
  const lost: GridPoint[] = [];
  for (const g of grids) {
    const phi = g.position[1] * RAD;
    const lambda = g.position[0] * RAD;
    const cos = Math.cos(phi);
    if (!reach.within(uPhi, uLambda, uCos, phi, lambda, cos)) continue;
    let covered = false;
    for (let i = 0; i < n && !covered; i++) covered = reach.within(peerPhi[i]!, peerLambda[i]!, peerCos[i]!, phi, lambda, cos);
    if (!covered) lost.push(g);
  }
  lost.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  let population = 0;
  for (const g of lost) population += g.population;
  return {
    unitType: unit.type,
    targetMinutes: config.targetMinutes[unit.type],
    radiusMeters: Math.round(r),
    gridsUncovered: lost.length,
    populationUncovered: population,
    gridCodes: lost.slice(0, 20).map((g) => g.code),
  };
}
