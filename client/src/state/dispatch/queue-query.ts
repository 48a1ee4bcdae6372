/**
 * The queue's filters and the request they make: GET /api/dispatch/queue?status=A,B&from=&to=&category=
 * &urgency=&area=&limit=. Pure: the time window is resolved against a `now` the caller passes (local time for
 * "today", the operator's day).
 */
import { ACTIVE_STATUSES } from '../../../../server/domain/incidents/lifecycle.ts';
import type { QueueMatch } from './queue-model.ts';

/** The time windows the console offers (reported time); 'custom' uses from/to. */
export const TIME_WINDOWS = ['today', '24h', '7d', 'all', 'custom'] as const;
export type TimeWindow = (typeof TIME_WINDOWS)[number];

export interface QueueFilters {
  /** Incident statuses (several at once); empty = every status. */
  statuses: readonly string[];
  window: TimeWindow;
  /** The custom window's ends, local 'yyyy-mm-ddThh:mm' as a datetime-local input gives them ('' = open). */
  from: string;
  to: string;
  /** An INCIDENT_CATEGORY code, '' for all. */
  category: string;
  /** An INCIDENT_URGENCY code, '' for all. */
  urgency: string;
}

/** The console opens on what is in hand: the open statuses on the move, reported in the last 7 days. */
export const DEFAULT_FILTERS: QueueFilters = Object.freeze({ statuses: ACTIVE_STATUSES, window: '7d', from: '', to: '', category: '', urgency: '' });

/** The most rows the console asks for (the counts cover every match; the list is the most pressing). */
export const QUEUE_LIMIT = 200;

const HOUR = 3_600_000;

/** The window as [from, to) in ms since epoch (null: open-ended). */
export function windowRange(f: Pick<QueueFilters, 'window' | 'from' | 'to'>, now: number): { from: number | null; to: number | null } {
  switch (f.window) {
    case 'today': {
      const d = new Date(now);
      return { from: new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime(), to: null };
    }
    case '24h':
      return { from: now - 24 * HOUR, to: null };
    case '7d':
      return { from: now - 7 * 24 * HOUR, to: null };
    case 'custom': {
      const from = f.from ? Date.parse(f.from) : Number.NaN;
      const to = f.to ? Date.parse(f.to) : Number.NaN;
      return { from: Number.isFinite(from) ? from : null, to: Number.isFinite(to) ? to : null };
    }
    default:
      return { from: null, to: null };
  }
}

/**
 * The area as the queue filters it (an admin code of 6, 9 or 12 digits): the city itself (6 digits ending in 00)
 * or none is the whole jurisdiction; a grid (15 digits) narrows to its community (its first 12 digits).
 */
export function queueArea(code: string | null | undefined): string {
  if (!code || (code.length === 6 && code.endsWith('00'))) return '';
  return code.length > 12 ? code.slice(0, 12) : code;
}

/**
 * The query string of the queue request (without '?'). Times are whole minutes, so that a window asked twice
 * within a minute is the same request; a window without an end leaves `to` out.
 */
export function queueQuery(f: QueueFilters, area: string | null | undefined, now: number, limit = QUEUE_LIMIT): string {
  const q = new URLSearchParams();
  if (f.statuses.length) q.set('status', [...f.statuses].join(','));
  const { from, to } = windowRange(f, now);
  const minute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
  if (from !== null) q.set('from', minute(from));
  if (to !== null) q.set('to', minute(to));
  if (f.category) q.set('category', f.category);
  if (f.urgency) q.set('urgency', f.urgency);
  const a = queueArea(area);
  if (a) q.set('area', a);
  q.set('limit', String(limit));
  return q.toString();
}

/** What a live row must match to join the queue the filters describe (queue-model.ts inQueue). */
export function queueMatch(f: QueueFilters, area: string | null | undefined, now: number): QueueMatch {
  return { statuses: f.statuses, category: f.category, urgency: f.urgency, area: queueArea(area), ...windowRange(f, now) };
}

/** The filters with one status switched on or off. */
export function toggleStatus(f: QueueFilters, status: string): QueueFilters {
  const on = f.statuses.includes(status);
  return { ...f, statuses: on ? f.statuses.filter((s) => s !== status) : [...f.statuses, status] };
}

/**
 * The filters with a bucket's statuses switched together: all on when any was off, else all off (a bucket chip
 * clicked once shows the bucket, clicked again hides it).
 */
export function toggleStatuses(f: QueueFilters, statuses: readonly string[]): QueueFilters {
  const allOn = statuses.every((s) => f.statuses.includes(s));
  const rest = f.statuses.filter((s) => !statuses.includes(s));
  return { ...f, statuses: allOn ? rest : [...rest, ...statuses] };
}
