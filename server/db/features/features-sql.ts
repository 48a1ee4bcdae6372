/**
 * SQL fragments shared by the features repository and the tile encoders, built from the registry.
 * Identifiers come from server/protocol/collections.ts and server/db/features/layer-sources.ts (constants, checked
 * here against a strict pattern); every user value travels as a bind parameter.
 */
import type { CollectionDef, PropertyDef } from '../../protocol/collections.ts';
import type { Bbox } from '../../domain/geo/bbox.ts';
import { splitAntimeridian } from '../../domain/geo/bbox.ts';
import type { DatetimeRange } from '../../domain/features/datetime.ts';
import type { FilterValue, PropertyFilter } from '../../domain/features/feature-query.ts';
import type { LayerSource } from './layer-sources.ts';
import { jurisdictionFilter } from '../../auth/jurisdiction.ts';

/** Collects bind parameters and hands out their $n placeholders. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

export function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`Not a safe SQL identifier: ${name}`);
  return `"${name}"`;
}

/** A relation name from layer-sources (always a plain lower-case identifier). */
export function relation(source: LayerSource): string {
  return ident(source.relation);
}

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

/** `expr AS "name", ...` for every registry property of a collection. */
export function propertySelect(def: CollectionDef, alias = 't'): string {
  return def.properties.map((p) => `${propertyExpr(p, alias)} AS ${ident(p.name)}`).join(', ');
}

const CAST: Record<string, string> = { string: 'text', integer: 'bigint', number: 'float8', boolean: 'boolean' };

function valueParam(params: SqlParams, type: PropertyFilter['type'], v: FilterValue): string {
  const cast = CAST[type];
  if (!cast) throw new Error(`Unfilterable type ${type}`);
  return `${params.add(v)}::${cast}`;
}

export interface FeatureQuery {
  bbox?: Bbox;
  /** The collection holds points only (lets bbox use the cheaper && test). */
  points?: boolean;
  datetime?: DatetimeRange & { property: string };
  filters: readonly PropertyFilter[];
  /**
   * The reader's jurisdiction (an admin code: 410500 city, 410502 district, …): only features inside it.
   * Absent means no restriction — only for trusted internal callers; every HTTP read passes one.
   */
  scope?: string;
}

/** The jurisdiction condition of a source for a scope (docs/security.md); `false` when the layer cannot be placed in it. */
export function scopeWhere(source: LayerSource, scope: string, params: SqlParams, alias = 't'): string {
  const { column, pattern } = jurisdictionFilter(scope);
  if (source.scope.kind === 'own-code') return `${alias}.code LIKE ${params.add(pattern)}::text`;
  if (!source.scope.columns.includes(column)) return 'false';
  return `${alias}.${ident(column)} LIKE ${params.add(pattern)}::text`;
}

/** The WHERE conditions (joined with AND; `true` when none) for a selection on one collection. */
export function selectionWhere(source: LayerSource, sel: FeatureQuery, params: SqlParams, alias = 't'): string {
  const conds: string[] = [];
  // The source's fixed condition names its own columns; queries select from that one relation.
  if (source.where) conds.push(`(${source.where})`);
  if (sel.scope !== undefined) conds.push(scopeWhere(source, sel.scope, params, alias));
  if (sel.bbox) {
    const geom = `${alias}.${ident(source.geometryColumn)}`;
    // For points, the index operator && is exactly "inside the box, edges included" and much cheaper.
    const test = (env: string) => (sel.points ? `${geom} && ${env}` : `ST_Intersects(${geom}, ${env})`);
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
  return conds.length ? conds.join(' AND ') : 'true';
}
