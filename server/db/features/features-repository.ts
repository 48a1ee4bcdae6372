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
import type { CollectionDef } from '../../protocol/collections.ts';
import { selectionKey, type ItemsQuery } from '../../domain/features/feature-query.ts';
import type { Bbox } from '../../domain/geo/bbox.ts';
import type { Database } from '../core/database.ts';
import { LAYER_SOURCES } from './layer-sources.ts';
import { ident, propertySelect, relation, scopeWhere, selectionWhere, SqlParams, type FeatureQuery } from './features-sql.ts';
import { TtlCache } from './features-cache.ts';
import type { LayerView } from '../../auth/personal-view.ts';
import { HEAD_SEQ_SQL } from '../live/changes-repository.ts';

export interface FeatureRecord {
  id: string | number;
  /** GeoJSON geometry object. */
  geometry: unknown;
  properties: Record<string, unknown>;
}

export interface FeaturePage {
  features: FeatureRecord[];
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
  page(def: CollectionDef, q: ItemsQuery & { scope?: string; view?: LayerView }): Promise<FeaturePage>;
  /** `view`: how personal layer properties come back (absent = as stored, internal callers only). */
  get(def: CollectionDef, id: string, scope?: string, view?: LayerView): Promise<ScopedFeature | undefined>;
  extent(def: CollectionDef, temporalProperty?: string, scope?: string): Promise<CollectionExtent>;
}

export interface FeaturesRepositoryOptions {
  countTtlMs?: number;
  extentTtlMs?: number;
}

const COUNT_TTL_MS = 30_000;
const EXTENT_TTL_MS = 60_000;
const GEOJSON_DECIMALS = 7;

type Row = Record<string, unknown> & { __geom: string };

function geometrySelect(def: CollectionDef): string {
  const geom = `t.${ident(LAYER_SOURCES[def.id].geometryColumn)}`;
  return `ST_AsGeoJSON(ST_ForcePolygonCCW(${geom}), ${GEOJSON_DECIMALS}) AS __geom`;
}

const selection = (def: CollectionDef, sel: FeatureQuery): FeatureQuery => ({ ...sel, points: def.geometryType === 'Point' });

function toRecord(def: CollectionDef, row: Row): FeatureRecord {
  const { __geom, ...properties } = row;
  return { id: properties[def.idProperty] as string | number, geometry: JSON.parse(__geom), properties };
}

/** The SQL of one items page; exported so the viewport benchmark times exactly this query. */
export function pageQuery(def: CollectionDef, q: FeatureQuery & { limit: number; offset: number }): { sql: string; params: SqlParams } {
  const params = new SqlParams();
  const where = selectionWhere(LAYER_SOURCES[def.id], selection(def, q), params);
  const order = `t.${ident(def.idProperty)}`;
  // Page first, then format only the rows of the page.
  const sql =
    `SELECT ${propertySelect(def, 't', q.view)}, ${geometrySelect(def)} FROM (SELECT t.* FROM ${relation(LAYER_SOURCES[def.id])} t ` +
    `WHERE ${where} ORDER BY ${order} LIMIT ${params.add(q.limit)}::integer OFFSET ${params.add(q.offset)}::bigint) t ORDER BY ${order}`;
  return { sql, params };
}

/**
 * A live collection's page with the feed's head seq from the same snapshot: one statement, so the head and
 * the rows cannot straddle a commit. Always one row at least (an empty page: one row whose __geom is null).
 */
export function livePageQuery(def: CollectionDef, q: FeatureQuery & { limit: number; offset: number }): { sql: string; params: SqlParams } {
  const { sql, params } = pageQuery(def, q);
  return {
    sql: `SELECT p.*, h.__live_seq FROM (SELECT ${HEAD_SEQ_SQL} AS __live_seq) h LEFT JOIN (${sql}) p ON true ORDER BY p.${ident(def.idProperty)}`,
    params,
  };
}

export function createFeaturesRepository(db: Database, opts: FeaturesRepositoryOptions = {}): FeaturesRepository {
  const counts = new TtlCache<number>(opts.countTtlMs ?? COUNT_TTL_MS, 1_000);
  const extents = new TtlCache<CollectionExtent>(opts.extentTtlMs ?? EXTENT_TTL_MS, 100);

  async function count(def: CollectionDef, sel: FeatureQuery): Promise<number> {
    const key = selectionKey(def.id, sel);
    const cached = counts.get(key);
    if (cached !== undefined) return cached;
    const params = new SqlParams();
    const where = selectionWhere(LAYER_SOURCES[def.id], selection(def, sel), params);
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
      const key = selectionKey(def.id, q);
      // A first page that fills `limit` will need the exact count: start it alongside the page.
      const early = q.offset === 0 && counts.get(key) === undefined ? count(def, q) : undefined;
      early?.catch(() => undefined);
      const { rows } = await db.query<Row & { __live_seq?: number }>(sql, params.values);
      const liveSeq = def.live ? Number(rows[0]?.__live_seq ?? 0) : undefined;
      // A live page's empty answer is one row of nulls (the head seq joined to no row).
      const found = def.live ? rows.filter((r) => r[def.idProperty] !== null && r[def.idProperty] !== undefined) : rows;
      const features = found.map(({ __live_seq: _, ...r }) => toRecord(def, r as Row));
      let numberMatched: number;
      if (features.length > 0 && features.length < q.limit) numberMatched = q.offset + features.length;
      else if (features.length === 0 && q.offset === 0) numberMatched = 0;
      else numberMatched = await (early ?? count(def, q));
      if (features.length < q.limit && (features.length > 0 || q.offset === 0)) counts.set(key, numberMatched);
      return liveSeq === undefined ? { features, numberMatched } : { features, numberMatched, liveSeq };
    },

    async get(def, id, scope, view) {
      const params = new SqlParams();
      const source = LAYER_SOURCES[def.id];
      const where = selectionWhere(source, { filters: [] }, params);
      const inScope = scope === undefined ? 'true' : scopeWhere(source, scope, params);
      const { rows } = await db.query<Row & { __in_scope: boolean }>(
        `SELECT ${propertySelect(def, 't', view)}, ${geometrySelect(def)}, COALESCE(${inScope}, false) AS __in_scope FROM ${relation(source)} t ` +
          `WHERE ${where} AND t.${ident(def.idProperty)}::text = ${params.add(id)}::text LIMIT 1`,
        params.values,
      );
      if (!rows[0]) return undefined;
      const { __in_scope, ...row } = rows[0];
      return { feature: toRecord(def, row as Row), inScope: __in_scope === true };
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
