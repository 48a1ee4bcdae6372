/**
 * The dispatcher's console end to end, in real headless Chromium at 1920×1080 (issue 11 item 6): a dispatcher
 * signs in on /dispatch; an incident created through the API arrives in the queue over the live feed and is
 * announced (critical); the dispatcher walks it from 已上报 to 已办结 through the UI — opens it from the queue,
 * accepts with the keyboard (a), reads the recommendations, loses a unit to another dispatcher (409, clear
 * message, the new state shows), sends the first recommended unit by clicking it on the map, watches the line to the scene follow
 * the unit as it moves (driven through the API), then 到场处置 → 处置完毕 (with an opinion) → 核查 → 核查通过办结 —
 * and the timeline shows every step. English switch and the keyboard help are checked on the way, and that the queue
 * holds still under a moving mouse while a new incident arrives.
 * Screenshots: docs/screenshots/dispatch-*.png (kept) and test-output/e2e/dispatch-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openOfflineBrowser, type OfflineBrowser } from './browser.ts';
import { jumpTo, projectToPage, waitForMapSettled } from './map-probe.ts';
import { acquireE2e, apiFetch, type E2eEnv } from './e2e-env.ts';

const STEP = 15 * 60_000;
const OUT = path.resolve('test-output/e2e');
const DOCS = path.resolve('docs/screenshots');
/** The old town of Anyang (文峰区), where units are dense. */
const SCENE: [number, number] = [114.3525, 36.0985];
const OTHER_SCENE: [number, number] = [114.3561, 36.0962];

let env: E2eEnv;
let release: () => Promise<void>;
let b: OfflineBrowser;
let page: Page;
let incidentId: string;

type Feature = { id: string; geometry: { coordinates: [number, number] }; properties: Record<string, unknown> };

async function api<T>(p: string, init: RequestInit = {}, expectStatus?: number): Promise<T> {
  const res = await apiFetch(env, p, { ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });
  const text = await res.text();
  if (expectStatus !== undefined) expect(res.status, `${init.method ?? 'GET'} ${p}: ${text}`).toBe(expectStatus);
  else expect(res.ok, `${init.method ?? 'GET'} ${p}: ${res.status} ${text}`).toBe(true);
  return (text ? JSON.parse(text) : null) as T;
}

async function createIncident(title: string, at: [number, number]): Promise<Feature> {
  return api<Feature>('/api/incidents', {
    method: 'POST',
    body: JSON.stringify({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: at },
      properties: { title, category: '02', urgency: 'CRITICAL', source: 'POLICE_110', address: '安阳市文峰区 e2e 测试地址' },
    }),
  }, 201);
}

const card = () => page.getByTestId('incident-card');
const status = () => card().getAttribute('data-status');

async function waitStatus(s: string): Promise<void> {
  await expect.poll(status, { timeout: 60_000 }).toBe(s);
}

/** The geometry of a MapLibre GeoJSON source the console drew. */
async function sourceData(id: string): Promise<{ features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[] }> {
  return page.evaluate((sid) => {
    const map = (window as unknown as { __pinganMap: { getSource(id: string): { serialize(): { data: unknown } } | undefined } }).__pinganMap;
    return (map.getSource(sid)?.serialize().data ?? { features: [] }) as never;
  }, id);
}

/** A screenshot with room for a loaded machine (software WebGL at 1920×1080). */
async function snap(file: string): Promise<void> {
  await page.screenshot({ path: file, timeout: 180_000 });
}

/** Waits until the recommendation list shown was asked for the incident as the card shows it now. */
async function recommendationsCurrent(): Promise<void> {
  const section = card().getByTestId('recommendations');
  await section.waitFor({ timeout: 60_000 });
  await expect.poll(() => section.getAttribute('aria-busy'), { timeout: 60_000 }).toBe('false');
}

async function act(action: string, opinion?: string): Promise<void> {
  if (opinion) await card().getByTestId('opinion').fill(opinion);
  await card().locator(`button[data-action=${action}]`).click();
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  mkdirSync(DOCS, { recursive: true });
  ({ env, release } = await acquireE2e(Number(process.env.E2E_DISPATCH_PORT ?? 9210)));
  b = await openOfflineBrowser(1920, 1080);
  page = b.page;
  // The machine may be loaded (software WebGL at 1920×1080): waits are generous, never timing asserts.
  page.setDefaultTimeout(120_000);
  page.setDefaultNavigationTimeout(300_000);
}, 40 * 60_000);

afterAll(async () => {
  await b?.close();
  await release?.();
}, 60_000);

describe('the dispatcher console', () => {
  it('signs in on /dispatch: queue, bucket counts and the map side by side at 1920×1080', async () => {
    await page.goto(`${env.base}/dispatch?testHooks`);
    await page.getByTestId('login-screen').waitFor({ timeout: 120_000 });
    await page.getByTestId('login-username').fill(env.dispatcher.username);
    await page.getByTestId('login-password').fill(env.dispatcher.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('dispatch-panel').waitFor({ timeout: 60_000 });
    await waitForMapSettled(page, STEP);
    await expect.poll(() => page.getByTestId('dispatch-queue').getAttribute('data-status'), { timeout: 60_000 }).toBe('ok');
    // The console's layers (no layer panel here): incidents, units, depots, checkpoints — also after the sign-in.
    const on = await page.evaluate(() => {
      const layers = (window as unknown as { __pinganStore: { getState(): { ui: { layers: Record<string, { visible: boolean }> } } } }).__pinganStore.getState().ui.layers;
      return Object.keys(layers).filter((l) => layers[l]!.visible).sort();
    });
    expect(on).toEqual(['checkpoints', 'depots', 'incidents', 'units']);
    // The map keeps most of the screen.
    const map = (await page.getByTestId('map').boundingBox())!;
    expect(map.width).toBeGreaterThanOrEqual(1000);
    expect(map.height).toBeGreaterThanOrEqual(900);
    // The bucket counts are the server's under the filters (a number in each of the work buckets).
    for (const bucket of ['TO_ACCEPT', 'TO_DISPATCH', 'IN_PROGRESS', 'TO_CHECK']) {
      await expect.poll(() => page.locator(`[data-bucket=${bucket}] .bucket-n`).textContent()).toMatch(/^[0-9.,万]+$/);
    }
  }, STEP);

  it('a new critical incident arrives over the live feed, is announced and sorted to the top', async () => {
    const before = Number(await page.getByTestId('dispatch-alert').getAttribute('data-chimes'));
    const created = await createIncident('e2e 特急：商场门口聚集冲突', SCENE);
    incidentId = String(created.id);
    const row = page.locator(`[data-testid=queue-row][data-id="${incidentId}"]`);
    await row.waitFor({ timeout: 60_000 });
    // Announced: the alert names it, and the chime played (the page is not muted).
    await expect.poll(() => page.getByTestId('dispatch-alert').getAttribute('data-alerts'), { timeout: 30_000 }).not.toBe('0');
    await expect.poll(async () => (await page.getByTestId('dispatch-alert').textContent()) ?? '').toContain('e2e 特急');
    expect(Number(await page.getByTestId('dispatch-alert').getAttribute('data-chimes'))).toBeGreaterThan(before);
    // A fresh critical incident with a green light sorts above every non-critical one.
    const urgencies = await page.locator('[data-testid=queue-row]').evaluateAll((rows) => rows.map((r) => r.className));
    const at = await page.locator('[data-testid=queue-row]').evaluateAll((rows, id) => rows.findIndex((r) => r.getAttribute('data-id') === id), incidentId);
    expect(urgencies.slice(0, at).every((c) => c.includes('urgency-critical'))).toBe(true);
    await snap(path.join(DOCS, 'dispatch-queue-alert.png'));
  }, STEP);

  it('holds the queue still while the mouse moves over it; what arrived meanwhile shows once it leaves', async () => {
    const rowIds = () => page.locator('[data-testid=queue-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    const box = (await page.locator('[data-testid=queue-row]').first().boundingBox())!;
    let wiggle = 0;
    const aim = () => page.mouse.move(box.x + box.width / 2 + (wiggle++ % 2 ? 4 : -4), box.y + box.height / 2);
    await aim();
    await expect.poll(() => page.getByTestId('dispatch-queue').getAttribute('data-held')).toBe('true');
    const order = await rowIds();
    // a critical incident would sort to the top, moving every row down under the pointer
    const extra = await createIncident('e2e 特急：指针下的队列不跳行', OTHER_SCENE);
    await expect.poll(async () => (await aim(), page.getByTestId('queue-held').count()), { timeout: 60_000, interval: 1_000 }).toBe(1);
    expect(await page.getByTestId('queue-held').textContent()).toContain('1 条新事件');
    expect(await rowIds()).toEqual(order);
    await snap(path.join(OUT, 'dispatch-queue-held.png'));
    await page.mouse.move(1500, 600); // off the list
    await page.locator(`[data-testid=queue-row][data-id="${extra.id}"]`).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('queue-held').count()).toBe(0);
    expect((await rowIds()).indexOf(String(extra.id))).toBeLessThan(order.length); // among the critical ones at the top
    // out of the way of the walk below: a duplicate
    await api(`/api/incidents/${extra.id}/transitions`, { method: 'POST', body: JSON.stringify({ action: 'VOID', opinion: 'e2e：重复上报', version: extra.properties.version }) });
    await expect.poll(() => page.locator(`[data-testid=queue-row][data-id="${extra.id}"]`).count(), { timeout: 60_000 }).toBe(0);
  }, STEP);

  it('keyboard: ? shows the help, j/k move in the queue, Enter opens, Esc closes', async () => {
    await page.locator('body').press('?');
    await page.getByTestId('dispatch-help').waitFor();
    await page.locator('body').press('Escape');
    await page.getByTestId('dispatch-help').waitFor({ state: 'detached' });
    await page.locator(`[data-testid=queue-row][data-id="${incidentId}"]`).click();
    await card().waitFor();
    await page.locator('body').press('Escape');
    await card().waitFor({ state: 'detached' });
    const rows = page.locator('[data-testid=queue-row]');
    if ((await rows.count()) > 1) {
      await page.locator('body').press('j');
      const next = await page.locator('[data-testid=queue-row][aria-selected=true]').getAttribute('data-id');
      expect(next).not.toBe(incidentId);
      await page.locator('body').press('k');
    }
    expect(await page.locator('[data-testid=queue-row][aria-selected=true]').getAttribute('data-id')).toBe(incidentId);
    await page.locator('body').press('Enter');
    await expect.poll(() => card().getAttribute('data-id')).toBe(incidentId);
    await waitStatus('REPORTED');
  }, STEP);

  it('accepts with the keyboard; the recommendation list gives reasons; a unit lost to another dispatcher is a clear 409', async () => {
    await page.locator('body').press('a');
    await waitStatus('ACCEPTED');
    const recs = card().getByTestId('recommendation');
    await recommendationsCurrent();
    expect(await recs.count(), (await card().getByTestId('recommendations').textContent()) ?? '').toBeGreaterThanOrEqual(2);
    expect((await recs.first().locator('.rec-reasons li').count())).toBeGreaterThanOrEqual(2);
    await expect.poll(() => card().locator('.rec-eta').first().textContent()).toMatch(/约|≈/);
    // What surrounds the scene besides the cameras: each kind's count is the context's, nearest first.
    const ctx = await api<Record<string, { id: string; distanceMeters: number }[]>>(`/api/incidents/${incidentId}/context`);
    const around = card().getByTestId('surroundings');
    await around.waitFor({ timeout: 30_000 });
    const kinds = ['checkpoints', 'hazards', 'rentals', 'keyPlaces', 'depots'];
    for (const kind of kinds) expect(Number(await around.locator(`details[data-kind=${kind}]`).getAttribute('data-count')), kind).toBe(ctx[kind]!.length);
    expect(kinds.reduce((n, k) => n + ctx[k]!.length, 0)).toBeGreaterThan(0);
    if (ctx.checkpoints!.length) {
      const nearest = [...ctx.checkpoints!].sort((a, b) => a.distanceMeters - b.distanceMeters || a.id.localeCompare(b.id))[0]!;
      expect(await around.locator('details[data-kind=checkpoints] li').first().getAttribute('data-id')).toBe(nearest.id);
    }
    // Another dispatcher sends the first recommended unit to another incident first.
    const taken = (await recs.first().getAttribute('data-unit'))!;
    const other = await createIncident('e2e 另一起特急事件', OTHER_SCENE);
    const accepted = await api<Feature>(`/api/incidents/${other.id}/transitions`, { method: 'POST', body: JSON.stringify({ action: 'ACCEPT', version: Number(other.properties.version) }) });
    await api(`/api/incidents/${other.id}/assignments`, { method: 'POST', body: JSON.stringify({ unitId: taken, version: Number(accepted.properties.version) }) }, 201);
    // The console still offers it first (its list is older): `d` sends it and is refused with a message that says why.
    expect(await recs.first().getAttribute('data-unit')).toBe(taken);
    await page.keyboard.press('d');
    const outcome = card().getByTestId('card-outcome');
    await outcome.waitFor({ timeout: 60_000 });
    expect(await outcome.getAttribute('data-code')).toBe('UNIT_UNAVAILABLE');
    expect(await outcome.textContent()).toContain('该力量已被他人派出');
    await snap(path.join(OUT, 'dispatch-409.png'));
    // The new state shows: the taken unit is no longer recommended, the incident still waits for a unit.
    await expect.poll(() => card().locator(`[data-testid=recommendation][data-unit="${taken}"]`).count(), { timeout: 30_000 }).toBe(0);
    expect(await status()).toBe('ACCEPTED');
  }, STEP);

  it('sends the first recommended unit; the line to the scene follows the unit as it moves', async () => {
    const first = card().getByTestId('recommendation').first();
    const unitId = (await first.getAttribute('data-unit'))!;
    const unit = await api<Feature>(`/ogc/collections/units/items/${unitId}`);
    // Sent the map's way: a click on the unit where the map draws it offers it (派遣 / 取消) in the card.
    await jumpTo(page, unit.geometry.coordinates, 16);
    const box = await page.locator('.maplibregl-canvas').boundingBox();
    const at = await projectToPage(page, unit.geometry.coordinates);
    expect(at.x > box!.x && at.x < box!.x + box!.width && at.y > box!.y && at.y < box!.y + box!.height, 'the unit is in view').toBe(true);
    await page.mouse.move(at.x - 6, at.y - 6);
    await page.mouse.move(at.x, at.y, { steps: 3 });
    await page.mouse.down();
    await page.mouse.up();
    const offer = card().getByTestId('assign-box');
    await offer.waitFor({ timeout: 60_000 });
    expect(await offer.getAttribute('data-unit')).toBe(unitId);
    // The operator's name for the unit (its call sign), not its id, in the offer and in the outcome.
    const callsign = String(unit.properties.callsign ?? unit.properties.name);
    expect(await offer.textContent()).toContain(callsign);
    await snap(path.join(OUT, 'dispatch-unit-picked-on-map.png'));
    await offer.getByTestId('send-picked').click();
    await waitStatus('DISPATCHED');
    await expect.poll(() => card().getByTestId('card-outcome').textContent(), { timeout: 30_000 }).toContain(callsign);
    await offer.waitFor({ state: 'detached', timeout: 30_000 }); // sent: the offer closes
    const assigned = card().locator(`[data-testid=assigned-unit][data-unit="${unitId}"]`);
    await assigned.waitFor({ timeout: 30_000 });
    // The line from the unit to the scene is drawn from where the unit is.
    const line = async () => (await sourceData('dispatch-lines')).features.map((f) => f.geometry.coordinates as [number, number][]);
    await expect.poll(async () => (await line()).length, { timeout: 30_000 }).toBe(1);
    const [start, end] = (await line())[0]!;
    expect(start![0]).toBeCloseTo(unit.geometry.coordinates[0], 5);
    expect(end![0]).toBeCloseTo(SCENE[0], 5);
    // The unit drives halfway to the scene (through the API, as its crew's app would): the line follows it live.
    const halfway: [number, number] = [(unit.geometry.coordinates[0] + SCENE[0]) / 2, (unit.geometry.coordinates[1] + SCENE[1]) / 2];
    await api(`/ogc/collections/units/items/${unitId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ geometry: { type: 'Point', coordinates: halfway } }),
    });
    await expect.poll(async () => (await line())[0]?.[0]?.[0], { timeout: 60_000 }).toBeCloseTo(halfway[0], 5);
    // Unit and scene in one view for the screenshot.
    await page.evaluate(({ a, c }) => {
      const map = (window as unknown as { __pinganMap: { fitBounds(b: unknown, o: unknown): void } }).__pinganMap;
      map.fitBounds([[Math.min(a[0], c[0]), Math.min(a[1], c[1])], [Math.max(a[0], c[0]), Math.max(a[1], c[1])]], { padding: 200, maxZoom: 16, duration: 0 });
    }, { a: halfway, c: SCENE });
    await waitForMapSettled(page, STEP);
    await snap(path.join(DOCS, 'dispatch-card-unit-en-route.png'));
  }, STEP);

  it('walks the incident on to 已办结 with the action buttons; the timeline shows every step', async () => {
    await act('ARRIVE');
    await waitStatus('PROCESSING');
    // DISPOSE needs an opinion: its button waits for one.
    expect(await card().locator('button[data-action=DISPOSE]').isDisabled()).toBe(true);
    await act('DISPOSE', 'e2e：现场人员已劝离，秩序恢复');
    await waitStatus('DISPOSED');
    await act('CHECK');
    await waitStatus('CHECKING');
    await act('CLOSE');
    await waitStatus('CLOSED');
    const steps = card().locator('[data-testid=timeline] li');
    await expect.poll(() => steps.evaluateAll((li) => li.map((l) => l.getAttribute('data-to'))), { timeout: 30_000 }).toEqual(
      expect.arrayContaining(['ACCEPTED', 'DISPATCHED', 'PROCESSING', 'DISPOSED', 'CHECKING', 'CLOSED']),
    );
    const order = await steps.evaluateAll((li) => li.map((l) => l.getAttribute('data-to')).filter((s) => s && s !== 'REPORTED'));
    expect(order.slice(-6)).toEqual(['ACCEPTED', 'DISPATCHED', 'PROCESSING', 'DISPOSED', 'CHECKING', 'CLOSED']);
    expect(await card().getByTestId('timeline').textContent()).toContain('现场人员已劝离');
    // The closed incident leaves the queue of open work.
    await expect.poll(() => page.locator(`[data-testid=queue-row][data-id="${incidentId}"]`).count(), { timeout: 30_000 }).toBe(0);
    await snap(path.join(DOCS, 'dispatch-closed-timeline.png'));
  }, STEP);

  it('switches to English and back', async () => {
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('.dispatch-head h2').textContent()).toBe('Incident queue');
    expect(await card().getByTestId('incident-status').textContent()).toBe('Closed');
    await snap(path.join(OUT, 'dispatch-english.png'));
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('.dispatch-head h2').textContent()).toBe('事件队列');
    if (b.external.length) throw new Error(`the client tried the internet: ${b.external.join(', ')}`);
  }, STEP);
});
