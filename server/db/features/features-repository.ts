/**
 * Features of the registry's collections for OGC API - Features: pages, single features, extents, counts.
 * One generic implementation for every collection (registry + layer-sources). Geometry leaves as RFC 7946
 * GeoJSON: EPSG:4326 [lng, lat], 7 decimals, polygons with counter-clockwise exterior rings.
 *
 * numberMatched: an exact count over ~400k rows costs ~90 ms, more than the page itself. So
 *  - a page shorter than `limit` yields the count for free (offset + rows);
 *  - otherwise the exact count is cached per selection (collection, bbox, datetime, filters) for
 *    COUNT_TTL_MS, so paging through a result counts once; the first page runs it in parallel with the page.
 *
 * A live collection's page also says where its rows stand in the change feed (`liveSeq`): the head seq read
 * in the same statement, so in the same snapshot as the rows (every change at or below it is in them, none
 * above it is) — a client lays the page under the deltas above that seq (docs/live.md).
 */
import type { CollectionDef, PropertyDef } from '../../protocol/collections.ts';
import { selectionKey, type ItemsQuery, type SortKey } from '../../domain/features/feature-query.ts';
import type { Crs } from '../../domain/geo/crs.ts';
import type { Bbox } from '../../domain/geo/bbox.ts';
import type { Database } from '../core/database.ts';
import { LAYER_SOURCES } from './layer-sources.ts';
import { ident, propertySelect, relation, scopeWhere, selectionWhere, SqlParams, type FeatureQuery } from './features-sql.ts';
import { TtlCache } from './features-cache.ts';
import type { LayerView } from '../../auth/personal-view.ts';
import { HEAD_SEQ_SQL } from '../live/changes-repository.ts';

export interface FeatureRecord {
  id: string | number;
  /** GeoJSON geometry object (null: skipGeometry). */
  geometry: unknown;
  properties: Record<string, unknown>;
}

/** A feature of a page as it leaves the database: its geometry still GeoJSON text (never parsed, only spliced). */
export interface PageFeature {
  id: string | number;
  /** GeoJSON text of the geometry, or null (skipGeometry). */
  geometryJson: string | null;
  properties: Record<string, unknown>;
}

export interface FeaturePage {
  features: PageFeature[];
  numberMatched: number;
  /** Live collections only: the change-feed seq the rows were read at. */
  liveSeq?: number;
}

export interface CollectionExtent {
  /** null when the collection is empty. */
  bbox: Bbox | null;
  /** [start, end] ISO instants of the temporal property, or null. */
  interval: [string | null, string | null] | null;
}

/** A single feature and whether it lies inside the asked scope (a reader outside it gets 403, not the feature). */
export interface ScopedFeature {
  feature: FeatureRecord;
  inScope: boolean;
}

/** `scope` is the reader's jurisdiction (admin code); undefined = unrestricted (internal callers only). */
export interface FeaturesRepository {
  /** `version`: the collection's data version (collection-versions.ts), part of the count cache's key. */
  page(def: CollectionDef, q: ItemsQuery & { scope?: string; view?: LayerView; version?: string }): Promise<FeaturePage>;
  /** `view`: how personal layer properties come back (absent = as stored, internal callers only). */
  get(def: CollectionDef, id: string, scope?: string, view?: LayerView, shape?: FeatureShape): Promise<ScopedFeature | undefined>;
  extent(def: CollectionDef, temporalProperty?: string, scope?: string): Promise<CollectionExtent>;
}

/** How a single feature is returned: its CRS, a subset of properties, no geometry. */
export interface FeatureShape {
  crs?: Crs;
  properties?: string[];
  skipGeometry?: boolean;
}

export interface FeaturesRepositoryOptions {
  countTtlMs?: number;
  extentTtlMs?: number;
}

const COUNT_TTL_MS = 30_000;
const EXTENT_TTL_MS = 60_000;
const GEOJSON_DECIMALS = 7;

type Row = Record<string, unknown> & { __geom: string | null };

/** The geometry as GeoJSON text in the answer's CRS (RFC 7946 ring order first; 4326/4490 flip to lat, lng). */
function geometrySelect(def: CollectionDef, crs?: Crs): string {
  const geom = `ST_ForcePolygonCCW(t.${ident(LAYER_SOURCES[def.id].geometryColumn)})`;
  switch (crs?.axes ?? 'lnglat') {
    case 'latlng':
      return `ST_AsGeoJSON(ST_FlipCoordinates(${geom}), ${crs!.decimals}, 0) AS __geom`;
    case 'mercator':
      return `ST_AsGeoJSON(ST_Transform(${geom}, 3857), ${crs!.decimals}, 0) AS __geom`;
    default:
      return `ST_AsGeoJSON(${geom}, ${GEOJSON_DECIMALS}) AS __geom`;
  }
}

function toRecord(def: CollectionDef, row: Row): FeatureRecord {
  const { __geom, ...properties } = row;
  return { id: properties[def.idProperty] as string | number, geometry: __geom === null ? null : JSON.parse(__geom), properties };
}

/** A page row as a PageFeature: the id property leaves `properties` when `properties=` did not ask for it. */
function toPageFeature(def: CollectionDef, row: Row, keepId: boolean): PageFeature {
  const { __geom, __n: _, ...properties } = row;
  const id = properties[def.idProperty] as string | number;
  if (!keepId) delete properties[def.idProperty];
  return { id, geometryJson: __geom ?? null, properties };
}

/** The registry properties a page selects: all, or those asked for plus the id (features need it). */
function selectedProperties(def: CollectionDef, wanted?: readonly string[]): PropertyDef[] {
  if (!wanted) return [...def.properties];
  const names = new Set([...wanted, def.idProperty]);
  return def.properties.filter((p) => names.has(p.name));
}

/** ORDER BY of a page: the sort keys on the stored columns, then the id (a total, stable order for paging). */
export function pageOrder(def: CollectionDef, sortby: readonly SortKey[] = []): string {
  const keys = sortby.filter((k) => k.name !== def.idProperty).map((k) => `t.${ident(k.name)} ${k.desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`);
  const idDesc = sortby.find((k) => k.name === def.idProperty)?.desc;
  return [...keys, `t.${ident(def.idProperty)}${idDesc ? ' DESC' : ''}`].join(', ');
}

/** The SQL of one items page; exported so the viewport benchmark times exactly this query. */
export function pageQuery(def: CollectionDef, q: FeatureQuery & Omit<ItemsQuery, 'filters'>): { sql: string; params: SqlParams } {
  const params = new SqlParams();
  const where = selectionWhere(LAYER_SOURCES[def.id], q, params);
  const order = pageOrder(def, q.sortby);
  const geometry = q.skipGeometry ? 'NULL::text AS __geom' : geometrySelect(def, q.crs);
  // Page first, then format only the rows of the page; __n keeps the page's order through the live wrapper.
  const sql =
    `SELECT ${propertySelect(def, 't', q.view, selectedProperties(def, q.properties))}, ${geometry}, row_number() OVER (ORDER BY ${order}) AS __n ` +
    `FROM (SELECT t.* FROM ${relation(LAYER_SOURCES[def.id])} t ` +
    `WHERE ${where} ORDER BY ${order} LIMIT ${params.add(q.limit)}::integer OFFSET ${params.add(q.offset)}::bigint) t ORDER BY ${order}`;
  return { sql, params };
}

/**
 * A live collection's page with the feed's head seq from the same snapshot: one statement, so the head and
 * the rows cannot straddle a commit. Always one row at least (an empty page: one row whose __geom is null).
 */
export function livePageQuery(def: CollectionDef, q: FeatureQuery & Omit<ItemsQuery, 'filters'>): { sql: string; params: SqlParams } {
  const { sql, params } = pageQuery(def, q);
  return {
    sql: `SELECT p.*, h.__live_seq FROM (SELECT ${HEAD_SEQ_SQL} AS __live_seq) h LEFT JOIN (${sql}) p ON true ORDER BY p.__n`,
    params,
  };
}

export function createFeaturesRepository(db: Database, opts: FeaturesRepositoryOptions = {}): FeaturesRepository {
  const counts = new TtlCache<number>(opts.countTtlMs ?? COUNT_TTL_MS, 1_000);
  const extents = new TtlCache<CollectionExtent>(opts.extentTtlMs ?? EXTENT_TTL_MS, 100);

  async function count(def: CollectionDef, sel: FeatureQuery & { version?: string }): Promise<number> {
    const key = `${sel.version ?? ''}|${selectionKey(def.id, sel)}`;
    const cached = counts.get(key);
    if (cached !== undefined) return cached;
    const params = new SqlParams();
    const where = selectionWhere(LAYER_SOURCES[def.id], sel, params);
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM ${relation(LAYER_SOURCES[def.id])} t WHERE ${where}`,
      params.values,
    );
    const n = rows[0]!.n;
    counts.set(key, n);
    return n;
  }

  return {
    async page(def, q) {
      const { sql, params } = def.live ? livePageQuery(def, q) : pageQuery(def, q);
      const key = `${q.version ?? ''}|${selectionKey(def.id, q)}`;
      // A first page that fills `limit` will need the exact count: start it alongside the page.
      const early = q.offset === 0 && counts.get(key) === undefined ? count(def, q) : undefined;
      early?.catch(() => undefined);
      const { rows } = await db.query<Row & { __live_seq?: number }>(sql, params.values);
      const liveSeq = def.live ? Number(rows[0]?.__live_seq ?? 0) : undefined;
      // A live page's empty answer is one row of nulls (the head seq joined to no row).
      const found = def.live ? rows.filter((r) => r[def.idProperty] !== null && r[def.idProperty] !== undefined) : rows;
      const keepId = !q.properties || q.properties.includes(def.idProperty);
      const features = found.map(({ __live_seq: _, ...r }) => toPageFeature(def, r as Row, keepId));
      let numberMatched: number;
      if (features.length > 0 && features.length < q.limit) numberMatched = q.offset + features.length;
      else if (features.length === 0 && q.offset === 0) numberMatched = 0;
      else numberMatched = await (early ?? count(def, q));
      if (features.length < q.limit && (features.length > 0 || q.offset === 0)) counts.set(key, numberMatched);
      return liveSeq === undefined ? { features, numberMatched } : { features, numberMatched, liveSeq };
    },

    async get(def, id, scope, view, shape = {}) {
      const params = new SqlParams();
      const source = LAYER_SOURCES[def.id];
      const where = selectionWhere(source, { filters: [] }, params);
      const inScope = scope === undefined ? 'true' : scopeWhere(source, scope, params);
      const { rows } = await db.query<Row & { __in_scope: boolean }>(
        `SELECT ${propertySelect(def, 't', view, selectedProperties(def, shape.properties))}, ${shape.skipGeometry ? 'NULL::text AS __geom' : geometrySelect(def, shape.crs)}, ` +
          `COALESCE(${inScope}, false) AS __in_scope FROM ${relation(source)} t ` +
          `WHERE ${where} AND t.${ident(def.idProperty)}::text = ${params.add(id)}::text LIMIT 1`,
        params.values,
      );
      if (!rows[0]) return undefined;
      const { __in_scope, ...row } = rows[0];
      const feature = toRecord(def, row as Row);
      if (shape.properties && !shape.properties.includes(def.idProperty)) delete feature.properties[def.idProperty];
      return { feature, inScope: __in_scope === true };
    },

    async extent(def, temporalProperty, scope) {
      const key = `${def.id}|${temporalProperty ?? ''}|${scope ?? ''}`;
      const cached = extents.get(key);
      if (cached) return cached;
      const params = new SqlParams();
      const source = LAYER_SOURCES[def.id];
      const where = selectionWhere(source, { filters: [], scope }, params);
      const t = temporalProperty ? `t.${ident(temporalProperty)}` : 'NULL::timestamptz';
      const { rows } = await db.query<{ xmin: number | null; ymin: number; xmax: number; ymax: number; tmin: string | null; tmax: string | null }>(
        `SELECT ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax, ST_YMax(e) AS ymax, tmin, tmax FROM (
           SELECT ST_Extent(t.${ident(source.geometryColumn)})::geometry AS e,
                  to_char(min(${t}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS tmin,
                  to_char(max(${t}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS tmax
           FROM ${relation(source)} t WHERE ${where}) s`,
        params.values,
      );
      const r = rows[0]!;
      const round = (n: number, dir: 'down' | 'up') => (dir === 'down' ? Math.floor(n * 1e6) : Math.ceil(n * 1e6)) / 1e6;
      const result: CollectionExtent = {
        bbox: r.xmin === null ? null : [round(r.xmin, 'down'), round(r.ymin, 'down'), round(r.xmax, 'up'), round(r.ymax, 'up')],
        interval: temporalProperty ? [r.tmin, r.tmax] : null,
      };
      extents.set(key, result);
      return result;
    },
  };
}
