/**
 * Search across the named things an operator types: admin units (name/code), grids (code/name), key places
 * (name/address), incidents (event number/title), depots, cameras (GB id/name) and units. Plain ILIKE with a
 * limit (pg_trgm is not available in PGlite), plus place names by pinyin and initials (./place-pinyin.ts).
 * Order: an exact code first; then places (district, street, community, grid, key place) before events and assets;
 * within those, prefixes before substrings, shorter names first. Each kind returns at most `perKind` hits, so one
 * kind (40 units named after a district) cannot push the rest out. Every hit carries its group and the admin areas
 * it lies in, and a sublabel that tells same-named things apart (a camera's address and id serial).
 * Geometry is EPSG:4326; areas come back with their bbox [minLng, minLat, maxLng, maxLat], points as [lng, lat].
 */
import type { Queryable } from '../core/database.ts';
import type { CollectionId } from '../../protocol/collections.ts';
import type { SearchGroup, SearchHit } from '../../protocol/directory.ts';
import { jurisdictionFilter, type ScopeColumn } from '../../auth/jurisdiction.ts';
import { LAYER_SOURCES, scopeConditionSql } from '../features/layer-sources.ts';
import { viewedExpr } from '../features/features-sql.ts';
import { COLLECTIONS } from '../../protocol/collections.ts';
import type { LayerView } from '../../auth/personal-view.ts';
import type { PinyinIndex } from './place-pinyin.ts';

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
  group: SearchGroup;
  /** Order of the kind (SQL): admin units by level, then grids, key places, incidents, depots, cameras, units. */
  tier: string;
  /** The admin codes whose names make the hit's area (coarse to fine). */
  areaCodes: string[];
}

const ADMIN_COLLECTION = `CASE level WHEN 2 THEN 'districts' WHEN 3 THEN 'streets' ELSE 'communities' END`;
/** The last 7 digits of a GB/T 28181 id: the device serial, which tells same-named cameras apart. */
const SERIAL = `'…' || right(id, 7)`;

const SOURCES: readonly SearchSource[] = [
  { collection: ADMIN_COLLECTION, from: 'admin_units t WHERE level >= 2', id: 'code', label: 'name', sublabel: `level_label || ' · ' || code`, code: 'code', texts: ['name'], area: true, layer: 'districts', group: 'place', tier: 'level - 2', areaCodes: ['district_code', 'street_code'] },
  { collection: `'grids'`, from: 'grids t', id: 'code', label: 'name', sublabel: `type_label || ' · ' || code`, code: 'code', texts: ['name'], area: true, layer: 'grids', group: 'place', tier: '3', areaCodes: ['district_code', 'street_code', 'community_code'] },
  { collection: `'key-places'`, from: 'key_places t', id: 'id', label: 'name', sublabel: `type_label || coalesce(' · ' || address, '')`, code: 'id', texts: ['name', 'address'], area: false, layer: 'key-places', group: 'place', tier: '4', areaCodes: ['district_code', 'street_code'] },
  { collection: `'incidents'`, from: 'incidents t', id: 'id', label: 'title', sublabel: `event_no || ' · ' || status_label || coalesce(' · ' || address, '')`, code: 'event_no', texts: ['title'], area: false, layer: 'incidents', group: 'event', tier: '5', areaCodes: ['district_code', 'street_code'] },
  { collection: `'depots'`, from: 'depots t', id: 'id', label: 'name', sublabel: `level_label || coalesce(' · ' || address, '')`, code: 'id', texts: ['name'], area: false, layer: 'depots', group: 'asset', tier: '6', areaCodes: ['district_code', 'street_code'] },
  { collection: `'cameras'`, from: 'cameras t', id: 'id', label: 'name', sublabel: `status_label || coalesce(' · ' || address, '') || ' · ' || ${SERIAL}`, code: 'id', texts: ['name'], area: false, layer: 'cameras', group: 'asset', tier: '7', areaCodes: ['district_code', 'street_code'] },
  { collection: `'units'`, from: 'units t', id: 'id', label: 'name', sublabel: `type_label || ' · ' || status_label || coalesce(' · ' || callsign, '')`, code: 'id', texts: ['name', 'callsign'], area: false, layer: 'units', group: 'asset', tier: '8', areaCodes: ['district_code', 'street_code'] },
];

/** Escapes LIKE wildcards so user text matches literally (escape character: backslash). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The names of the admin areas a row lies in, coarse to fine (one small indexed lookup per returned row). */
function areaSql(s: SearchSource): string {
  const codes = s.areaCodes.map((c) => `t.${c}`).join(', ');
  const self = s.layer === 'districts' ? ' AND p.code <> t.code' : '';
  return `(SELECT string_agg(p.name, ' · ' ORDER BY p.level) FROM admin_units p WHERE p.code IN (${codes})${self})`;
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
            '${s.group}' AS "group", ${areaSql(s)} AS area, ${rank} AS rank, (${s.tier})::integer AS tier, ${geom}
          FROM ${s.from} ${where}
          ORDER BY ${rank}, ${s.tier}, length(${label}), ${s.id} LIMIT $6)`;
}

const searchSql = (column: ScopeColumn, view: LayerView) => `SELECT * FROM (${SOURCES.map((s) => sourceSql(s, column, view)).join('\nUNION ALL\n')}) hits
ORDER BY CASE WHEN rank = 0 THEN 0 ELSE 1 END, CASE WHEN tier <= 4 THEN 0 ELSE 1 END, rank, tier, length(label), id LIMIT $4`;
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
  group: SearchGroup;
  area: string | null;
  rank: number;
  tier: number;
  x0: number;
  y0: number;
  x1: number | null;
  y1: number | null;
};

/** How many hits of one kind at most: a third of the limit, at least 5. */
export function perKindLimit(limit: number): number {
  return Math.max(5, Math.ceil(limit / 3));
}

/**
 * Finds up to `limit` things whose code, name or address matches `q` (already trimmed, non-empty), inside the
 * jurisdiction `scope` (an admin code; 410500 = the whole city), personal columns as `view` allows. With a pinyin
 * index, places whose name's pinyin or initials match come first among the places (after an exact code).
 */
export async function searchAll(db: Queryable, q: string, limit: number, scope: string, view: LayerView, pinyin?: PinyinIndex): Promise<SearchHit[]> {
  const lit = likeLiteral(q);
  const { column, pattern } = jurisdictionFilter(scope);
  const perKind = perKindLimit(limit);
  const [{ rows }, byPinyin] = await Promise.all([
    db.query<HitRow>(statement(column, view), [q, `${lit}%`, `%${lit}%`, limit, pattern, perKind]),
    pinyin ? pinyin.find(db, q, scope, perKind) : Promise.resolve([]),
  ]);
  const hits = rows.map((r) => {
    const hit: SearchHit = { collection: r.collection, id: r.id, label: r.label, sublabel: r.sublabel ?? '', group: r.group, ...(r.area ? { area: r.area } : {}) };
    if (r.x1 === null || r.y1 === null) hit.point = [Number(r.x0), Number(r.y0)];
    else hit.bbox = [Number(r.x0), Number(r.y0), Number(r.x1), Number(r.y1)];
    return { hit, exact: Number(r.rank) === 0 };
  });
  if (byPinyin.length === 0) return hits.map((h) => h.hit);
  // Exact codes, then pinyin places, then the text hits (without the places already listed).
  const seen = new Set(byPinyin.map((h) => `${h.collection}/${h.id}`));
  const exact = hits.filter((h) => h.exact).map((h) => h.hit);
  const rest = hits.filter((h) => !h.exact && !seen.has(`${h.hit.collection}/${h.hit.id}`)).map((h) => h.hit);
  return [...exact, ...byPinyin.filter((h) => !exact.some((e) => e.collection === h.collection && e.id === h.id)), ...rest].slice(0, limit);
}
