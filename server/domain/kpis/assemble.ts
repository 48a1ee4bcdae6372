/**
 * The whole KPI answer (kpis-body.ts) from the SQL's aggregates (server/db/kpis/) and the instants they were
 * read at: which instants a request uses (kpiTimes, in the city's time zone) and how the aggregates fold (rules.ts).
 * Pure.
 */
import { INCIDENT_CATEGORY } from '../../protocol/codes.ts';
import { CITY_TIME_ZONE, lastDays, localDate } from './calendar.ts';
import type { KpisBody } from './kpis-body.ts';
import { cameraKpis, fireHazardKpis, incidentKpis, RATE_WINDOW_DAYS, riskKpis, TREND_DAYS, unitKpis, warningKpis, type StatusAggregate } from './rules.ts';

/** The instants the figures are computed for (ms since epoch). */
export interface KpiTimes {
  now: number;
  /** Local midnight (今日). */
  today: number;
  /** Start of the rate window. */
  windowFrom: number;
  /** Day bounds of the trend: TREND_DAYS + 1 instants, oldest first. */
  trendBounds: readonly number[];
  trendDates: readonly string[];
  timeZone: string;
}

/** What the SQL returns (server/db/kpis/kpis-repository.ts). */
export interface KpiAggregates {
  statuses: StatusAggregate[];
  /** Per trend day (width_bucket: 1 = the oldest day), reported or closed. */
  trend: { kind: 'reported' | 'closed'; bucket: number; n: number }[];
  categories: { code: string; n: number }[];
  cameras: { total: number; online: number };
  hazards: { grade: string; total: number; rectified: number }[];
  risk: { code: string | null; n: number }[];
  warnings: { code: string; n: number; unacknowledged: number }[];
  units: { type: string; available: number; total: number }[];
}

/** The instants of a request at `now`, in the city's time zone. */
export function kpiTimes(now: number, timeZone: string = CITY_TIME_ZONE): KpiTimes {
  const trend = lastDays(now, TREND_DAYS, timeZone);
  const window = lastDays(now, RATE_WINDOW_DAYS, timeZone);
  return { now, today: trend.bounds[trend.bounds.length - 2]!, windowFrom: window.bounds[0]!, trendBounds: trend.bounds, trendDates: trend.dates, timeZone };
}

export function assembleKpis(scope: { code: string; name: string }, times: KpiTimes, agg: KpiAggregates): KpisBody {
  const days = times.trendDates.length;
  const reported = new Array<number>(days).fill(0);
  const closed = new Array<number>(days).fill(0);
  for (const r of agg.trend) {
    if (r.bucket < 1 || r.bucket > days) continue; // width_bucket: 0 before the first bound, days + 1 after the last
    const series = r.kind === 'reported' ? reported : closed;
    series[r.bucket - 1] = (series[r.bucket - 1] ?? 0) + r.n;
  }
  return {
    scope: scope.code,
    scopeName: scope.name,
    at: new Date(times.now).toISOString(),
    timeZone: times.timeZone,
    today: localDate(times.now, times.timeZone),
    incidents: incidentKpis(agg.statuses, { days: RATE_WINDOW_DAYS, from: new Date(times.windowFrom).toISOString() }),
    trend: { dates: [...times.trendDates], reported, closed },
    categories: agg.categories.map((c) => ({ code: c.code, label: INCIDENT_CATEGORY[c.code as keyof typeof INCIDENT_CATEGORY] ?? { zh: c.code, en: c.code }, count: c.n })),
    cameras: cameraKpis(agg.cameras.total, agg.cameras.online),
    fireHazards: fireHazardKpis(agg.hazards),
    risk: riskKpis(agg.risk),
    warnings: warningKpis(agg.warnings),
    units: unitKpis(agg.units),
  };
}
