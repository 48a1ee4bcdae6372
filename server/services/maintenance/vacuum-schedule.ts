/**
 * Vacuuming the hot tables when nobody else does: embedded PGlite has no autovacuum, and a PostgreSQL server may
 * run with `autovacuum = off` (seen on the reference machines). Then every VACUUM_MINUTES (default 1; 0 = never)
 * this process runs VACUUM (ANALYZE) on each of HOT_TABLES in turn; with autovacuum on it does nothing. VACUUM
 * takes no lock that stops reads or writes. A slow pass is not stacked; a failure is logged and retried next time.
 */
import type { Database } from '../../db/core/database.ts';
import { HOT_TABLES, vacuumsByItself, vacuumTable } from '../../db/core/maintenance-sql.ts';
import type { Logger } from '../../logger.ts';

export interface VacuumSchedule {
  /** One pass now (tests); resolves with the tables vacuumed (none when the database vacuums by itself). */
  pass(): Promise<string[]>;
  stop(): void;
}

export function startVacuumSchedule(opts: { db: Database; log: Logger; minutes: number }): VacuumSchedule {
  let needed: Promise<boolean> | null = null;
  let running: Promise<string[]> | null = null;
  let stopped = false;
  const pass = () => {
    if (running) return running;
    running = (async () => {
      needed ??= vacuumsByItself(opts.db).then((self) => {
        opts.log.info({ autovacuum: self }, self ? 'the database vacuums by itself' : 'no autovacuum here: the hot tables are vacuumed on a schedule');
        return !self;
      });
      if (!(await needed)) return [];
      const done: string[] = [];
      for (const table of HOT_TABLES) {
        if (stopped) break;
        const t0 = performance.now();
        await vacuumTable(opts.db, table);
        opts.log.debug({ table, ms: Math.round(performance.now() - t0) }, 'vacuumed');
        done.push(table);
      }
      return done;
    })().finally(() => (running = null));
    return running;
  };
  const timer = opts.minutes > 0
    ? setInterval(() => {
        pass().catch((err: Error) => {
          needed = null;
          opts.log.warn({ err: err.message }, 'vacuum pass failed');
        });
      }, opts.minutes * 60_000)
    : null;
  timer?.unref();
  return {
    pass,
    stop: () => {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}
