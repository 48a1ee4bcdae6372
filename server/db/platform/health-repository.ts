/** SQL for /api/health: a constant-cost readiness probe and the database's identity. */
import type { Queryable } from '../core/database.ts';

/** The cheapest round trip that proves the database answers. */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

export async function postgisVersion(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v');
  return rows[0]?.v ?? 'unknown';
}
