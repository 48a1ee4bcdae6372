/**
 * Vacuuming the hot tables when nobody else does: embedded PGlite has no autovacuum, and a PostgreSQL server may
 * run with `autovacuum = off` (seen on the reference machines). Then every VACUUM_MINUTES (default 1; 0 = never)
 * this process looks after HOT_TABLES; with autovacuum on it does nothing. VACUUM takes no lock that stops reads or
 * writes. A slow pass is not stacked; a failure is logged and the next pass tries again.
 *
 * What a pass does (planMaintenance, pure): on PostgreSQL it follows the server's activity counters with
 * autovacuum's own default thresholds — VACUUM a table with more than 50 + 20 % dead rows, ANALYZE one with more
 * than 50 + 10 % rows changed since its last analysis — so a quiet table costs nothing (ANALYZE of 135,000
 * incidents takes seconds). PGlite keeps no counters across statements, so there every table is vacuumed each pass
 * (cheap on pages that stayed visible) and analysed every ANALYZE_EVERY-th pass.
 */
import type { Database } from '../../db/core/database.ts';
import { HOT_TABLES, maintainTable, tableActivity, vacuumsByItself, type HotTable, type TableActivity } from '../../db/core/maintenance-sql.ts';
import type { Logger } from '../../logger.ts';

/** On PGlite, ANALYZE every this many passes. */
export const ANALYZE_EVERY = 30;

export interface MaintenanceWork {
  table: HotTable;
  vacuum: boolean;
  analyze: boolean;
}

/** What a pass does to each hot table. `activity` null = no counters to go by (PGlite). Pure. */
export function planMaintenance(activity: readonly TableActivity[] | null, passNumber: number): MaintenanceWork[] {
  if (!activity) return HOT_TABLES.map((table) => ({ table, vacuum: true, analyze: passNumber % ANALYZE_EVERY === 0 }));
  return activity
    .map((a) => ({ table: a.table, vacuum: a.dead > 50 + 0.2 * a.live, analyze: a.modifiedSinceAnalyze > 50 + 0.1 * a.live }))
    .filter((w) => w.vacuum || w.analyze);
}

export interface VacuumSchedule {
  /** One pass now (tests); resolves with what it did (nothing when the database vacuums by itself). */
  pass(): Promise<MaintenanceWork[]>;
  stop(): void;
}

export function startVacuumSchedule(opts: { db: Database; log: Logger; minutes: number }): VacuumSchedule {
  let needed: Promise<boolean> | null = null;
  let running: Promise<MaintenanceWork[]> | null = null;
  let stopped = false;
  let passes = 0;
  const pass = () => {
    if (running) return running;
    running = (async () => {
      needed ??= vacuumsByItself(opts.db).then((self) => {
        opts.log.info({ autovacuum: self }, self ? 'the database vacuums by itself' : 'no autovacuum here: the hot tables are vacuumed on a schedule');
        return !self;
      });
      if (!(await needed)) return [];
      const work = planMaintenance(opts.db.kind === 'embedded' ? null : await tableActivity(opts.db), passes++);
      for (const w of work) {
        if (stopped) break;
        const t0 = performance.now();
        await maintainTable(opts.db, w.table, w);
        opts.log.debug({ ...w, ms: Math.round(performance.now() - t0) }, 'table maintained');
      }
      return work;
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
