/**
 * The risk model's measurements per grid, in one statement (PostGIS does the aggregation), and the batched write
 * of grades. The rules (weights, saturation, thresholds) are the pure model (server/domain/analysis/risk-model.ts);
 * this file only measures and stores.
 *
 * The measurements come back through a cursor, a chunk of rows per FETCH, not as one result of 6,249 rows: a
 * whole result is 6,249 row objects alive at once on the server's thread, and the young-generation scavenge that
 * meets them copies them all (30-60 ms with the event loop stopped). A chunk is graded and dropped before the
 * next is fetched, so the collector only ever finds one chunk alive. Plain SQL (DECLARE / FETCH / CLOSE in one
 * transaction), the same on PGlite, where that transaction holds the one connection until the last chunk is graded
 * (tens of ms beyond the query). PostgreSQL runs a cursor's query without parallel workers, which on the server's
 * two cores is also the faster way (the workers took the core the server's thread needed).
 */
import type { Database, Queryable, Row } from '../core/database.ts';
import { LAYER_SOURCES } from '../features/layer-sources.ts';
import { scopeWhere, SqlParams } from '../features/features-sql.ts';
import type { RawFactors } from '../../domain/analysis/risk-model.ts';
import { RISK_MODEL } from '../../domain/analysis/model-config.ts';
import type { Target } from '../../domain/analysis/nearest.ts';

export interface GridMeasure extends Omit<RawFactors, 'fireMinutes' | 'policeMinutes'> {
  /** A point inside the grid (ST_PointOnSurface): where travel times are measured to. */
  lng: number;
  lat: number;
  code: string;
  oldLevel: string | null;
  oldScore: number | null;
  oldVersion: string | null;
  districtCode: string;
  streetCode: string;
  communityCode: string;
}

/** The measurement statement of the grids of `scope` at `now`, ordered by code. */
function measureStatement(scope: string, now: Date): { sql: string; params: unknown[] } {
  const m = RISK_MODEL;
  const params = new SqlParams();
  const inScope = scopeWhere(LAYER_SOURCES.grids, scope, params, 'g');
  const nowP = `${params.add(now.toISOString())}::timestamptz`;
  const windowStart = `${nowP} - make_interval(days => ${params.add(m.incidents.windowDays)}::integer)`;
  const catW = `${params.add(JSON.stringify(m.incidents.categoryWeights))}::jsonb`;
  const otherW = `${params.add(m.incidents.otherWeight)}::float8`;
  const half = `${params.add(m.incidents.halfLifeDays)}::float8`;
  const gradeW = `${params.add(JSON.stringify(m.fireHazards.gradeWeights))}::jsonb`;
  const overdue = `${params.add(m.fireHazards.overdueFactor)}::float8`;
  const sql = `WITH g AS MATERIALIZED (
       SELECT g.code, g.risk_level, g.risk_score, g.risk_model_version, g.district_code, g.street_code, g.community_code,
              ST_Area(g.geom::geography) / 1e6 AS km2, ST_PointOnSurface(g.geom) AS c
       FROM grids g WHERE ${inScope}),
     inc AS (
       SELECT t.grid_code, sum(COALESCE((${catW} ->> t.category)::float8, ${otherW})
                 * exp(-ln(2.0)::float8 * extract(epoch FROM (${nowP} - t.reported_at))::float8 / 86400.0 / ${half})) AS v
       FROM incidents t WHERE t.reported_at >= ${windowStart} AND t.reported_at <= ${nowP} AND t.grid_code IS NOT NULL
       GROUP BY t.grid_code),
     fh AS (
       SELECT h.grid_code, sum(COALESCE((${gradeW} ->> h.grade)::float8, 1) * CASE WHEN h.deadline < (${nowP})::date THEN ${overdue} ELSE 1 END) AS v
       FROM fire_hazards h WHERE h.status <> 'CLOSED' AND h.grid_code IS NOT NULL GROUP BY h.grid_code),
     rh AS (
       SELECT r.grid_code, count(*) AS units, sum(r.floating_count) AS floating
       FROM rental_housing r WHERE r.grid_code IS NOT NULL GROUP BY r.grid_code)
     SELECT g.code, g.risk_level, g.risk_score, g.risk_model_version, g.district_code, g.street_code, g.community_code,
            COALESCE(inc.v, 0) AS incidents, COALESCE(fh.v, 0) AS hazards,
            COALESCE(rh.units, 0) / greatest(g.km2, 0.01) AS rental, COALESCE(rh.floating, 0) / greatest(g.km2, 0.01) AS floating,
            1 - cov.seen_share AS unseen, ST_X(g.c) AS lng, ST_Y(g.c) AS lat
     FROM g LEFT JOIN inc ON inc.grid_code = g.code LEFT JOIN fh ON fh.grid_code = g.code LEFT JOIN rh ON rh.grid_code = g.code
     LEFT JOIN grid_camera_coverage cov ON cov.grid_code = g.code
     ORDER BY g.code`;
  return { sql, params: params.values };
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toMeasure(r: Row): GridMeasure {
  return {
    code: String(r.code),
    oldLevel: (r.risk_level as string | null) ?? null,
    oldScore: num(r.risk_score),
    oldVersion: (r.risk_model_version as string | null) ?? null,
    districtCode: String(r.district_code),
    streetCode: String(r.street_code),
    communityCode: String(r.community_code),
    incidents: Number(r.incidents),
    fireHazards: Number(r.hazards),
    rentalPerKm2: Number(r.rental),
    floatingPerKm2: Number(r.floating),
    unseenShare: num(r.unseen),
    lng: Number(r.lng),
    lat: Number(r.lat),
  };
}

/**
 * Measures the grids of `scope` at `now` and hands them to `onChunk` in order of code, `chunkSize` at a time, the
 * next chunk fetched only when onChunk has finished with the last. One read transaction (a cursor lives in one);
 * `total` is the number of grids in scope (for progress). Returns the number measured.
 */
export async function measureGridsInChunks(
  db: Database,
  scope: string,
  now: Date,
  chunkSize: number,
  onChunk: (measures: GridMeasure[], total: number) => Promise<void>,
): Promise<number> {
  const { sql, params } = measureStatement(scope, now);
  const countParams = new SqlParams();
  const countSql = `SELECT count(*)::integer AS n FROM grids g WHERE ${scopeWhere(LAYER_SOURCES.grids, scope, countParams, 'g')}`;
  const size = Math.max(1, Math.floor(chunkSize));
  return db.transaction(async (tx) => {
    const total = (await tx.query<{ n: number }>(countSql, countParams.values)).rows[0]!.n;
    // The whole result is wanted: plan for it, not for a cursor's first 10 % (the default fraction).
    await tx.query('SET LOCAL cursor_tuple_fraction = 1');
    await tx.query(`DECLARE risk_measures NO SCROLL CURSOR FOR ${sql}`, params);
    let measured = 0;
    for (;;) {
      const { rows } = await tx.query(`FETCH FORWARD ${size} FROM risk_measures`);
      if (!rows.length) break;
      measured += rows.length;
      await onChunk(rows.map(toMeasure), total);
      if (rows.length < size) break;
    }
    await tx.query('CLOSE risk_measures');
    return measured;
  });
}

export interface GradeWrite {
  code: string;
  level: string;
  score: number;
  factors: Record<string, number>;
}

/** Writes grades (one UPDATE for the batch); each row is one change on the live feed. Returns the rows written. */
export async function writeGrades(db: Queryable, grades: readonly GradeWrite[], version: string, at: Date): Promise<number> {
  if (!grades.length) return 0;
  const { rowCount } = await db.query(
    `UPDATE grids g SET risk_level = v.level, risk_score = v.score, risk_factors = v.factors::jsonb,
            risk_model_version = $5, risk_computed_at = $6::timestamptz, updated_at = $6::timestamptz
     FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[]) AS v (code, level, score, factors)
     WHERE g.code = v.code`,
    [grades.map((g) => g.code), grades.map((g) => g.level), grades.map((g) => g.score), grades.map((g) => JSON.stringify(g.factors)), version, at.toISOString()],
  );
  return rowCount;
}

export interface UnitPosition extends Target {
  type: string;
  districtCode: string | null;
  streetCode: string | null;
  communityCode: string | null;
}

/** Positions of the units of the given types and statuses (the nearest-unit search runs on them in memory). */
export async function unitPositions(db: Queryable, types: readonly string[], statuses: readonly string[]): Promise<UnitPosition[]> {
  const { rows } = await db.query<{ id: string; type: string; lng: number; lat: number; district_code: string | null; street_code: string | null; community_code: string | null }>(
    `SELECT id, type, ST_X(geom) AS lng, ST_Y(geom) AS lat, district_code, street_code, community_code
     FROM units WHERE type = ANY($1::text[]) AND status = ANY($2::text[]) AND geom IS NOT NULL`,
    [types, statuses],
  );
  return rows.map((r) => ({ id: r.id, type: r.type, lng: Number(r.lng), lat: Number(r.lat), districtCode: r.district_code, streetCode: r.street_code, communityCode: r.community_code }));
}
