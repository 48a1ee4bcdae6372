/**
 * Roles end to end, in real headless Chromium, through the login screen (issue #5): a wrong password is
 * refused on screen; a city dispatcher sees the whole city, masked personal data on an incident's card and
 * can reveal it (audited); after signing out, a 文峰区 (410502) viewer starts on 文峰区, counts and draws only
 * its incidents, finds nothing outside it, and gets no personal block (the page never asks for one); when the
 * session is lost the login screen covers the map, and signing in again continues where it was; a planner
 * whose password an admin generated must set a new one first, and then sees personal data masked only.
 * The page shows only the incidents layer (?layers=incidents), so what is drawn is what the role may see.
 * Screenshots go to test-output/e2e/1x-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openOfflineBrowser, type OfflineBrowser } from './browser.ts';
import { jumpTo, shoot, waitForMapSettled } from './map-probe.ts';
import { acquireE2e, apiFetch, type Account, type E2eEnv } from './e2e-env.ts';

const OUT = path.resolve('test-output/e2e');
const STEP = 10 * 60_000;
const DISTRICT = '410502';

let env: E2eEnv;
let release: () => Promise<void>;
let b: OfflineBrowser;
/** Requests the page made for personal data, in order. */
const personalRequests: string[] = [];

type Incident = { id: string; properties: { event_no: string; title: string; district_code: string } };
type Bbox = [number, number, number, number];

let dispatcherIncidents = 0;
let district: { name: string; bbox: Bbox };
/** An incident inside 文峰区 with personal records, and one outside it. */
let inside: Incident;
let outside: Incident;
/** The dispatcher's drawn incidents at the comparison view, by district. */
let dispatcherDrawn: string[] = [];

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function login(page: Page, a: Account, password = a.password): Promise<void> {
  const screen = page.getByTestId('login-screen');
  await screen.waitFor({ timeout: 120_000 });
  await page.getByTestId('login-username').fill(a.username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

async function signIn(page: Page, a: Account): Promise<void> {
  await login(page, a);
  await page.getByTestId('login-screen').waitFor({ state: 'detached', timeout: 60_000 });
  await waitForMapSettled(page);
}

/** The incidents count the layer panel shows (its raw number). */
async function shownCount(page: Page): Promise<number> {
  const el = page.getByTestId('count-incidents');
  await expect.poll(() => el.getAttribute('data-count'), { timeout: 60_000 }).toMatch(/^\d+$/);
  return Number(await el.getAttribute('data-count'));
}

/** What the page itself gets from the API with its own session (cookie): numberMatched of incidents. */
async function pageCount(page: Page, query = ''): Promise<number> {
  return page.evaluate(
    async (q) => ((await (await fetch(`/ogc/collections/incidents/items?limit=1${q}`)).json()) as { numberMatched: number }).numberMatched,
    query,
  );
}

/** The district codes of every incident drawn on the canvas (deck.gl picking over the whole map). */
/**
 * For every incident point drawn on the map, 文峰区 (DISTRICT) or `other`. Tiles carry the styling fields and the
 * id only, so the ids picked on the canvas are placed by the API (the runner's city-wide token).
 */
async function drawnIncidents(page: Page): Promise<string[]> {
  const ids = (await page.evaluate(`(() => {
    const c = window.__pinganMap.getCanvas();
    const infos = window.__pinganOverlay.pickObjects({ x: 0, y: 0, width: c.clientWidth, height: c.clientHeight, maxObjects: 20000 });
    return infos
      .filter(function (i) { return i.layer && /^(tiles|overlay)-incidents/.test(i.layer.id) && i.object && i.object.properties && !i.object.properties.aggregated; })
      .map(function (i) { return String(i.object.properties.id); });
  })()`)) as string[];
  const inDistrict = new Set<string>();
  for (let offset = 0; ; offset += 10_000) {
    const url = `/ogc/collections/incidents/items?district_code=${DISTRICT}&limit=10000&offset=${offset}`;
    const { features } = await json<{ features: { id: string }[] }>(await apiFetch(env, url));
    for (const f of features) inDistrict.add(String(f.id));
    if (features.length < 10_000) break;
  }
  return ids.map((id) => (inDistrict.has(id) ? DISTRICT : 'other'));
}

/** The comparison view: 文峰区 and its neighbours at zoom 11 (incidents drawn as points, not bins). */
async function comparisonView(page: Page): Promise<void> {
  const [x0, y0, x1, y1] = district.bbox;
  await jumpTo(page, [(x0 + x1) / 2, (y0 + y1) / 2], 11);
}

/** Who viewed a subject's personal data in full, from the audit log (read with the admin's session). */
async function auditedFullViews(id: string): Promise<string[]> {
  type Page = { entries: { actorName: string | null; targetId: string | null }[]; next: number | null };
  const who: string[] = [];
  for (let after = 0, i = 0; i < 50; i++) {
    const page = await json<Page>(await fetch(`${env.base}/api/audit?action=personal.read&limit=500&after=${after}`, { headers: env.admin }));
    for (const e of page.entries) if (e.targetId === id && e.actorName) who.push(e.actorName);
    if (page.next === null) break;
    after = page.next;
  }
  return who;
}

async function openBySearch(page: Page, incident: Incident): Promise<'card' | 'none'> {
  const input = page.getByTestId('search').locator('input');
  await input.fill(incident.properties.event_no);
  const hit = page.locator(`.search-results li[data-collection="incidents"][data-id="${incident.id}"]`);
  // The answer "nothing found" (not a group's "n more" line, which shares the muted style).
  const none = page.locator('.search-results > .none');
  await expect.poll(async () => (await hit.count()) + (await none.count()), { timeout: 60_000 }).toBeGreaterThan(0);
  if ((await hit.count()) === 0) {
    await input.fill('');
    return 'none';
  }
  await hit.click();
  await page.getByTestId('feature-card').waitFor({ timeout: 30_000 });
  await expect.poll(() => page.getByTestId('feature-card').getAttribute('data-id')).toBe(incident.id);
  return 'card';
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  ({ env, release } = await acquireE2e(8152));
  const branch = await json<{ node: { name: string; bbox: Bbox } }>(await apiFetch(env, `/api/admin-units/${DISTRICT}/children`));
  district = branch.node;
  dispatcherIncidents = (await json<{ counts: { incidents: number } }>(await apiFetch(env, '/api/counts'))).counts.incidents;
  // An incident of 文峰区 with parties (the dispatcher's card shows them), and one of another district.
  const mine = await json<{ features: Incident[] }>(await apiFetch(env, `/ogc/collections/incidents/items?district_code=${DISTRICT}&limit=40`));
  for (const f of mine.features) {
    const res = await apiFetch(env, `/api/personal/incidents/${encodeURIComponent(f.id)}`);
    if (res.ok && ((await res.json()) as { records: unknown[] }).records.length > 0) {
      inside = f;
      break;
    }
  }
  inside ??= mine.features[0]!;
  outside = (await json<{ features: Incident[] }>(await apiFetch(env, '/ogc/collections/incidents/items?district_code=410503&limit=1'))).features[0]!;
  b = await openOfflineBrowser(1440, 900);
  b.page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/personal/')) personalRequests.push(r.url());
  });
  await b.page.goto(`${env.base}/?testHooks&layers=incidents`);
}, 40 * 60_000);

afterAll(async () => {
  await b?.close();
  await release?.();
}, 60_000);

describe('accounts and roles in the browser', () => {
  it('shows the login screen first and refuses a wrong password', async () => {
    await login(b.page, env.dispatcher, 'Wrong-Password-000');
    const error = b.page.getByTestId('login-error');
    await expect.poll(() => error.textContent(), { timeout: 30_000 }).toBe('用户名或密码错误');
    expect(await b.page.getByTestId('map').count()).toBe(0);
    expect(await b.page.getByTestId('login-password').inputValue()).toBe('');
    await shoot(b.page, path.join(OUT, '10-login-wrong-password.png'));
  }, STEP);

  it('signs the city dispatcher in: role and city in the top bar, every incident of the city', async () => {
    await signIn(b.page, env.dispatcher);
    expect(await b.page.getByTestId('user-name').textContent()).toBe('E2E dispatcher');
    expect(await b.page.getByTestId('user-role').textContent()).toBe('调度员');
    expect(await b.page.getByTestId('user-jurisdiction').textContent()).toBe('安阳市');
    expect(await shownCount(b.page)).toBe(dispatcherIncidents);
    expect(await pageCount(b.page)).toBe(dispatcherIncidents);
    await expect.poll(() => b.page.getByTestId('live-badge').getAttribute('data-status'), { timeout: 60_000 }).toBe('live');
    await shoot(b.page, path.join(OUT, '11-dispatcher-city.png'));
    await comparisonView(b.page);
    dispatcherDrawn = await drawnIncidents(b.page);
    expect(dispatcherDrawn.filter((d) => d === DISTRICT).length, 'dispatcher: incidents of 文峰区 drawn').toBeGreaterThan(0);
    expect(dispatcherDrawn.filter((d) => d !== DISTRICT).length, 'dispatcher: incidents of other districts drawn').toBeGreaterThan(0);
    await shoot(b.page, path.join(OUT, '12-dispatcher-z11.png'));
  }, STEP);

  it('shows the dispatcher an incident’s parties masked, and in full on request (audited)', async () => {
    expect(await openBySearch(b.page, inside)).toBe('card');
    const block = b.page.getByTestId('personal-block');
    await expect.poll(() => block.getAttribute('data-view'), { timeout: 30_000 }).toBe('masked');
    const names = block.locator('[data-testid=personal-record] [data-field=name]');
    expect(await names.count()).toBeGreaterThan(0);
    for (const n of await names.allTextContents()) expect(n).toContain('*');
    for (const p of await block.locator('[data-field=phone]').allTextContents()) expect(p).toMatch(/^\d{3}\*{4}\d{4}$|^—$/);
    await shoot(b.page, path.join(OUT, '13-dispatcher-personal-masked.png'));

    await block.getByTestId('personal-reveal').click();
    await expect.poll(() => block.getAttribute('data-view'), { timeout: 30_000 }).toBe('full');
    expect(await block.getByTestId('personal-audited').textContent()).toContain('审计日志');
    for (const n of await names.allTextContents()) expect(n).not.toContain('*');
    for (const p of await block.locator('[data-field=phone]').allTextContents()) expect(p).toMatch(/^1\d{10}$|^—$/);
    await shoot(b.page, path.join(OUT, '14-dispatcher-personal-full.png'));
    expect(personalRequests.some((u) => u.includes(encodeURIComponent(inside.id)) && u.endsWith('?full=true'))).toBe(true);

    // The full view is in the audit log, under the dispatcher's name.
    expect(await auditedFullViews(inside.id)).toContain(env.dispatcher.username);
    await b.page.getByTestId('feature-card').getByRole('button', { name: '关闭' }).click();
  }, STEP);

  it('signs out; the 文峰区 viewer starts on 文峰区 and sees only its incidents', async () => {
    await b.page.getByTestId('logout').click();
    await expect.poll(() => b.page.getByTestId('login-notice').textContent(), { timeout: 30_000 }).toBe('您已安全退出');
    // The server ended the session too (the logout carried the CSRF token).
    expect(await b.page.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(401);
    personalRequests.length = 0;
    await signIn(b.page, env.viewer);
    expect(await b.page.getByTestId('user-role').textContent()).toBe('查看员');
    expect(await b.page.getByTestId('user-jurisdiction').textContent()).toBe(district.name);
    // The start view is 文峰区.
    const center = await b.page.evaluate(() => (window as unknown as { __pinganMap: { getCenter(): { lng: number; lat: number } } }).__pinganMap.getCenter());
    const [x0, y0, x1, y1] = district.bbox;
    expect(center.lng).toBeGreaterThan(x0);
    expect(center.lng).toBeLessThan(x1);
    expect(center.lat).toBeGreaterThan(y0);
    expect(center.lat).toBeLessThan(y1);
    await shoot(b.page, path.join(OUT, '15-viewer-start.png'));
    // The count is the district's: what the viewer's session gets from the API, what the runner counts in 410502.
    const shown = await shownCount(b.page);
    const inDistrict = (await json<{ numberMatched: number }>(await apiFetch(env, `/ogc/collections/incidents/items?limit=1&district_code=${DISTRICT}`))).numberMatched;
    expect(shown).toBe(await pageCount(b.page));
    expect(shown).toBe(inDistrict);
    expect(shown).toBeLessThan(dispatcherIncidents);
    await expect.poll(() => b.page.getByTestId('live-badge').getAttribute('data-status'), { timeout: 60_000 }).toBe('live');
    // The same view as the dispatcher's: only 文峰区's incidents are drawn.
    await comparisonView(b.page);
    const drawn = await drawnIncidents(b.page);
    expect(drawn.length).toBeGreaterThan(0);
    expect(new Set(drawn)).toEqual(new Set([DISTRICT]));
    expect(drawn.length).toBeLessThan(dispatcherDrawn.length);
    await shoot(b.page, path.join(OUT, '16-viewer-z11.png'));
  }, STEP);

  it('gives the viewer no personal data and nothing outside 文峰区', async () => {
    expect(await openBySearch(b.page, inside)).toBe('card');
    await expect.poll(() => b.page.getByTestId('feature-card').locator('[data-field="event_no"] dd').textContent(), { timeout: 30_000 }).toBe(
      inside.properties.event_no,
    );
    expect(await b.page.getByTestId('personal-block').count()).toBe(0);
    await shoot(b.page, path.join(OUT, '17-viewer-card-no-personal.png'));
    await b.page.getByTestId('feature-card').getByRole('button', { name: '关闭' }).click();
    expect(await openBySearch(b.page, outside)).toBe('none');
    expect(personalRequests).toEqual([]);
  }, STEP);

  it('covers the map with the login screen when the session is lost, and continues after signing in again', async () => {
    const before = await b.page.evaluate(() => (window as unknown as { __pinganMap: { getCenter(): { lng: number; lat: number }; getZoom(): number } }).__pinganMap.getZoom());
    await b.context.clearCookies();
    // Anything that needs the session now gets 401: here, the tiles of a new view.
    await b.page.evaluate(() => (window as unknown as { __pinganMap: { zoomTo(z: number): void } }).__pinganMap.zoomTo(12.5));
    await expect.poll(() => b.page.getByTestId('login-notice').textContent().catch(() => null), { timeout: 60_000 }).toContain('登录已过期');
    expect(await b.page.getByTestId('map').count()).toBe(1); // still mounted under the login screen
    await shoot(b.page, path.join(OUT, '18-session-expired.png'));
    await signIn(b.page, env.viewer);
    const after = await b.page.evaluate(() => (window as unknown as { __pinganMap: { getZoom(): number } }).__pinganMap.getZoom());
    expect(after).toBeCloseTo(12.5, 1);
    expect(after).not.toBe(before);
    expect(await b.page.getByTestId('user-jurisdiction').textContent()).toBe(district.name);
    await expect.poll(() => b.page.getByTestId('live-badge').getAttribute('data-status'), { timeout: 60_000 }).toBe('live');
  }, STEP);

  it('makes a planner with an admin-generated password set a new one first; the planner sees personal data masked only', async () => {
    const username = `e2e-planner-${Date.now().toString(36)}`;
    const created = await json<{ password: string }>(
      await fetch(`${env.base}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...env.admin },
        body: JSON.stringify({ username, displayName: 'E2E planner', role: 'planner', adminCode: DISTRICT }),
      }),
    );
    await b.page.getByTestId('logout').click();
    await login(b.page, { username, password: created.password, role: 'planner', adminCode: DISTRICT });
    const screen = b.page.getByTestId('change-password');
    await screen.waitFor({ timeout: 60_000 });
    expect(await b.page.getByTestId('map').count()).toBe(0);
    await b.page.getByTestId('password-current').fill(created.password);
    await b.page.getByTestId('password-new').fill('weakpass');
    await b.page.getByTestId('password-confirm').fill('weakpass');
    await b.page.getByTestId('password-submit').click();
    await expect.poll(() => b.page.getByTestId('password-error').textContent()).toContain('至少需要 10 个字符');
    await shoot(b.page, path.join(OUT, '19-change-password.png'));
    await b.page.getByTestId('password-new').fill('Meadow-Brook-4417');
    await b.page.getByTestId('password-confirm').fill('Meadow-Brook-4417');
    await b.page.getByTestId('password-submit').click();
    await screen.waitFor({ state: 'detached', timeout: 60_000 });
    await waitForMapSettled(b.page);
    expect(await b.page.getByTestId('user-role').textContent()).toBe('分析员');
    expect(await openBySearch(b.page, inside)).toBe('card');
    const block = b.page.getByTestId('personal-block');
    await expect.poll(() => block.getAttribute('data-view'), { timeout: 30_000 }).toBe('masked');
    expect(await block.getByTestId('personal-reveal').count()).toBe(0);
    await shoot(b.page, path.join(OUT, '20-planner-masked-only.png'));
  }, STEP);

  it('never attempted a request outside loopback', () => {
    expect(b.external).toEqual([]);
  });
});
