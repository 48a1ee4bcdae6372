/**
 * Test databases. With TEST_DATABASE_URL set (CI), the global setup migrates and seeds that PostGIS
 * database once; each test file then gets its own copy made with CREATE DATABASE ... TEMPLATE (≈1 s).
 * Without it, the global setup builds an embedded PGlite template directory once; each test file opens
 * its own copy of that directory. Either way a test file may write freely: nothing leaks between files.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../../server/db/core/database.ts';
import { openEmbedded } from '../../server/db/core/embedded.ts';
import { openPostgres } from '../../server/db/core/postgres.ts';
import { createLogger } from '../../server/logger.ts';

/** The dataset the test template holds: the real admin units and a 5 % sample of the point layers. */
export const TEST_DATASET = { seed: 410500, scale: 0.05 } as const;

export const testLog = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

export const TEMPLATE_DIR_ENV = 'PINGAN_TEST_TEMPLATE_DIR';

export interface TestDatabase {
  db: Database;
  /** A postgres:// URL for other processes (PostGIS mode only). */
  url?: string;
  kind: 'postgis' | 'embedded';
  /** Closes and removes the copy. */
  dispose(): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const templateUrl = process.env.TEST_DATABASE_URL;
  if (templateUrl) {
    const template = new URL(templateUrl).pathname.slice(1);
    const name = `${template}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: withDatabase(templateUrl, 'postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    await admin.end();
    const url = withDatabase(templateUrl, name);
    const db = await openPostgres(url, testLog);
    return {
      db,
      url,
      kind: 'postgis',
      async dispose() {
        await db.close();
        const a = new pg.Client({ connectionString: withDatabase(templateUrl, 'postgres') });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const templateDir = process.env[TEMPLATE_DIR_ENV];
  if (!templateDir) throw new Error(`${TEMPLATE_DIR_ENV} is not set: the vitest global setup did not run`);
  const dir = await mkdtemp(path.join(tmpdir(), 'pingan-test-'));
  await cp(templateDir, dir, { recursive: true });
  const db = await openEmbedded(dir, testLog);
  return {
    db,
    kind: 'embedded',
    async dispose() {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
