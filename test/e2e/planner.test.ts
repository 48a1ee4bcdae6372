/**
 * The planner's workspace end to end in real headless Chromium (issue 12 item 5): a planner signs in on
 * /analysis, runs a hotspot analysis (Gi*), reads the legend (the classes, their FDR-corrected p breaks and
 * counts, checked against the API's own answer), sees the grid fill's legend follow the chosen KPI with its
 * breaks, exports the result as GeoJSON and CSV (the downloaded files parse, with one row per drawn cell),
 * and opens one grid's factor breakdown ("why is this grid red?") on the risk grading. Screenshots go to
 * test-output/e2e/ (the ones kept as docs/screenshots/analysis-*.png were looked at).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openOfflineBrowser, type OfflineBrowser } from './browser.ts';
import { jumpTo, mapBox, shoot, waitForMapSettled, type Shot, type Box } from './map-probe.ts';
import { acquireE2e, apiFetch, type Account, type E2eEnv } from './e2e-env.ts';

const OUT = path.resolve('test-output/e2e');
const STEP = 15 * 60_000;
const PLANNER: Account = { username: 'e2e-planner', password: 'Atlas-River-4417', role: 'planner', adminCode: '410500' };
const HOT_99: [number, number, number] = [215, 48, 39];

let env: E2eEnv;
let release: () => Promise<void>;
let b: OfflineBrowser;

type Cell = { id?: string; properties: Record<string, unknown> };
type Fc = { features: Cell[]; parameters?: Record<string, unknown> };

async function ensurePlanner(): Promise<void> {
  const res = await fetch(`${env.base}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...env.admin },
    body: JSON.stringify({ username: PLANNER.username, displayName: 'E2E 分析员', role: PLANNER.role, adminCode: PLANNER.adminCode, password: PLANNER.password }),
  });
  if (res.status !== 201 && res.status !== 409) throw new Error(`POST /api/users: ${res.status} ${await res.text()}`);
}

async function login(page: Page, a: Account): Promise<void> {
  await page.getByTestId('login-screen').waitFor({ timeout: 120_000 });
  await page.getByTestId('login-username').fill(a.username);
  await page.getByTestId('login-password').fill(a.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-screen').waitFor({ state: 'detached', timeout: 60_000 });
}

/** Runs the analysis chosen in the panel and waits for its answer. */
async function runAnalysis(page: Page): Promise<void> {
  await page.getByTestId('analysis-run').click();
  const status = page.getByTestId('analysis-status');
  await expect.poll(() => status.getAttribute('data-status'), { timeout: STEP, interval: 500 }).not.toBe('running');
  expect(await status.getAttribute('data-status'), (await status.textContent()) ?? '').toBe('done');
}

interface LegendRow {
  key: string;
  label: string;
  count: number;
  from: string | null;
  to: string | null;
}

async function legendRows(page: Page): Promise<LegendRow[]> {
  return page.locator('[data-testid=analysis-legend] li').evaluateAll((lis) =>
    lis.map((li) => ({
      key: li.getAttribute('data-key') ?? '',
      label: li.querySelector('.legend-label')?.textContent ?? '',
      count: Number(li.getAttribute('data-count')),
      from: li.getAttribute('data-from'),
      to: li.getAttribute('data-to'),
    })),
  );
}

/** The saved file of a download started by clicking `testId`. */
async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), text: readFileSync(file, 'utf8') };
}

/** RFC 4180 rows (quoted fields with "" escapes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

/** Pixels of the box within `tol` of a colour (ignoring alpha blending over the basemap only roughly). */
function pixelsNear(s: Shot, box: Box, colour: [number, number, number], tol = 40): number {
  let n = 0;
  for (let y = box.y; y < box.y + box.height; y += 2) {
    for (let x = box.x; x < box.x + box.width; x += 2) {
      const p = s.at(x, y);
      if (Math.abs(p[0] - colour[0]) < tol && Math.abs(p[1] - colour[1]) < tol && Math.abs(p[2] - colour[2]) < tol) n++;
    }
  }
  return n;
}

const classCounts = (cells: readonly Cell[]) => {
  const n: Record<string, number> = {};
  for (const c of cells) n[String(c.properties.class)] = (n[String(c.properties.class)] ?? 0) + 1;
  return n;
};

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  ({ env, release } = await acquireE2e(Number(process.env.E2E_PLANNER_PORT ?? 9410)));
  await ensurePlanner();
  b = await openOfflineBrowser(1600, 1000);
  await b.page.goto(`${env.base}/analysis?testHooks`, { timeout: 180_000, waitUntil: "domcontentloaded" });
  await login(b.page, PLANNER);
  await waitForMapSettled(b.page, STEP);
}, 40 * 60_000);

afterAll(async () => {
  await b?.close();
  await release?.();
}, 60_000);

describe('the planner workspace on /analysis', () => {
  let cells: Cell[] = [];

  it('runs a hotspot analysis; the legend names the Gi* classes with their p breaks and the counts drawn', async () => {
    const page = b.page;
    expect(await page.getByTestId('layout').getAttribute('data-route')).toBe('analysis');
    await page.locator('select[name=kind]').selectOption('hotspots');
    await page.locator('select[name=cellMeters]').selectOption('500');
    await runAnalysis(page);
    await waitForMapSettled(page, STEP);

    const rows = await legendRows(page);
    expect(rows.map((r) => r.key)).toEqual(['HOT_99', 'HOT_95', 'HOT_90', 'NONE', 'COLD_90', 'COLD_95', 'COLD_99']);
    expect(rows[0]!.label).toMatch(/^热点 99% 置信度 · (p ≤ \S+|无显著单元)$/);
    expect(rows[6]!.label).toMatch(/^冷点 99% 置信度/);
    expect(rows[3]!.label).toMatch(/^不显著/);
    expect(rows[0]!.count, 'the planted hotspots are HOT_99').toBeGreaterThan(0);
    expect(rows[0]!.label).toMatch(/p ≤ /);
    expect(await page.locator('[data-testid=analysis-legend] .analysis-note').first().textContent()).toContain('统计显著性');

    // The same request through the API: the legend counts what the server answered.
    const state = (await page.evaluate('window.__pinganStore.getState().analysis.run.result')) as { parameters: { window: { from: string; to: string }; cellMeters: number } };
    const w = state.parameters.window;
    const res = await apiFetch(env, `/api/analysis/hotspots?from=${encodeURIComponent(w.from)}&to=${encodeURIComponent(w.to)}&cellMeters=${state.parameters.cellMeters}`);
    expect(res.status).toBe(200);
    const api = (await res.json()) as Fc;
    cells = api.features;
    const counts = classCounts(cells);
    expect(Object.fromEntries(rows.map((r) => [r.key, r.count]))).toEqual(Object.fromEntries(rows.map((r) => [r.key, counts[r.key] ?? 0])));
    const crit = (api.parameters?.fdr as { criticalP: Record<string, number> }).criticalP;
    expect(rows[0]!.label).toContain(crit['99']! < 0.001 ? crit['99']!.toExponential(2) : String(Number(crit['99']!.toPrecision(3))));

    // Focus on the result switched the point layers off; hot cells are drawn in the legend's HOT_99 red.
    expect(await page.getByTestId('analysis-focus').isChecked()).toBe(true);
    await jumpTo(page, [114.33, 36.1], 11);
    const shot = await shoot(page, path.join(OUT, 'analysis-hotspots.png'));
    expect(pixelsNear(shot, await mapBox(page), HOT_99), 'HOT_99 red on the map').toBeGreaterThan(200);
  }, STEP);

  it('exports the hotspot result as GeoJSON and as CSV, one feature/row per drawn cell', async () => {
    const page = b.page;
    const geo = await download(page, 'export-geojson');
    expect(geo.name).toMatch(/^analysis-hotspots-\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.geojson$/);
    const doc = JSON.parse(geo.text) as { type: string; analysis: string; parameters: Record<string, unknown>; features: Cell[] };
    expect(doc.type).toBe('FeatureCollection');
    expect(doc.analysis).toBe('hotspots');
    expect(doc.parameters.cellMeters).toBe(500);
    expect(doc.features.length).toBe(cells.length);
    expect(classCounts(doc.features)).toEqual(classCounts(cells));

    const csv = await download(page, 'export-csv');
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const table = parseCsv(csv.text.slice(1));
    const header = table[0]!;
    expect(header.slice(0, 5)).toEqual(['id', 'count', 'gi_z', 'gi_p', 'class']);
    expect(header.slice(-2)).toEqual(['lng', 'lat']);
    const body = table.slice(1);
    expect(body.length).toBe(cells.length);
    const col = (name: string) => header.indexOf(name);
    const byId = new Map(cells.map((c) => [String(c.id), c.properties]));
    for (const r of body) {
      const p = byId.get(r[col('id')]!);
      expect(p, `row ${r[0]} is a cell of the answer`).toBeDefined();
      expect(r[col('class')]).toBe(p!.class);
      expect(Number(r[col('count')])).toBe(p!.count);
      expect(Number(r[col('lng')])).toBeGreaterThan(113);
      expect(Number(r[col('lat')])).toBeGreaterThan(35);
    }
  }, STEP);

  it('the grid legend follows the chosen fill with its breaks (population), not the grid types', async () => {
    const page = b.page;
    await page.getByTestId('analysis-tab-layers').click();
    await page.locator('.grid-fill select').selectOption('population');
    const legend = page.getByTestId('legend-grids');
    await expect.poll(() => legend.getAttribute('data-fill')).toBe('population');
    const breaks = await legend.locator('[data-break]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-break'))));
    expect(breaks).toEqual([0, 625, 1250, 1875, 2500]);
    expect(await legend.textContent()).toContain('按人口');
    await page.locator('.grid-fill select').selectOption('type');
    await expect.poll(() => legend.getAttribute('data-fill')).toBeNull();
    await page.getByTestId('analysis-tab-analysis').click();
  }, STEP);

  it('grades risk now with visible progress, then opens one grid’s factor breakdown with the model version', async () => {
    const page = b.page;
    await page.locator('select[name=kind]').selectOption('risk');
    // Recompute now: the server's job reports its phases (measure, grade, write) over SSE; the panel shows them.
    await page.getByTestId('analysis-recompute').click();
    const status = page.getByTestId('analysis-status');
    const seen = new Set<string>();
    for (let i = 0; i < 1200 && (await status.getAttribute('data-status')) === 'running'; i++) {
      const text = await status.textContent().catch(() => null);
      if (text) seen.add(text.replace(/已用.*$/, '').trim());
      await page.waitForTimeout(100);
    }
    expect(await status.getAttribute('data-status'), (await status.textContent()) ?? '').toBe('done');
    console.log(`[planner] recompute progress seen: ${[...seen].join(' | ')}`);
    expect([...seen].some((t) => /^分析中/.test(t)), 'a running state was shown').toBe(true);

    const rows = await legendRows(page);
    expect(rows.map((r) => r.key)).toEqual(['MAJOR', 'LARGER', 'GENERAL', 'LOW']);
    expect(rows.map((r) => r.label)).toEqual([expect.stringMatching(/^重大风险 · ≥\d+/), expect.stringMatching(/^较大风险 · \d+–\d+/), expect.stringMatching(/^一般风险 · \d+–\d+/), expect.stringMatching(/^低风险 · <\d+/)]);
    expect(rows.reduce((n, r) => n + r.count, 0), 'graded grids').toBeGreaterThan(1000);

    // The highest-risk grid, from the list; its breakdown is the grid's own grade.
    const top = page.locator('[data-testid=analysis-top] li').first();
    const code = (await top.getAttribute('data-grid'))!;
    expect(code).toMatch(/^\d{15}$/);
    await top.locator('button').click();
    const panel = page.getByTestId('factor-breakdown');
    await expect.poll(() => panel.getAttribute('data-grid')).toBe(code);
    await panel.locator('tr[data-factor]').first().waitFor({ timeout: 60_000 });
    const grid = (await (await apiFetch(env, `/ogc/collections/grids/items/${code}`)).json()) as { properties: Record<string, unknown> };
    const stored = grid.properties.risk_factors as Record<string, number>;
    const factors = await panel.locator('tr[data-factor]').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-factor')!, Number(tr.getAttribute('data-contribution'))] as const));
    for (const [factor, points] of factors) expect(points, factor).toBeCloseTo(Number(stored[factor] ?? 0), 6);
    for (const k of Object.keys(stored)) expect(factors.map(([f]) => f)).toContain(k);
    expect(factors.map(([, v]) => v)).toEqual([...factors.map(([, v]) => v)].sort((x, y) => y - x));
    expect(factors.reduce((sum, [, v]) => sum + v, 0)).toBeCloseTo(Number(grid.properties.risk_score), 0);
    expect(await panel.getAttribute('data-level')).toBe(grid.properties.risk_level);
    expect(await panel.getByTestId('breakdown-model').textContent()).toContain(String(grid.properties.risk_model_version));
    expect(await panel.locator('h3').textContent()).toMatch(new RegExp(`网格 ${code} 为何是`));
    await panel.getByTestId('breakdown-chart').waitFor();
    await waitForMapSettled(page, STEP);
    await shoot(page, path.join(OUT, 'analysis-risk-breakdown.png'));
    if (b.external.length) throw new Error(`the client tried the internet: ${b.external.join(', ')}`);
  }, STEP);
});
