/**
 * What a written geometry must be (docs/security.md "Geometry"). Pure: no I/O; the one check every write path
 * runs before the database sees a geometry. The database then adds the one rule that needs GEOS: validity per
 * OGC Simple Features (ST_IsValid, server/db/features/features-geometry.ts).
 *
 * Checked here, in this order, the first problem wins:
 *  - GeoJSON shape: an object with a known `type` and `coordinates` nested as that type requires;
 *  - the type the collection declares (Point layers take a Point; polygon layers a Polygon or MultiPolygon);
 *  - positions of exactly two finite numbers [lng, lat] within ±180 / ±90 (no NaN, Infinity, 1e308, altitude);
 *  - no empty geometry; rings closed (first position = last) with at least 4 positions;
 *  - at most `maxPositions` positions and `maxBytes` of canonical GeoJSON;
 *  - every position inside the city's bounds grown by `marginDeg` (a world-sized polygon is refused here).
 * The geometry that passes is rebuilt from type and coordinates only: foreign members (`crs`, `bbox`, …) never
 * reach ST_GeomFromGeoJSON. Units: degrees, EPSG:4326, CRS84 axis order.
 */
import { CITY_BOUNDS, type Bbox } from '../../protocol/geo.ts';

/** [lng, lat] in degrees. */
export type Position = [number, number];
export type AcceptedGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

/** The limits of a written geometry (one commented defaults object; docs/security.md quotes them). */
export const GEOMETRY_LIMITS = {
  /** Positions in one geometry, all rings together. The largest grid of the dataset has 68. */
  maxPositions: 10_000,
  /** Bytes of the geometry's canonical GeoJSON text. */
  maxBytes: 256 * 1024,
  /** Degrees a position may lie beyond CITY_BOUNDS (≈ 20 km; the bounds are already rounded outwards). */
  marginDeg: 0.2,
  bounds: CITY_BOUNDS as Bbox,
};

export type GeometryLimits = typeof GEOMETRY_LIMITS;

/** The machine-readable reasons of a refused geometry (`details.reason` of a 400 INVALID_GEOMETRY). */
export const GEOMETRY_REASONS = {
  NOT_AN_OBJECT: 'the geometry is not a GeoJSON geometry object',
  UNKNOWN_TYPE: 'the geometry type is not a GeoJSON geometry type',
  WRONG_TYPE: 'the collection does not take this geometry type',
  BAD_COORDINATES: 'coordinates are not nested as the geometry type requires',
  BAD_POSITION: 'a position is not [lng, lat] (two numbers; no altitude)',
  NOT_FINITE: 'a coordinate is not a finite number',
  OUT_OF_RANGE: 'a longitude is outside ±180 or a latitude outside ±90',
  EMPTY: 'the geometry is empty',
  RING_TOO_SHORT: 'a ring has fewer than 4 positions',
  RING_NOT_CLOSED: 'a ring does not end where it starts',
  TOO_MANY_POSITIONS: 'the geometry has more positions than allowed',
  TOO_LARGE: 'the geometry is larger than allowed',
  OUTSIDE_CITY: "the geometry reaches outside the city's bounds",
  SELF_INTERSECTION: 'the geometry crosses itself (not valid per OGC Simple Features)',
  NOT_VALID: 'the geometry is not valid per OGC Simple Features',
} as const;

export type GeometryReason = keyof typeof GEOMETRY_REASONS;

export interface GeometryProblem {
  reason: GeometryReason;
  /** Human words naming the problem and where it is. */
  message: string;
  /** Where in the geometry object, e.g. `coordinates.0.3` (absent when it is the whole geometry). */
  path?: string;
}

export type GeometryCheck = { ok: true; geometry: AcceptedGeometry; positions: number } | { ok: false; problem: GeometryProblem };

/** The geometry kind a collection declares (server/protocol/collections.ts). */
export type DeclaredGeometry = 'Point' | 'MultiPolygon';

const GEOJSON_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);
const ACCEPTS: Record<DeclaredGeometry, readonly string[]> = { Point: ['Point'], MultiPolygon: ['Polygon', 'MultiPolygon'] };

class Refusal extends Error {
  constructor(readonly problem: GeometryProblem) {
    super(problem.message);
  }
}

const refuse = (reason: GeometryReason, detail: string, path?: string): never => {
  throw new Refusal({ reason, message: `Invalid geometry: ${GEOMETRY_REASONS[reason]}${detail ? ` (${detail})` : ''}`, path });
};

const where = (path: string) => `at ${path}`;

/** Walks coordinates of a known depth, counting positions so that a huge array stops early. */
class Walker {
  positions = 0;
  constructor(private readonly limits: GeometryLimits) {}

  position(v: unknown, path: string): Position {
    if (!Array.isArray(v) || v.length !== 2) refuse('BAD_POSITION', `${where(path)}: expected [lng, lat]`, path);
    const [lng, lat] = v as unknown[];
    if (typeof lng !== 'number' || typeof lat !== 'number') refuse('BAD_POSITION', `${where(path)}: expected two numbers`, path);
    const x = lng as number;
    const y = lat as number;
    if (!Number.isFinite(x) || !Number.isFinite(y)) refuse('NOT_FINITE', where(path), path);
    if (x < -180 || x > 180 || y < -90 || y > 90) refuse('OUT_OF_RANGE', `${where(path)}: [${x}, ${y}]`, path);
    if (++this.positions > this.limits.maxPositions) refuse('TOO_MANY_POSITIONS', `more than ${this.limits.maxPositions}`);
    return [x, y];
  }

  ring(v: unknown, path: string): Position[] {
    if (!Array.isArray(v)) refuse('BAD_COORDINATES', `${where(path)}: a ring is an array of positions`, path);
    const arr = v as unknown[];
    if (this.positions + arr.length > this.limits.maxPositions) refuse('TOO_MANY_POSITIONS', `more than ${this.limits.maxPositions}`);
    const ring = arr.map((p, i) => this.position(p, `${path}.${i}`));
    if (ring.length < 4) refuse('RING_TOO_SHORT', `${where(path)}: ${ring.length} positions`, path);
    const [a, b] = [ring[0]!, ring[ring.length - 1]!];
    if (a[0] !== b[0] || a[1] !== b[1]) refuse('RING_NOT_CLOSED', `${where(path)}: starts at [${a.join(', ')}], ends at [${b.join(', ')}]`, path);
    return ring;
  }

  polygon(v: unknown, path: string): Position[][] {
    if (!Array.isArray(v)) refuse('BAD_COORDINATES', `${where(path)}: a polygon is an array of rings`, path);
    if ((v as unknown[]).length === 0) refuse('EMPTY', `${where(path)}: a polygon without rings`, path);
    return (v as unknown[]).map((r, i) => this.ring(r, `${path}.${i}`));
  }
}

function outsideOf(bounds: Bbox, marginDeg: number, g: AcceptedGeometry): Position | undefined {
  const [minLng, minLat, maxLng, maxLat] = [bounds[0] - marginDeg, bounds[1] - marginDeg, bounds[2] + marginDeg, bounds[3] + marginDeg];
  const all: Position[] = g.type === 'Point' ? [g.coordinates] : g.type === 'Polygon' ? g.coordinates.flat() : g.coordinates.flat(2);
  return all.find(([x, y]) => x < minLng || x > maxLng || y < minLat || y > maxLat);
}

function shape(input: unknown, declared: DeclaredGeometry, walker: Walker): AcceptedGeometry {
  if (!input || typeof input !== 'object' || Array.isArray(input)) refuse('NOT_AN_OBJECT', '');
  const { type, coordinates } = input as { type?: unknown; coordinates?: unknown };
  if (typeof type !== 'string' || !GEOJSON_TYPES.has(type)) refuse('UNKNOWN_TYPE', `"type": ${JSON.stringify(type ?? null)?.slice(0, 40)}`, 'type');
  const t = type as string;
  if (!ACCEPTS[declared].includes(t)) refuse('WRONG_TYPE', `got ${t}, the collection takes ${ACCEPTS[declared].join(' or ')}`, 'type');
  if (!Array.isArray(coordinates)) refuse('BAD_COORDINATES', 'no "coordinates" array', 'coordinates');
  const c = coordinates as unknown[];
  if (c.length === 0) refuse('EMPTY', `an empty ${t}`, 'coordinates');
  if (t === 'Point') return { type: 'Point', coordinates: walker.position(c, 'coordinates') };
  if (t === 'Polygon') return { type: 'Polygon', coordinates: walker.polygon(c, 'coordinates') };
  return { type: 'MultiPolygon', coordinates: c.map((p, i) => walker.polygon(p, `coordinates.${i}`)) };
}

/**
 * Checks a written geometry against the rules above for a collection that declares `declared`.
 * Returns the canonical geometry (type and coordinates only) or the first problem found.
 */
export function checkGeometry(input: unknown, declared: DeclaredGeometry, limits: GeometryLimits = GEOMETRY_LIMITS): GeometryCheck {
  try {
    const walker = new Walker(limits);
    const geometry = shape(input, declared, walker);
    const bytes = new TextEncoder().encode(JSON.stringify(geometry)).length;
    if (bytes > limits.maxBytes) refuse('TOO_LARGE', `${bytes} bytes of GeoJSON, at most ${limits.maxBytes}`);
    const out = outsideOf(limits.bounds, limits.marginDeg, geometry);
    if (out) refuse('OUTSIDE_CITY', `[${out.join(', ')}] lies beyond [${limits.bounds.join(', ')}] ± ${limits.marginDeg}°`);
    return { ok: true, geometry, positions: walker.positions };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, problem: err.problem };
    throw err;
  }
}

/**
 * Reads PostGIS's ST_IsValidReason text ("Self-intersection[114.385 36.095]", "Too few points in geometry
 * component[…]", "Ring Self-intersection[…]", …) as a refusal: the reason, and where when PostGIS says.
 */
export function validityProblem(validity: string): GeometryProblem & { location?: [number, number] } {
  const m = /^(.*?)\s*\[\s*(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)\s*\]\s*$/.exec(validity);
  const kind = (m ? m[1]! : validity).trim();
  const location = m ? ([Number(m[2]), Number(m[3])] as [number, number]) : undefined;
  const reason: GeometryReason = /self-intersection/i.test(kind) ? 'SELF_INTERSECTION' : 'NOT_VALID';
  const at = location && location.every(Number.isFinite) ? ` at [${location.join(', ')}]` : '';
  return { reason, message: `Invalid geometry: ${GEOMETRY_REASONS[reason]} (${kind.slice(0, 120)}${at})`, ...(location && location.every(Number.isFinite) ? { location } : {}) };
}
