/**
 * `npm run bench -- client`: the client in headless Chromium (SwiftShader WebGL, so absolute numbers are
 * slow; compare the rows with each other) against the product at scale 1:
 *   - time to first rendered map: navigation → MapLibre idle with every visible deck.gl layer's tiles loaded;
 *   - the longest main-thread task (PerformanceObserver 'longtask') while panning the whole city at scale 1;
 * each with all layers on, and with an empty map (?layers=none: the offline basemap only) as the anchor.
 * The product runs on CLIENT_BENCH_DATABASE_URL (default: the local PostGIS, database client_bench, loaded once)
 * or CLIENT_BENCH_BASE_URL + CLIENT_BENCH_TOKEN (an already running product and a wall token of it).
 */
import pg from 'pg';
import type { Queryable } from '../server/db/core/database.ts';
import { issueToken } from '../server/db/auth/tokens-repository.ts';
import type { BenchRow } from './support/report.ts';
import { openOfflineBrowser } from '../test/e2e/browser.ts';
import { waitForMapSettled } from '../test/e2e/map-probe.ts';
import { startProduct, type Product } from '../test/e2e/product.ts';

const PORT = 8152;
const RUNS = Number(process.env.CLIENT_BENCH_RUNS ?? 2);

async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
}

interface Sample {
  firstMapMs: number;
  longestTaskMs: number;
  longTasks: number;
  panMs: number;
}

/** Pans a loop across the city: 16 moves of 300 px, each eased over 250 ms, then waits for the map to settle. */
const PAN_SCRIPT = `(async () => {
  const map = window.__pinganMap;
  const moves = [[300,0],[300,0],[0,300],[0,300],[-300,0],[-300,0],[-300,0],[0,-300],[0,-300],[0,-300],[300,0],[300,0],[0,300],[300,0],[-300,0],[0,0]];
  const t0 = performance.now();
  for (const [dx, dy] of moves) {
    map.panBy([dx, dy], { duration: 250 });
    await new Promise((r) => map.once('moveend', r));
  }
  return performance.now() - t0;
})()`;

/** A wall token in the product's database: the bench's browser is an unattended wall display (?token=). */
async function wallToken(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const db = { query: async (sql: string, params?: readonly unknown[]) => client.query(sql, params as unknown[]) } as unknown as Queryable;
    return (await issueToken(db, { name: 'client bench wall', role: 'wall', scope: '410500', createdBy: null, expiresAt: null })).token;
  } finally {
    await client.end();
  }
}

async function sample(base: string, token: string, layers: string | null): Promise<Sample> {
  const b = await openOfflineBrowser(1280, 800);
  try {
    await b.page.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    const t0 = Date.now();
    await b.page.goto(`${base}/?testHooks&token=${token}${layers === null ? '' : `&layers=${layers}`}`);
    await waitForMapSettled(b.page, 20 * 60_000);
    const firstMapMs = Date.now() - t0;
    await b.page.evaluate(`window.__pinganMap.jumpTo({ center: [114.36, 36.09], zoom: 11 })`);
    await waitForMapSettled(b.page, 20 * 60_000);
    await b.page.evaluate('window.__longTasks.length = 0');
    const panMs = (await b.page.evaluate(PAN_SCRIPT)) as number;
    const tasks = (await b.page.evaluate('window.__longTasks.slice()')) as number[];
    if (b.external.length) throw new Error(`the client tried the internet: ${b.external.join(', ')}`);
    return { firstMapMs, longestTaskMs: Math.max(0, ...tasks), longTasks: tasks.length, panMs };
  } finally {
    await b.close();
  }
}

export async function runClientBench(): Promise<{ rows: BenchRow[]; meta: Record<string, unknown> }> {
  let product: Product;
  let token: string;
  if (process.env.CLIENT_BENCH_BASE_URL) {
    product = { base: process.env.CLIENT_BENCH_BASE_URL, log: () => '', stop: async () => undefined };
    token = process.env.CLIENT_BENCH_TOKEN ?? '';
    if (!token) throw new Error('CLIENT_BENCH_BASE_URL needs CLIENT_BENCH_TOKEN (a wall token of that product)');
  } else {
    const url = process.env.CLIENT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/client_bench';
    await ensureDatabase(url);
    product = await startProduct(PORT, { databaseUrl: url });
    token = await wallToken(url);
  }
  try {
    const health = (await (await fetch(`${product.base}/api/counts`, { headers: { authorization: `Bearer ${token}` } })).json()) as { counts?: Record<string, number> };
    const rows: BenchRow[] = [];
    for (const [name, layers] of [['empty map (anchor)', 'none'], ['all layers, scale 1', null]] as const) {
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await sample(product.base, token, layers));
      const med = (k: keyof Sample) => samples.map((s) => s[k]).sort((a, b) => a - b)[Math.floor((samples.length - 1) / 2)]!;
      rows.push({
        map: name,
        runs: samples.length,
        'first map ms (median)': Math.round(med('firstMapMs')),
        'longest task ms (median)': Math.round(med('longestTaskMs')),
        'long tasks while panning': med('longTasks'),
        'pan loop ms': Math.round(med('panMs')),
      });
    }
    return { rows, meta: { viewport: '1280x800', webgl: 'SwiftShader (software)', counts: health.counts ?? {}, note: 'compare rows; software WebGL inflates all times' } };
  } finally {
    await product.stop();
  }
}
