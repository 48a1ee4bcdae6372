/**
 * Coverage in PostGIS: each working camera's sector (analysis_camera_sector, migration 040: position, compass
 * direction, field of view, range by PTZ type) unioned per grid → share of the grid's area seen and the blind-spot
 * polygon, stored in grid_camera_coverage (the risk model reads it); and the grid rows the response coverage needs.
 */
import type { Geometry } from 'geojson';
import type { Queryable } from '../core/database.ts';
import { LAYER_SOURCES } from '../features/layer-sources.ts';
import { readableGeometry, scopeWhere, SqlParams } from '../features/features-sql.ts';
import { inJurisdiction } from '../../auth/jurisdiction.ts';
import { scopeCodesOf } from '../features/layer-sources.ts';
import { CAMERA_RANGE_M, SECTOR_SEGMENTS_PER_CIRCLE } from '../../domain/analysis/model-config.ts';

/** Degrees a grid's box is grown by to find the cameras whose sector may reach it (> the longest range here). */
const REACH_DEG = 0.0025;

/** The sector SQL of camera alias `c` (range by PTZ type from the config; a missing direction/fov = a full circle). */
function sectorSql(params: SqlParams): string {
  const ranges = `${params.add(JSON.stringify(CAMERA_RANGE_M))}::jsonb`;
  return `analysis_camera_sector(c.geom, COALESCE(c.direction_deg, 0), COALESCE(c.fov_deg, 360),
            COALESCE((${ranges} ->> c.ptz_type::text)::float8, 50), ${params.add(SECTOR_SEGMENTS_PER_CIRCLE)}::integer)`;
}

/** Per grid of `codes`: area, area seen, cameras reaching it and the blind-spot polygon (computed now). */
function coverageSelect(params: SqlParams, codes: string): string {
  const g = readableGeometry(LAYER_SOURCES.grids, 'g');
  return `SELECT x.code, x.area, COALESCE(ST_Area(ST_Intersection(x.geom, x.seen)::geography), 0) AS seen_m2, x.cameras,
            ST_Multi(ST_CollectionExtract(CASE WHEN x.seen IS NULL THEN x.geom ELSE ST_Difference(x.geom, x.seen) END, 3)) AS blind
     FROM (
       SELECT g.code, ${g} AS geom, ST_Area(g.geom::geography) AS area, count(c.id)::integer AS cameras,
              ST_UnaryUnion(ST_Collect(${sectorSql(params)}) FILTER (WHERE c.id IS NOT NULL)) AS seen
       FROM grids g
       LEFT JOIN cameras c ON c.status = 'ON' AND c.geom && ST_Expand(g.geom, ${REACH_DEG})
       WHERE g.code = ANY(${codes}::text[])
       GROUP BY g.code, g.geom, g.geom_valid
     ) x`;
}

/** Grid codes of a scope, in code order. */
export async function gridCodes(db: Queryable, scope: string): Promise<string[]> {
  const params = new SqlParams();
  const { rows } = await db.query<{ code: string }>(`SELECT g.code FROM grids g WHERE ${scopeWhere(LAYER_SOURCES.grids, scope, params, 'g')} ORDER BY g.code`, params.values);
  return rows.map((r) => r.code);
}

/** Computes and stores the camera coverage of these grids (one statement). */
export async function refreshCoverage(db: Queryable, codes: readonly string[], at = new Date()): Promise<void> {
  if (!codes.length) return;
  const params = new SqlParams();
  const list = params.add(codes);
  const select = coverageSelect(params, list);
  await db.query(
    `INSERT INTO grid_camera_coverage (grid_code, area_m2, seen_m2, seen_share, cameras, blind_geom, computed_at)
     SELECT s.code, s.area, least(s.seen_m2, s.area), CASE WHEN s.area > 0 THEN least(1, s.seen_m2 / s.area) ELSE 0 END, s.cameras,
            CASE WHEN ST_IsEmpty(s.blind) THEN NULL ELSE s.blind END, ${params.add(at.toISOString())}::timestamptz
     FROM (${select}) s
     ON CONFLICT (grid_code) DO UPDATE SET area_m2 = EXCLUDED.area_m2, seen_m2 = EXCLUDED.seen_m2, seen_share = EXCLUDED.seen_share,
       cameras = EXCLUDED.cameras, blind_geom = EXCLUDED.blind_geom, computed_at = EXCLUDED.computed_at`,
    params.values,
  );
}

export interface CoverageRow {
  grid_code: string;
  name: string;
  area_m2: number;
  seen_m2: number;
  seen_share: number;
  cameras: number;
  computed_at: Date;
  blind: Geometry | null;
}

/** The stored coverage of a scope's grids (or of one grid), blind spots simplified to ~5 m. */
export async function storedCoverage(db: Queryable, scope: string, grid?: string): Promise<(CoverageRow & Record<string, unknown>)[]> {
  const params = new SqlParams();
  const where = [scopeWhere(LAYER_SOURCES.grids, scope, params, 'g')];
  if (grid) where.push(`g.code = ${params.add(grid)}`);
  const { rows } = await db.query<CoverageRow & Record<string, unknown>>(
    `SELECT v.grid_code, g.name, v.area_m2, v.seen_m2, v.seen_share, v.cameras, v.computed_at,
            ST_AsGeoJSON(ST_SimplifyPreserveTopology(v.blind_geom, 0.00005), 6)::jsonb AS blind
     FROM grid_camera_coverage v JOIN grids g ON g.code = v.grid_code
     WHERE ${where.join(' AND ')} ORDER BY v.grid_code`,
    params.values,
  );
  return rows;
}

/**
 * The grids of a scope with a point inside each (travel times are measured to it: ST_PointOnSurface) and a simplified
 * outline, as columns in order of code: the city's 6,249 grids reach the server's thread as a
 * dozen rows of a few values each — codes and names as JSON arrays, population and the inner point's coordinates
 * as packed binary (int4send, float8send: the same numbers as the text the driver would parse), the outlines as
 * one text split at a separator GeoJSON never holds — instead of 6,249 row objects and their strings, which the
 * young-generation collector copies when it meets them alive (tens of milliseconds with the thread stopped).
 * Missing values read as population and coordinates 0, outline null; `outlines: false` leaves the outlines out
 * (all null).
 */
export interface GridPlaceColumns {
  codes: string[];
  names: string[];
  population: Int32Array;
  lng: Float64Array;
  lat: Float64Array;
  /** Simplified outlines as GeoJSON text (spliced into answers, never parsed); null for a grid without geometry. */
  outlines: (string | null)[];
}

/** Separates the outlines of gridPlaceColumns (ASCII record separator: not in ST_AsGeoJSON's output). */
const OUTLINE_SEPARATOR = '\u001e';

/** Grids per row of gridPlaceColumns: each row (~0.2 MB) is parsed as it arrives, between other work. */
const PLACES_PER_ROW = 512;

export async function gridPlaceColumns(db: Queryable, scope: string, opts: { outlines: boolean } = { outlines: true }): Promise<GridPlaceColumns> {
  const params = new SqlParams();
  const outline = opts.outlines ? 'ST_AsGeoJSON(ST_SimplifyPreserveTopology(g.geom, 0.0001), 6)' : 'NULL::text';
  const inScope = scopeWhere(LAYER_SOURCES.grids, scope, params, 'g');
  const { rows } = await db.query<{ codes: string[]; names: string[]; population: Buffer; lng: Buffer; lat: Buffer; outlines: string; n: number }>(
    `SELECT json_agg(x.code ORDER BY x.code) AS codes, json_agg(x.name ORDER BY x.code) AS names,
            string_agg(int4send(COALESCE(x.population, 0)), ''::bytea ORDER BY x.code) AS population,
            string_agg(float8send(COALESCE(ST_X(x.pt), 0)), ''::bytea ORDER BY x.code) AS lng,
            string_agg(float8send(COALESCE(ST_Y(x.pt), 0)), ''::bytea ORDER BY x.code) AS lat,
            string_agg(COALESCE(x.outline, ''), chr(30) ORDER BY x.code) AS outlines, count(*)::integer AS n
     FROM (SELECT (row_number() OVER (ORDER BY g.code) - 1) / ${params.add(PLACES_PER_ROW)}::integer AS piece, g.code, g.name, g.population, p.pt,
                  ${outline} AS outline
           FROM grids g CROSS JOIN LATERAL (SELECT ST_PointOnSurface(${readableGeometry(LAYER_SOURCES.grids, 'g')}) AS pt) p
           WHERE ${inScope}) x
     GROUP BY x.piece ORDER BY x.piece`,
    params.values,
  );
  const total = rows.reduce((n, r) => n + r.n, 0);
  const out: GridPlaceColumns = { codes: [], names: [], population: new Int32Array(total), lng: new Float64Array(total), lat: new Float64Array(total), outlines: [] };
  let at = 0;
  for (const r of rows) {
    for (let i = 0; i < r.n; i++, at++) {
      out.codes.push(r.codes[i]!);
      out.names.push(r.names[i]!);
      out.population[at] = r.population.readInt32BE(4 * i);
      out.lng[at] = r.lng.readDoubleBE(8 * i);
      out.lat[at] = r.lat.readDoubleBE(8 * i);
    }
    for (const o of r.outlines.split(OUTLINE_SEPARATOR)) out.outlines.push(o || null);
  }
  return out;
}

/** One grid's grade as stored, if the grid lies inside the scope. */
export async function gridGrade(db: Queryable, code: string, scope: string) {
  const { rows } = await db.query<{
    code: string; name: string; district_code: string; street_code: string; community_code: string; risk_level: string | null;
    risk_score: number | null; risk_factors: Record<string, number> | null; risk_model_version: string | null; risk_computed_at: Date | null;
  }>(
    `SELECT code, name, district_code, street_code, community_code, risk_level, risk_score, risk_factors, risk_model_version, risk_computed_at
     FROM grids WHERE code = $1`,
    [code],
  );
  const g = rows[0];
  if (!g || !inJurisdiction(scope, scopeCodesOf(LAYER_SOURCES.grids, g))) return null;
  return { ...g, risk_score: g.risk_score === null ? null : Number(g.risk_score) };
}
