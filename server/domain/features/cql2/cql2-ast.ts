/**
 * The parsed form of an OGC CQL2 filter (OGC 21-065, the `filter` parameter of OGC API - Features Part 3), the
 * same for both encodings: cql2-text (cql2-text.ts) and cql2-json (cql2-json.ts) parse into it, cql2-check.ts
 * binds it to a collection's queryables, server/db/features/filter-sql.ts compiles it to parameterised SQL.
 * Pure types and the one error type; no I/O.
 *
 * `at` is where a node starts: a character offset (0-based) in cql2-text, a JSON pointer in cql2-json.
 */

export type At = number | string;

/** A GeoJSON geometry object (RFC 7946 shape; coordinates in the filter's CRS until compiled). */
export interface GeometryLiteral {
  type: 'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon' | 'GeometryCollection';
  coordinates?: unknown;
  geometries?: GeometryLiteral[];
}

export type Scalar =
  | { kind: 'property'; name: string; at: At }
  | { kind: 'string'; value: string; at: At }
  | { kind: 'number'; value: number; at: At }
  | { kind: 'boolean'; value: boolean; at: At }
  /** DATE('YYYY-MM-DD'). */
  | { kind: 'date'; value: string; at: At }
  /** TIMESTAMP('RFC 3339'), normalised to an ISO instant in UTC. */
  | { kind: 'timestamp'; value: string; at: At };

/** An INTERVAL(start, end); a bound of `..` is open (undefined). */
export interface IntervalLiteral {
  kind: 'interval';
  start?: Extract<Scalar, { kind: 'date' | 'timestamp' }>;
  end?: Extract<Scalar, { kind: 'date' | 'timestamp' }>;
  at: At;
}

export interface GeometryNode {
  kind: 'geometry';
  geometry: GeometryLiteral;
  at: At;
}

export type Operand = Scalar | IntervalLiteral | GeometryNode;

export type ComparisonOp = '=' | '<>' | '<' | '>' | '<=' | '>=';
export type SpatialOp = 's_intersects';
export type TemporalOp = 't_intersects' | 't_after' | 't_before';

export type Expr =
  | { kind: 'and' | 'or'; args: Expr[]; at: At }
  | { kind: 'not'; arg: Expr; at: At }
  | { kind: 'literal'; value: boolean; at: At }
  | { kind: 'compare'; op: ComparisonOp; left: Scalar; right: Scalar; at: At }
  | { kind: 'like'; value: Scalar; pattern: Scalar; at: At }
  | { kind: 'between'; value: Scalar; low: Scalar; high: Scalar; at: At }
  | { kind: 'in'; value: Scalar; list: Scalar[]; at: At }
  | { kind: 'isNull'; value: Scalar; at: At }
  | { kind: 'spatial'; op: SpatialOp; left: Scalar | GeometryNode; right: Scalar | GeometryNode; at: At }
  | { kind: 'temporal'; op: TemporalOp; left: Operand; right: Operand; at: At };

/** What went wrong, as the 400's code says it (details carry the position). */
export type Cql2Problem =
  /** The text or JSON does not follow the grammar. */
  | 'CQL2_SYNTAX'
  /** A property the collection does not declare as queryable. */
  | 'CQL2_UNKNOWN_PROPERTY'
  /** Operands of types that the operator cannot compare. */
  | 'CQL2_TYPE_MISMATCH'
  /** A CQL2 operator or function this server does not implement (see /ogc/conformance). */
  | 'CQL2_UNSUPPORTED'
  /** A literal that is not what it says: a bad date, timestamp, geometry or number. */
  | 'CQL2_INVALID_LITERAL'
  /** Past the size limits (length, depth, list or geometry size). */
  | 'CQL2_TOO_COMPLEX';

export class Cql2Error extends Error {
  constructor(
    readonly problem: Cql2Problem,
    message: string,
    readonly at: At,
  ) {
    super(typeof at === 'number' ? `${message} (at character ${at + 1})` : `${message} (at ${at || '/'})`);
  }
}

export const CQL2_LIMITS = {
  /** Characters of a cql2-text filter or of a cql2-json document. */
  length: 16_000,
  /** Nesting of expressions. */
  depth: 40,
  /** Values in one IN list. */
  inList: 500,
  /** Positions in one geometry literal. */
  positions: 20_000,
} as const;

/** The spatial literal BBOX(minx, miny, maxx, maxy) as the polygon it stands for. */
export function bboxPolygon(b: readonly number[]): GeometryLiteral {
  const [x1, y1, x2, y2] = b as [number, number, number, number];
  return { type: 'Polygon', coordinates: [[[x1, y1], [x2, y1], [x2, y2], [x1, y2], [x1, y1]]] };
}
