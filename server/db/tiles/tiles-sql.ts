/**
 * SQL shared by both tile encoders, so that they select, clip, simplify and aggregate identically:
 *  - feature rows: the collection's tile properties (its id and styling fields, declared in
 *    server/protocol/collections.ts) + the geometry prepared in EPSG:3857 (polygons clipped to the
 *    buffered tile and simplified to a fraction of a tile pixel);
 *  - aggregated bins (point layers below their minZoom): count and mean position per cell of a
 *    BIN_CELLS x BIN_CELLS grid over the tile.
 * Each encoder wraps these in its own last step (ST_AsMVT on PostGIS, JS on embedded PGlite).
 */
import { tilePropertyDefs, type CollectionDef } from '../../protocol/collections.ts';
import {
  MERCATOR_HALF, mercatorToLngLat, tileBoundsMercator, tileEdgeLat, tileEdgeLng, tileSizeMetres, type TileCoord,
} from '../../domain/geo/bbox.ts';
import type { PropertyFilter } from '../../domain/features/feature-query.ts';
import type { Database, Queryable } from '../core/database.ts';
import { LAYER_SOURCES, type LayerSource } from '../features/layer-sources.ts';
import type { LayerView } from '../../auth/personal-view.ts';
import { ident, propertySelect, readableGeometry, relation, selectionWhere, SqlParams, type FeatureQuery } from '../features/features-sql.ts';

export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
/** Cells per tile side for aggregated bins: 128 tile units, i.e. 16 px of a 512-px (MapLibre) tile. */
export const BIN_CELLS = 32;
/** Polygon simplification tolerance in tile units (1/8 px of a 512-px tile). */
export const SIMPLIFY_UNITS = 1;

/**
 * A point tile never carries more than this many features: a denser tile is served as aggregated bins
 * (like tiles below minZoom), so no zoom can produce multi-megabyte tiles (≈125 bytes per camera feature).
 */
export const MAX_TILE_FEATURES = 8_000;

export interface TileRequest {
  def: CollectionDef;
  tile: TileCoord;
  filters: readonly PropertyFilter[];
  /** A time window on the collection's temporal property (e.g. incidents' reported_at), as on /ogc items. */
  datetime?: FeatureQuery['datetime'];
  /** The reader's jurisdiction (admin code): only features inside it. Absent = unrestricted (internal use). */
  scope?: string;
  /** How personal layer properties are encoded (LAYER_PERSONAL); absent = as stored (internal use). */
  view?: LayerView;
}

/** What a tile of a collection holds at a zoom: features, aggregated bins (dense point layers), or nothing. */
export type TileMode = 'features' | 'bins' | 'empty';

export function tileMode(def: CollectionDef, z: number): TileMode {
  if (z >= def.minZoom) return 'features';
  return def.geometryType === 'Point' ? 'bins' : 'empty';
}

/**
 * The mode a tile is actually served in: like tileMode, but a point tile over MAX_TILE_FEATURES is
 * aggregated. The count stops at the cap, so it costs little even in the densest tile.
 */
export async function chooseMode(db: Queryable, req: TileRequest): Promise<TileMode> {
  const mode = tileMode(req.def, req.tile.z);
  if (mode !== 'features' || req.def.geometryType !== 'Point') return mode;
  const params = new SqlParams();
  const source = LAYER_SOURCES[req.def.id];
  const box = lngLatEnvelope(req.tile, TILE_BUFFER);
  const where = selectionWhere(source, { filters: req.filters, scope: req.scope, datetime: req.datetime }, params);
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::integer AS n FROM (SELECT 1 FROM ${relation(source)} t WHERE ${inTile(source, box)} AND ${where} LIMIT ${MAX_TILE_FEATURES + 1}) s`,
    params.values,
  );
  return rows[0]!.n > MAX_TILE_FEATURES ? 'bins' : 'features';
}

/**
 * Runs one tile's queries with parallel query off. Measured on 400k cameras: a parallel ST_AsMVT tile took
 * 3-5x longer (the Gather and the partial-aggregate combine cost more than a tile's few thousand rows) and
 * came out bigger (each worker writes its own key/value tables).
 */
export function withoutParallelQuery<T>(db: Database, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec('SET LOCAL max_parallel_workers_per_gather = 0');
    return fn(tx);
  });
}

/**
 * For the bins query (in the same transaction): the planner misjudges how many points a low-zoom tile
 * holds (PostGIS estimated 10 of 400,000) and sorts them all to group ≤ 1,024 cells; hashing is what
 * fits. Measured at 400k points: 1.25 s sorted, 1.06 s hashed, under load.
 */
export async function preferHashAggregate(q: Queryable): Promise<void> {
  await q.query("SELECT set_config('enable_sort', 'off', true)");
}

/** Web Mercator x and y (metres) of a 4326 point column by plain arithmetic: ST_Transform per point costs several times more. */
function mercatorXY(geom: string): { x: string; y: string } {
  const lat = `least(85.0511287798, greatest(-85.0511287798, ST_Y(${geom})))`;
  return {
    x: `(ST_X(${geom}) * ${MERCATOR_HALF} / 180)`,
    y: `(ln(tan(radians(90 + ${lat}) / 2)) * ${MERCATOR_HALF} / pi())`,
  };
}

/** Tile geometry numbers both encoders need. */
export interface TileFrame {
  xmin: number;
  ymax: number;
  /** Tile units per metre. */
  scale: number;
}

export function tileFrame(tile: TileCoord): TileFrame {
  const [xmin, , , ymax] = tileBoundsMercator(tile);
  return { xmin, ymax, scale: TILE_EXTENT / tileSizeMetres(tile.z) };
}

/**
 * A number computed here from a validated tile (never user text), written into the SQL as a literal so the
 * planner sees the tile's envelopes as constants (EXPLAIN shows them, and nothing depends on how a driver
 * binds parameters). User filter values always stay bind parameters.
 */
export function literal(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`Not a finite number: ${v}`);
  return Number.isInteger(v) ? String(v) : `${v.toPrecision(17)}::float8`;
}

/** The tile grown by `units` tile units on every side, in EPSG:3857 metres (kept a little inside ±180°). */
function grownBounds(tile: TileCoord, units: number): number[] {
  const [x1, y1, x2, y2] = tileBoundsMercator(tile);
  const m = (units / TILE_EXTENT) * (x2 - x1);
  return [x1 - m, y1 - m, x2 + m, y2 + m].map((v) => Math.max(-MERCATOR_HALF, Math.min(MERCATOR_HALF, v)));
}

const envelopeSql = (vals: number[], srid: number) => `ST_MakeEnvelope(${vals.map((v) => `${literal(v)}::float8`).join(', ')}, ${srid})`;

/** The grown tile as a 3857 envelope. */
function mercatorEnvelope(tile: TileCoord, units: number): string {
  return envelopeSql(grownBounds(tile, units), 3857);
}

/** The grown tile as a lng/lat box, for the GiST index on the 4326 geometry. */
function lngLatEnvelope(tile: TileCoord, units: number): string {
  const [x1, y1, x2, y2] = grownBounds(tile, units) as [number, number, number, number];
  const [lng1, lat1] = mercatorToLngLat(x1, y1);
  const [lng2, lat2] = mercatorToLngLat(x2, y2);
  return envelopeSql([lng1, lat1, lng2, lat2], 4326);
}

/**
 * The rows whose true geometry meets the (buffered) tile box: && (the GiST index, single-precision boxes) for
 * the candidates, ST_Intersects on the readable geometry (double precision) for the answer, as bbox queries do.
 */
function inTile(source: LayerSource, box: string): string {
  return `(t.${ident(source.geometryColumn)} && ${box} AND ST_Intersects(${readableGeometry(source)}, ${box}))`;
}

/** `ST_TileEnvelope(z, x, y)`. */
export function tileEnvelope(tile: TileCoord): string {
  return `ST_TileEnvelope(${literal(tile.z)}, ${literal(tile.x)}, ${literal(tile.y)})`;
}

/** The columns a tile carries for a collection (tileColumns of featureRowsSql's rows). */
export function tileColumns(def: CollectionDef, alias: string): string {
  return tilePropertyDefs(def).map((p) => `${alias}.${ident(p.name)}`).join(', ');
}

/**
 * Rows of `<tile properties>, <geometry in 3857> AS __g` for the features of one tile (buffer included).
 * Polygons start from the readable geometry (features-sql.ts): a row stored invalid is drawn as ST_MakeValid
 * makes it instead of failing the whole tile.
 */
export function featureRowsSql(req: TileRequest, params: SqlParams): string {
  const source = LAYER_SOURCES[req.def.id];
  const geom = `t.${ident(source.geometryColumn)}`;
  const xy = mercatorXY(geom);
  let prepared = `ST_SetSRID(ST_MakePoint(${xy.x}, ${xy.y}), 3857)`;
  if (req.def.geometryType !== 'Point') {
    prepared = `ST_Transform(${readableGeometry(source)}, 3857)`;
    const tolerance = SIMPLIFY_UNITS / tileFrame(req.tile).scale;
    const clip = mercatorEnvelope(req.tile, TILE_BUFFER);
    prepared = `ST_SimplifyPreserveTopology(ST_ClipByBox2D(${prepared}, ${clip}::box2d), ${literal(tolerance)})`;
  }
  const box = lngLatEnvelope(req.tile, TILE_BUFFER);
  const where = selectionWhere(source, { filters: req.filters, scope: req.scope, datetime: req.datetime }, params);
  return `SELECT ${propertySelect(req.def, 't', req.view, tilePropertyDefs(req.def))}, ${prepared} AS __g FROM ${relation(source)} t WHERE ${inTile(source, box)} AND ${where}`;
}

/**
 * Rows of `cell, count, mx, my` (mean position in 3857 metres) for the aggregated bins of one tile.
 * Cells are the tiles of zoom z+5 inside this tile (BIN_CELLS = 32), found with width_bucket over their
 * edge longitudes/latitudes: no per-point projection, and the edge shared by two tiles is the same number
 * in both, so with half-open cells every point counts in exactly one tile and cell (the index box is one
 * tile unit wider so that rounding never drops a point on the edge).
 */
export function binRowsSql(req: TileRequest, params: SqlParams): string {
  const source = LAYER_SOURCES[req.def.id];
  const geom = `t.${ident(source.geometryColumn)}`;
  const { z, x, y } = req.tile;
  const cz = z + Math.log2(BIN_CELLS);
  const edges = Array.from({ length: BIN_CELLS + 1 }, (_, k) => k);
  // Ascending for width_bucket: longitudes west→east, latitudes south→north.
  const lngs = edges.map((k) => literal(tileEdgeLng(x * BIN_CELLS + k, cz)));
  const lats = edges.map((k) => literal(tileEdgeLat((y + 1) * BIN_CELLS - k, cz)));
  const where = selectionWhere(source, { filters: req.filters, scope: req.scope, datetime: req.datetime }, params);
  const lat = `least(85.0511287798, greatest(-85.0511287798, g.lat))`;
  // Grouped first, filtered after (a filter on the computed cells inside the scan misleads the planner);
  // OFFSET 0 keeps ST_X/ST_Y to one call each per point.
  return `SELECT (g.cy * ${BIN_CELLS} + g.cx) AS cell, g.n AS count,
        g.lng * ${MERCATOR_HALF} / 180 AS mx, ln(tan(radians(90 + ${lat}) / 2)) * ${MERCATOR_HALF} / pi() AS my
      FROM (SELECT cx, cy, count(*)::integer AS n, avg(lng) AS lng, avg(lat) AS lat
            FROM (SELECT width_bucket(p.lng, ARRAY[${lngs.join(', ')}]::float8[]) - 1 AS cx,
                         ${BIN_CELLS} - width_bucket(p.lat, ARRAY[${lats.join(', ')}]::float8[]) AS cy, p.lng, p.lat
                  FROM (SELECT ST_X(${geom}) AS lng, ST_Y(${geom}) AS lat
                        FROM ${relation(source)} t WHERE ${geom} && ${lngLatEnvelope(req.tile, 1)} AND ${where} OFFSET 0) p) c
            GROUP BY cx, cy) g
      WHERE g.cx >= 0 AND g.cx < ${BIN_CELLS} AND g.cy >= 0 AND g.cy < ${BIN_CELLS}`;
}
