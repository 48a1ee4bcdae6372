/**
 * The response units held in memory for recommendations (unit-index.ts keeps it current from the change log).
 * Pure: no I/O. Answers the two questions a recommendation asks of the units:
 *   nearest  per unit type, the k units nearest a point that may be sent (AVAILABLE, on no open assignment, passing
 *            the caller's area rule), by their distance on the WGS 84 ellipsoid — the distance PostGIS gives for
 *            `ST_Distance(geography, geography)` (Karney's algorithm, GeographicLib), so the ranking is the one the
 *            SQL path (recommendation-repository.ts candidateUnits) gives;
 *   coverFor whether another AVAILABLE unit of a departing unit's type reaches a point (the coverage cost's peers,
 *            domain/dispatch/coverage.ts PeerSource), from the cells around the point, without a list of peers.
 * The AVAILABLE units of each type sit in cells of ~6 km (the others only by id), so both questions read only the cells near them (rings of cells
 * outwards for `nearest`, until what lies beyond is provably too far; every unit when a type is so sparse that that
 * is cheaper). The ellipsoid distance costs ~2 µs, so `nearest` measures the units it reads first with the haversine
 * (tens of ns) and only the short list that can still be among the k nearest on the ellipsoid exactly: the two
 * differ by < 0.6 %.
 */
import geodesic from 'geographiclib-geodesic';
import type { PeerCover, PeerSource, Reach, UnitPoint } from '../../../domain/dispatch/coverage.ts';
import { EARTH_RADIUS_M, haversineTerm, metresOfHaversine, type LngLat } from '../../../domain/dispatch/geodesy.ts';

const WGS84 = geodesic.Geodesic.WGS84;
const DISTANCE = geodesic.Geodesic.DISTANCE;

/** Metres between two points on the WGS 84 ellipsoid (as PostGIS's geography distance). */
export function ellipsoidMeters(a: LngLat, b: LngLat): number {
  return WGS84.Inverse(a[1], a[0], b[1], b[0], DISTANCE).s12 ?? Number.NaN;
}

/**
 * How far the haversine may stray from the ellipsoid distance, as a factor (the sphere of mean radius against WGS 84
 * differs by < 0.6 %): a unit whose haversine exceeds the k-th smallest haversine by more than this factor squared
 * cannot be among the k nearest on the ellipsoid.
 */
const SPHERE_SLACK = 1.01;

const WGS84_A = 6_378_137;
const WGS84_E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);

/** Bounds of the ratio of the ellipsoid's distance to the sphere's between two points of a latitude band. */
export interface SphereBounds {
  lo: number;
  hi: number;
}

/**
 * The ellipsoid's distance between two points of a latitude band lies between M/R and N/R times the sphere's, with
 * M and N the meridional and prime-vertical radii of curvature at the band's latitudes (the ellipsoid's length element
 * is √(M² dφ² + N² cos²φ dλ²), the sphere's R·√(dφ² + cos²φ dλ²); M < N, both growing with |φ|, and either geodesic
 * drawn on the other surface bounds the other's length): lo = M at the band's edge nearer the equator, hi = N at the
 * far edge. Far tighter than the world's bounds away from the poles (hi / lo ≈ 1.0044 in Anyang against 1.0201).
 * `phi` is the question's latitude and `span` (radians) how far from it the points in question lie; the band is
 * widened by a great circle's poleward bulge (≤ span² for |φ| < 80°). Near the poles, the world's SPHERE_SLACK.
 */
export function sphereBoundsIn(phi: number, span: number): SphereBounds {
  const bulge = Math.max(1e-4, span * span);
  const near = Math.max(0, Math.abs(phi) - span - bulge);
  const far = Math.abs(phi) + span + bulge;
  if (far >= (80 * Math.PI) / 180) return { lo: 1 / SPHERE_SLACK, hi: SPHERE_SLACK };
  const sinNear = Math.sin(near);
  const sinFar = Math.sin(far);
  const mMin = (WGS84_A * (1 - WGS84_E2)) / (1 - WGS84_E2 * sinNear * sinNear) ** 1.5;
  const nMax = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinFar * sinFar);
  return { lo: Math.max(1 / SPHERE_SLACK, (mMin / EARTH_RADIUS_M) * (1 - 1e-9)), hi: Math.min(SPHERE_SLACK, (nMax / EARTH_RADIUS_M) * (1 + 1e-9)) };
}

/** A unit that may be among the k nearest on the ellipsoid, with its distance on the sphere (metres). */
export interface ShortlistedUnit {
  unit: IndexedUnit;
  sphereMeters: number;
}

export interface IndexedUnit {
  id: string;
  name: string;
  callsign: string | null;
  type: string;
  status: string;
  version: number;
  district_code: string;
  street_code: string | null;
  community_code: string | null;
  lon: number;
  lat: number;
  /** On an open assignment (incident_assignments.released_at IS NULL) when last read. */
  busy: boolean;
}

export interface NearUnit {
  unit: IndexedUnit;
  /** Ellipsoid distance in metres. */
  meters: number;
}

const sendable = (u: IndexedUnit) => u.status === 'AVAILABLE' && !u.busy;

/** Nearest first, ties by id (the order of the SQL path's ORDER BY distance, id). */
export const byMetersThenId = (a: NearUnit, b: NearUnit): number => a.meters - b.meters || (a.unit.id < b.unit.id ? -1 : a.unit.id > b.unit.id ? 1 : 0);

const RAD = Math.PI / 180;

/**
 * The side of the square cells (degrees) the units of a type are bucketed in, so that `nearest` and `around` look
 * only at the cells near the question: 0.06° (5.4 km east-west, 6.6 km north-south in Anyang), a unit or two of a
 * type per cell at 1× and ten or more at 10×. Of 0.02°-0.1°, 0.06° was as fast as any at both (0.02° ~15 % slower).
 */
const CELL_DEG = Number(process.env.CELL_DEG ?? 0.06);
const cellIndex = (deg: number) => Math.floor(deg / CELL_DEG);
/**
 * One small integer per cell: each index in 15 bits (|cell index| ≤ 3,000 for any longitude or latitude, so no two
 * cells share a key), 30 bits in all — a small integer to V8, which a Map hashes without allocating.
 */
const cellKey = (cx: number, cy: number) => ((cx & 0x7fff) << 15) | (cy & 0x7fff);

/** A unit with its position in radians, the cosine of its latitude and its cell, computed once per position. */
interface Placed {
  unit: IndexedUnit;
  phi: number;
  lambda: number;
  cosPhi: number;
  cell: number;
}

const place = (unit: IndexedUnit): Placed => ({
  unit, phi: unit.lat * RAD, lambda: unit.lon * RAD, cosPhi: Math.cos(unit.lat * RAD), cell: cellKey(cellIndex(unit.lon), cellIndex(unit.lat)),
});

/** The haversine term of a unit from a point (radians, cosine of its latitude): grows with the distance. */
const haversineA = (phi: number, lambda: number, cosPhi: number, p: Placed): number => haversineTerm(phi, lambda, cosPhi, p.phi, p.lambda, p.cosPhi);

/** Inserts x into the ascending `top` (at most k long), dropping what falls past k; whether it went in. */
function keepSmallest(top: number[], k: number, x: number): boolean {
  if (top.length === k && x >= top[k - 1]!) return false;
  let i = top.length === k ? k - 1 : top.length;
  while (i > 0 && top[i - 1]! > x) {
    top[i] = top[i - 1]!;
    i--;
  }
  top[i] = x;
  return true;
}

/** The AVAILABLE units of one type by cell, and the span of cells they have ever occupied (a search may stop beyond it). */
class TypeCells {
  readonly cells = new Map<number, Placed[]>();
  /** Units held. */
  size = 0;
  /** Moves on with every unit added or removed (a move is both): what depends on the type's units is current while it stays. */
  version = 0;
  minCx = Number.POSITIVE_INFINITY;
  maxCx = Number.NEGATIVE_INFINITY;
  minCy = Number.POSITIVE_INFINITY;
  maxCy = Number.NEGATIVE_INFINITY;

  add(p: Placed): void {
    const list = this.cells.get(p.cell);
    if (list) list.push(p);
    else this.cells.set(p.cell, [p]);
    this.size++;
    this.version++;
    const cx = cellIndex(p.unit.lon);
    const cy = cellIndex(p.unit.lat);
    if (cx < this.minCx) this.minCx = cx;
    if (cx > this.maxCx) this.maxCx = cx;
    if (cy < this.minCy) this.minCy = cy;
    if (cy > this.maxCy) this.maxCy = cy;
  }

  delete(p: Placed): void {
    const list = this.cells.get(p.cell);
    const i = list ? list.indexOf(p) : -1;
    if (i < 0) return;
    list![i] = list![list!.length - 1]!;
    list!.pop();
    this.size--;
    this.version++;
    if (!list!.length) this.cells.delete(p.cell);
  }

  /** Calls `visit` with every unit. */
  all(visit: (p: Placed) => void): void {
    for (const list of this.cells.values()) for (const p of list) visit(p);
  }

  /**
   * Calls `visit` with the units of every cell of the ring `d` cells around (cx, cy), inside the span; returns the
   * number of cells looked up.
   */
  ring(cx: number, cy: number, d: number, visit: (p: Placed) => void): number {
    let lookups = 0;
    const x0 = Math.max(cx - d, this.minCx);
    const x1 = Math.min(cx + d, this.maxCx);
    const y0 = Math.max(cy - d, this.minCy);
    const y1 = Math.min(cy + d, this.maxCy);
    for (let x = x0; x <= x1; x++) {
      const edgeColumn = x === cx - d || x === cx + d;
      for (let y = y0; y <= y1; y++) {
        if (!edgeColumn && y !== cy - d && y !== cy + d) {
          if (y > cy - d && y < cy + d) y = Math.min(cy + d, y1 + 1) - 1; // skip the inside of the ring
          continue;
        }
        lookups++;
        const list = this.cells.get(cellKey(x, y));
        if (list) for (const p of list) visit(p);
      }
    }
    return lookups;
  }

  /** Whether the block of `d` cells around (cx, cy) holds the whole span (nothing lies beyond it). */
  covers(cx: number, cy: number, d: number): boolean {
    return cx - d <= this.minCx && cx + d >= this.maxCx && cy - d <= this.minCy && cy + d >= this.maxCy;
  }
}

/**
 * A lower bound (metres, on the haversine's sphere) of the distance from (lng, lat) to any point outside the block
 * of `d` cells around its own cell: the arc to the nearer parallel edge (R·Δφ), and to the nearer meridian edge
 * (R·asin(cos φ · sin Δλ), the distance to that meridian's great circle).
 */
function beyondBlockMeters(lng: number, lat: number, d: number): number {
  const cx = cellIndex(lng);
  const cy = cellIndex(lat);
  const dLat = Math.min(lat - (cy - d) * CELL_DEG, (cy + d + 1) * CELL_DEG - lat);
  const dLng = Math.min(lng - (cx - d) * CELL_DEG, (cx + d + 1) * CELL_DEG - lng);
  const toParallel = EARTH_RADIUS_M * dLat * RAD;
  const toMeridian = EARTH_RADIUS_M * Math.asin(Math.cos(lat * RAD) * Math.sin(Math.min(Math.PI / 2, dLng * RAD)));
  return Math.min(toParallel, toMeridian);
}

const NO_COVER: PeerCover = { reaches: () => false };

export class UnitSet implements PeerSource {
  private readonly byId = new Map<string, Placed>();
  private readonly byType = new Map<string, TypeCells>();

  constructor(units: Iterable<IndexedUnit> = []) {
    for (const u of units) this.put(u);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): IndexedUnit | undefined {
    return this.byId.get(id)?.unit;
  }

  /**
   * The version of a type's AVAILABLE units: it moves with every one that arrives, leaves or moves (a unit that is
   * not AVAILABLE changes nothing here), so a result computed from them holds while it stays (coverage-memo.ts).
   */
  versionOf(type: string): number {
    return this.byType.get(type)?.version ?? 0;
  }

  /** Adds or replaces a unit (a unit may move, or change type). */
  put(unit: IndexedUnit): void {
    const old = this.byId.get(unit.id);
    if (old) this.byType.get(old.unit.type)?.delete(old);
    const placed = place(unit);
    this.byId.set(unit.id, placed);
    if (unit.status !== 'AVAILABLE') return; // both questions are about AVAILABLE units only
    let ofType = this.byType.get(unit.type);
    if (!ofType) this.byType.set(unit.type, (ofType = new TypeCells()));
    ofType.add(placed);
  }

  remove(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    this.byType.get(old.unit.type)?.delete(old);
  }

  /**
   * The `k` units of `type` nearest `at` that may be sent and pass `accept`, nearest first (ties by id): exactly
   * the first `k` rows of ordering every such unit by its ellipsoid distance (the short list, measured).
   */
  nearest(at: LngLat, type: string, k: number, accept: (u: IndexedUnit) => boolean): NearUnit[] {
    return this.shortlist(at, type, k, accept)
      .map(({ unit }) => ({ unit, meters: ellipsoidMeters(at, [unit.lon, unit.lat]) }))
      .sort(byMetersThenId)
      .slice(0, k);
  }

  /**
   * Every unit of `type` that may be sent, passes `accept` and may be among the `k` nearest `at` on the ellipsoid,
   * with its sphere distance (in no order; a superset of the k nearest, a unit or two more where distances are close).
   * Rings of cells are read outwards until every unit not yet read is provably further (haversine) than the bound.
   */
  shortlist(at: LngLat, type: string, k: number, accept: (u: IndexedUnit) => boolean): ShortlistedUnit[] {
    const ofType = this.byType.get(type);
    if (!ofType || k <= 0) return [];
    const phi = at[1] * RAD;
    const lambda = at[0] * RAD;
    const cosPhi = Math.cos(phi);
    const cx = cellIndex(at[0]);
    const cy = cellIndex(at[1]);
    const units: IndexedUnit[] = [];
    const near: number[] = [];
    const top: number[] = [];
    // Once k units are read, a unit outside the cap of the short list's bound around the point (by its latitude or
    // longitude difference alone, no trigonometry) can be neither among the k smallest nor on the short list: most
    // of what the rings read at 10× units is skipped so. The cap only shrinks as nearer units are read.
    let capDPhi = Number.POSITIVE_INFINITY;
    let capDLambda = Number.POSITIVE_INFINITY;
    const shrinkCap = () => {
      const delta = 2 * Math.asin(Math.min(1, Math.sqrt(top[k - 1]!))) * SPHERE_SLACK * SPHERE_SLACK;
      capDPhi = delta * (1 + 1e-9);
      const s = Math.sin(Math.min(delta, Math.PI / 2)) / cosPhi;
      capDLambda = s >= 1 || delta >= Math.PI / 2 ? Number.POSITIVE_INFINITY : Math.asin(s) * (1 + 1e-9);
    };
    const visit = (p: Placed) => {
      const dPhi = p.phi - phi;
      const dLambda = p.lambda - lambda;
      if (dPhi > capDPhi || -dPhi > capDPhi || dLambda > capDLambda || -dLambda > capDLambda) return;
      if (!sendable(p.unit) || !accept(p.unit)) return;
      const a = haversineA(phi, lambda, cosPhi, p);
      units.push(p.unit);
      near.push(a);
      if (keepSmallest(top, k, a) && top.length === k) shrinkCap();
    };
    // Every unit whose haversine distance is within SPHERE_SLACK² of the k-th smallest may be among the k nearest
    // on the ellipsoid: the rings go on until the block read holds all of those (or every unit of the type).
    // A sparse type (a few fire units across the city) would need rings of many empty cells: once the cells looked
    // up outnumber the type's units, reading every unit is cheaper, and the answer the same.
    const reach = () => (top.length === k ? metresOfHaversine(top[k - 1]!) * SPHERE_SLACK * SPHERE_SLACK : Number.POSITIVE_INFINITY);
    let lookups = 0;
    for (let d = 0; ; d++) {
      lookups += ofType.ring(cx, cy, d, visit);
      if (ofType.covers(cx, cy, d) || reach() < beyondBlockMeters(at[0], at[1], d)) break;
      if (lookups > ofType.size) {
        units.length = 0;
        near.length = 0;
        top.length = 0;
        capDPhi = capDLambda = Number.POSITIVE_INFINITY;
        ofType.all(visit);
        break;
      }
    }
    // The short list: the units that may be among the k nearest on the ellipsoid, by the band's bounds
    const kthHaversine = top.length === k ? metresOfHaversine(top[k - 1]!) : Number.POSITIVE_INFINITY;
    const { lo, hi } = sphereBoundsIn(phi, reach() / EARTH_RADIUS_M);
    const kth = (kthHaversine * hi) / lo;
    const bound = Math.sin(Math.min(Math.PI / 2, kth / (2 * EARTH_RADIUS_M))) ** 2;
    const shortlist: ShortlistedUnit[] = [];
    for (let i = 0; i < units.length; i++) if (near[i]! <= bound) shortlist.push({ unit: units[i]!, sphereMeters: metresOfHaversine(near[i]!) });
    return shortlist;
  }

  /**
   * The cover of the AVAILABLE units of `unit`'s type other than `unit` itself: whether one lies within `reach` of a
   * point (radians, cosine of its latitude). Reads the cells under the reach's box around the point (the cap's
   * latitude and longitude extent), the unit that covered the point before it first (neighbouring grids are mostly
   * covered by the same unit).
   */
  coverFor(unit: UnitPoint, reach: Reach): PeerCover {
    const ofType = this.byType.get(unit.type);
    if (!ofType) return NO_COVER;
    const self = this.byId.get(unit.id);
    let last: Placed | undefined;
    // the cells hold AVAILABLE units only
    const covers = (p: Placed, phi: number, lambda: number, cos: number) => p !== self && reach.within(p.phi, p.lambda, p.cosPhi, phi, lambda, cos);
    return {
      reaches(phi, lambda, cos) {
        if (last && covers(last, phi, lambda, cos)) return true;
        const dPhi = reach.maxDPhi / RAD;
        const capDLambda = reach.maxDLambda(cos);
        const dLambda = capDLambda / RAD;
        const cx0 = Math.max(cellIndex(lambda / RAD - dLambda), ofType.minCx);
        const cx1 = Math.min(cellIndex(lambda / RAD + dLambda), ofType.maxCx);
        const cy0 = Math.max(cellIndex(phi / RAD - dPhi), ofType.minCy);
        const cy1 = Math.min(cellIndex(phi / RAD + dPhi), ofType.maxCy);
        if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > ofType.size) {
          let found: Placed | undefined;
          ofType.all((p) => {
            if (!found && covers(p, phi, lambda, cos)) found = p;
          });
          if (found) last = found;
          return found !== undefined;
        }
        for (let x = cx0; x <= cx1; x++) {
          for (let y = cy0; y <= cy1; y++) {
            const list = ofType.cells.get(cellKey(x, y));
            if (!list) continue;
            for (const p of list) {
              const dl = p.lambda - lambda;
              if (dl > capDLambda || -dl > capDLambda) continue; // outside the cap by longitude alone
              if (covers(p, phi, lambda, cos)) {
                last = p;
                return true;
              }
            }
          }
        }
        return false;
      },
    };
  }
}
