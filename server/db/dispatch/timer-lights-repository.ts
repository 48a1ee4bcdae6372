/**
 * Keeps incidents.timer_light in step with the clock (migration 036): one UPDATE that rewrites only the rows whose
 * light differs from the one the rule (lifecycle.ts, via timer-light-sql.ts) gives now — open incidents whose light
 * turned because time passed, and any ended one still carrying a light. The capture trigger pushes exactly those
 * rows on the live feed; the version does not move (the trigger ignores timer_light). Idempotent: several server
 * processes may run it; the second finds nothing to do.
 */
import type { Queryable } from '../core/database.ts';
import { TIMER_LIGHT_PARAMS, timerLightSql } from './timer-light-sql.ts';

/** Recomputes the lights at `now`; returns the ids whose light changed. */
export async function refreshTimerLights(db: Queryable, now: Date): Promise<string[]> {
  // One pass over the open (or still lit) rows through their indexes; the table is not joined to itself (a
  // self-join made the planner hash the whole table every tick: 130 ms at the seeded 134 k incidents).
  const light = timerLightSql('t', '$1', '$2', '$3');
  const { rows } = await db.query<{ id: string }>(
    `UPDATE incidents t SET timer_light = ${light}
     WHERE (t.status = ANY($1::text[]) OR t.timer_light IS NOT NULL)
       AND t.timer_light IS DISTINCT FROM ${light}
     RETURNING t.id`,
    [TIMER_LIGHT_PARAMS[0], TIMER_LIGHT_PARAMS[1], now.toISOString()],
  );
  return rows.map((r) => r.id);
}
