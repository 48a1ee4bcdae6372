/**
 * Incident counts per hexagon cell, aggregated in PostGIS (SQL-side hex binning in the local projection of
 * server/domain/analysis/hex-lattice.ts), and the study area of a jurisdiction (lattice cells whose centre lies
 * inside its admin polygon). Every user value is a bind parameter; the jurisdiction is the incidents layer's own
 * rule (scopeWhere).
 */
import type { Queryable } from '../core/database.ts';
import { LAYER_SOURCES } from '../features/layer-sources.ts';
import { scopeWhere, SqlParams } from '../features/features-sql.ts';
import { CELL_CENTRE_SQL, cellRunsInBox, PROJECTION_SQL } from '../../domain/analysis/hex-lattice.ts';
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
 * Incident counts per hexagon cell of edge `size` (a placeholder), grouped also by `keys` (expressions over the
 * incident `t`, e.g. its period): cube rounding as cellOf(). The innermost select reads each incident's projected,
 * fractional axial coordinates once, behind `OFFSET 0`: without that fence the planner inlines them into every use
 * in the rounding, and each row then decodes its geometry (ST_X, ST_Y) some thirty times — four times the cost of
 * the whole aggregation.
 */
function binnedCountsSql(where: string, size: string, keys: readonly { name: string; sql: string }[] = []): string {
  const x = PROJECTION_SQL.x('ST_X(t.geom)');
  const y = PROJECTION_SQL.y('ST_Y(t.geom)');
  const keyCols = keys.map((k) => `${k.name}, `).join('');
  const dq = 'abs(f.rq - f.qf)';
  const dr = 'abs(f.rr - f.rf)';
  const ds = 'abs(f.rs + f.qf + f.rf)';
  const qWins = `(${dq} > ${dr} AND ${dq} > ${ds})`;
  // floor(v + 0.5) rounds half up, as Math.round does (PostgreSQL's round(float8) rounds half to even).
  return `SELECT ${keyCols}(CASE WHEN ${qWins} THEN -f.rr - f.rs ELSE f.rq END)::integer AS q,
       (CASE WHEN NOT ${qWins} AND ${dr} > ${ds} THEN -f.rq - f.rs ELSE f.rr END)::integer AS r, count(*)::integer AS n
     FROM (SELECT ${keyCols}qf, rf, floor(qf + 0.5) AS rq, floor(rf + 0.5) AS rr, floor(-qf - rf + 0.5) AS rs
           FROM (SELECT ${keys.map((k) => `${k.sql} AS ${k.name}, `).join('')}(sqrt(3.0) / 3 * ${x} - ${y} / 3) / ${size} AS qf, (2.0 / 3 * ${y}) / ${size} AS rf
                 FROM incidents t WHERE ${where} OFFSET 0) f0) f
     GROUP BY ${keys.map((_, i) => `${i + 1}, `).join('')}${keys.length + 1}, ${keys.length + 2}`;
}

/**
 * The window cut in `parts` consecutive pieces of equal length. The binning's fence (binnedCountsSql) keeps
 * PostgreSQL from planning it in parallel, so the counts are asked piece by piece on separate connections at once
 * and added up: the database's cores share the scan as a parallel plan would have.
 */
function windowPieces(sel: IncidentSelection, parts: number): IncidentSelection[] {
  const from = sel.from.getTime();
  const step = (sel.to.getTime() - from) / parts;
  return Array.from({ length: parts }, (_, i) => ({ ...sel, from: new Date(from + Math.round(i * step)), to: i === parts - 1 ? sel.to : new Date(from + Math.round((i + 1) * step)) }));
}

/** windowPieces cut at whole periods counted back from `to`, so that no period is in two pieces. */
function periodPieces(sel: IncidentSelection, parts: number, periodMs: number): IncidentSelection[] {
  const periods = Math.ceil((sel.to.getTime() - sel.from.getTime()) / periodMs);
  const per = Math.ceil(periods / Math.max(1, Math.min(parts, periods)));
  const out: IncidentSelection[] = [];
  for (let k = 0; k < periods; k += per) {
    const to = new Date(sel.to.getTime() - k * periodMs);
    const from = new Date(Math.max(sel.from.getTime(), sel.to.getTime() - (k + per) * periodMs));
    out.push({ ...sel, from, to });
  }
  return out;
}

/** Pieces a window is counted in (one per core of the database machine is the aim; 2 on the reference machine). */
const COUNT_PIECES = 2;

/**
 * Incident counts per cell packed as (q, r, count) triples, the window's pieces one after the other: a cell with
 * incidents in both pieces appears twice (hotspots() adds a cell's counts up). One buffer per piece reaches the
 * server's thread, not ~10,000 row objects and the map that merged them (~10-17 ms of its thread for the city).
 */
export async function cellCountsPacked(db: Queryable, sel: IncidentSelection, cellMeters: number): Promise<Int32Array> {
  const pieces = await Promise.all(windowPieces(sel, COUNT_PIECES).map(async (piece) => {
    const params = new SqlParams();
    const where = incidentWhere(piece, params);
    const size = `${params.add(cellMeters)}::float8`;
    return int32sOf((await db.query<{ packed: Buffer }>(packedSql(binnedCountsSql(where, size), ['q', 'r', 'n']), params.values)).rows[0]!.packed);
  }));
  const out = new Int32Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) (out.set(p, at), (at += p.length));
  return out;
}

/** Incident counts per cell (cells without incidents are absent): cellCountsPacked with each cell once. */
export async function cellCounts(db: Queryable, sel: IncidentSelection, cellMeters: number): Promise<CellCount[]> {
  const packed = await cellCountsPacked(db, sel, cellMeters);
  const total = new Map<string, CellCount>();
  for (let i = 0; i < packed.length; i += 3) {
    const [q, r, n] = [packed[i]!, packed[i + 1]!, packed[i + 2]!];
    const have = total.get(`${q}:${r}`);
    if (have) have.count += n;
    else total.set(`${q}:${r}`, { q, r, count: n });
  }
  return [...total.values()];
}

/**
 * Rows of integer columns as one bytea (each row the columns' int4send, big-endian): tens of thousands of rows reach
 * Node as one buffer to read, not as row objects to parse, build and collect on the server's thread. The rows are
 * packed in `orderBy`'s order when it is given, else in whatever order they come.
 */
function packedSql(rowsSql: string, columns: readonly string[], orderBy: readonly string[] = []): string {
  const order = orderBy.length ? ` ORDER BY ${orderBy.map((c) => `p.${c}`).join(', ')}` : '';
  return `SELECT coalesce(string_agg(${columns.map((c) => `int4send(p.${c})`).join(' || ')}, ''::bytea${order}), ''::bytea) AS packed FROM (${rowsSql}) p`;
}

function int32sOf(bytes: Buffer): Int32Array {
  const out = new Int32Array(bytes.length >>> 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt32BE(i << 2);
  return out;
}

/**
 * Counts per cell and period, packed as [period, q, r, count] per cell and period with incidents: period k covers
 * [to − (k+1)·periodMs, to − k·periodMs), k = 0 the latest.
 */
export async function cellCountsByPeriodPacked(db: Queryable, sel: IncidentSelection, cellMeters: number, periodMs: number): Promise<Int32Array> {
  // Whole periods per piece: no (period, cell) is counted in two pieces, so their rows are simply put together.
  const pieces = await Promise.all(periodPieces(sel, COUNT_PIECES, periodMs).map(async (piece) => {
    const params = new SqlParams();
    const where = incidentWhere(piece, params);
    const size = `${params.add(cellMeters)}::float8`;
    const to = `${params.add(sel.to.toISOString())}::timestamptz`; // periods count back from the whole window's end
    const period = `floor(extract(epoch FROM (${to} - t.reported_at)) * 1000 / ${params.add(periodMs)}::float8)::integer`;
    const sql = packedSql(binnedCountsSql(where, size, [{ name: 'k', sql: period }]), ['k', 'q', 'r', 'n']);
    return int32sOf((await db.query<{ packed: Buffer }>(sql, params.values)).rows[0]!.packed);
  }));
  const out = new Int32Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
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
 * The lattice cells whose centre lies inside the admin unit `code` (point-in-polygon in PostGIS), in row order (r,
 * then q). The candidates go to the database as one run of cells per lattice row and their centres are computed
 * there (CELL_CENTRE_SQL, the same doubles as the pure lattice's); the cells come back packed: neither ~100,000
 * centres written as array text nor as many row objects hold the server's thread (a first hotspot call held it
 * 60-200 ms with them), as (q, r) pairs: the form the analysis worker takes them in. Throws RangeError when the
 * unit's box holds more than maxCells candidate cells.
 */
export async function studyAreaCellsPacked(db: Queryable, code: string, cellMeters: number, maxCells: number): Promise<Int32Array> {
  const box = await unitBox(db, code);
  if (!box) return new Int32Array(0);
  const runs = cellRunsInBox(box, cellMeters, maxCells);
  const params = new SqlParams();
  const [r, qFirst, qLast] = [runs.map((x) => x.r), runs.map((x) => x.qFirst), runs.map((x) => x.qLast)].map((v) => params.add(v));
  const size = `${params.add(cellMeters)}::float8`;
  const cells = `SELECT c.q, c.r
     FROM (SELECT run.r, generate_series(run.q_first, run.q_last) AS q
           FROM unnest(${r}::integer[], ${qFirst}::integer[], ${qLast}::integer[]) AS run (r, q_first, q_last)) c,
          (SELECT geom FROM admin_units WHERE code = ${params.add(code)}) u
     WHERE ST_Intersects(u.geom, ST_SetSRID(ST_MakePoint(${CELL_CENTRE_SQL.lng('c.q', 'c.r', size)}, ${CELL_CENTRE_SQL.lat('c.r', size)}), 4326))`;
  return int32sOf((await db.query<{ packed: Buffer }>(packedSql(cells, ['q', 'r'], ['r', 'q']), params.values)).rows[0]!.packed);
}

/**
 * Incident counts per square of `cellMeters` in the local projection: i = floor(x / cell), j = floor(y / cell),
 * packed as (i, j, count) triples in the aggregation's row order (packedSql: tens of thousands of squares reach the
 * server's thread as one buffer, not as row objects to parse and collect — ~20 ms of its thread for the city).
 */
export async function squareCountsPacked(db: Queryable, sel: IncidentSelection, cellMeters: number): Promise<Int32Array> {
  const params = new SqlParams();
  const where = incidentWhere(sel, params);
  const size = `${params.add(cellMeters)}::float8`;
  const rowsSql = `SELECT floor(${PROJECTION_SQL.x('ST_X(t.geom)')} / ${size})::integer AS i, floor(${PROJECTION_SQL.y('ST_Y(t.geom)')} / ${size})::integer AS j, count(*)::integer AS n
     FROM incidents t WHERE ${where} GROUP BY 1, 2`;
  return int32sOf((await db.query<{ packed: Buffer }>(packedSql(rowsSql, ['i', 'j', 'n']), params.values)).rows[0]!.packed);
}
