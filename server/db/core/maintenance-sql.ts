/**
 * The SQL of housekeeping (server/services/maintenance/vacuum-schedule.ts): whether the database vacuums by itself,
 * and VACUUM (ANALYZE) of one of the product's hot tables (a fixed list: never a name from outside).
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

export async function vacuumTable(db: Database, table: HotTable): Promise<void> {
  if (!(HOT_TABLES as readonly string[]).includes(table)) throw new Error(`not a hot table: ${table}`);
  await db.query(`VACUUM (ANALYZE) ${table}`);
}
