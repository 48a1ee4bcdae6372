/**
 * Incident display rules operators know: the buckets, which statuses are open and the timer light. They live once,
 * in the shared lifecycle (server/domain/incidents/lifecycle.ts); this module only re-exports them for the client
 * and adds the parsing of feature properties.
 */
export { INCIDENT_BUCKETS, isOpen, statusBucket, timerLight } from '../../../server/domain/incidents/lifecycle.ts';
export type { IncidentBucket, TimerLight } from '../../../server/domain/incidents/lifecycle.ts';

/** Parses an ISO string or epoch value from a feature property; NaN when absent. */
export function timeOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value) return Date.parse(value);
  return Number.NaN;
}
