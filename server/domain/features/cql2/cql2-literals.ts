/**
 * Literal checks shared by both CQL2 encodings: dates, timestamps and geometries. Pure; throws Cql2Error with
 * the literal's position.
 */
import { CQL2_LIMITS, Cql2Error, type At, type GeometryLiteral } from './cql2-ast.ts';
import { parseInstant } from '../datetime.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function checkDate(text: string, at: At): string {
  if (!DATE.test(text) || !parseInstant(text)) {
    throw new Cql2Error('CQL2_INVALID_LITERAL', `${JSON.stringify(text.slice(0, 40))} is not a date (YYYY-MM-DD)`, at);
  }
  return text;
}

/** An RFC 3339 date-time with its offset, as an ISO instant in UTC. */
export function checkTimestamp(text: string, at: At): string {
  const parsed = DATE.test(text) ? undefined : parseInstant(text);
  if (!parsed) {
    throw new Cql2Error('CQL2_INVALID_LITERAL', `${JSON.stringify(text.slice(0, 40))} is not an RFC 3339 timestamp with its offset`, at);
  }
  return parsed.start;
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/** Nesting depth of `coordinates` per geometry type (Point: a position = 1). */
const DEPTH: Record<string, number> = { Point: 1, MultiPoint: 2, LineString: 2, MultiLineString: 3, Polygon: 3, MultiPolygon: 4 };

/**
 * Checks a geometry object's shape (types, nesting, finite 2D positions, closed rings of 4+ positions, lines
 * of 2+) and counts its positions against the limit; validity (self-intersection) is PostGIS's to judge.
 */
export function checkGeometry(g: unknown, at: At, budget = { left: CQL2_LIMITS.positions }): GeometryLiteral {
  const fail = (why: string): never => {
    throw new Cql2Error('CQL2_INVALID_LITERAL', `Invalid geometry: ${why}`, at);
  };
  if (typeof g !== 'object' || g === null || Array.isArray(g)) return fail('expected a GeoJSON geometry object');
  const { type, coordinates, geometries } = g as Record<string, unknown>;
  if (typeof type !== 'string' || !GEOMETRY_TYPES.has(type)) return fail(`unknown type ${JSON.stringify(String(type).slice(0, 30))}`);
  if (type === 'GeometryCollection') {
    if (!Array.isArray(geometries)) return fail('a GeometryCollection needs "geometries"');
    return { type, geometries: geometries.map((m) => checkGeometry(m, at, budget)) };
  }
  const position = (p: unknown) => {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) fail('a position is two finite numbers');
    if (--budget.left < 0) throw new Cql2Error('CQL2_TOO_COMPLEX', `A geometry has more than ${CQL2_LIMITS.positions} positions`, at);
  };
  const walk = (v: unknown, depth: number, kind: 'line' | 'ring' | 'any'): void => {
    if (depth === 1) return position(v);
    if (!Array.isArray(v)) return fail(`"coordinates" of a ${type} nest ${DEPTH[type]} deep`);
    if (depth === 2 && kind === 'line' && v.length < 2) fail('a line has 2 positions at least');
    if (depth === 2 && kind === 'ring') {
      if (v.length < 4) fail('a ring has 4 positions at least');
      const [a, b] = [v[0], v[v.length - 1]] as [number[], number[]];
      if (Array.isArray(a) && Array.isArray(b) && (a[0] !== b[0] || a[1] !== b[1])) fail('a ring ends where it starts');
    }
    if (v.length === 0 && depth > 1) fail('empty coordinates');
    for (const m of v) walk(m, depth - 1, kind);
  };
  const kind = type.endsWith('Polygon') ? 'ring' : type.endsWith('LineString') ? 'line' : 'any';
  walk(coordinates, DEPTH[type]!, kind);
  return { type: type as GeometryLiteral['type'], coordinates };
}
