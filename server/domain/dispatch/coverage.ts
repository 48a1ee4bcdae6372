/**
 * What sending a unit costs (issue 11 "Recommendation"): the grids that would be left with no available unit of its
 * type within the type's target minutes (dispatch-config.ts targetMinutes; reach = straight line × circuity at the
 * type's speed, i.e. coverageRadiusMeters), by the haversine distance of geodesy.ts. A grid counts by its centre. Pure.
 */
import { coverageRadiusMeters, DISPATCH_CONFIG, type DispatchConfig, type UnitType } from './dispatch-config.ts';
import { EARTH_RADIUS_M, haversineTerm, type LngLat } from './geodesy.ts';

const RAD = Math.PI / 180;

export interface GridPoint {
  code: string;
  position: LngLat;
  population: number;
}

/** A grid centre with its position in radians and the cosine of its latitude, worked out once (gridSite). */
export interface GridSite extends GridPoint {
  readonly phi: number;
  readonly lambda: number;
  readonly cosPhi: number;
}

export const gridSite = (g: GridPoint): GridSite => ({
  code: g.code, position: g.position, population: g.population, phi: g.position[1] * RAD, lambda: g.position[0] * RAD, cosPhi: Math.cos(g.position[1] * RAD),
});

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
 * Whether points lie within `r` metres of each other by the haversine of geodesy.ts distanceMeters, asked without
 * its arcsine: 2R·asin(√h) ≤ r ⇔ h ≤ sin²(r / 2R). The latitude difference alone proves most pairs out of reach (the
 * distance is at least its arc R·|Δφ|; an exact shortcut), and each point's radians and cosine are worked out once.
 */
export class Reach {
  private readonly maxH: number;
  /** The angular radius (radians) of the reach. */
  private readonly delta: number;
  /** The latitude difference (radians) beyond which no pair is within reach. */
  readonly maxDPhi: number;

  constructor(readonly meters: number) {
    const half = Math.min(Math.PI / 2, meters / (2 * EARTH_RADIUS_M));
    this.maxH = Math.sin(half) ** 2;
    this.delta = meters / EARTH_RADIUS_M;
    this.maxDPhi = this.delta * (1 + 1e-9);
  }

  /**
   * The longitude difference (radians) beyond which no point is within reach of a point whose latitude has cosine
   * `cosPhi`: the half-width of the spherical cap, asin(sin δ / cos φ) (π when the cap holds a pole).
   */
  maxDLambda(cosPhi: number): number {
    const s = Math.sin(Math.min(this.delta, Math.PI / 2)) / cosPhi;
    return s >= 1 || this.delta >= Math.PI / 2 ? Math.PI : Math.asin(s) * (1 + 1e-9);
  }

  /** Whether (φ1, λ1, cos φ1) and (φ2, λ2, cos φ2), in radians, are within reach. */
  within(phi1: number, lambda1: number, cos1: number, phi2: number, lambda2: number, cos2: number): boolean {
    const dPhi = phi2 - phi1;
    if (dPhi > this.maxDPhi || -dPhi > this.maxDPhi) return false;
    return haversineTerm(phi1, lambda1, cos1, phi2, lambda2, cos2) <= this.maxH;
  }
}

/** Whether some peer of a departing unit reaches a point (φ, λ, cos φ; radians). */
export interface PeerCover {
  reaches(phi: number, lambda: number, cos: number): boolean;
}

/**
 * Where the peers of a departing unit are looked up when they are not given as a list: the available units of the
 * unit's type other than itself, within `reach` (the units index, db/dispatch/units/unit-set.ts, answers from its
 * cells without building the list).
 */
export interface PeerSource {
  coverFor(unit: UnitPoint, reach: Reach): PeerCover;
}

/**
 * The coverage cost of sending `unit`: of `grids` (those near it), the ones within its reach that no other unit of
 * its type reaches — of `others` (the available units near it; the unit itself is skipped), or as `others` looks
 * them up (a PeerSource).
 */
export function coverageCost(unit: UnitPoint, grids: readonly GridSite[], others: readonly UnitPoint[] | PeerSource, config: DispatchConfig = DISPATCH_CONFIG): CoverageCost {
  const r = coverageRadiusMeters(unit.type, config);
  const reach = new Reach(r);
  const peers = isPeerSource(others) ? others.coverFor(unit, reach) : PeerBand.of(others.filter((o) => o.type === unit.type && o.id !== unit.id), reach);
  const uPhi = unit.position[1] * RAD;
  const uLambda = unit.position[0] * RAD;
  const uCos = Math.cos(uPhi);
  const lost: GridSite[] = [];
  for (const g of grids) {
    if (reach.within(uPhi, uLambda, uCos, g.phi, g.lambda, g.cosPhi) && !peers.reaches(g.phi, g.lambda, g.cosPhi)) lost.push(g);
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

const isPeerSource = (o: readonly UnitPoint[] | PeerSource): o is PeerSource => !Array.isArray(o);

/**
 * The peers in radians, sorted by latitude, so that a grid is checked only against the band of peers whose latitude
 * is within reach of its own (binary search), starting with the peer that covered the grid before it (the grids
 * come in spatial order, and neighbours are mostly covered by the same peer).
 */
class PeerBand implements PeerCover {
  private lastHit = -1;

  private constructor(
    private readonly phi: Float64Array,
    private readonly lambda: Float64Array,
    private readonly cos: Float64Array,
    private readonly reach: Reach,
  ) {}

  static of(peers: readonly UnitPoint[], reach: Reach): PeerBand {
    const n = peers.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => peers[a]!.position[1] - peers[b]!.position[1]);
    const phi = new Float64Array(n);
    const lambda = new Float64Array(n);
    const cos = new Float64Array(n);
    order.forEach((from, i) => {
      phi[i] = peers[from]!.position[1] * RAD;
      lambda[i] = peers[from]!.position[0] * RAD;
      cos[i] = Math.cos(phi[i]!);
    });
    return new PeerBand(phi, lambda, cos, reach);
  }

  /** The first index whose latitude is at least `phi`. */
  private lowerBound(phi: number): number {
    let lo = 0;
    let hi = this.phi.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.phi[mid]! < phi) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether any peer reaches the point (φ, λ, cos φ). */
  reaches(phi: number, lambda: number, cos: number): boolean {
    const reach = this.reach;
    const last = this.lastHit;
    if (last >= 0 && reach.within(this.phi[last]!, this.lambda[last]!, this.cos[last]!, phi, lambda, cos)) return true;
    const n = this.phi.length;
    for (let i = this.lowerBound(phi - reach.maxDPhi); i < n && this.phi[i]! <= phi + reach.maxDPhi; i++) {
      if (i !== last && reach.within(this.phi[i]!, this.lambda[i]!, this.cos[i]!, phi, lambda, cos)) {
        this.lastHit = i;
        return true;
      }
    }
    return false;
  }
}
