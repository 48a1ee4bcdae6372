/**
 * `npm run bench -- wall`: the command-centre wall under an accelerated city.
 *   1. GET /api/kpis for the whole city (410500) on a wall token while the simulator runs (`--simulate --speed`,
 *      changes every few ms, so the cache is invalidated all the time), beside its anchor: the bare SQL of the
 *      same figures (server/db/kpis kpiAggregates, straight on the database) in the same run; p50 / p99 and ratios.
 *   2. Soak: /wall in headless Chromium (1920×1080, tour every WALL_BENCH_TOUR s, default 20) for WALL_BENCH_MINUTES (default 10); after a warm-up
 *      (WALL_BENCH_WARMUP_S, default 120) the JS heap after a forced GC and the DOM counters (nodes, listeners)
 *      are sampled every 30 s; reported: first and last sample and growth (goal: heap ≤ 10 %, DOM flat).
 * The product is this bench's own: WALL_BENCH_PORT (default 9530) on WALL_BENCH_DATABASE_URL (default the local
 * PostGIS database pingan_wall_bench, created and loaded on the first run), speed WALL_BENCH_SPEED (default 20).
 */
import pg from 'pg';
import type { BenchRow } from './support/report.ts';
import { round, summarise } from './support/stats.ts';
import { openOfflineBrowser } from '../test/e2e/browser.ts';
import { adminHeaders, startProduct } from '../test/e2e/product.ts';
import { openPostgres } from '../server/db/core/postgres.ts';
import { createLogger } from '../server/logger.ts';
import { kpiAggregates } from '../server/db/kpis/kpis-repository.ts';
import { kpiTimes } from '../server/domain/kpis/assemble.ts';
import { TOP_CATEGORIES } from '../server/domain/kpis/rules.ts';

const PORT = Number(process.env.WALL_BENCH_PORT ?? 9530);
const DB_URL = process.env.WALL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pingan_wall_bench';
const SPEED = process.env.WALL_BENCH_SPEED ?? '20';
const MINUTES = Number(process.env.WALL_BENCH_MINUTES ?? 10);
const WARMUP_S = Number(process.env.WALL_BENCH_WARMUP_S ?? 120);
const REQUESTS = Number(process.env.WALL_BENCH_REQUESTS ?? 300);
/** Seconds per tour stop of the soaked wall (0: no tour, the map stays on the city). */
const TOUR = Number(process.env.WALL_BENCH_TOUR ?? 20);

async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function latencyRows(base: string, token: string): Promise<BenchRow[]> {
  const api: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/kpis`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET /api/kpis ${res.status}`);
    api.push(performance.now() - t0);
    await sleep(100); // a wall's pace is one request per change burst: spread the requests over the changes
  }
  const db = await openPostgres(DB_URL, createLogger('silent'));
  const sql: number[] = [];
  try {
    for (let i = 0; i < Math.min(REQUESTS, 100); i++) {
      const t0 = performance.now();
      await kpiAggregates(db, '410500', kpiTimes(Date.now()), TOP_CATEGORIES);
      sql.push(performance.now() - t0);
    }
  } finally {
    await db.close();
  }
  const a = summarise(api);
  const s = summarise(sql);
  return [
    { row: 'anchor: bare SQL of the whole-city KPIs', n: s.count, p50_ms: round(s.p50), p99_ms: round(s.p99), ratio_p99: 1 },
    { row: 'GET /api/kpis whole city (simulating)', n: a.count, p50_ms: round(a.p50), p99_ms: round(a.p99), ratio_p99: round(a.p99 / s.p99) },
  ];
}

interface MemorySample { at: number; heapMB: number; nodes: number; listeners: number; documents: number }

async function soakRows(base: string, token: string): Promise<{ rows: BenchRow[]; samples: MemorySample[] }> {
  const b = await openOfflineBrowser(1920, 1080);
  try {
    await b.page.goto(`${base}/wall?tour=${TOUR}&token=${token}`);
    await b.page.locator('[data-kpi="incidents.open"]').waitFor({ timeout: 180_000 });
    const cdp = await b.page.context().newCDPSession(b.page);
    await cdp.send('HeapProfiler.enable');
    const sample = async (start: number): Promise<MemorySample> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      const dom = (await cdp.send('Memory.getDOMCounters')) as { documents: number; nodes: number; jsEventListeners: number };
      return { at: Math.round((Date.now() - start) / 1000), heapMB: round(heap.usedSize / 2 ** 20), nodes: dom.nodes, listeners: dom.jsEventListeners, documents: dom.documents };
    };
    const start = Date.now();
    await b.page.waitForTimeout(WARMUP_S * 1000);
    const samples: MemorySample[] = [];
    const end = start + MINUTES * 60_000;
    while (Date.now() < end) {
      samples.push(await sample(start));
      console.log(JSON.stringify(samples[samples.length - 1]));
      await b.page.waitForTimeout(Math.min(30_000, Math.max(1000, end - Date.now())));
    }
    samples.push(await sample(start));
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    const maxHeap = Math.max(...samples.map((s) => s.heapMB));
    const ticker = await b.page.locator('[data-testid=wall-ticker] li').count();
    return {
      samples,
      rows: [
        { row: `soak ${MINUTES} min at --speed ${SPEED}: JS heap after GC (MB)`, first: first.heapMB, last: last.heapMB, max: maxHeap, growth_pct: round(((last.heapMB - first.heapMB) / first.heapMB) * 100, 1) },
        { row: 'soak: DOM nodes', first: first.nodes, last: last.nodes, max: Math.max(...samples.map((s) => s.nodes)), growth_pct: round(((last.nodes - first.nodes) / first.nodes) * 100, 1) },
        { row: 'soak: JS event listeners', first: first.listeners, last: last.listeners, max: Math.max(...samples.map((s) => s.listeners)), growth_pct: round(((last.listeners - first.listeners) / Math.max(1, first.listeners)) * 100, 1) },
        { row: 'soak: ticker lines at the end (bounded)', first: null, last: ticker, max: null, growth_pct: null },
      ],
    };
  } finally {
    await b.close();
  }
}

export async function runWallBench(): Promise<{ rows: BenchRow[]; meta: Record<string, unknown> }> {
  await ensureDatabase(DB_URL);
  const product = await startProduct(PORT, { databaseUrl: DB_URL, args: ['--simulate', '--speed', SPEED], readyTimeoutMs: 40 * 60_000 });
  try {
    const admin = await adminHeaders(product.base);
    const res = await fetch(`${product.base}/api/auth/tokens`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify({ name: `wall bench ${Date.now()}`, role: 'wall', scope: '410500' }),
    });
    const { token } = (await res.json()) as { token: string };
    await sleep(10_000); // the simulator is running
    const latency = await latencyRows(product.base, token);
    console.log(latency);
    const soak = MINUTES > 0 ? await soakRows(product.base, token) : { rows: [], samples: [] };
    return { rows: [...latency, ...soak.rows], meta: { port: PORT, speed: SPEED, tour: TOUR, minutes: MINUTES, warmupSeconds: WARMUP_S, requests: REQUESTS, samples: soak.samples } };
  } finally {
    await product.stop();
  }
}
