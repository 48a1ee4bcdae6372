/**
 * The response units held in memory for recommendations (unit-index.ts keeps it current from the change log).
 * Pure: no I/O. Answers the two questions a recommendation asks of the units:
 *   nearest  per unit type, the k units nearest a point that may be sent (AVAILABLE, on no open assignment, passing
 *            the caller's area rule), by their distance on the WGS 84 ellipsoid — the distance PostGIS gives for
 *            `ST_Distance(geography, geography)` (Karney's algorithm, GeographicLib), so the ranking is the one the
 *            SQL path (recommendation-repository.ts candidateUnits) gives;
 *   around   the AVAILABLE units of a type whose position lies in a lng/lat box (the coverage cost's peers).
 * The ellipsoid distance costs ~2 µs, so `nearest` measures every unit first with the haversine (tens of ns) and
 * only the short list that can still be among the k nearest on the ellipsoid exactly: the two differ by < 0.6 %.
 */
import geodesic from 'geographiclib-geodesic';
import { EARTH_RADIUS_M, type LngLat } from '../../../domain/dispatch/geodesy.ts';

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

const RAD = Math.PI / 180;

/** A unit with its position in radians and the cosine of its latitude, computed once per position. */
interface Placed {
  unit: IndexedUnit;
  phi: number;
  lambda: number;
  cosPhi: number;
}

const place = (unit: IndexedUnit): Placed => ({ unit, phi: unit.lat * RAD, lambda: unit.lon * RAD, cosPhi: Math.cos(unit.lat * RAD) });

/** The haversine's a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2): grows with the distance, which is 2R·asin(√a). */
function haversineA(phi: number, lambda: number, cosPhi: number, p: Placed): number {
  const s = Math.sin((p.phi - phi) / 2);
  const t = Math.sin((p.lambda - lambda) / 2);
  return s * s + cosPhi * p.cosPhi * t * t;
}

/** Inserts x into the ascending `top` (at most k long), dropping what falls past k. */
function keepSmallest(top: number[], k: number, x: number): void {
  if (top.length === k && x >= top[k - 1]!) return;
  let i = top.length === k ? k - 1 : top.length;
  while (i > 0 && top[i - 1]! > x) {
    top[i] = top[i - 1]!;
    i--;
  }
  top[i] = x;
}

export class UnitSet {
  private readonly byId = new Map<string, IndexedUnit>();
  private readonly byType = new Map<string, Map<string, Placed>>();

  constructor(units: Iterable<IndexedUnit> = []) {
    for (const u of units) this.put(u);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): IndexedUnit | undefined {
    return this.byId.get(id);
  }

  /** Adds or replaces a unit (a unit may change type). */
  put(unit: IndexedUnit): void {
    const old = this.byId.get(unit.id);
    if (old && old.type !== unit.type) this.byType.get(old.type)?.delete(old.id);
    this.byId.set(unit.id, unit);
    let ofType = this.byType.get(unit.type);
    if (!ofType) this.byType.set(unit.type, (ofType = new Map()));
    ofType.set(unit.id, place(unit));
  }

  remove(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    this.byType.get(old.type)?.delete(id);
  }

  /**
   * The `k` units of `type` nearest `at` that may be sent and pass `accept`, nearest first (ties by id): exactly
   * the first `k` rows of ordering every such unit by its ellipsoid distance.
   */
  nearest(at: LngLat, type: string, k: number, accept: (u: IndexedUnit) => boolean): NearUnit[] {
    const ofType = this.byType.get(type);
    if (!ofType || k <= 0) return [];
    const phi = at[1] * RAD;
    const lambda = at[0] * RAD;
    const cosPhi = Math.cos(phi);
    const units: IndexedUnit[] = [];
    const near: number[] = [];
    const top: number[] = [];
    for (const p of ofType.values()) {
      if (!sendable(p.unit) || !accept(p.unit)) continue;
      const a = haversineA(phi, lambda, cosPhi, p);
      units.push(p.unit);
      near.push(a);
      keepSmallest(top, k, a);
    }
    // Every unit whose haversine distance is within SPHERE_SLACK² of the k-th smallest may be among the k nearest
    // on the ellipsoid; the bound is carried back to the haversine's a.
    const kth = top.length === k ? 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(top[k - 1]!))) : Number.POSITIVE_INFINITY;
    const bound = Math.sin(Math.min(Math.PI / 2, (kth * SPHERE_SLACK * SPHERE_SLACK) / (2 * EARTH_RADIUS_M))) ** 2;
    const shortlist: NearUnit[] = [];
    for (let i = 0; i < units.length; i++) {
      if (near[i]! <= bound) shortlist.push({ unit: units[i]!, meters: ellipsoidMeters(at, [units[i]!.lon, units[i]!.lat]) });
    }
    return shortlist.sort((a, b) => a.meters - b.meters || (a.unit.id < b.unit.id ? -1 : a.unit.id > b.unit.id ? 1 : 0)).slice(0, k);
  }

  /** The AVAILABLE units of `type` inside the lng/lat box (edges included). */
  around(type: string, box: readonly [number, number, number, number]): IndexedUnit[] {
    const out: IndexedUnit[] = [];
    const [x0, y0, x1, y1] = box;
    for (const { unit: u } of this.byType.get(type)?.values() ?? []) {
      if (u.status === 'AVAILABLE' && u.lon >= x0 && u.lon <= x1 && u.lat >= y0 && u.lat <= y1) out.push(u);
    }
    return out;
  }
}
