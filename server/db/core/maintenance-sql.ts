/**
 * The SQL of housekeeping (server/services/maintenance/vacuum-schedule.ts): whether the database vacuums by itself,
 * the hot tables' dead and changed rows, and VACUUM / ANALYZE of one of them (a fixed list: never a name from
 * outside).
 */
import type { Database } from './database.ts';

/**
 * Tables rewritten all day: unit positions every few seconds, incidents and their flow, the change log, the grades.
 * Without vacuuming, their dead rows pile up and every read slows (seen: 92,828 dead rows behind 1,500 units after
 * an hour of simulation, a recommendation's candidate query 5× slower).
 */
export const HOT_TABLES = ['units', 'incidents', 'incident_assignments', 'incident_flow_log', 'change_log', 'grids', 'warnings'] as const;
export type HotTable = (typeof HOT_TABLES)[number];

/** Whether autovacuum runs for this database: a PostgreSQL server with `autovacuum = on`; never embedded PGlite. */
export async function vacuumsByItself(db: Database): Promise<boolean> {
  if (db.kind === 'embedded') return false; // PGlite is a single backend: it has no autovacuum launcher
  const { rows } = await db.query<{ on: boolean }>(`SELECT current_setting('autovacuum') = 'on' AS on`);
  return rows[0]?.on === true;
}

export interface TableActivity {
  table: HotTable;
  live: number;
  dead: number;
  modifiedSinceAnalyze: number;
}

/** The server's activity counters of the hot tables (PGlite keeps none worth reading: see vacuum-schedule.ts). */
export async function tableActivity(db: Database): Promise<TableActivity[]> {
  const { rows } = await db.query<{ relname: HotTable; live: number; dead: number; modified: number }>(
    `SELECT relname, n_live_tup::float8 AS live, n_dead_tup::float8 AS dead, n_mod_since_analyze::float8 AS modified
     FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ANY($1::text[])`,
    [[...HOT_TABLES]],
  );
  return rows.map((r) => ({ table: r.relname, live: Number(r.live), dead: Number(r.dead), modifiedSinceAnalyze: Number(r.modified) }));
}

export async function maintainTable(db: Database, table: HotTable, work: { vacuum: boolean; analyze: boolean }): Promise<void> {
  if (!(HOT_TABLES as readonly string[]).includes(table)) throw new Error(`not a hot table: ${table}`);
  if (work.vacuum) await db.query(`VACUUM ${work.analyze ? '(ANALYZE) ' : ''}${table}`);
  else if (work.analyze) await db.query(`ANALYZE ${table}`);
}
