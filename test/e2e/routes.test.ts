/**
 * The client's routes in real headless Chromium: `/wall?token=…` is a wall display's address (the map as a
 * dark big screen (the wall layout): no top bar, no panel, the token gone from the address, the path kept); `/?token=…` still opens
 * the desk map; the route links move between /, /dispatch and /analysis without a reload, each with its own
 * layers, and the browser's back button returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAP_LAYERS, type MapLayerId } from '../../client/src/state/app-state.ts';
import { openOfflineBrowser, type OfflineBrowser } from './browser.ts';
import { colourCount, mapBox, shoot, waitForMapSettled } from './map-probe.ts';
import { acquireE2e, type E2eEnv } from './e2e-env.ts';

const STEP = 15 * 60_000;

let env: E2eEnv;
let release: () => Promise<void>;
let b: OfflineBrowser;

/** The layers shown, from the store (the console on /dispatch has no layer panel; the workspace keeps it on a tab). */
async function layersOn(): Promise<MapLayerId[]> {
  const visible = await b.page.evaluate(() => {
    const s = (window as unknown as { __pinganStore: { getState(): { ui: { layers: Record<string, { visible: boolean }> } } } }).__pinganStore.getState();
    return Object.entries(s.ui.layers).filter(([, l]) => l.visible).map(([id]) => id);
  });
  return MAP_LAYERS.filter((l) => visible.includes(l)).sort();
}

async function layout(): Promise<{ layout: string | null; route: string | null }> {
  const el = b.page.getByTestId('layout');
  return { layout: await el.getAttribute('data-layout'), route: await el.getAttribute('data-route') };
}

beforeAll(async () => {
  ({ env, release } = await acquireE2e(Number(process.env.E2E_PORT ?? 8154)));
  b = await openOfflineBrowser(1440, 900);
}, 40 * 60_000);

afterAll(async () => {
  await b?.close();
  await release?.();
}, 60_000);

describe('routes', () => {
  it('/wall?token=… is the dark big screen around the map: no controls, the token gone, the path kept', async () => {
    await b.page.goto(`${env.base}/wall?testHooks&token=${env.wallToken}`);
    await waitForMapSettled(b.page, STEP);
    expect(await layout()).toEqual({ layout: 'wall', route: 'wall' });
    const url = new URL(b.page.url());
    expect(url.pathname).toBe('/wall');
    expect(url.search).not.toContain('token=');
    expect(await b.page.locator('.top-bar').count()).toBe(0);
    expect(await b.page.getByTestId('layer-panel').count()).toBe(0);
    expect(await b.page.getByTestId('login-screen').count()).toBe(0);
    expect(await b.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(colourCount(await shoot(b.page), await mapBox(b.page))).toBeGreaterThan(20);
    if (b.external.length) throw new Error(`the client tried the internet: ${b.external.join(', ')}`);
  });

  it('/?token=… still opens the desk map; the route links switch layers without a reload; back returns', async () => {
    await b.page.goto(`${env.base}/?testHooks&token=${env.wallToken}`);
    await waitForMapSettled(b.page, STEP);
    expect(await layout()).toEqual({ layout: 'desk', route: 'desk' });
    expect(await layersOn()).toEqual([...MAP_LAYERS].sort());
    await b.page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    await b.page.locator('[data-testid=route-nav] a[data-route=dispatch]').click();
    await waitForMapSettled(b.page, STEP);
    expect(new URL(b.page.url()).pathname).toBe('/dispatch');
    expect(await layout()).toEqual({ layout: 'desk', route: 'dispatch' });
    expect(await layersOn()).toEqual(['checkpoints', 'depots', 'incidents', 'units']);

    await b.page.locator('[data-testid=route-nav] a[data-route=analysis]').click();
    await waitForMapSettled(b.page, STEP);
    expect(await layout()).toEqual({ layout: 'desk', route: 'analysis' });
    expect(await layersOn()).toEqual(['fire-hazards', 'grids', 'incidents', 'key-places', 'rental-housing']);

    await b.page.goBack();
    await waitForMapSettled(b.page, STEP);
    expect(new URL(b.page.url()).pathname).toBe('/dispatch');
    expect(await layout()).toEqual({ layout: 'desk', route: 'dispatch' });
    expect(await b.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  it('/analysis opened directly starts with its own layers', async () => {
    await b.page.goto(`${env.base}/analysis?testHooks&token=${env.wallToken}`);
    await waitForMapSettled(b.page, STEP);
    expect(await layout()).toEqual({ layout: 'desk', route: 'analysis' });
    expect(await layersOn()).toEqual(['fire-hazards', 'grids', 'incidents', 'key-places', 'rental-housing']);
  });
});
