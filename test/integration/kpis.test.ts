/**
 * GET /api/kpis (issue 13): who may ask for which scope, bad input as 4xx with a code, and figures equal to an
 * independent computation over the rows with the lifecycle's own functions (timerLight, isOpen, statusBucket) and
 * Asia/Shanghai's midnight. Warnings and grid risk count whatever is there (zero on a fresh city); a change on the
 * live feed is in the figures within about a second (the cache follows the feed's seq).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';
import type { KpisBody } from '../../server/domain/kpis/kpis-body.ts';
import { dayStart } from '../../server/domain/kpis/calendar.ts';
import { isOpen, statusBucket, timerLight } from '../../server/domain/incidents/lifecycle.ts';

const PORT = 9520;
let t: TestDatabase;
let app: LiveApp;
const tokens = {} as Record<'wall' | 'wenfeng' | 'gridWorker' | 'monitor', string>;

beforeAll(async () => {
  t = await openTestDatabase();
  app = await startLiveApp(t.db, PORT);
  tokens.wall = await issueTestToken(t.db, 'wall', '410500');
  tokens.wenfeng = await issueTestToken(t.db, 'viewer', '410502');
  tokens.gridWorker = await issueTestToken(t.db, 'grid_worker', '410502');
  tokens.monitor = await issueTestToken(t.db, 'monitor', '410500');
}, 300_000);
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

const get = (query: string, token?: string) => fetch(`${app.url}/api/kpis${query}`, { headers: token ? bearer(token) : {} });
async function kpis(query: string, token: string): Promise<KpisBody> {
  const res = await get(query, token);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as KpisBody;
}
async function errorOf(query: string, token?: string): Promise<[number, string]> {
  const res = await get(query, token);
  return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
}

describe('GET /api/kpis: access', () => {
  it('needs a principal with analysis:read', async () => {
    expect(await errorOf('')).toEqual([401, 'UNAUTHENTICATED']);
    expect(await errorOf('', tokens.gridWorker)).toEqual([403, 'FORBIDDEN']);
    expect(await errorOf('', tokens.monitor)).toEqual([403, 'FORBIDDEN']);
  });
  it('answers the caller\'s jurisdiction by default, and any unit inside it', async () => {
    expect((await kpis('', tokens.wall)).scope).toBe('410500');
    const w = await kpis('', tokens.wenfeng);
    expect(w).toMatchObject({ scope: '410502', scopeName: '文峰区', timeZone: 'Asia/Shanghai' });
    const { rows } = await t.db.query<{ code: string; name: string }>("SELECT code, name FROM admin_units WHERE level = 3 AND district_code = '410502' ORDER BY code LIMIT 1");
    expect(await kpis(`?scope=${rows[0]!.code}`, tokens.wenfeng)).toMatchObject({ scope: rows[0]!.code, scopeName: rows[0]!.name });
    expect((await kpis('?scope=410503', tokens.wall)).scopeName).toBe('北关区');
  });
  it('refuses a scope outside the jurisdiction (403), a malformed or repeated one (400), an unknown one (404)', async () => {
    expect(await errorOf('?scope=410503', tokens.wenfeng)).toEqual([403, 'OUT_OF_JURISDICTION']);
    expect(await errorOf('?scope=410500', tokens.wenfeng)).toEqual([403, 'OUT_OF_JURISDICTION']);
    expect(await errorOf('?scope=41050', tokens.wall)).toEqual([400, 'INVALID_SCOPE']);
    expect(await errorOf("?scope=410502'--", tokens.wall)).toEqual([400, 'INVALID_SCOPE']);
    expect(await errorOf('?scope=410502&scope=410503', tokens.wall)).toEqual([400, 'INVALID_SCOPE']);
    expect(await errorOf('?scope=410599', tokens.wall)).toEqual([404, 'UNKNOWN_SCOPE']);
    expect(await errorOf('?scope=410502999999', tokens.wenfeng)).toEqual([404, 'UNKNOWN_SCOPE']);
    expect(await errorOf('?period=week', tokens.wall)).toEqual([400, 'INVALID_PARAMETER']);
  });
});

type Row = { status: string; reported_at: Date | string; deadline: Date | string; closed_at: Date | string | null; supervised: boolean };
const ms = (v: Date | string) => new Date(v).getTime();

describe('GET /api/kpis: figures', () => {
  it('equal an independent computation over the rows with the lifecycle\'s own rules', async () => {
    const body = await kpis('?scope=410502', tokens.wall);
    const now = Date.parse(body.at);
    const today = dayStart(now);
    const from = Date.parse(body.incidents.rateWindow.from);
    const { rows } = await t.db.query<Row>("SELECT status, reported_at, deadline, closed_at, supervised FROM incidents WHERE district_code LIKE '410502%'");
    const open = rows.filter((r) => isOpen(r.status));
    const light = (r: Row) => timerLight(r.status, ms(r.reported_at), ms(r.deadline), now);
    const done = rows.filter((r) => ms(r.reported_at) >= from && statusBucket(r.status) === 'DONE');
    const accepted = rows.filter((r) => ms(r.reported_at) >= from && statusBucket(r.status) !== 'ENDED');
    expect(body.incidents).toMatchObject({
      open: open.length,
      overdue: open.filter((r) => light(r) === 'RED').length,
      nearlyDue: open.filter((r) => light(r) === 'YELLOW').length,
      supervised: open.filter((r) => r.supervised).length,
      reportedToday: rows.filter((r) => ms(r.reported_at) >= today).length,
      closedToday: rows.filter((r) => statusBucket(r.status) === 'DONE' && r.closed_at !== null && ms(r.closed_at) >= today).length,
    });
    expect(open.length).toBeGreaterThan(0);
    expect(Object.values(body.incidents.buckets).reduce((a, b) => a + b, 0)).toBe(open.length);
    expect(body.incidents.closedRate).toBeCloseTo(done.length / accepted.length, 12);
    expect(body.incidents.onTimeRate).toBeCloseTo(done.filter((r) => ms(r.closed_at!) <= ms(r.deadline)).length / done.length, 12);
    const hours = done.reduce((a, r) => a + (ms(r.closed_at!) - ms(r.reported_at)) / 3_600_000, 0) / done.length;
    expect(body.incidents.avgCloseHours).toBeCloseTo(hours, 6);
    expect(body.trend.dates).toHaveLength(7);
    const trendReported = rows.filter((r) => ms(r.reported_at) >= dayStart(Date.parse(`${body.trend.dates[0]}T12:00:00+08:00`))).length;
    expect(body.trend.reported.reduce((a, b) => a + b, 0)).toBe(trendReported);
    expect(body.categories.length).toBeLessThanOrEqual(5);
  });

  it('counts cameras, hazards and units of the scope', async () => {
    const body = await kpis('?scope=410502', tokens.wall);
    const one = async (sql: string) => Number((await t.db.query<{ n: number }>(sql)).rows[0]!.n);
    expect(body.cameras.total).toBe(await one("SELECT count(*)::int AS n FROM cameras WHERE district_code LIKE '410502%'"));
    expect(body.cameras.online).toBe(await one("SELECT count(*)::int AS n FROM cameras WHERE district_code LIKE '410502%' AND status = 'ON'"));
    expect(body.fireHazards.byGrade.MAJOR!.total).toBe(await one("SELECT count(*)::int AS n FROM fire_hazards WHERE district_code LIKE '410502%' AND grade = 'MAJOR'"));
    expect(body.units.available).toBe(await one("SELECT count(*)::int AS n FROM units WHERE district_code LIKE '410502%' AND status = 'AVAILABLE'"));
  });

  it('counts warnings and grid risk as they are — zero on a fresh city — and follows the live feed', async () => {
    const before = await kpis('?scope=410502', tokens.wall);
    expect(before.warnings).toEqual({ active: 0, unacknowledged: 0, byLevel: { '1': 0, '2': 0, '3': 0, '4': 0 } });
    expect(Object.values(before.risk.byLevel).every((n) => n === 0)).toBe(true);
    const { rows } = await t.db.query<{ code: string; community_code: string; street_code: string }>("SELECT code, community_code, street_code FROM grids WHERE district_code = '410502' ORDER BY code LIMIT 1");
    const g = rows[0]!;
    await t.db.transaction(async (tx) => {
      await tx.query("UPDATE grids SET risk_level = 'MAJOR', risk_score = 0.9, risk_computed_at = now() WHERE code = $1", [g.code]);
      await tx.query(
        `INSERT INTO warnings (id, level, kind, status, title, reason, district_code, street_code, community_code, grid_code, geom)
         SELECT 'KPI-W-1', 1, 'RISK_RISE', 'ACTIVE', '风险上升', '测试', '410502', $2, $3, $1, ST_PointOnSurface(geom) FROM grids WHERE code = $1`,
        [g.code, g.street_code, g.community_code],
      );
      await tx.query(
        `INSERT INTO warnings (id, level, kind, status, title, reason, district_code, geom, lifted_at)
         VALUES ('KPI-W-2', 2, 'HOTSPOT', 'LIFTED', '已解除', '测试', '410502', ST_SetSRID(ST_MakePoint(114.39, 36.09), 4326), now())`,
      );
    });
    await expect.poll(async () => (await kpis('?scope=410502', tokens.wall)).risk.byLevel.MAJOR, { timeout: 10_000, interval: 300 }).toBe(1);
    const after = await kpis('?scope=410502', tokens.wall);
    expect(after.warnings).toEqual({ active: 1, unacknowledged: 1, byLevel: { '1': 1, '2': 0, '3': 0, '4': 0 } });
    expect(after.risk.ungraded).toBe(before.risk.ungraded - 1);
    // Outside the scope, nothing moved.
    expect((await kpis('?scope=410503', tokens.wall)).warnings.active).toBe(0);
  });
});
