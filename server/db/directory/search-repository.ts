/**
 * Search across the named things an operator types: admin units (name/code), grids (code/name), cameras
 * (GB id/name), incidents (event number/title), key places, depots and units. Plain ILIKE with a limit
 * (pg_trgm is not available in PGlite); an exact code first, then prefixes, then substrings.
 * Geometry is EPSG:4326; areas come back with their bbox [minLng, minLat, maxLng, maxLat], points as [lng, lat].
 */
import type { Queryable } from '../core/database.ts';
import type { CollectionId } from '../../protocol/collections.ts';
import type { SearchHit } from '../../protocol/directory.ts';
import { jurisdictionFilter, type ScopeColumn } from '../../auth/jurisdiction.ts';
import { LAYER_SOURCES, scopeConditionSql } from '../features/layer-sources.ts';
import { viewedExpr } from '../features/features-sql.ts';
import { COLLECTIONS } from '../../protocol/collections.ts';
import type { LayerView } from '../../auth/personal-view.ts';

export type { SearchHit };

/** One searchable source: its code column (exact match ranks first) and its text columns. */
interface SearchSource {
  collection: string; // SQL expression giving the collection id
  from: string;
  id: string;
  label: string;
  sublabel: string;
  code: string;
  texts: string[];
  area: boolean;
  /** The layer whose jurisdiction rule (server/db/features/layer-sources.ts) places the row. */
  layer: CollectionId;
}

const ADMIN_COLLECTION = `CASE level WHEN 2 THEN 'districts' WHEN 3 THEN 'streets' ELSE 'communities' END`;

const SOURCES: readonly SearchSource[] = [
  { collection: ADMIN_COLLECTION, from: 'admin_units t WHERE level >= 2', id: 'code', label: 'name', sublabel: `level_label || ' · ' || code`, code: 'code', texts: ['name'], area: true, layer: 'districts' },
  { collection: `'grids'`, from: 'grids t', id: 'code', label: 'name', sublabel: `type_label || ' · ' || code`, code: 'code', texts: ['name'], area: true, layer: 'grids' },
  { collection: `'cameras'`, from: 'cameras t', id: 'id', label: 'name', sublabel: `id || ' · ' || status_label`, code: 'id', texts: ['name'], area: false, layer: 'cameras' },
  { collection: `'incidents'`, from: 'incidents t', id: 'id', label: 'title', sublabel: `event_no || ' · ' || status_label`, code: 'event_no', texts: ['title'], area: false, layer: 'incidents' },
  { collection: `'key-places'`, from: 'key_places t', id: 'id', label: 'name', sublabel: `type_label || coalesce(' · ' || address, '')`, code: 'id', texts: ['name', 'address'], area: false, layer: 'key-places' },
  { collection: `'depots'`, from: 'depots t', id: 'id', label: 'name', sublabel: `level_label || coalesce(' · ' || address, '')`, code: 'id', texts: ['name'], area: false, layer: 'depots' },
  { collection: `'units'`, from: 'units t', id: 'id', label: 'name', sublabel: `type_label || ' · ' || status_label`, code: 'id', texts: ['name', 'callsign'], area: false, layer: 'units' },
];

/** Escapes LIKE wildcards so user text matches literally (escape character: backslash). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One source's hits; its jurisdiction by its layer's rule (scopeConditionSql, the SQL form of inJurisdiction). A
 * masked view sees, and matches, personal columns (masking.ts LAYER_PERSONAL) only as masked: the name of a grid
 * worker's unit is neither shown nor findable.
 */
function sourceSql(s: SearchSource, column: ScopeColumn, view: LayerView): string {
  const seen = (col: string) => viewedExpr(COLLECTIONS[s.layer], col, `t.${col}`, view);
  const texts = s.texts.map(seen);
  const label = seen(s.label);
  const textMatch = [`${s.code} LIKE $2`, ...texts.map((t) => `${t} ILIKE $3`)].join(' OR ');
  const rank = `CASE WHEN ${s.code} = $1 THEN 0 WHEN ${s.code} LIKE $2 OR ${texts[0]} ILIKE $2 THEN 1 ELSE 2 END`;
  const where = `${s.from.includes(' WHERE ') ? 'AND' : 'WHERE'} (${textMatch}) AND ${scopeConditionSql(LAYER_SOURCES[s.layer], column, () => '$5')}`;
  const geom = s.area
    ? `ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1`
    : `ST_X(geom) AS x0, ST_Y(geom) AS y0, NULL::float8 AS x1, NULL::float8 AS y1`;
  return `(SELECT ${s.collection} AS collection, ${s.id}::text AS id, ${label}::text AS label, ${s.sublabel}::text AS sublabel,
            ${rank} AS rank, ${geom}
          FROM ${s.from} ${where}
          ORDER BY ${rank}, length(${label}), ${s.id} LIMIT $4)`;
}

const searchSql = (column: ScopeColumn, view: LayerView) => `SELECT * FROM (${SOURCES.map((s) => sourceSql(s, column, view)).join('\nUNION ALL\n')}) hits
ORDER BY rank, length(label), collection, id LIMIT $4`;
/** One statement per scope level (the jurisdiction column differs) and personal view, built on first use. */
const statements = new Map<string, string>();
function statement(column: ScopeColumn, view: LayerView): string {
  const key = `${column}|${view}`;
  let sql = statements.get(key);
  if (!sql) statements.set(key, (sql = searchSql(column, view)));
  return sql;
}

type HitRow = {
  collection: CollectionId;
  id: string;
  label: string;
  sublabel: string | null;
  rank: number;
  x0: number;
  y0: number;
  x1: number | null;
  y1: number | null;
};

/**
 * Finds up to `limit` things whose code, name or address matches `q` (already trimmed, non-empty), inside the
 * jurisdiction `scope` (an admin code; 410500 = the whole city), personal columns as `view` allows.
 */
export async function searchAll(db: Queryable, q: string, limit: number, scope: string, view: LayerView): Promise<SearchHit[]> {
  const lit = likeLiteral(q);
  const { column, pattern } = jurisdictionFilter(scope);
  const { rows } = await db.query<HitRow>(statement(column, view), [q, `${lit}%`, `%${lit}%`, limit, pattern]);
  return rows.map((r) => {
    const hit: SearchHit = { collection: r.collection, id: r.id, label: r.label, sublabel: r.sublabel ?? '' };
    if (r.x1 === null || r.y1 === null) hit.point = [Number(r.x0), Number(r.y0)];
    else hit.bbox = [Number(r.x0), Number(r.y0), Number(r.x1), Number(r.y1)];
    return hit;
  });
}
