/**
 * SQL fragments shared by the features repository and the tile encoders, built from the registry.
 * Identifiers come from server/protocol/collections.ts and server/db/features/layer-sources.ts (constants, checked
 * here against a strict pattern); every user value travels as a bind parameter.
 */
import type { CollectionDef, PropertyDef } from '../../protocol/collections.ts';
import type { Bbox } from '../../domain/geo/bbox.ts';
import { splitAntimeridian } from '../../domain/geo/bbox.ts';
import type { DatetimeRange } from '../../domain/features/datetime.ts';
import type { CqlFilter, FilterValue, PropertyFilter } from '../../domain/features/feature-query.ts';
import { filterSql } from './filter-sql.ts';
import { scopeConditionSql, type LayerSource } from './layer-sources.ts';
import { jurisdictionFilter } from '../../auth/jurisdiction.ts';
import { LAYER_PERSONAL, UNIT_NAME_ROLES, type PersonalProperty } from '../../auth/masking.ts';
import type { LayerView } from '../../auth/personal-view.ts';

export { SqlParams, ident, relation, readableGeometry } from './sql-names.ts';
import { ident, readableGeometry, SqlParams } from './sql-names.ts';

/** ISO 8601 UTC text for a timestamptz, identical on every server whatever its TimeZone setting. */
const isoUtc = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One property as it leaves the database: dates as ISO text, numbers as float8 (so both tile encoders agree). */
export function propertyExpr(p: PropertyDef, alias = 't'): string {
  const col = `${alias}.${ident(p.name)}`;
  switch (p.type) {
    case 'date-time':
      return isoUtc(col);
    case 'date':
      return `to_char(${col}, 'YYYY-MM-DD')`;
    case 'number':
      return `(${col}::numeric)::float8`;
    case 'integer':
      return `${col}::integer`;
    default:
      return col;
  }
}

/** Trims like JS String.prototype.trim for the whitespace addresses hold. */
const trimSql = (x: string) => `regexp_replace(${x}, '^\\s+|\\s+$', '', 'g')`;

/**
 * The SQL forms of the maskers in server/auth/masking.ts (same regular expressions; test/unit/layer-masking and
 * test/integration/layer-masking check that both give the same strings on the dataset and on edge cases).
 */
const MASK_SQL: Record<PersonalProperty['kind'], (x: string) => string> = {
  // maskAddress: drop what lies below the building, then keep up to the last building word
  address: (x) => {
    const a = `regexp_replace(${trimSql(x)}, '[\\s,，-]*(?:[0-9０-９]+|[一二三四五六七八九十百]+)(?:单元|层|楼层|室|户|房|号房).*$', '')`;
    return `COALESCE(substring(${a} from '^(.*(?:号楼|楼栋|栋|幢|座))'), ${a})`;
  },
  // maskUnitName: a leading role word kept, of the rest the first character
  unitName: (x) => {
    const roles = UNIT_NAME_ROLES.join('|');
    const role = `COALESCE(substring(${x} from '^(${roles})'), '')`;
    const rest = `substr(${x}, char_length(${role}) + 1)`;
    return `CASE WHEN char_length(${rest}) = 0 THEN ${x} ELSE ${role} || left(${rest}, 1) || repeat('*', char_length(${rest}) - 1) END`;
  },
};

/** A property as a masked view receives it: its masked SQL when LAYER_PERSONAL declares it personal, else as is. */
export function viewedExpr(def: CollectionDef, name: string, expr: string, view: LayerView | undefined, alias = 't'): string {
  const rule = view === 'masked' ? LAYER_PERSONAL[def.id]?.[name] : undefined;
  if (!rule) return expr;
  const masked = MASK_SQL[rule.kind](expr);
  if (!rule.when) return masked;
  const values = rule.when.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
  return `CASE WHEN ${alias}.${ident(rule.when.property)}::text IN (${values}) THEN ${masked} ELSE ${expr} END`;
}

/**
 * `expr AS "name", ...` for every registry property of a collection (or the given subset of them); with view
 * 'masked', personal properties (LAYER_PERSONAL) masked. No view = as stored (trusted internal callers only;
 * every HTTP read passes one).
 */
export function propertySelect(def: CollectionDef, alias = 't', view?: LayerView, props: readonly PropertyDef[] = def.properties): string {
  return props.map((p) => `${viewedExpr(def, p.name, propertyExpr(p, alias), view, alias)} AS ${ident(p.name)}`).join(', ');
}

const CAST: Record<string, string> = { string: 'text', integer: 'bigint', number: 'float8', boolean: 'boolean' };

function valueParam(params: SqlParams, type: PropertyFilter['type'], v: FilterValue): string {
  const cast = CAST[type];
  if (!cast) throw new Error(`Unfilterable type ${type}`);
  return `${params.add(v)}::${cast}`;
}

export interface FeatureQuery {
  bbox?: Bbox;
  datetime?: DatetimeRange & { property: string };
  filters: readonly PropertyFilter[];
  /** A checked CQL2 filter (the `filter` parameter), compiled by filter-sql.ts. */
  filter?: CqlFilter;
  /**
   * The reader's jurisdiction (an admin code: 410500 city, 410502 district, …): only features inside it.
   * Absent means no restriction — only for trusted internal callers; every HTTP read passes one.
   */
  scope?: string;
  /** How personal layer properties are returned (server/auth/personal-view.ts layerView); absent = as stored. */
  view?: LayerView;
}

/**
 * The jurisdiction condition of a source for a scope: the SQL form of inJurisdiction (server/auth/jurisdiction.ts,
 * docs/security.md); `false` when the layer cannot be placed in it.
 */
export function scopeWhere(source: LayerSource, scope: string, params: SqlParams, alias = 't'): string {
  const { column, pattern } = jurisdictionFilter(scope);
  return scopeConditionSql(source, column, () => params.add(pattern), alias);
}

/** The WHERE conditions (joined with AND; `true` when none) for a selection on one collection. */
export function selectionWhere(source: LayerSource, sel: FeatureQuery, params: SqlParams, alias = 't'): string {
  const conds: string[] = [];
  // The source's fixed condition names its own columns; queries select from that one relation.
  if (source.where) conds.push(`(${source.where})`);
  if (sel.scope !== undefined) conds.push(scopeWhere(source, sel.scope, params, alias));
  if (sel.bbox) {
    const geom = `${alias}.${ident(source.geometryColumn)}`;
    // && (the GiST index operator) finds the candidates, but it compares single-precision boxes: a point just
    // outside the box can pass it. ST_Intersects on the readable geometry (an invalid polygon must not fail the
    // query) is the exact test, in double precision, edges included — for points too.
    const test = (env: string) => `(${geom} && ${env} AND ST_Intersects(${readableGeometry(source, alias)}, ${env}))`;
    const boxes = splitAntimeridian(sel.bbox).map((b) => test(`ST_MakeEnvelope(${b.map((n) => `${params.add(n)}::float8`).join(', ')}, 4326)`));
    conds.push(boxes.length === 1 ? boxes[0]! : `(${boxes.join(' OR ')})`);
  }
  if (sel.datetime) {
    const col = `${alias}.${ident(sel.datetime.property)}`;
    if (sel.datetime.start) conds.push(`${col} >= ${params.add(sel.datetime.start)}::timestamptz`);
    if (sel.datetime.end) conds.push(`${col} <= ${params.add(sel.datetime.end)}::timestamptz`);
  }
  for (const f of sel.filters) {
    const col = `${alias}.${ident(f.name)}`;
    const placeholders = f.values.map((v) => valueParam(params, f.type, v));
    conds.push(placeholders.length === 1 ? `${col} = ${placeholders[0]}` : `${col} IN (${placeholders.join(', ')})`);
  }
  if (sel.filter) conds.push(filterSql(sel.filter.expr, { source, queryables: sel.filter.queryables, params, filterCrs: sel.filter.crs, alias }));
  return conds.length ? conds.join(' AND ') : 'true';
}
