/**
 * A fingerprint of every data table: row count and the md5 of all rows (as text, in a fixed order).
 * Two equal fingerprints mean no row was inserted, changed or deleted. Runs the same on PostGIS and PGlite.
 *
 * Not included, on purpose: users, sessions, api_tokens, audit_log (signing in, token use and refused
 * requests legitimately write there), dataset_loads and change_log_state (bookkeeping of the loader and of
 * log pruning). Every write to a data table also shows up in change_log, which is included.
 */
import type { Queryable } from '../../server/db/core/database.ts';

export const DATA_TABLES = [
  'incidents', 'incident_parties', 'incident_flow_log', 'units', 'cameras', 'checkpoints', 'fire_hazards', 'rental_housing', 'rental_housing_personal',
  'grids', 'grid_workers', 'grid_workers_personal', 'admin_units', 'depots', 'depot_stock', 'key_places', 'change_log',
] as const;

export type Fingerprint = Record<string, { rows: number; md5: string }>;

export async function fingerprint(db: Queryable): Promise<Fingerprint> {
  const out: Fingerprint = {};
  for (const table of DATA_TABLES) {
    const { rows } = await db.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS h FROM ${table} t`,
    );
    out[table] = { rows: rows[0]!.n, md5: rows[0]!.h };
  }
  return out;
}

/** The tables whose fingerprints differ, with before/after counts. */
export function fingerprintDiff(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys(before)
    .filter((t) => before[t]!.md5 !== after[t]?.md5 || before[t]!.rows !== after[t]?.rows)
    .map((t) => `${t}: ${before[t]!.rows} rows (${before[t]!.md5.slice(0, 8)}) -> ${after[t]?.rows} rows (${after[t]?.md5.slice(0, 8)})`);
}
