/**
 * The lifecycle of one generated incident at load time: a planned handling duration (a log-normal share
 * of its urgency's time limit, so some run late), and from the age the status, closing and last-step
 * times. Pure; consistent with FLOW_PATHS (the loader derives the flow log from these fields).
 */
import { ACTIVE_STATUSES, DEFAULT_TIME_LIMITS, MAIN_PATH, type Urgency } from '../../domain/incidents/lifecycle.ts';
import { HOUR_MS, DAY_MS } from '../core/context.ts';
import { STATUS_FRACTION } from './flow-paths.ts';
import type { Rng } from '../core/prng.ts';

export type { Urgency };

export interface Lifecycle {
  status: string;
  deadline: number;
  closedAt: number | null;
  /** Time of the last step (updated_at). */
  lastStepAt: number;
  reworkCount: number;
  supervised: boolean;
}

/** The statuses an incident in hand passes through, in order (the lifecycle's main path). */
const OPEN_ORDER = MAIN_PATH.filter((s) => ACTIVE_STATUSES.includes(s));

export function lifecycle(rng: Rng, reportedAt: number, now: number, urgency: Urgency, source: string): Lifecycle {
  const limit = DEFAULT_TIME_LIMITS.byUrgency[urgency] * HOUR_MS;
  const deadline = reportedAt + limit;
  const age = now - reportedAt;
  const side = rng.next();
  const base = { deadline, reworkCount: 0, supervised: false };
  if (side < 0.015) {
    const at = Math.min(now, reportedAt + rng.range(0.5, 4) * HOUR_MS);
    return at < now ? { ...base, status: 'REJECTED', closedAt: at, lastStepAt: at } : open(base, 'REPORTED', reportedAt);
  }
  if (side < 0.025) {
    const at = Math.min(now, reportedAt + rng.range(0.2, 2) * HOUR_MS);
    return at < now ? { ...base, status: 'VOID', closedAt: at, lastStepAt: at } : open(base, 'REPORTED', reportedAt);
  }
  if (source === 'GRID_WORKER' && side < 0.16) {
    const at = Math.min(now, reportedAt + rng.range(10, 60) * 60_000);
    return { ...base, status: 'SELF_RESOLVED', closedAt: at, lastStepAt: at };
  }
  // Planned handling time: median 45 % of the limit; about 8 % run past it.
  const duration = limit * Math.min(6, Math.exp(Math.log(0.45) + 0.6 * rng.normal()));
  if (age > 30 * DAY_MS && side < 0.03 + 0.005) {
    const at = reportedAt + rng.range(2, 10) * DAY_MS;
    return { ...base, status: 'SUSPENDED', closedAt: null, lastStepAt: at };
  }
  if (reportedAt + duration <= now) {
    const closedAt = reportedAt + duration;
    const reworkCount = rng.chance(0.04) ? 1 : 0;
    const evaluatedAt = closedAt + rng.range(4, 72) * HOUR_MS;
    if (evaluatedAt < now && rng.chance(0.7)) return { ...base, status: 'EVALUATED', closedAt, lastStepAt: evaluatedAt, reworkCount };
    return { ...base, status: 'CLOSED', closedAt, lastStepAt: closedAt, reworkCount };
  }
  const progress = age / duration;
  let status = 'REPORTED';
  for (const s of OPEN_ORDER) if (progress >= STATUS_FRACTION[s]!) status = s;
  const overdue = now > deadline;
  return { ...open(base, status, reportedAt + duration * STATUS_FRACTION[status]!), supervised: overdue ? rng.chance(0.6) : rng.chance(0.02) };
}

function open(base: { deadline: number; reworkCount: number; supervised: boolean }, status: string, lastStepAt: number): Lifecycle {
  return { ...base, status, closedAt: null, lastStepAt };
}
