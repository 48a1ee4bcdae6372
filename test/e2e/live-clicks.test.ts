/**
 * End to end under live load: the product runs with its simulator (`npm start -- --simulate`, unit positions,
 * incident steps and camera outages, a change every few milliseconds), the browser is a wall display on
 * its token. Every click on a feature opens that feature's card; an open card shows a status change written
 * through the API without being reopened. The product is this file's own (on E2E_LIVE_PORT, default 8153),
 * the shared one of `npm run test:e2e` runs without the simulator. Screenshots go to test-output/e2e/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_STATUS } from '../../server/protocol/codes.ts';
import { LIVE_SEQ_HEADER } from '../../server/http/ogc/ogc.ts';
import { openOfflineBrowser, type OfflineBrowser } from './browser.ts';
import { jumpTo, mapBox, shoot, waitForMapSettled } from './map-probe.ts';
import { apiFetch, type E2eEnv } from './e2e-env.ts';
import { provisionProduct } from './global-setup.ts';

const OUT = path.resolve('test-output/e2e');
const STEP = 15 * 60_000;
/** Views of the old town and the districts around it, where cameras and incidents are dense. */
const VIEWS: [number, number][] = [[114.352, 36.098], [114.362, 36.088], [114.345, 36.112], [114.305, 36.108], [114.325, 36.072]];
const ZOOM = 17;
/** A target has no other feature drawn within this many pixels (so "its card" is unambiguous). */
const CLEAR_PX = 14;
/** Layers whose points the test clicks; every point layer counts for the clearance. */
const TARGETS = ['cameras', 'incidents'] as const;
const POINT_LAYERS = ['cameras', 'incidents', 'checkpoints', 'fire-hazards', 'rental-housing', 'key-places', 'depots', 'units'] as const;

type Feature = { id: string; geometry: { type: string; coordinates: [number, number] }; properties: Record<string, unknown> };
type Target = { collection: string; id: string; x: number; y: number };

let env: E2eEnv;
let stop: () => Promise<void>;
let b: OfflineBrowser;

async function headSeq(): Promise<number> {
  const res = await apiFetch(env, '/ogc/collections/units/items?limit=1');
  await res.body?.cancel();
  return Number(res.headers.get(LIVE_SEQ_HEADER));
}

/** Point features of the current view whose neighbours (of every point layer) are at least CLEAR_PX away. */
async function clearTargets(max: number): Promise<Target[]> {
  const box = await mapBox(b.page);
  const bounds = (await b.page.evaluate('window.__pinganMap.getBounds().toArray().flat()')) as number[];
  const all: Target[] = [];
  for (const collection of POINT_LAYERS) {
    const res = await apiFetch(env, `/ogc/collections/${collection}/items?bbox=${bounds.join(',')}&limit=5000`);
    const fc = (await res.json()) as { features: Feature[] };
    const projected = (await b.page.evaluate(
      `(${JSON.stringify(fc.features.map((f) => f.geometry.coordinates))}).map((c) => window.__pinganMap.project(c)).map((p) => [p.x, p.y])`,
    )) as [number, number][];
    fc.features.forEach((f, i) => all.push({ collection, id: String(f.id), x: box.x + projected[i]![0], y: box.y + projected[i]![1] }));
  }
  // The middle of the map only: panels sit over its edges.
  const inside = (t: Target) => t.x > box.x + box.width * 0.25 && t.x < box.x + box.width * 0.7 && t.y > box.y + box.height * 0.15 && t.y < box.y + box.height * 0.85;
  const clear = (t: Target) => all.every((o) => o === t || Math.hypot(o.x - t.x, o.y - t.y) >= CLEAR_PX);
  const out: Target[] = [];
  for (const collection of TARGETS) out.push(...all.filter((t) => t.collection === collection && inside(t) && clear(t)).slice(0, max / TARGETS.length));
  return out;
}

/** Clicks as an operator does: onto the point, wait for the hover cursor, press and release. What card opened. */
async function clickOpens(t: Target): Promise<string> {
  const card = b.page.getByTestId('feature-card');
  if (await card.count()) await card.getByRole('button').click();
  await b.page.mouse.move(t.x - 8, t.y - 8);
  await b.page.mouse.move(t.x, t.y, { steps: 3 });
  await b.page
    .waitForFunction(() => (window as unknown as { __pinganMap: { getCanvas(): HTMLCanvasElement } }).__pinganMap.getCanvas().style.cursor === 'pointer', undefined, { timeout: 10_000 })
    .catch(() => undefined);
  await b.page.mouse.down();
  await b.page.mouse.up();
  await card.waitFor({ timeout: 15_000 }).catch(() => undefined);
  return (await card.count()) ? `${await card.getAttribute('data-collection')}/${await card.getAttribute('data-id')}` : 'no card';
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  ({ env, stop } = await provisionProduct(Number(process.env.E2E_LIVE_PORT ?? 8153), { args: ['--simulate'] }));
  b = await openOfflineBrowser(1600, 1000);
  await b.page.goto(`${env.base}/?testHooks&token=${env.wallToken}`);
  await waitForMapSettled(b.page, STEP);
}, 40 * 60_000);

afterAll(async () => {
  await b?.close();
  await stop?.();
}, 60_000);

describe('the map under live load (simulator running)', () => {
  it('opens the card of every feature clicked while changes stream in', async () => {
    const seq0 = await headSeq();
    await new Promise((r) => setTimeout(r, 3000));
    const seq1 = await headSeq();
    expect(seq1 - seq0, 'the simulator writes changes').toBeGreaterThan(30);

    const targets: Target[] = [];
    const results: string[] = [];
    for (const [i, view] of VIEWS.entries()) {
      await jumpTo(b.page, view, ZOOM);
      const here = await clearTargets(6);
      for (const t of here) results.push(`${t.collection}/${t.id} → ${await clickOpens(t)}`);
      targets.push(...here);
      await shoot(b.page, path.join(OUT, `live-01-click-under-load-${i + 1}.png`));
      if (targets.length >= 12) break;
    }
    expect(targets.length, 'clear targets clicked').toBeGreaterThanOrEqual(6);
    const seq2 = await headSeq();
    console.log(`[live-clicks] ${targets.length} clicks while the feed moved ${seq2 - seq1} changes\n  ${results.join('\n  ')}`);
    expect(results).toEqual(targets.map((t) => `${t.collection}/${t.id} → ${t.collection}/${t.id}`));
  }, STEP);

  it('an open card shows a status change made through the API without reopening', async () => {
    await jumpTo(b.page, VIEWS[0]!, ZOOM);
    const [camera] = (await clearTargets(12)).filter((t) => t.collection === 'cameras');
    expect(camera, 'a clear camera in view').toBeDefined();
    expect(await clickOpens(camera!)).toBe(`cameras/${camera!.id}`);
    const card = b.page.getByTestId('feature-card');
    const status = card.locator('[data-field="status"] dd');
    // The status reads as its label (在线 / 离线), its code on hover.
    await expect.poll(() => status.getAttribute('title'), { timeout: 30_000 }).toMatch(/\b(ON|OFF)\b/);
    const before = (await status.getAttribute('title'))!;
    const next = /\bON\b/.test(before) ? 'OFF' : 'ON';
    const res = await apiFetch(env, `/ogc/collections/cameras/items/${camera!.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ properties: { status: next } }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toBe(DEVICE_STATUS[next].zh);
    expect(await status.getAttribute('title')).toMatch(new RegExp(`\\b${next}\\b`));
    expect(await card.getAttribute('data-id')).toBe(camera!.id);
    await shoot(b.page, path.join(OUT, 'live-02-card-follows-change.png'));
  }, STEP);
});
