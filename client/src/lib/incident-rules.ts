/**
 * Incident display rules operators know (DOMAIN.md "The closed loop"): the status buckets
 * 待受理 · 待派遣 · 处置中 · 待核查 · 已办结 · 挂账 and the timer light per open event
 * (GREEN < 80 % of its time limit, YELLOW 80-100 %, RED > 100 %). Pure functions.
 */
export type IncidentBucket = 'TO_ACCEPT' | 'TO_DISPATCH' | 'IN_PROGRESS' | 'TO_CHECK' | 'DONE' | 'SUSPENDED' | 'ENDED';
export type TimerLight = 'GREEN' | 'YELLOW' | 'RED';

const BUCKET_OF: Readonly<Record<string, IncidentBucket>> = {
  REPORTED: 'TO_ACCEPT',
  ACCEPTED: 'TO_DISPATCH',
  DISPATCHED: 'IN_PROGRESS',
  PROCESSING: 'IN_PROGRESS',
  DISPOSED: 'TO_CHECK',
  CHECKING: 'TO_CHECK',
  CLOSED: 'DONE',
  EVALUATED: 'DONE',
  SELF_RESOLVED: 'DONE',
  SUSPENDED: 'SUSPENDED',
  REJECTED: 'ENDED',
  VOID: 'ENDED',
};

export const INCIDENT_BUCKETS: readonly IncidentBucket[] = ['TO_ACCEPT', 'TO_DISPATCH', 'IN_PROGRESS', 'TO_CHECK', 'DONE', 'SUSPENDED', 'ENDED'];

export function statusBucket(status: string): IncidentBucket {
  return BUCKET_OF[status] ?? 'ENDED';
}

/** Open = the clock runs: everything before 已办结 except the ended side paths. */
export function isOpen(status: string): boolean {
  const b = statusBucket(status);
  return b !== 'DONE' && b !== 'ENDED';
}

/**
 * The timer light of an open incident at `now` (all ms since epoch); null when closed or the times are unusable.
 * Elapsed share = (now - reported) / (deadline - reported).
 */
export function timerLight(status: string, reportedAt: number, deadline: number, now: number): TimerLight | null {
  if (!isOpen(status) || !Number.isFinite(reportedAt) || !Number.isFinite(deadline) || deadline <= reportedAt) return null;
  const share = (now - reportedAt) / (deadline - reportedAt);
  if (share > 1) return 'RED';
  if (share >= 0.8) return 'YELLOW';
  return 'GREEN';
}

/** Parses an ISO string or epoch value from a feature property; NaN when absent. */
export function timeOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value) return Date.parse(value);
  return Number.NaN;
}
