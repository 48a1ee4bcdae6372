/**
 * The timer light in SQL — the same rule as lifecycle.ts timerLight, with its numbers (the open statuses, the
 * 80 % threshold) passed in as parameters from there, never written here: GREEN below YELLOW_FROM of the time
 * limit, YELLOW from there to the deadline, RED once overdue, NULL for an ended incident or unusable times.
 */
import { OPEN_STATUSES, YELLOW_FROM } from '../../domain/incidents/lifecycle.ts';

/**
 * The CASE expression over alias `a`, with placeholders `$open` (text[] of open statuses), `$yellow` (the share)
 * and `$now` (timestamptz) given by the caller.
 */
export function timerLightSql(a: string, open: string, yellow: string, now: string): string {
  return `CASE WHEN NOT (${a}.status = ANY(${open}::text[])) OR ${a}.deadline <= ${a}.reported_at THEN NULL
    WHEN ${now}::timestamptz > ${a}.deadline THEN 'RED'
    WHEN extract(epoch FROM (${now}::timestamptz - ${a}.reported_at)) >= ${yellow}::float8 * extract(epoch FROM (${a}.deadline - ${a}.reported_at)) THEN 'YELLOW'
    ELSE 'GREEN' END`;
}

/** The parameter values the expression needs, in the order (open, yellow). */
export const TIMER_LIGHT_PARAMS: readonly [readonly string[], number] = [OPEN_STATUSES, YELLOW_FROM];
