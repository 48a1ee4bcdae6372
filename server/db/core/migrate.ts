/**
 * Versioned SQL migrations: server/db/core/migrations/<capability>/NNN_name.sql (platform, live, auth, incidents,
 * dispatch, analysis, desk), applied in the order of their numbers across folders at start, each in its own
 * transaction, recorded in schema_migrations by file name (the folder is not part of the version). Safe to re-run and safe when several processes start
 * at once (an advisory lock serialises them).
 */
import { readdir, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const MIGRATION_LOCK = 410_500_001;

export interface Migration {
  version: string;
  sql: string;
  checksum: string;
}

const MIGRATION_FILE = /^\d{3}_[\w-]+\.sql$/;

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  // One level of capability folders (and any file left at the top); numbers are unique across them.
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.filter((e) => e.isDirectory()).map(async (d) => (await readdir(path.join(dir, d.name))).map((f) => path.join(d.name, f))),
  );
  const files = [...entries.filter((e) => e.isFile()).map((e) => e.name), ...nested.flat()]
    .filter((f) => MIGRATION_FILE.test(path.basename(f)))
    .sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
  return Promise.all(
    files.map(async (f) => {
      const sql = await readFile(path.join(dir, f), 'utf8');
      return { version: path.basename(f, '.sql'), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/** Applies pending migrations; returns the versions applied now. */
export async function migrate(db: Database, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: string[] = [];
  for (const m of all) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const existing = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [m.version]);
      if (existing.rows[0]) {
        if (existing.rows[0].checksum !== m.checksum) {
          throw new Error(`Migration ${m.version} was changed after it was applied; add a new migration instead.`);
        }
        return false;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [m.version, m.checksum]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
