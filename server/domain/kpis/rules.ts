/**
 * THE big-screen KPI rules (DOMAIN.md "Big-screen KPIs"): what 今日上报, 在办, 超期, 临期, 办结率 … mean, folded
 * from the per-status aggregates the SQL (server/db/kpis/) returns. Every incident rule is read from the lifecycle
 * (server/domain/incidents/lifecycle.ts: open statuses, buckets, the timer light's YELLOW_FROM), every code list
 * from server/protocol/codes.ts; nothing here restates them. Pure.
 *
 *   今日上报   reported since local midnight (calendar.ts, Asia/Shanghai)
 *   今日办结   reached a status of the DONE bucket (已办结, 已回访评价, 随手办) since local midnight (closed_at)
 *   在办       open now (OPEN_STATUSES, 挂账 included), and per open bucket
 *   超期       open and past its deadline (timer light RED); 临期: open, 80-100 % of its time used (YELLOW)
 *   督办       open and supervised
 *   办结率     of those reported in the rate window, not ended unhandled (不予受理 / 作废 — the ENDED bucket),
 *              the share in the DONE bucket; 按期办结率: of those done, closed by the deadline;
 *              平均办结时长: mean hours reported → closed of those done
 */
import { BUCKET_OF, INCIDENT_BUCKETS, INCIDENT_STATUSES, isIncidentStatus, isOpen, OPEN_STATUSES, statusBucket, YELLOW_FROM, type IncidentStatus } from '../incidents/lifecycle.ts';
import { FIRE_HAZARD_GRADE, RISK_LEVEL, UNIT_TYPE, WARNING_LEVEL, WARNING_STATUS } from '../../protocol/codes.ts';
import type { IncidentKpis, KpisBody, OpenBucket } from './kpis-body.ts';

/** Days of the rate window (办结率, 按期办结率, 平均办结时长), today included. */
export const RATE_WINDOW_DAYS = 30;
/** Days of the trend chart (and of the category top-N), today included. */
export const TREND_DAYS = 7;
/** Categories in the top-N chart. */
export const TOP_CATEGORIES = 5;

/** The timer light's threshold the SQL uses for 临期 (the lifecycle's own constant). */
export const NEARLY_DUE_FROM = YELLOW_FROM;

/** The buckets open incidents fall in, in the lifecycle's order. */
export const OPEN_BUCKETS = INCIDENT_BUCKETS.filter((b) => OPEN_STATUSES.some((s) => BUCKET_OF[s] === b)) as OpenBucket[];
/** Statuses counted as 已办结 (the DONE bucket). */
export const DONE_STATUSES: readonly IncidentStatus[] = INCIDENT_STATUSES.filter((s) => BUCKET_OF[s] === 'DONE');
/** Statuses that ended without being handled (不予受理, 作废): outside the 办结率 denominator. */
export const UNHANDLED_STATUSES: readonly IncidentStatus[] = INCIDENT_STATUSES.filter((s) => BUCKET_OF[s] === 'ENDED');

/** Warning statuses still in force (everything but 已解除), and the one nobody has acknowledged yet. */
export const WARNING_IN_FORCE = Object.keys(WARNING_STATUS).filter((s) => s !== 'LIFTED');
export const WARNING_UNACKNOWLEDGED = 'ACTIVE';
/** The fire-hazard status that means rectified (销号). */
export const HAZARD_RECTIFIED = 'CLOSED';
/** The grade whose rectification rate the wall shows (重大隐患整改率). */
export const MAJOR_HAZARD_GRADE = 'MAJOR';
/** Grid risk levels with a colour (red, orange, yellow, blue); NONE is not a grading. */
export const GRADED_RISK_LEVELS = Object.keys(RISK_LEVEL).filter((l) => l !== 'NONE');
/** The camera status that means online (DEVICE_STATUS ON 在线). */
export const CAMERA_ONLINE = 'ON';
/** The unit status that means ready to send (待命). */
export const UNIT_AVAILABLE = 'AVAILABLE';

/** n / d, or null when there is nothing to divide by. */
export function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

/** One status's aggregates over the rows the SQL reads (every open row, everything reported or closed recently). */
export interface StatusAggregate {
  status: string;
  /** Rows with this status (complete for open statuses). */
  count: number;
  reportedToday: number;
  closedToday: number;
  overdue: number;
  nearlyDue: number;
  supervised: number;
  /** Reported in the rate window. */
  windowReported: number;
  /** Of those, closed by the deadline. */
  windowOnTime: number;
  /** Of those, the sum of hours from report to close. */
  windowCloseHours: number;
}

const zeroBuckets = (): Record<OpenBucket, number> => Object.fromEntries(OPEN_BUCKETS.map((b) => [b, 0])) as Record<OpenBucket, number>;

/** The incident KPIs from per-status aggregates. Unknown statuses count nowhere but in 今日上报. */
export function incidentKpis(rows: readonly StatusAggregate[], rateWindow: IncidentKpis['rateWindow']): IncidentKpis {
  const k: IncidentKpis = { reportedToday: 0, closedToday: 0, open: 0, buckets: zeroBuckets(), overdue: 0, nearlyDue: 0, supervised: 0, closedRate: null, onTimeRate: null, avgCloseHours: null, rateWindow };
  let accepted = 0;
  let done = 0;
  let onTime = 0;
  let hours = 0;
  for (const r of rows) {
    k.reportedToday += r.reportedToday;
    if (!isIncidentStatus(r.status)) continue;
    const bucket = statusBucket(r.status);
    if (isOpen(r.status)) {
      k.open += r.count;
      k.buckets[bucket as OpenBucket] += r.count;
      k.overdue += r.overdue;
      k.nearlyDue += r.nearlyDue;
      k.supervised += r.supervised;
    }
    if (bucket === 'DONE') {
      k.closedToday += r.closedToday;
      done += r.windowReported;
      onTime += r.windowOnTime;
      hours += r.windowCloseHours;
    }
    if (bucket !== 'ENDED') accepted += r.windowReported;
  }
  k.closedRate = ratio(done, accepted);
  k.onTimeRate = ratio(onTime, done);
  k.avgCloseHours = done > 0 ? hours / done : null;
  return k;
}

/** Every code of a list with a zero, then the counts given (unknown codes are kept: a city may add its own). */
export function countsByCode(codes: readonly string[], rows: readonly { code: string | null; n: number }[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(codes.map((c) => [c, 0]));
  for (const r of rows) if (r.code !== null) out[r.code] = (out[r.code] ?? 0) + r.n;
  return out;
}

export function cameraKpis(total: number, online: number): KpisBody['cameras'] {
  return { total, online, onlineRate: ratio(online, total) };
}

export function fireHazardKpis(rows: readonly { grade: string; total: number; rectified: number }[]): KpisBody['fireHazards'] {
  const byGrade: Record<string, { total: number; rectified: number }> = Object.fromEntries(Object.keys(FIRE_HAZARD_GRADE).map((g) => [g, { total: 0, rectified: 0 }]));
  for (const r of rows) byGrade[r.grade] = { total: (byGrade[r.grade]?.total ?? 0) + r.total, rectified: (byGrade[r.grade]?.rectified ?? 0) + r.rectified };
  const major = byGrade[MAJOR_HAZARD_GRADE]!;
  return { byGrade, majorRectifiedRate: ratio(major.rectified, major.total) };
}

export function riskKpis(rows: readonly { code: string | null; n: number }[]): KpisBody['risk'] {
  const byLevel = countsByCode(GRADED_RISK_LEVELS, rows.filter((r) => r.code !== null));
  return { byLevel, ungraded: rows.filter((r) => r.code === null).reduce((a, r) => a + r.n, 0) };
}

export function warningKpis(rows: readonly { code: string; n: number; unacknowledged: number }[]): KpisBody['warnings'] {
  const byLevel = countsByCode(Object.keys(WARNING_LEVEL), rows);
  return { byLevel, active: rows.reduce((a, r) => a + r.n, 0), unacknowledged: rows.reduce((a, r) => a + r.unacknowledged, 0) };
}

export function unitKpis(rows: readonly { type: string; available: number; total: number }[]): KpisBody['units'] {
  const byType: Record<string, { available: number; total: number }> = Object.fromEntries(Object.keys(UNIT_TYPE).map((t) => [t, { available: 0, total: 0 }]));
  for (const r of rows) byType[r.type] = { available: (byType[r.type]?.available ?? 0) + r.available, total: (byType[r.type]?.total ?? 0) + r.total };
  return { byType, available: rows.reduce((a, r) => a + r.available, 0) };
}
