/**
 * Benchmark databases on the local PostgreSQL: one per scale (pingan_bench_s1, pingan_bench_s10), migrated and
 * loaded once, then reused (the loader skips what is there). BENCH_DATABASE_URL picks another server.
 */
import pg from 'pg';
import type { Database } from '../../server/db/core/database.ts';
import { openPostgres } from '../../server/db/core/postgres.ts';
import { migrate } from '../../server/db/core/migrate.ts';
import { loadDataset } from '../../server/db/dataset/dataset-loader.ts';
import { createLogger } from '../../server/logger.ts';

export const benchLog = createLogger(process.env.LOG_LEVEL ?? 'warn');
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function urlFor(database: string): string {
  const u = new URL(SERVER);
  u.pathname = `/${database}`;
  return u.toString();
}

/** `prefix`: a workload that adds its own tables, or must not share its database with others' runs, names its own
 * (e.g. pingan_analysis_bench_s1). */
export async function openBenchDatabase(scale: number, seed = 410500, prefix = 'pingan_bench'): Promise<{ db: Database; url: string }> {
  const name = `${prefix}_s${String(scale).replace('.', '_')}`;
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = urlFor(name);
  const db = await openPostgres(url, benchLog, 16);
  await migrate(db);
  const started = performance.now();
  let last = -1;
  await loadDataset(db, { seed, scale }, ({ part, fraction }) => {
    const pct = Math.floor(fraction * 10) * 10;
    if (pct !== last) {
      last = pct;
      process.stderr.write(`  [${name}] loading ${part} ${pct}%\n`);
    }
  });
  const s = (performance.now() - started) / 1000;
  if (s > 2) process.stderr.write(`  [${name}] dataset ready in ${s.toFixed(1)} s\n`);
  return { db, url };
}
