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

/** One source's hits; its jurisdiction by its layer's rule (scopeConditionSql, the SQL form of inJurisdiction). */
function sourceSql(s: SearchSource, column: ScopeColumn): string {
  const textMatch = [`${s.code} LIKE $2`, ...s.texts.map((t) => `${t} ILIKE $3`)].join(' OR ');
  const rank = `CASE WHEN ${s.code} = $1 THEN 0 WHEN ${s.code} LIKE $2 OR ${s.texts[0]} ILIKE $2 THEN 1 ELSE 2 END`;
  const where = `${s.from.includes(' WHERE ') ? 'AND' : 'WHERE'} (${textMatch}) AND ${scopeConditionSql(LAYER_SOURCES[s.layer], column, () => '$5')}`;
  const geom = s.area
    ? `ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1`
    : `ST_X(geom) AS x0, ST_Y(geom) AS y0, NULL::float8 AS x1, NULL::float8 AS y1`;
  return `(SELECT ${s.collection} AS collection, ${s.id}::text AS id, ${s.label}::text AS label, ${s.sublabel}::text AS sublabel,
            ${rank} AS rank, ${geom}
          FROM ${s.from} ${where}
          ORDER BY ${rank}, length(${s.label}), ${s.id} LIMIT $4)`;
}

const searchSql = (column: ScopeColumn) => `SELECT * FROM (${SOURCES.map((s) => sourceSql(s, column)).join('\nUNION ALL\n')}) hits
ORDER BY rank, length(label), collection, id LIMIT $4`;
/** One statement per scope level (the jurisdiction column differs), built once. */
const SEARCH_SQL: Readonly<Record<ScopeColumn, string>> = {
  district_code: searchSql('district_code'),
  street_code: searchSql('street_code'),
  community_code: searchSql('community_code'),
};

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
 * jurisdiction `scope` (an admin code; 410500 = the whole city).
 */
export async function searchAll(db: Queryable, q: string, limit: number, scope: string): Promise<SearchHit[]> {
  const lit = likeLiteral(q);
  const { column, pattern } = jurisdictionFilter(scope);
  const { rows } = await db.query<HitRow>(SEARCH_SQL[column], [q, `${lit}%`, `%${lit}%`, limit, pattern]);
  return rows.map((r) => {
    const hit: SearchHit = { collection: r.collection, id: r.id, label: r.label, sublabel: r.sublabel ?? '' };
    if (r.x1 === null || r.y1 === null) hit.point = [Number(r.x0), Number(r.y0)];
    else hit.bbox = [Number(r.x0), Number(r.y0), Number(r.x1), Number(r.y1)];
    return hit;
  });
}
