/**
 * Incident counts per hexagon cell, aggregated in PostGIS (SQL-side hex binning in the local projection of
 * server/domain/analysis/hex-lattice.ts), and the study area of a jurisdiction (lattice cells whose centre lies
 * inside its admin polygon). Every user value is a bind parameter; the jurisdiction is the incidents layer's own
 * rule (scopeWhere).
 */
import type { Queryable } from '../core/database.ts';
import { LAYER_SOURCES } from '../features/layer-sources.ts';
import { scopeWhere, SqlParams } from '../features/features-sql.ts';
import { cellCentre, cellsInBox, PROJECTION_SQL, unproject, type Axial } from '../../domain/analysis/hex-lattice.ts';
import type { CellCount } from '../../domain/analysis/hotspots.ts';

export interface IncidentSelection {
  /** The reader's jurisdiction (admin code). */
  scope: string;
  /** INCIDENT_CATEGORY codes; empty = every category. */
  categories: readonly string[];
  from: Date;
  to: Date;
}

/** The WHERE of the incidents an analysis reads (reported in [from, to), of the categories, inside the scope). */
export function incidentWhere(sel: IncidentSelection, params: SqlParams): string {
  const conds = [
    `t.reported_at >= ${params.add(sel.from.toISOString())}::timestamptz`,
    `t.reported_at < ${params.add(sel.to.toISOString())}::timestamptz`,
    scopeWhere(LAYER_SOURCES.incidents, sel.scope, params),
  ];
  if (sel.categories.length) conds.push(`t.category = ANY(${params.add(sel.categories)}::text[])`);
  return conds.join(' AND ');
}

/**
 * SQL of the axial cell (q, r) of projected x, y for edge `size` (a placeholder): cube rounding as cellOf().
 * `OFFSET 0` keeps the fractional coordinates a subquery of their own: without it the planner inlines them into
 * every use in the rounding below, and each row then decodes its geometry (ST_X, ST_Y) some thirty times — twice
 * the time of the whole aggregation.
 */
function axialSql(x: string, y: string, size: string): { q: string; r: string; from: string } {
  // floor(v + 0.5) rounds half up, as Math.round does (PostgreSQL's round(float8) rounds half to even).
  const from = `(SELECT qf, rf, floor(qf + 0.5) AS rq, floor(rf + 0.5) AS rr, floor(-qf - rf + 0.5) AS rs
     FROM (SELECT (sqrt(3.0) / 3 * ${x} - ${y} / 3) / ${size} AS qf, (2.0 / 3 * ${y}) / ${size} AS rf OFFSET 0) f0) f`;
  const dq = 'abs(f.rq - f.qf)';
  const dr = 'abs(f.rr - f.rf)';
  const ds = 'abs(f.rs + f.qf + f.rf)';
  const qWins = `(${dq} > ${dr} AND ${dq} > ${ds})`;
  return {
    q: `(CASE WHEN ${qWins} THEN -f.rr - f.rs ELSE f.rq END)::integer`,
    r: `(CASE WHEN NOT ${qWins} AND ${dr} > ${ds} THEN -f.rq - f.rs ELSE f.rr END)::integer`,
    from,
  };
}

/** Incident counts per cell (cells without incidents are absent). */
export async function cellCounts(db: Queryable, sel: IncidentSelection, cellMeters: number): Promise<CellCount[]> {
  const params = new SqlParams();
  const where = incidentWhere(sel, params);
  const size = `${params.add(cellMeters)}::float8`;
  const ax = axialSql(PROJECTION_SQL.x('ST_X(t.geom)'), PROJECTION_SQL.y('ST_Y(t.geom)'), size);
  const { rows } = await db.query<{ q: number; r: number; n: number }>(
    `SELECT ${ax.q} AS q, ${ax.r} AS r, count(*)::integer AS n
     FROM incidents t CROSS JOIN LATERAL ${ax.from}
     WHERE ${where} GROUP BY 1, 2`,
    params.values,
  );
  return rows.map((r) => ({ q: r.q, r: r.r, count: r.n }));
}

/** Counts per cell and period: period k covers [to − (k+1)·periodMs, to − k·periodMs), k = 0 the latest. */
export async function cellCountsByPeriod(
  db: Queryable, sel: IncidentSelection, cellMeters: number, periodMs: number,
): Promise<(CellCount & { period: number })[]> {
  const params = new SqlParams();
  const where = incidentWhere(sel, params);
  const size = `${params.add(cellMeters)}::float8`;
  const to = `${params.add(sel.to.toISOString())}::timestamptz`;
  const period = `floor(extract(epoch FROM (${to} - t.reported_at)) * 1000 / ${params.add(periodMs)}::float8)::integer`;
  const ax = axialSql(PROJECTION_SQL.x('ST_X(t.geom)'), PROJECTION_SQL.y('ST_Y(t.geom)'), size);
  const { rows } = await db.query<{ k: number; q: number; r: number; n: number }>(
    `SELECT ${period} AS k, ${ax.q} AS q, ${ax.r} AS r, count(*)::integer AS n
     FROM incidents t CROSS JOIN LATERAL ${ax.from}
     WHERE ${where} GROUP BY 1, 2, 3`,
    params.values,
  );
  return rows.map((r) => ({ period: r.k, q: r.q, r: r.r, count: r.n }));
}

/** The admin unit's bounding box, or null when no such unit exists. */
async function unitBox(db: Queryable, code: string): Promise<[number, number, number, number] | null> {
  const { rows } = await db.query<{ a: number; b: number; c: number; d: number }>(
    'SELECT ST_XMin(geom) AS a, ST_YMin(geom) AS b, ST_XMax(geom) AS c, ST_YMax(geom) AS d FROM admin_units WHERE code = $1',
    [code],
  );
  const r = rows[0];
  return r ? [Number(r.a), Number(r.b), Number(r.c), Number(r.d)] : null;
}

/**
 * The lattice cells whose centre lies inside the admin unit `code` (point-in-polygon in PostGIS).
 * Throws RangeError when the unit's box holds more than maxCells candidate cells.
 */
export async function studyAreaCells(db: Queryable, code: string, cellMeters: number, maxCells: number): Promise<Axial[]> {
  const box = await unitBox(db, code);
  if (!box) return [];
  const candidates = cellsInBox(box, cellMeters, maxCells);
  const lngs: number[] = [];
  const lats: number[] = [];
  for (const [q, r] of candidates) {
    const [lng, lat] = unproject(...cellCentre(q, r, cellMeters));
    lngs.push(lng);
    lats.push(lat);
  }
  const { rows } = await db.query<{ i: number }>(
    `SELECT (c.i - 1)::integer AS i
     FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS c (lng, lat, i),
          (SELECT geom FROM admin_units WHERE code = $3) u
     WHERE ST_Intersects(u.geom, ST_SetSRID(ST_MakePoint(c.lng, c.lat), 4326))`,
    [lngs, lats, code],
  );
  return rows.map((r) => candidates[r.i]!);
}

/** Incident counts per square of `cellMeters` in the local projection: i = floor(x / cell), j = floor(y / cell). */
export async function squareCounts(db: Queryable, sel: IncidentSelection, cellMeters: number): Promise<{ i: number; j: number; count: number }[]> {
  const params = new SqlParams();
  const where = incidentWhere(sel, params);
  const size = `${params.add(cellMeters)}::float8`;
  const { rows } = await db.query<{ i: number; j: number; n: number }>(
    `SELECT floor(${PROJECTION_SQL.x('ST_X(t.geom)')} / ${size})::integer AS i, floor(${PROJECTION_SQL.y('ST_Y(t.geom)')} / ${size})::integer AS j, count(*)::integer AS n
     FROM incidents t WHERE ${where} GROUP BY 1, 2`,
    params.values,
  );
  return rows.map((r) => ({ i: r.i, j: r.j, count: r.n }));
}
