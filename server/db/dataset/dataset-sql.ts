/**
 * The SQL of the dataset loader: bulk inserts as one `INSERT ... SELECT FROM unnest(arrays)` per batch
 * (point geometry built with ST_MakePoint), Voronoi partitions built by PostGIS, and the incident flow
 * log derived from the inserted incidents. Runs on PostgreSQL 15/PostGIS 3.3 and on PGlite.
 */
import type { Queryable } from '../core/database.ts';

/** A column value; arrays/objects go to json/jsonb columns as JSON. */
type Value = string | number | boolean | null | readonly object[];
export type LoadRow = Record<string, Value>;

const IDENT = /^[a-z_][a-z0-9_]*$/;
const columnTypes = new Map<string, Map<string, string>>();

/** Column → element type (udt name) of a table, read once from the catalogue. */
async function typesOf(q: Queryable, table: string): Promise<Map<string, string>> {
  const known = columnTypes.get(table);
  if (known) return known;
  const { rows } = await q.query<{ column_name: string; udt_name: string }>(
    `SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    [table],
  );
  const map = new Map(rows.map((r) => [r.column_name, r.udt_name]));
  columnTypes.set(table, map);
  return map;
}

export interface InsertOptions {
  /** SQL for the geom column over the unnest alias `u` (and `c` when `join` is given). */
  geom?: string;
  /** A join clause added after the unnest, e.g. `JOIN dataset_cells c ON c.key = u.code`. */
  join?: string;
}

const extraType = (v: Value) => (typeof v === 'number' ? 'float8' : typeof v === 'boolean' ? 'bool' : 'text');

/**
 * Inserts rows (all with the same keys) in one statement: the batch travels as one JSON text and
 * `json_to_recordset` types it (≈2× faster than unnest of arrays on PGlite). Keys are columns typed
 * from the catalogue (an unknown key fails loudly), except `lng`/`lat` (→ point geom by default) and
 * keys starting with `_`, which are only visible to `opts.geom`.
 */
export async function insertRows(q: Queryable, table: string, rows: readonly LoadRow[], opts: InsertOptions = {}): Promise<number> {
  if (rows.length === 0) return 0;
  if (!IDENT.test(table)) throw new Error(`bad table name ${table}`);
  return insertJson(q, table, rows[0]!, JSON.stringify(rows), rows.length, opts);
}

/** insertRows for a batch already serialised to JSON (by the generator worker). */
export async function insertJson(q: Queryable, table: string, sample: LoadRow, json: string, count: number, opts: InsertOptions = {}): Promise<number> {
  if (!IDENT.test(table)) throw new Error(`bad table name ${table}`);
  const types = await typesOf(q, table);
  const all = Object.keys(sample);
  const isExtra = (k: string) => k === 'lng' || k === 'lat' || k.startsWith('_');
  const defs = all.map((k) => {
    const t = isExtra(k) ? (k === 'lng' || k === 'lat' ? 'float8' : extraType(sample[k] as Value)) : types.get(k);
    if (!t || !IDENT.test(k)) throw new Error(`${table} has no column ${k}`);
    return `${k} ${t}`;
  });
  const columns = all.filter((k) => !isExtra(k));
  const geom = opts.geom ?? ('lng' in sample ? 'ST_SetSRID(ST_MakePoint(u.lng, u.lat), 4326)' : null);
  const target = geom ? [...columns, 'geom'] : columns;
  const select = [...columns.map((c) => `u.${c}`), ...(geom ? [geom] : [])];
  await q.query(
    `INSERT INTO ${table} (${target.join(', ')}) SELECT ${select.join(', ')} FROM json_to_recordset($1::json) AS u(${defs.join(', ')}) ${opts.join ?? ''}`,
    [json],
  );
  return count;
}

export interface DistrictInsert {
  code: string;
  name: string;
  households: number;
  population: number;
  geomSource: string;
  geojson: string;
}

/** The city row (geometry = union of the real districts) and the real districts. */
export async function insertCityAndDistricts(q: Queryable, city: Omit<DistrictInsert, 'geojson'>, levelLabels: [string, string], districts: readonly DistrictInsert[]): Promise<void> {
  await q.query(
    `INSERT INTO admin_units (code, level, level_label, name, parent_code, households, population, geom_source, generated, geom)
     SELECT $1, 1, $2, $3, NULL, $4, $5, $6, false, ST_Multi(ST_Union(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326)))
     FROM unnest($7::text[]) AS g`,
    [city.code, levelLabels[0], city.name, city.households, city.population, city.geomSource, districts.map((d) => d.geojson)],
  );
  await q.query(
    `INSERT INTO admin_units (code, level, level_label, name, parent_code, district_code, households, population, geom_source, generated, geom)
     SELECT code, 2, $1, name, $2, code, hh, pop, src, false, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326))
     FROM unnest($3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[]) AS u(code, name, hh, pop, src, g)`,
    [
      levelLabels[1], city.code,
      districts.map((d) => d.code), districts.map((d) => d.name), districts.map((d) => d.households),
      districts.map((d) => d.population), districts.map((d) => d.geomSource), districts.map((d) => d.geojson),
    ],
  );
}

/** A generated district: its outline clipped to the union of the `within` districts. */
export async function insertClippedDistrict(q: Queryable, d: DistrictInsert, levelLabel: string, parent: string, within: readonly string[]): Promise<void> {
  await q.query(
    `INSERT INTO admin_units (code, level, level_label, name, parent_code, district_code, households, population, geom_source, generated, geom)
     SELECT $1, 2, $2, $3, $4, $1, $5, $6, $7, true,
            ST_Multi(ST_CollectionExtract(ST_Intersection(ST_SetSRID(ST_GeomFromGeoJSON($8), 4326),
              (SELECT ST_Union(geom) FROM admin_units WHERE code = ANY($9::text[]))), 3))`,
    [d.code, levelLabel, d.name, parent, d.households, d.population, d.geomSource, d.geojson, within],
  );
}

/**
 * The Voronoi partition of parents by sites: each row's cell (planar, EPSG:4326 degrees) clipped to its
 * parent; a parent with one site gives that site the whole parent. `carveOut` removes a unit's area
 * from the listed parents first (高新区 from the urban districts). The cells land in the temp table
 * dataset_cells (key, geom), dropped at commit.
 */
export async function partition(
  q: Queryable,
  sites: { key: string; parent: string; lng: number; lat: number }[],
  carveOut?: { code: string; from: readonly string[] },
): Promise<void> {
  await q.query('DROP TABLE IF EXISTS dataset_cells');
  await q.query(
    `CREATE TEMP TABLE dataset_cells ON COMMIT DROP AS
     WITH s AS (
       SELECT key, parent, ST_SetSRID(ST_MakePoint(lng, lat), 4326) AS pt
       FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) AS u(key, parent, lng, lat)
     ), p AS (
       SELECT a.code, CASE WHEN a.code = ANY($6::text[])
                           THEN ST_Difference(a.geom, (SELECT geom FROM admin_units WHERE code = $5)) ELSE a.geom END AS geom
       FROM admin_units a WHERE a.code IN (SELECT DISTINCT parent FROM s)
     ), groups AS (
       SELECT parent, ST_Collect(pt) AS pts, count(*) AS n FROM s GROUP BY parent
     ), cells AS (
       SELECT g.parent, (ST_Dump(ST_VoronoiPolygons(g.pts, 0, p.geom))).geom AS cell
       FROM groups g JOIN p ON p.code = g.parent WHERE g.n > 1
     )
     SELECT s.key, ST_Multi(ST_CollectionExtract(
              CASE WHEN c.cell IS NULL THEN p.geom ELSE ST_Intersection(c.cell, p.geom) END, 3)) AS geom
     FROM s JOIN p ON p.code = s.parent
     LEFT JOIN cells c ON c.parent = s.parent AND ST_Contains(c.cell, s.pt)`,
    [sites.map((s) => s.key), sites.map((s) => s.parent), sites.map((s) => s.lng), sites.map((s) => s.lat), carveOut?.code ?? '', carveOut?.from ?? []],
  );
}

/** Dedicated grid area: a geodesic circle around the key place, clipped to its community. */
export const DEDICATED_GRID_GEOM = `ST_Multi(ST_CollectionExtract(ST_Intersection(
  ST_Buffer(ST_SetSRID(ST_MakePoint(u._lng, u._lat), 4326)::geography, u._metres)::geometry,
  (SELECT geom FROM admin_units a WHERE a.code = u.community_code)), 3))`;

/** Writes the flow log of the incidents with ids in [firstId, lastId] from the path table (flow-paths.ts). */
export async function insertFlowLog(
  q: Queryable,
  paths: { key: string[]; seq: number[]; action: string[]; from: (string | null)[]; to: string[]; frac: number[]; actor: string[]; opinion: string[] },
  firstId: string,
  lastId: string,
): Promise<number> {
  const res = await q.query(
    `INSERT INTO incident_flow_log (incident_id, at, actor, action, from_status, to_status, opinion)
     SELECT i.id,
            CASE WHEN p.frac < 0 THEN i.updated_at
                 ELSE i.reported_at + (COALESCE(i.closed_at, i.updated_at) - i.reported_at) * p.frac END,
            CASE p.actor WHEN 'SOURCE' THEN i.source_label
                         WHEN 'DISTRICT' THEN d.name || '社会治理综合服务中心'
                         WHEN 'STREET' THEN s.name || '综治中心'
                         WHEN 'GRID' THEN '网格员'
                         ELSE d.name || '回访中心' END,
            p.action, p.from_status, p.to_status, p.opinion
     FROM incidents i
     JOIN unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[])
          AS p(key, seq, action, from_status, to_status, frac, actor, opinion)
       ON p.key = i.status || CASE WHEN i.rework_count > 0 THEN '_R' ELSE '' END
     JOIN admin_units d ON d.code = i.district_code
     JOIN admin_units s ON s.code = i.street_code
     WHERE i.id BETWEEN $9 AND $10`,
    [paths.key, paths.seq, paths.action, paths.from, paths.to, paths.frac, paths.actor, paths.opinion, firstId, lastId],
  );
  return res.rowCount;
}

/**
 * Drops the secondary (non-unique) indexes of `tables` and returns their definitions, so a bulk load
 * writes heap rows only and the indexes are rebuilt once, sorted, afterwards (`restoreIndexes`).
 * Transactional: a failed load rolls the drop back.
 */
export async function dropSecondaryIndexes(q: Queryable, tables: readonly string[]): Promise<string[]> {
  const { rows } = await q.query<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS def
     FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relname = ANY($1::text[]) AND t.relnamespace = current_schema()::regnamespace
       AND NOT x.indisprimary AND NOT x.indisunique`,
    [tables],
  );
  for (const r of rows) await q.query(`DROP INDEX ${quoteIdent(r.name)}`);
  return rows.map((r) => r.def);
}

export async function restoreIndexes(q: Queryable, definitions: readonly string[]): Promise<void> {
  for (const def of definitions) await q.query(def);
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * With a superuser (always on embedded PGlite; the usual developer setup on PostGIS), switches the
 * transaction to replica mode: foreign-key and change-capture triggers do not fire for the seed rows,
 * whose references are consistent by construction (checked by the dataset integration tests).
 * Other roles load with all checks on, only slower. Returns whether the fast path is on.
 */
export async function enterBulkMode(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
  if (!rows[0]?.rolsuper) return false;
  await q.query(`SET LOCAL session_replication_role = replica`);
  return true;
}
