/**
 * The desk's server parts over real HTTP on the seeded test city (issue 15):
 *   GET /api/search    places before assets, grouped, pinyin and initials (wenfeng, wf), same-named cameras told
 *                      apart, jurisdiction kept;
 *   GET /api/counts    one scoped request narrowed by area, several filter values and a time window, 在办 among
 *                      them, the original shape without parameters, 400s for bad parameters;
 *   GET/PUT /api/users/me/preferences   per user, merged, validated, users only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../server/compose.ts';
import { loadConfig } from '../../server/config.ts';
import { OPEN_STATUSES } from '../../server/domain/incidents/lifecycle.ts';
import { openTestDatabase, testLog, type TestDatabase } from '../support/test-database.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';
import { Client, seedRoleUsers } from '../support/auth-fixtures.ts';

let t: TestDatabase;
let base: string;
let close: () => Promise<void>;
let city: Record<string, string>;
let wenfeng: Record<string, string>;

beforeAll(async () => {
  t = await openTestDatabase();
  await seedRoleUsers(t.db, '410500', 'desk-city-');
  city = bearer(await issueTestToken(t.db, 'dispatcher', '410500'));
  wenfeng = bearer(await issueTestToken(t.db, 'viewer', '410502'));
  const server = await createServer({ config: loadConfig({}), db: t.db, log: testLog });
  base = `http://127.0.0.1:${(await server.start({ port: 0, host: '127.0.0.1' })).port}`;
  close = () => server.stop();
});
afterAll(async () => {
  await close?.();
  await t?.dispose();
});

async function get(path: string, headers: Record<string, string> = city): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, { headers });
  return { status: res.status, body: await res.json() };
}
const search = async (q: string, headers = city, limit = 50) => (await get(`/api/search?q=${encodeURIComponent(q)}&limit=${limit}`, headers)).body.results as any[];
const matched = async (query: string) => (await get(`/ogc/collections/incidents/items?limit=1${query}`)).body.numberMatched as number;

describe('search', () => {
  it('finds 文峰区 first by pinyin and by initials', async () => {
    for (const q of ['wenfeng', 'wenfengqu', 'wf', 'WFQ', 'wen feng']) {
      const results = await search(q);
      expect(results[0], q).toMatchObject({ collection: 'districts', id: '410502', label: '文峰区', group: 'place' });
    }
  });

  it('ranks places above assets and groups them, with the area each lies in', async () => {
    const results = await search('文峰');
    expect(results.length).toBeGreaterThan(3);
    expect(results[0]).toMatchObject({ collection: 'districts', id: '410502' });
    const order = { place: 0, event: 1, asset: 2 } as Record<string, number>;
    const groups = results.map((r) => order[r.group]!);
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
    // one kind never floods the list
    const byKind = new Map<string, number>();
    for (const r of results) byKind.set(r.collection, (byKind.get(r.collection) ?? 0) + 1);
    for (const n of byKind.values()) expect(n).toBeLessThanOrEqual(17);
    const street = results.find((r) => r.collection === 'streets');
    if (street) expect(street.area).toBe('文峰区');
  });

  it('tells same-named cameras apart by what differs', async () => {
    const { rows } = await t.db.query<{ name: string }>(`SELECT name FROM cameras GROUP BY name HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT 1`);
    if (!rows[0]) return; // the seeded city has no namesakes: nothing to tell apart
    const cams = (await search(rows[0].name)).filter((r) => r.collection === 'cameras' && r.label === rows[0]!.name);
    expect(cams.length).toBeGreaterThan(1);
    const shown = cams.map((r) => `${r.sublabel}|${r.area ?? ''}`);
    expect(new Set(shown).size).toBe(shown.length);
  });

  it('keeps pinyin hits inside the jurisdiction', async () => {
    expect((await search('beiguan')).some((r) => r.id === '410503')).toBe(true);
    expect((await search('beiguan', wenfeng)).some((r) => r.id.startsWith('410503'))).toBe(false);
    expect((await search('wf', wenfeng))[0]).toMatchObject({ id: '410502' });
  });
});

describe('counts', () => {
  it('answers the original shape without parameters', async () => {
    const { status, body } = await get('/api/counts');
    expect(status).toBe(200);
    expect(body).toMatchObject({ exact: true, scope: '410500', area: null, narrowed: [] });
    expect(body.counts.incidents).toBe(await matched(''));
    expect(body.open.incidents).toBe(await matched(OPEN_STATUSES.map((s) => `&status=${s}`).join('')));
  });

  it('follows several filter values, the area and a time window in one request', async () => {
    const one = (await get('/api/counts?incidents.status=REPORTED')).body;
    expect(one.counts.incidents).toBe(await matched('&status=REPORTED'));
    expect(one.narrowed).toEqual(['incidents']);
    const two = (await get('/api/counts?incidents.status=REPORTED&incidents.status=ACCEPTED')).body;
    expect(two.counts.incidents).toBe((await matched('&status=REPORTED')) + (await matched('&status=ACCEPTED')));
    expect(two.open.incidents).toBe(two.counts.incidents);
    const area = (await get('/api/counts?area=410502')).body;
    expect(area.area).toBe('410502');
    expect(area.counts.incidents).toBe(await matched('&district_code=410502'));
    expect(area.counts.incidents).toBeLessThan((await get('/api/counts')).body.counts.incidents);
    expect(area.counts.cameras).toBe((await get('/ogc/collections/cameras/items?limit=1&district_code=410502')).body.numberMatched);
    const since = '2026-01-01T00:00:00Z/..';
    const windowed = (await get(`/api/counts?incidents.datetime=${encodeURIComponent(since)}&area=410502`)).body;
    expect(windowed.counts.incidents).toBe(await matched(`&district_code=410502&datetime=${encodeURIComponent(since)}`));
    const street = (await t.db.query<{ code: string }>(`SELECT street_code AS code FROM incidents WHERE district_code = '410502' AND street_code IS NOT NULL LIMIT 1`)).rows[0];
    if (street) expect((await get(`/api/counts?area=${street.code}`)).body.counts.incidents).toBe(await matched(`&street_code=${street.code}`));
  });

  it('stays inside the jurisdiction whatever the area asked', async () => {
    const own = (await get('/api/counts', wenfeng)).body;
    expect(own.scope).toBe('410502');
    expect((await get('/api/counts?area=410503', wenfeng)).body.counts.incidents).toBe(0);
    expect((await get('/api/counts?area=410500', wenfeng)).body.counts.incidents).toBe(own.counts.incidents);
  });

  it('refuses bad parameters with a code', async () => {
    expect((await get('/api/counts?area=4105')).body.error.code).toBe('INVALID_PARAMETER');
    expect((await get('/api/counts?incidents.status=NOPE')).body.error.code).toBe('INVALID_FILTER');
    expect((await get('/api/counts?nope.status=X')).body.error.code).toBe('UNKNOWN_PARAMETER');
    expect((await get('/api/counts?incidents.nope=X')).body.error.code).toBe('UNKNOWN_PARAMETER');
    expect((await get('/api/counts?incidents.datetime=yesterday')).body.error.code).toBe('INVALID_DATETIME');
    expect((await get('/api/counts?status=REPORTED')).status).toBe(400);
  });
});

describe('preferences', () => {
  it('keeps a user their own language, theme and layers, merged and validated', async () => {
    const c = new Client(base);
    expect((await c.login('desk-city-planner')).status).toBe(200);
    expect((await c.request('GET', '/api/users/me/preferences')).body).toMatchObject({ lang: null, theme: null, layers: null, filters: null });
    const put = await c.request('PUT', '/api/users/me/preferences', { lang: 'en', theme: 'light', layers: ['grids', 'incidents'], filters: { incidents: { status: ['REPORTED', 'ACCEPTED'] } } });
    expect(put.status).toBe(200);
    expect((await c.request('PUT', '/api/users/me/preferences', { theme: 'dark' })).body).toMatchObject({ lang: 'en', theme: 'dark', layers: ['grids', 'incidents'] });
    const again = new Client(base);
    await again.login('desk-city-planner');
    expect((await again.request('GET', '/api/users/me/preferences')).body).toMatchObject({
      lang: 'en',
      theme: 'dark',
      layers: ['grids', 'incidents'],
      filters: { incidents: { status: ['REPORTED', 'ACCEPTED'] } },
    });
    expect((await c.request('PUT', '/api/users/me/preferences', { lang: null })).body.lang).toBeNull();
    // another user has their own
    const other = new Client(base);
    await other.login('desk-city-viewer');
    expect((await other.request('GET', '/api/users/me/preferences')).body.theme).toBeNull();
  });

  it('refuses what is not a choice, anonymous callers, tokens and writes without the CSRF header', async () => {
    const c = new Client(base);
    await c.login('desk-city-dispatcher');
    for (const body of [{ lang: 'fr' }, { layers: ['districts'] }, { layers: ['nope'] }, { filters: { incidents: { status: ['NOPE'] } } }, { filters: { incidents: { title: ['x'] } } }, { colour: 'red' }]) {
      const r = await c.request('PUT', '/api/users/me/preferences', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('INVALID_BODY');
    }
    expect((await c.request('PUT', '/api/users/me/preferences', { lang: 'en' }, { 'x-csrf-token': 'wrong' })).status).toBe(403);
    expect((await new Client(base).request('GET', '/api/users/me/preferences')).status).toBe(401);
    const token = await get('/api/users/me/preferences');
    expect(token.status).toBe(403);
    expect(token.body.error.code).toBe('USER_ONLY');
  });
});
