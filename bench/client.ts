/**
 * `npm run bench -- client`: the client in headless Chromium (SwiftShader WebGL, so absolute numbers are
 * slow; compare the rows with each other and with the anchor) against the product at scale 1:
 *   - time to first rendered map: navigation → MapLibre idle with every visible deck.gl layer's tiles loaded;
 *   - the longest main-thread task (PerformanceObserver 'longtask') while panning the whole city at scale 1;
 * each with all layers on, with 300,000 live units in memory (CLIENT_BENCH_POINTS; the units layer only),
 * and with an empty map (?layers=none: the offline basemap only) as the anchor, in the same run; ratios are
 * to the anchor. For the live units: the deck.gl attribute build of the snapshot (time spent in the units
 * layer's AttributeManager.update) and snapshot → drawn, then ticks of 1,000 moved
 * units (attribute update, the store's dispatch, change → drawn). CLIENT_BENCH_ONLY=live|layers runs the
 * anchor and one row.
 * The product runs on CLIENT_BENCH_DATABASE_URL (default: the local PostGIS, database client_bench, loaded once)
 * or CLIENT_BENCH_BASE_URL + CLIENT_BENCH_TOKEN (an already running product and a wall token of it).
 */
import pg from 'pg';
import type { Queryable } from '../server/db/core/database.ts';
import { issueToken } from '../server/db/auth/tokens-repository.ts';
import { UNIT_STATUS, UNIT_TYPE } from '../server/protocol/codes.ts';
import type { BenchRow } from './support/report.ts';
import { openOfflineBrowser } from '../test/e2e/browser.ts';
import { waitForMapSettled } from '../test/e2e/map-probe.ts';
import { startProduct, type Product } from '../test/e2e/product.ts';

/** CLIENT_BENCH_PORT: where the bench starts its product (default 8152). */
const PORT = Number(process.env.CLIENT_BENCH_PORT ?? 8152);
const RUNS = Number(process.env.CLIENT_BENCH_RUNS ?? 2);
/** Live units put in the client's memory for the large-layer row. */
const POINTS = Number(process.env.CLIENT_BENCH_POINTS ?? 300_000);
const DELTA_TICKS = 10;
/** CLIENT_BENCH_ONLY=live|layers: the anchor and that row only (a shorter run). */
const ONLY = process.env.CLIENT_BENCH_ONLY ?? '';
const DELTA_SIZE = 1_000;

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
  longestFrameMs: number;
}

/** What the live-units row measures on top of a Sample. */
interface LiveSample {
  snapshotAttributesMs: number;
  snapshotDispatchMs: number;
  snapshotDrawnMs: number;
  snapshotLongestTaskMs: number;
  deltaAttributesMs: number;
  deltaDispatchMs: number;
  deltaDrawnMs: number;
  deltaLongestTaskMs: number;
}

/**
 * In the page (?testHooks): puts `n` synthetic units (deterministic positions over the city, every unit type
 * and status) in the store as a units snapshot, waits until deck.gl has updated the units layer's attributes
 * and drawn, then moves 1,000 of them per tick. Attribute time is measured around the units layer's own
 * AttributeManager.update (deck.gl's 'Update Attributes' stat is reset every second, so it cannot be
 * differenced); dispatch time is the store's synchronous work (reducer, columnar mirror).
 */
const LIVE_SCRIPT = (n: number, ticks: number, size: number, types: string[], statuses: string[]) => `(async () => {
  const store = window.__pinganStore;
  const deck = window.__pinganOverlay._deck;
  const types = ${JSON.stringify(types)}, statuses = ${JSON.stringify(statuses)};
  let seed = 7;
  const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const unit = (i) => {
    const id = 'BENCH' + i;
    return { type: 'Feature', id, geometry: { type: 'Point', coordinates: [113.65 + rnd() * 1.05, 35.72 + rnd() * 0.66] },
      properties: { id, type: types[i % types.length], status: statuses[i % statuses.length] } };
  };
  const features = [];
  for (let i = 0; i < ${n}; i++) features.push(unit(i));
  // The store's units memory: live memory with seqs (state in slices), or the earlier plain map (the
  // 'before' figures were measured on it). Seqs go above anything the feed delivered.
  const s0 = store.getState();
  const sliced = 'memory' in s0;
  let seq = Math.max(s0.live.seq ?? 0, (sliced && s0.memory.units && s0.memory.units.snapshotSeq) || 0) + 1;
  const snapshot = sliced ? { type: 'snapshot', layer: 'units', features, seq: seq++, at: Date.now() } : { type: 'unitsSnapshot', features, at: Date.now() };
  const units = deck.layerManager.getLayers().find((l) => l.id.startsWith('units'));
  if (!units) throw new Error('no units layer');
  // Timed on the prototype, for whichever attribute manager the units layer uses at the time.
  const proto = Object.getPrototypeOf(units.getAttributeManager());
  const update = proto.update;
  let attrMs = 0, attrCalls = 0;
  proto.update = function (opts) {
    if (!opts || !opts.context || opts.context.id !== 'units') return update.call(this, opts);
    const t = performance.now();
    try { return update.call(this, opts); } finally { attrMs += performance.now() - t; attrCalls++; }
  };
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  async function drawn(calls) {
    for (let i = 0; i < 3000 && attrCalls === calls; i++) await frame();
    if (attrCalls === calls) throw new Error('the units layer never updated');
    await frame();
  }
  async function step(action) {
    const calls = attrCalls, a0 = attrMs, t0 = performance.now();
    store.dispatch(action);
    const dispatchMs = performance.now() - t0;
    await drawn(calls);
    return { dispatchMs, attributesMs: attrMs - a0, drawnMs: performance.now() - t0 };
  }
  window.__longTasks.length = 0;
  const snap = await step(snapshot);
  const snapshotLongestTaskMs = Math.max(0, ...window.__longTasks);
  const ticksOut = [];
  window.__longTasks.length = 0;
  for (let k = 0; k < ${ticks}; k++) {
    const changes = [];
    for (let j = 0; j < ${size}; j++) {
      const i = Math.floor(rnd() * ${n});
      changes.push({ seq: seq++, layer: 'units', op: 'upsert', id: 'BENCH' + i, feature: unit(i), at: new Date().toISOString() });
    }
    ticksOut.push(await step({ type: 'applyChanges', changes, at: Date.now() }));
  }
  const med = (k) => ticksOut.map((t) => t[k]).sort((a, b) => a - b)[Math.floor((ticksOut.length - 1) / 2)];
  return {
    snapshotAttributesMs: snap.attributesMs, snapshotDispatchMs: snap.dispatchMs, snapshotDrawnMs: snap.drawnMs, snapshotLongestTaskMs,
    deltaAttributesMs: med('attributesMs'), deltaDispatchMs: med('dispatchMs'), deltaDrawnMs: med('drawnMs'), deltaLongestTaskMs: Math.max(0, ...window.__longTasks),
  };
})()`;

/**
 * Pans a loop across the city: 16 moves of 300 px, each eased over 250 ms, then waits for the map to settle.
 * Also the longest gap between two animation frames meanwhile (never 0, unlike 'longtask', which only sees
 * tasks over 50 ms), so the anchor always gives a ratio.
 */
const PAN_SCRIPT = `(async () => {
  const map = window.__pinganMap;
  const moves = [[300,0],[300,0],[0,300],[0,300],[-300,0],[-300,0],[-300,0],[0,-300],[0,-300],[0,-300],[300,0],[300,0],[0,300],[300,0],[-300,0],[0,0]];
  let last = performance.now(), longestFrameMs = 0, panning = true;
  const tick = (t) => { longestFrameMs = Math.max(longestFrameMs, t - last); last = t; if (panning) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const t0 = performance.now();
  for (const [dx, dy] of moves) {
    map.panBy([dx, dy], { duration: 250 });
    await new Promise((r) => map.once('moveend', r));
  }
  panning = false;
  return { panMs: performance.now() - t0, longestFrameMs };
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

async function sample(base: string, token: string, layers: string | null, livePoints = 0): Promise<Sample & Partial<LiveSample>> {
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
    const live = livePoints
      ? ((await b.page.evaluate(LIVE_SCRIPT(livePoints, DELTA_TICKS, DELTA_SIZE, Object.keys(UNIT_TYPE), Object.keys(UNIT_STATUS)))) as LiveSample)
      : {};
    await b.page.evaluate('window.__longTasks.length = 0');
    const { panMs, longestFrameMs } = (await b.page.evaluate(PAN_SCRIPT)) as { panMs: number; longestFrameMs: number };
    const tasks = (await b.page.evaluate('window.__longTasks.slice()')) as number[];
    if (b.external.length) throw new Error(`the client tried the internet: ${b.external.join(', ')}`);
    return { firstMapMs, longestTaskMs: Math.max(0, ...tasks), longTasks: tasks.length, panMs, longestFrameMs, ...live };
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
    const scenarios = (
      [
        ['empty map (anchor)', 'none', 0],
        ['all layers, scale 1', null, 0],
        [`${POINTS.toLocaleString('en')} live units`, 'units', POINTS],
      ] as const
    ).filter(([, layers], i) => i === 0 || !ONLY || ONLY === (layers === 'units' ? 'live' : 'layers'));
    let anchor: { task: number; frame: number; pan: number } | null = null;
    for (const [name, layers, points] of scenarios) {
      const samples: (Sample & Partial<LiveSample>)[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await sample(product.base, token, layers, points));
      const med = (k: keyof LiveSample | keyof Sample) => samples.map((s) => s[k] ?? 0).sort((a, b) => a - b)[Math.floor((samples.length - 1) / 2)]!;
      anchor ??= { task: med('longestTaskMs'), frame: med('longestFrameMs'), pan: med('panMs') };
      const ratio = (v: number, a: number) => (a > 0 ? Number((v / a).toFixed(2)) : null);
      rows.push({
        map: name,
        runs: samples.length,
        'first map ms (median)': Math.round(med('firstMapMs')),
        'longest task ms (median)': Math.round(med('longestTaskMs')),
        'longest task / anchor': ratio(med('longestTaskMs'), anchor.task),
        'long tasks while panning': med('longTasks'),
        'longest frame ms': Math.round(med('longestFrameMs')),
        'longest frame / anchor': ratio(med('longestFrameMs'), anchor.frame),
        'pan loop ms': Math.round(med('panMs')),
        'pan loop / anchor': ratio(med('panMs'), anchor.pan),
        ...(points
          ? {
              'snapshot: attribute build ms': Math.round(med('snapshotAttributesMs')),
              'snapshot: dispatch ms': Math.round(med('snapshotDispatchMs')),
              'snapshot: → drawn ms': Math.round(med('snapshotDrawnMs')),
              'snapshot: longest task ms': Math.round(med('snapshotLongestTaskMs')),
              [`${DELTA_SIZE} moved: attribute ms`]: Number(med('deltaAttributesMs').toFixed(1)),
              [`${DELTA_SIZE} moved: dispatch ms`]: Number(med('deltaDispatchMs').toFixed(1)),
              [`${DELTA_SIZE} moved: → drawn ms`]: Math.round(med('deltaDrawnMs')),
              [`${DELTA_SIZE} moved: longest task ms`]: Math.round(med('deltaLongestTaskMs')),
            }
          : {}),
      });
    }
    return { rows, meta: { viewport: '1280x800', webgl: 'SwiftShader (software)', counts: health.counts ?? {}, note: 'compare rows; software WebGL inflates all times' } };
  } finally {
    await product.stop();
  }
}
