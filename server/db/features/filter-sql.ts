/**
 * The one place a CQL2 filter (server/domain/features/cql2) becomes SQL: a WHERE condition over the layer's
 * relation (alias t) whose every literal is a bind parameter and whose every identifier is a registry property
 * checked by cql2-check.ts. The tree must have passed checkFilter against the same queryables.
 *
 *  - comparisons, LIKE (CQL2 wildcards % and _, escape \ — PostgreSQL's own), BETWEEN, IN, IS NULL on the
 *    stored columns; NULL compares as SQL does (a row whose value is NULL matches neither `=` nor `<>`);
 *  - S_INTERSECTS(geometry, literal): the GiST index operator && for candidates, then ST_Intersects on the
 *    readable geometry (exact, double precision); literals in filter-crs are brought to EPSG:4326 here;
 *  - T_INTERSECTS / T_AFTER / T_BEFORE between an instant property and an instant or interval (bounds
 *    inclusive; '..' open). A DATE literal compared with a date-time property is the whole UTC day.
 */
import type { ComparisonOp, Expr, GeometryNode, IntervalLiteral, Operand, Scalar } from '../../domain/features/cql2/cql2-ast.ts';
import { familyOf } from '../../domain/features/cql2/cql2-check.ts';
import { GEOMETRY_QUERYABLE, type Queryable } from '../../domain/features/queryables.ts';
import type { Crs } from '../../domain/geo/crs.ts';
import { ident, readableGeometry, type SqlParams } from './sql-names.ts';
import type { LayerSource } from './layer-sources.ts';

export interface FilterContext {
  source: LayerSource;
  queryables: ReadonlyMap<string, Queryable>;
  params: SqlParams;
  /** The CRS of geometry literals (filter-crs; default CRS84). */
  filterCrs?: Crs;
  alias?: string;
}

const DAY_MS = 86_400_000;

function geometryLiteral(g: GeometryNode, ctx: FilterContext): string {
  const p = `ST_GeomFromGeoJSON(${ctx.params.add(JSON.stringify(g.geometry))}::text)`;
  switch (ctx.filterCrs?.axes ?? 'lnglat') {
    case 'latlng':
      return `ST_SetSRID(ST_FlipCoordinates(${p}), 4326)`;
    case 'mercator':
      return `ST_Transform(ST_SetSRID(${p}, 3857), 4326)`;
    default:
      return `ST_SetSRID(${p}, 4326)`;
  }
}

function column(name: string, ctx: FilterContext): string {
  return `${ctx.alias ?? 't'}.${ident(name)}`;
}

/** A scalar operand as SQL: a column, or a typed bind parameter. */
function scalar(s: Scalar, ctx: FilterContext): string {
  switch (s.kind) {
    case 'property':
      return column(s.name, ctx);
    case 'string':
      return `${ctx.params.add(s.value)}::text`;
    case 'number':
      return `${ctx.params.add(s.value)}::float8`;
    case 'boolean':
      return `${ctx.params.add(s.value)}::boolean`;
    case 'date':
      return `${ctx.params.add(s.value)}::date`;
    case 'timestamp':
      return `${ctx.params.add(s.value)}::timestamptz`;
  }
}

type Lazy = (() => string) | null;

/**
 * [first, last] instants of a temporal operand as SQL, lazily (a bound is only bound as a parameter when the
 * condition uses it: PostgreSQL refuses a parameter no condition names). An instant is both; open bounds null.
 */
function instantRange(o: Operand, ctx: FilterContext): [Lazy, Lazy] {
  if (o.kind === 'property') {
    const c = column(o.name, ctx);
    if (ctx.queryables.get(o.name)?.type !== 'date') return [() => c, () => c];
    const day = `(${c}::timestamp AT TIME ZONE 'UTC')`;
    return [() => day, () => `(${day} + interval '1 day' - interval '1 millisecond')`];
  }
  if (o.kind === 'timestamp') {
    const at = o.value;
    return [() => `${ctx.params.add(at)}::timestamptz`, () => `${ctx.params.add(at)}::timestamptz`];
  }
  if (o.kind === 'date') {
    const start = Date.parse(`${o.value}T00:00:00Z`);
    return [() => `${ctx.params.add(new Date(start).toISOString())}::timestamptz`, () => `${ctx.params.add(new Date(start + DAY_MS - 1).toISOString())}::timestamptz`];
  }
  const i = o as IntervalLiteral;
  return [i.start ? instantRange(i.start, ctx)[0] : null, i.end ? instantRange(i.end, ctx)[1] : null];
}

function temporal(e: Extract<Expr, { kind: 'temporal' }>, ctx: FilterContext): string {
  const [a1, a2] = instantRange(e.left, ctx);
  const [b1, b2] = instantRange(e.right, ctx);
  switch (e.op) {
    case 't_intersects': {
      const conds: string[] = [];
      if (a1 && b2) conds.push(`${a1()} <= ${b2()}`);
      if (b1 && a2) conds.push(`${b1()} <= ${a2()}`);
      return conds.length ? `(${conds.join(' AND ')})` : 'true';
    }
    case 't_after':
      return a1 && b2 ? `(${a1()} > ${b2()})` : 'false';
    case 't_before':
      return a2 && b1 ? `(${a2()} < ${b1()})` : 'false';
  }
}

function spatialSide(o: Scalar | GeometryNode, ctx: FilterContext): { sql: string; isColumn: boolean } {
  if (o.kind === 'geometry') return { sql: geometryLiteral(o, ctx), isColumn: false };
  if (o.kind === 'property' && o.name === GEOMETRY_QUERYABLE) return { sql: readableGeometry(ctx.source, ctx.alias ?? 't'), isColumn: true };
  throw new Error(`Not a geometry operand: ${o.kind}`);
}

function spatial(e: Extract<Expr, { kind: 'spatial' }>, ctx: FilterContext): string {
  const l = spatialSide(e.left, ctx);
  const r = spatialSide(e.right, ctx);
  const stored = `${ctx.alias ?? 't'}.${ident(ctx.source.geometryColumn)}`;
  if (l.isColumn === r.isColumn) return `ST_Intersects(${l.sql}, ${r.sql})`;
  const literal = l.isColumn ? r.sql : l.sql;
  // The literal is computed once (a CTE-free scalar subquery), used by the index test and the exact test.
  const g = `(SELECT ${literal})`;
  return `(${stored} && ${g} AND ST_Intersects(${l.isColumn ? l.sql : g}, ${l.isColumn ? g : r.sql}))`;
}

const SQL_OP: Record<ComparisonOp, string> = { '=': '=', '<>': '<>', '<': '<', '>': '>', '<=': '<=', '>=': '>=' };

/** Compiles a checked CQL2 filter to a SQL condition. */
export function filterSql(e: Expr, ctx: FilterContext): string {
  switch (e.kind) {
    case 'and':
    case 'or':
      return `(${e.args.map((a) => filterSql(a, ctx)).join(e.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return `(NOT ${filterSql(e.arg, ctx)})`;
    case 'literal':
      return e.value ? 'true' : 'false';
    case 'compare':
      if (familyOf(e.left, ctx.queryables) === 'temporal') {
        const [l] = instantRange(e.left, ctx);
        const [r] = instantRange(e.right, ctx);
        return `(${l!()} ${SQL_OP[e.op]} ${r!()})`;
      }
      return `(${scalar(e.left, ctx)} ${SQL_OP[e.op]} ${scalar(e.right, ctx)})`;
    case 'like':
      return `(${scalar(e.value, ctx)} LIKE ${scalar(e.pattern, ctx)})`;
    case 'between':
      return `(${scalar(e.value, ctx)} BETWEEN ${scalar(e.low, ctx)} AND ${scalar(e.high, ctx)})`;
    case 'in':
      return `(${scalar(e.value, ctx)} IN (${e.list.map((x) => scalar(x, ctx)).join(', ')}))`;
    case 'isNull':
      return `(${scalar(e.value, ctx)} IS NULL)`;
    case 'spatial':
      return spatial(e, ctx);
    case 'temporal':
      return temporal(e, ctx);
  }
}
