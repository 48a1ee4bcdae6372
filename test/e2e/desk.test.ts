/**
 * The operator's map as a new user meets it (issue 15), in real headless Chromium through the login screen.
 * Each role — a city dispatcher, a city planner, a 文峰区 (410502) viewer — signs in for the first time (accounts
 * made for this run, so nothing is remembered yet) and finds: the map centred on their jurisdiction; their role's
 * layers; a picked feature highlighted while its card is open; counts that change with a filter and with the
 * chosen area (one scoped /api/counts request each time); 文峰区 found by pinyin; language and theme kept over a
 * reload and on a fresh browser. Then the sign-in at 390 px and the map page at 1024 px.
 * Screenshots: docs/screenshots/desk-*.png (kept) and test-output/e2e/desk-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openOfflineBrowser, type OfflineBrowser } from './browser.ts';
import { jumpTo, projectToPage, shoot, waitForMapSettled, type Shot } from './map-probe.ts';
import { acquireE2e, type Account, type E2eEnv } from './e2e-env.ts';

const DOCS = path.resolve('docs/screenshots');
const OUT = path.resolve('test-output/e2e');
const STEP = 10 * 60_000;
const OPEN = ['REPORTED', 'ACCEPTED', 'DISPATCHED', 'PROCESSING', 'DISPOSED', 'CHECKING', 'SUSPENDED'];

let env: E2eEnv;
let release: () => Promise<void>;
const run = Date.now().toString(36).slice(-5);
const accounts: Record<'dispatcher' | 'planner' | 'viewer', Account> = {
  dispatcher: { username: `desk-dsp-${run}`, password: 'Harbour-Lamp-7391', role: 'dispatcher', adminCode: '410500' },
  planner: { username: `desk-pln-${run}`, password: 'Harbour-Lamp-7392', role: 'planner', adminCode: '410500' },
  viewer: { username: `desk-wfv-${run}`, password: 'Harbour-Lamp-7393', role: 'viewer', adminCode: '410502' },
};
const LAYERS: Record<keyof typeof accounts, string[]> = {
  dispatcher: ['incidents', 'units'],
  planner: ['grids', 'incidents'],
  viewer: ['grids', 'key-places'],
};

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  mkdirSync(DOCS, { recursive: true });
  ({ env, release } = await acquireE2e(9720));
  for (const a of Object.values(accounts)) {
    const res = await fetch(`${env.base}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...env.admin },
      body: JSON.stringify({ username: a.username, displayName: `Desk ${a.role}`, role: a.role, adminCode: a.adminCode, password: a.password }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  }
}, STEP);
afterAll(async () => {
  await release?.();
});

/** Opens the page without waiting for every asset's 'load' (a loaded machine takes long over 2 MB of script). */
async function open(page: Page, url: string): Promise<void> {
  page.setDefaultNavigationTimeout(STEP);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: STEP });
}

async function signIn(page: Page, a: Account): Promise<void> {
  await page.getByTestId('login-screen').waitFor({ timeout: 120_000 });
  await page.getByTestId('login-username').fill(a.username);
  await page.getByTestId('login-password').fill(a.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-screen').waitFor({ state: 'detached', timeout: 60_000 });
  await waitForMapSettled(page, STEP);
}

type StoreHook = { __pinganStore: { getState(): any } };
const state = (page: Page) => page.evaluate(() => (window as unknown as StoreHook).__pinganStore.getState().ui);
const visibleLayers = async (page: Page) => Object.entries((await state(page)).layers as Record<string, { visible: boolean }>).filter(([, l]) => l.visible).map(([id]) => id).sort();
const shownCount = async (page: Page, layer = 'incidents') => Number(await page.getByTestId(`count-${layer}`).getAttribute('data-count'));
const file = (name: string) => path.join(OUT, `desk-${name}.png`);

/** Counts the page asks for from now on (their query strings). */
function watchCounts(page: Page): string[] {
  const asked: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname === '/api/counts') asked.push(u.search);
  });
  return asked;
}

/** Whether the screenshot has the highlight's cyan ring near a point. */
function ringNear(s: Shot, at: { x: number; y: number }): number {
  let n = 0;
  for (let y = at.y - 24; y <= at.y + 24; y++) {
    for (let x = at.x - 24; x <= at.x + 24; x++) {
      const [r, g, b] = s.at(x, y);
      if (r < 90 && g > 190 && b > 210) n++;
    }
  }
  return n;
}

/** A feature to pick for each role, from the API with the page's own session: its id and point. */
async function pickTarget(page: Page, role: keyof typeof accounts): Promise<{ collection: string; id: string; at: [number, number] }> {
  // The dispatcher picks a unit (drawn from live memory), the planner an incident, the viewer a key place.
  const collection = role === 'viewer' ? 'key-places' : role === 'dispatcher' ? 'units' : 'incidents';
  const query = role === 'planner' ? '&status=REPORTED' : '';
  const f = await page.evaluate(async (u) => ((await (await fetch(u)).json()) as { features: any[] }).features[0], `/ogc/collections/${collection}/items?limit=1${query}`);
  return { collection, id: String(f.id), at: f.geometry.coordinates as [number, number] };
}

describe.each(Object.keys(accounts) as (keyof typeof accounts)[])('%s at the first sign-in', (role) => {
  let b: OfflineBrowser;
  let page: Page;
  let asked: string[];
  const a = accounts[role];
  beforeAll(async () => {
    b = await openOfflineBrowser(1920, 1080);
    page = b.page;
    asked = watchCounts(page);
    await open(page, `${env.base}/?testHooks`);
    await signIn(page, a);
  }, STEP);
  afterAll(async () => {
    if (b?.external.length) throw new Error(`the client tried the internet: ${b.external.join(', ')}`);
    await b?.close();
  });

  it('starts centred on the jurisdiction with the role\'s layers', async () => {
    const code = a.adminCode;
    const bbox = await page.evaluate(async (c) => ((await (await fetch(`/api/admin-units/${c}/children`)).json()) as { node: { bbox: number[] } }).node.bbox, code);
    const view = await page.evaluate(() => {
      const m = (window as unknown as { __pinganMap: any }).__pinganMap;
      const c = m.getCenter();
      const bounds = m.getBounds();
      return { lng: c.lng, lat: c.lat, west: bounds.getWest(), east: bounds.getEast(), south: bounds.getSouth(), north: bounds.getNorth() };
    });
    const [w, s, e, n] = bbox as [number, number, number, number];
    expect(Math.abs(view.lng - (w + e) / 2)).toBeLessThan((e - w) * 0.05);
    expect(Math.abs(view.lat - (s + n) / 2)).toBeLessThan((n - s) * 0.05);
    expect(view.west).toBeLessThanOrEqual(w);
    expect(view.east).toBeGreaterThanOrEqual(e);
    expect(await visibleLayers(page)).toEqual(LAYERS[role]);
    const filters = (await state(page)).layers.incidents.filters;
    if (role === 'dispatcher') expect(String(filters.status).split(',').sort()).toEqual([...OPEN].sort());
    else expect(filters).toEqual({});
    await shoot(page, file(`${role}-start`));
  });

  it('highlights a picked feature while its card is open', async () => {
    const target = await pickTarget(page, role);
    await jumpTo(page, target.at, role === 'viewer' ? 16 : 15);
    const at = await projectToPage(page, target.at);
    // The ring's colour may be on the map already (a light-blue boundary beside the feature): measured against this.
    const before = await shoot(page);
    await page.mouse.click(at.x, at.y);
    const card = page.getByTestId('feature-card');
    await card.waitFor({ timeout: 60_000 });
    await waitForMapSettled(page);
    const ids = await page.evaluate(() => ((window as unknown as { __pinganOverlay: any }).__pinganOverlay._deck.layerManager.getLayers() as { id: string }[]).map((l) => l.id));
    expect(ids).toContain('highlight-point');
    const picked = await page.evaluate(() => (window as unknown as StoreHook).__pinganStore.getState().selection);
    const ring = await projectToPage(page, picked.geometry?.coordinates ?? picked.at);
    const baseline = ringNear(before, ring);
    expect(ringNear(await shoot(page, file(`${role}-highlight`)), ring) - baseline).toBeGreaterThan(20);
    await card.getByRole('button', { name: /关闭|Close/ }).click();
    await card.waitFor({ state: 'detached' });
    await waitForMapSettled(page);
    expect(ringNear(await shoot(page, file(`${role}-highlight-closed`)), ring) - baseline).toBeLessThan(5);
  });

  it('counts follow a filter and the chosen area, one scoped request each', async () => {
    const before = await shownCount(page);
    await page.getByTestId('filter-btn-incidents').click();
    const status = page.locator('[data-testid=filters-incidents] fieldset[data-filter=status]');
    if (role === 'dispatcher') await status.locator('[data-clear=status]').click(); // 在办 → every status
    else await status.locator('input[data-code=REPORTED]').check();
    await expect.poll(() => shownCount(page), { timeout: 60_000 }).not.toBe(before);
    const filtered = await shownCount(page);
    // the dispatcher's 在办 filter cleared: every status; the others ticked 已上报
    if (role === 'dispatcher') expect(asked.at(-1)).not.toContain('incidents.status');
    else expect(asked.at(-1)).toContain('incidents.status=REPORTED');
    await page.getByTestId('org-children-toggle').click();
    const child = page.locator('[data-testid=org-children] button').first();
    const childCode = await child.getAttribute('data-code');
    await child.click();
    await expect.poll(() => shownCount(page), { timeout: 60_000 }).toBeLessThan(filtered);
    expect(asked.at(-1)).toContain(`area=${childCode}`);
    expect(await page.locator('[data-testid=org-breadcrumb] [aria-current=location]').getAttribute('data-code')).toBe(childCode);
    await waitForMapSettled(page);
    await shoot(page, file(`${role}-counts`));
  });

  it('finds 文峰区 by pinyin; the search list and the org list never open together; Esc closes', async () => {
    const input = page.getByTestId('search').locator('input');
    await input.fill('wenfeng');
    const first = page.locator('[data-testid=search-results] li').first();
    await expect.poll(() => first.getAttribute('data-id'), { timeout: 30_000 }).toBe('410502');
    expect(await page.locator('[data-testid=search-results] section').first().getAttribute('data-group')).toBe('place');
    await shoot(page, file(`${role}-search`));
    await page.getByTestId('org-children-toggle').click();
    await expect.poll(() => page.getByTestId('search-results').count()).toBe(0);
    expect(await page.getByTestId('org-children').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('org-children').count()).toBe(0);
    await input.fill('wf');
    await expect.poll(() => first.getAttribute('data-id'), { timeout: 30_000 }).toBe('410502');
    await input.press('Escape');
    await expect.poll(() => page.getByTestId('search-results').count()).toBe(0);
    // Picking the place narrows the map to it: the breadcrumb follows
    await input.press('ArrowDown');
    await expect.poll(() => page.getByTestId('search-results').count()).toBe(1);
    await page.locator('[data-testid=search-results] li[data-id="410502"]').click();
    await expect.poll(() => page.locator('[data-testid=org-breadcrumb] [aria-current=location]').getAttribute('data-code')).toBe('410502');
  });

  it('keeps language and theme over a reload and on a fresh browser', async () => {
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/users/me/preferences') && r.request().method() === 'PUT', { timeout: 30_000 });
    await page.getByTestId('theme-switch').click();
    await page.getByTestId('lang-switch').click();
    expect((await saved).status()).toBe(200);
    await page.waitForTimeout(1500); // both changes reach the server (one debounced save)
    await page.reload({ waitUntil: 'domcontentloaded', timeout: STEP });
    await waitForMapSettled(page, STEP);
    expect(await page.evaluate(() => [document.documentElement.dataset.theme, document.documentElement.lang])).toEqual(['light', 'en']);
    if (role === 'viewer') {
      const fresh = await openOfflineBrowser(1280, 800);
      try {
        await open(fresh.page, `${env.base}/?testHooks`);
        expect(await fresh.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark'); // a new device: nothing yet
        await signIn(fresh.page, a);
        await expect.poll(() => fresh.page.evaluate(() => [document.documentElement.dataset.theme, document.documentElement.lang])).toEqual(['light', 'en']);
        await shoot(fresh.page, file(`${role}-settings-fresh`));
      } finally {
        await fresh.close();
      }
    }
  });
});

describe('small screens', () => {
  it('fits the sign-in on a 390 px phone and keeps the map page usable at 1024 px', async () => {
    const phone = await openOfflineBrowser(390, 844);
    try {
      await open(phone.page, `${env.base}/?testHooks`);
      await phone.page.getByTestId('login-screen').waitFor({ timeout: 120_000 });
      const fit = await phone.page.evaluate(() => {
        const inputs = [...document.querySelectorAll('.login-card input, .login-card button')].map((el) => el.getBoundingClientRect());
        const card = document.querySelector('.login-card')!.getBoundingClientRect();
        return { page: document.documentElement.scrollWidth, card: [card.left, card.right], inputs: inputs.map((r) => [r.left, r.right]) };
      });
      expect(fit.page).toBeLessThanOrEqual(390);
      for (const [l, r] of fit.inputs) {
        expect(l).toBeGreaterThanOrEqual(fit.card[0]!);
        expect(r).toBeLessThanOrEqual(fit.card[1]!);
      }
      await shoot(phone.page, file('login-390'));
    } finally {
      await phone.close();
    }
    const tablet = await openOfflineBrowser(1024, 768);
    try {
      await open(tablet.page, `${env.base}/?testHooks`);
      await signIn(tablet.page, accounts.planner);
      const layout = await tablet.page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        panel: document.querySelector('[data-testid=layer-panel]')!.getBoundingClientRect().width,
        map: document.querySelector('[data-testid=map]')!.getBoundingClientRect().width,
        search: document.querySelector('[data-testid=search] input')!.getBoundingClientRect().width,
      }));
      expect(layout.page).toBeLessThanOrEqual(1024);
      expect(layout.map).toBeGreaterThan(600);
      expect(layout.search).toBeGreaterThan(200);
      await shoot(tablet.page, file('tablet-1024'));
    } finally {
      await tablet.close();
    }
  });
});
