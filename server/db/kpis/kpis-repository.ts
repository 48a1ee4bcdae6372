/**
 * SQL for GET /api/kpis: the aggregates the KPI rules (server/domain/kpis/rules.ts) fold into the big screen's
 * figures, for one admin unit. Each table is scoped by the one jurisdiction rule (scopeWhere, as /api/counts and
 * the OGC items of the same caller); warnings, not a layer of ours, by jurisdictionFilter on their own admin-code
 * columns. Times (today, the rate window, the trend's day bounds) come in as parameters computed in the city's
 * time zone (server/domain/kpis/calendar.ts); the timer-light threshold and the status lists come from the
 * lifecycle. The queries run side by side (one pool connection each on PostGIS), or fewer at a time when asked.
 */
import type { Queryable } from '../core/database.ts';
import { SqlParams, scopeWhere } from '../features/features-sql.ts';
import { LAYER_SOURCES } from '../features/layer-sources.ts';
import { jurisdictionFilter } from '../../auth/jurisdiction.ts';
import { OPEN_STATUSES } from '../../domain/incidents/lifecycle.ts';
import {
  CAMERA_ONLINE, DONE_STATUSES, HAZARD_RECTIFIED, NEARLY_DUE_FROM, UNIT_AVAILABLE, WARNING_IN_FORCE, WARNING_UNACKNOWLEDGED, type StatusAggregate,
} from '../../domain/kpis/rules.ts';
import type { KpiAggregates, KpiTimes } from '../../domain/kpis/assemble.ts';



const iso = (ms: number) => new Date(ms).toISOString();

function statusesSql(scope: string, t: KpiTimes): [string, unknown[]] {
  const p = new SqlParams();
  const now = `${p.add(iso(t.now))}::timestamptz`;
  const today = `${p.add(iso(t.today))}::timestamptz`;
  const from = `${p.add(iso(t.windowFrom))}::timestamptz`;
  const sql = `SELECT t.status,
      count(*)::int AS count,
      count(*) FILTER (WHERE t.reported_at >= ${today})::int AS "reportedToday",
      count(*) FILTER (WHERE t.closed_at >= ${today})::int AS "closedToday",
      count(*) FILTER (WHERE t.deadline > t.reported_at AND ${now} > t.deadline)::int AS overdue,
      count(*) FILTER (WHERE t.deadline > t.reported_at AND ${now} <= t.deadline
                         AND ${now} >= t.reported_at + (t.deadline - t.reported_at) * ${p.add(NEARLY_DUE_FROM)}::float8)::int AS "nearlyDue",
      count(*) FILTER (WHERE t.supervised)::int AS supervised,
      count(*) FILTER (WHERE t.reported_at >= ${from})::int AS "windowReported",
      count(*) FILTER (WHERE t.reported_at >= ${from} AND t.closed_at <= t.deadline)::int AS "windowOnTime",
      coalesce(sum(extract(epoch FROM t.closed_at - t.reported_at)) FILTER (WHERE t.reported_at >= ${from} AND t.closed_at IS NOT NULL), 0)::float8 / 3600 AS "windowCloseHours"
    FROM incidents t
    WHERE ${scopeWhere(LAYER_SOURCES.incidents, scope, p)}
      AND (t.status = ANY(${p.add(OPEN_STATUSES)}::text[]) OR t.reported_at >= ${from} OR t.closed_at >= ${today})
    GROUP BY t.status`;
  return [sql, p.values];
}

function trendSql(scope: string, t: KpiTimes): [string, unknown[]] {
  const p = new SqlParams();
  const bounds = `${p.add(t.trendBounds.map((b) => b / 1000))}::float8[]`;
  const first = `${p.add(iso(t.trendBounds[0]!))}::timestamptz`;
  const last = `${p.add(iso(t.trendBounds[t.trendBounds.length - 1]!))}::timestamptz`;
  const where = scopeWhere(LAYER_SOURCES.incidents, scope, p);
  const sql = `SELECT 'reported' AS kind, width_bucket(extract(epoch FROM t.reported_at)::float8, ${bounds}) AS bucket, count(*)::int AS n
      FROM incidents t WHERE ${where} AND t.reported_at >= ${first} AND t.reported_at < ${last} GROUP BY 2
    UNION ALL
    SELECT 'closed', width_bucket(extract(epoch FROM t.closed_at)::float8, ${bounds}), count(*)::int
      FROM incidents t WHERE ${where} AND t.closed_at >= ${first} AND t.closed_at < ${last}
        AND t.status = ANY(${p.add(DONE_STATUSES)}::text[]) GROUP BY 2`;
  return [sql, p.values];
}

function categoriesSql(scope: string, from: number, limit: number): [string, unknown[]] {
  const p = new SqlParams();
  const sql = `SELECT t.category AS code, count(*)::int AS n FROM incidents t
    WHERE ${scopeWhere(LAYER_SOURCES.incidents, scope, p)} AND t.reported_at >= ${p.add(iso(from))}::timestamptz
    GROUP BY t.category ORDER BY n DESC, t.category LIMIT ${p.add(limit)}::int`;
  return [sql, p.values];
}

function camerasSql(scope: string): [string, unknown[]] {
  const p = new SqlParams();
  return [`SELECT count(*)::int AS total, count(*) FILTER (WHERE t.status = ${p.add(CAMERA_ONLINE)})::int AS online
    FROM cameras t WHERE ${scopeWhere(LAYER_SOURCES.cameras, scope, p)}`, p.values];
}

function hazardsSql(scope: string): [string, unknown[]] {
  const p = new SqlParams();
  return [`SELECT t.grade, count(*)::int AS total, count(*) FILTER (WHERE t.status = ${p.add(HAZARD_RECTIFIED)})::int AS rectified
    FROM fire_hazards t WHERE ${scopeWhere(LAYER_SOURCES['fire-hazards'], scope, p)} GROUP BY t.grade`, p.values];
}

function riskSql(scope: string): [string, unknown[]] {
  const p = new SqlParams();
  return [`SELECT t.risk_level AS code, count(*)::int AS n FROM grids t WHERE ${scopeWhere(LAYER_SOURCES.grids, scope, p)} GROUP BY t.risk_level`, p.values];
}

function warningsSql(scope: string): [string, unknown[]] {
  const p = new SqlParams();
  const { column, pattern } = jurisdictionFilter(scope);
  return [`SELECT t.level::text AS code, count(*)::int AS n, count(*) FILTER (WHERE t.status = ${p.add(WARNING_UNACKNOWLEDGED)})::int AS unacknowledged
    FROM warnings t WHERE t.${column} LIKE ${p.add(pattern)}::text AND t.status = ANY(${p.add(WARNING_IN_FORCE)}::text[]) GROUP BY t.level`, p.values];
}

function unitsSql(scope: string): [string, unknown[]] {
  const p = new SqlParams();
  return [`SELECT t.type, count(*) FILTER (WHERE t.status = ${p.add(UNIT_AVAILABLE)})::int AS available, count(*)::int AS total
    FROM units t WHERE ${scopeWhere(LAYER_SOURCES.units, scope, p)} GROUP BY t.type`, p.values];
}

/** Every aggregate of the KPIs of `scope` (an admin code) at the given instants, at most `concurrency` queries at a time. */
export async function kpiAggregates(db: Queryable, scope: string, times: KpiTimes, topCategories: number, concurrency = Infinity): Promise<KpiAggregates> {
  const slot = limiter(concurrency);
  const run = <R extends Record<string, unknown>>([sql, params]: [string, unknown[]]) => slot(() => db.query<R>(sql, params).then((r) => r.rows));
  const [statuses, trend, categories, cameras, hazards, risk, warnings, units] = await Promise.all([
    run<StatusAggregate & Record<string, unknown>>(statusesSql(scope, times)),
    run<{ kind: 'reported' | 'closed'; bucket: number; n: number }>(trendSql(scope, times)),
    run<{ code: string; n: number }>(categoriesSql(scope, times.trendBounds[0]!, topCategories)),
    run<{ total: number; online: number }>(camerasSql(scope)),
    run<{ grade: string; total: number; rectified: number }>(hazardsSql(scope)),
    run<{ code: string | null; n: number }>(riskSql(scope)),
    run<{ code: string; n: number; unacknowledged: number }>(warningsSql(scope)),
    run<{ type: string; available: number; total: number }>(unitsSql(scope)),
  ]);
  return {
    statuses: statuses.map((r) => ({ ...r, windowCloseHours: Number(r.windowCloseHours) })),
    trend: trend.map((r) => ({ kind: r.kind, bucket: Number(r.bucket), n: r.n })),
    categories,
    cameras: cameras[0] ?? { total: 0, online: 0 },
    hazards,
    risk,
    warnings,
    units,
  };
}

/** Runs the tasks given to it with at most `max` of them started and not yet settled. */
function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** The name of an admin unit (city, district, street, community), or null when there is no such unit. */
export async function adminUnitName(db: Queryable, code: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM admin_units WHERE code = $1', [code]);
  return rows[0]?.name ?? null;
}
