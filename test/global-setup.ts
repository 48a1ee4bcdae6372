/**
 * Builds the template database once per `npm test` (see test/support/test-database.ts).
 * The embedded template is cached under .data/test-template/<hash> keyed by the migrations, the
 * generator and the derived data, so an unchanged tree reuses it.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '../server/db/core/migrate.ts';
import { loadDataset } from '../server/db/dataset/dataset-loader.ts';
import { openEmbedded } from '../server/db/core/embedded.ts';
import { openPostgres } from '../server/db/core/postgres.ts';
import { TEMPLATE_DIR_ENV, TEST_DATASET, testLog, withDatabase } from './support/test-database.ts';

const root = path.resolve(import.meta.dirname, '..');
// Only what shapes the template's contents: schema, loader, generator, derived inputs.
const TEMPLATE_INPUTS = ['server/db/core/migrations', 'server/db/dataset/dataset-loader.ts', 'server/dataset', 'data/derived'];

async function hashInputs(): Promise<string> {
  const h = createHash('sha256').update(JSON.stringify(TEST_DATASET));
  const walk = async (rel: string): Promise<void> => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return;
    if (!(await stat(abs)).isDirectory()) {
      h.update(rel).update(await readFile(abs));
      return;
    }
    for (const entry of (await readdir(abs, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) await walk(child);
      else h.update(child).update(await readFile(path.join(root, child)));
    }
  };
  for (const rel of TEMPLATE_INPUTS) await walk(rel);
  return h.digest('hex').slice(0, 16);
}

async function preparePostgisTemplate(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  // The template is rebuilt for every run: CI gives a fresh database, and a developer's stale one is dropped.
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const db = await openPostgres(url, testLog);
  try {
    await migrate(db);
    await loadDataset(db, TEST_DATASET, () => undefined);
  } finally {
    await db.close();
  }
}

async function prepareEmbeddedTemplate(): Promise<string> {
  const dir = path.join(root, '.data', 'test-template', await hashInputs());
  if (existsSync(path.join(dir, 'READY'))) return dir;
  const building = `${dir}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  const db = await openEmbedded(building, testLog);
  try {
    await migrate(db);
    await loadDataset(db, TEST_DATASET, () => undefined);
  } finally {
    await db.close();
  }
  await writeFile(path.join(building, 'READY'), new Date().toISOString());
  await rm(dir, { recursive: true, force: true });
  await rename(building, dir);
  return dir;
}

export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    await preparePostgisTemplate(url);
  } else {
    process.env[TEMPLATE_DIR_ENV] = await prepareEmbeddedTemplate();
  }
}
