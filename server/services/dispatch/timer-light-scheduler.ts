/**
 * The timer-light scheduler: every TIMER_LIGHT_TICK_MS (default 2 s) it asks the database to recompute the open
 * incidents' lights (server/db/dispatch/timer-lights-repository.ts), so a light that turns YELLOW at 80 % or RED at
 * the deadline reaches every client within a tick, though nobody wrote the incident. A slow tick is not stacked.
 */
import type { Database } from '../../db/core/database.ts';
import { refreshTimerLights } from '../../db/dispatch/timer-lights-repository.ts';
import type { Logger } from '../../logger.ts';

export interface TimerLightScheduler {
  /** Runs one pass now (tests, start-up); resolves with the ids that changed. */
  tick(): Promise<string[]>;
  stop(): void;
}

export function startTimerLightScheduler(opts: { db: Database; log: Logger; everyMs: number; now?: () => Date }): TimerLightScheduler {
  const now = opts.now ?? (() => new Date());
  let running: Promise<string[]> | null = null;
  const tick = () => {
    if (running) return running;
    running = refreshTimerLights(opts.db, now())
      .then((ids) => {
        if (ids.length) opts.log.debug({ changed: ids.length }, 'timer lights turned');
        return ids;
      })
      .finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => {
    tick().catch((err: Error) => opts.log.warn({ err: err.message }, 'timer lights: refresh failed'));
  }, opts.everyMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
