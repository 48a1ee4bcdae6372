/**
 * The dispatch API on the real app (issue 11 contract): report an incident, the queue with its counts and order,
 * the incident card, assignments (several units, unassign, reassign, history, 跨区增援, jurisdiction, races), and
 * that every refusal leaves the database as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { FIXTURES } from '../support/live-fixtures.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';
import { createFeature } from '../../server/db/features/features-write-repository.ts';
import { headSeq, readChanges } from '../../server/db/live/changes-repository.ts';

const PORT = 9110;
let t: TestDatabase;
let app: LiveApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await openTestDatabase();
  app = await startLiveApp(t.db, PORT);
  tokens.city = app.token;
  tokens.wenfeng = await issueTestToken(t.db, 'dispatcher', '410502');
  tokens.beiguan = await issueTestToken(t.db, 'dispatcher', '410503');
  tokens.viewer = await issueTestToken(t.db, 'viewer');
  tokens.grid = await issueTestToken(t.db, 'grid_worker');
}, 600_000);
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

async function send(method: string, path: string, body?: unknown, who = 'city') {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...(tokens[who] ? bearer(tokens[who]!) : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const WENFENG: [number, number] = [114.3925, 36.0975];
const report = (props: Record<string, unknown> = {}, coords = WENFENG, who = 'city') =>
  send('POST', '/api/incidents', {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: coords },
    properties: { title: '楼道堆放杂物', category: '03', urgency: 'URGENT', source: 'HOTLINE_12345', ...props },
  }, who);

async function newUnit(id: string, district = '410502', coords: [number, number] = [114.39, 36.1], type = 'FIRE_RESCUE'): Promise<void> {
  await createFeature(t.db, 'units', { ...FIXTURES.units!, id, geometry: { type: 'Point', coordinates: coords }, properties: { ...FIXTURES.units!.properties, type, district_code: district } });
}
async function row(table: 'incidents' | 'units', id: string): Promise<Record<string, unknown>> {
  return (await t.db.query(`SELECT to_jsonb(t) - 'geom' AS r FROM ${table} t WHERE id = $1`, [id])).rows[0]!.r as Record<string, unknown>;
}
async function accepted(props: Record<string, unknown> = {}): Promise<string> {
  const r = await report(props);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const acc = await send('POST', `/api/incidents/${r.body.id}/transitions`, { action: 'ACCEPT', version: 1 });
  expect(acc.status).toBe(200);
  return r.body.id as string;
}
const openAssignments = async (unitId: string) =>
  (await t.db.query<{ incident_id: string }>('SELECT incident_id FROM incident_assignments WHERE unit_id = $1 AND released_at IS NULL', [unitId])).rows;

describe('POST /api/incidents', () => {
  it('creates a REPORTED incident with id, version, deadline by category × urgency, codes, timer light and a REPORT flow row', async () => {
    const start = await headSeq(t.db);
    const res = await report({ description: '三楼楼道堆满纸箱' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const p = res.body.properties;
    expect(res.body.id).toMatch(/^AY\d{14}$/);
    expect(res.headers.get('location')).toBe(`/ogc/collections/incidents/items/${res.body.id}`);
    expect(p).toMatchObject({ status: 'REPORTED', status_label: '已上报', version: 1, category_label: '安全隐患', urgency_label: '紧急', district_code: '410502', timer_light: 'GREEN', scale: 'GENERAL' });
    // 安全隐患 × 紧急 = 12 h (dispatch-config.ts), not the urgency's default 24 h
    expect(Date.parse(p.deadline) - Date.parse(p.reported_at)).toBe(12 * 3_600_000);
    const detail = await send('GET', `/api/incidents/${res.body.id}`);
    expect(detail.body.flow).toEqual([expect.objectContaining({ action: 'REPORT', from: null, to: 'REPORTED', opinion: '三楼楼道堆满纸箱' })]);
    const changes = await readChanges(t.db, start, 10_000);
    expect(changes.some((c) => c.layer === 'incidents' && c.id === res.body.id)).toBe(true);
  });

  it('refuses bad input with 400 and a code, and writes nothing', async () => {
    const before = Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')).rows[0]!.n);
    const cases: [unknown, string][] = [
      [{ type: 'Feature', geometry: { type: 'Point', coordinates: WENFENG }, properties: { title: 'x', category: '42', urgency: 'URGENT', source: 'HOTLINE_12345' } }, 'INVALID_BODY'],
      [{ type: 'Feature', geometry: { type: 'Point', coordinates: WENFENG }, properties: { title: 'x', category: '01', urgency: 'URGENT', source: 'HOTLINE_12345', status: 'CLOSED' } }, 'INVALID_BODY'],
      [{ type: 'Feature', geometry: { type: 'Point', coordinates: [200, 36] }, properties: { title: 'x', category: '01', urgency: 'URGENT', source: 'HOTLINE_12345' } }, 'INVALID_GEOMETRY'],
      [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [WENFENG, WENFENG] }, properties: { title: 'x', category: '01', urgency: 'URGENT', source: 'HOTLINE_12345' } }, 'INVALID_BODY'],
      [{ type: 'Feature', geometry: { type: 'Point', coordinates: WENFENG }, properties: { title: '', category: '01', urgency: 'URGENT', source: 'HOTLINE_12345' } }, 'INVALID_BODY'],
      ['[1,2]', 'INVALID_BODY'],
    ];
    for (const [body, code] of cases) {
      const res = await send('POST', '/api/incidents', body);
      expect([res.status, res.body.error.code], JSON.stringify(body)).toEqual([400, code]);
    }
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')).rows[0]!.n).toBe(before);
  });

  it('answers 403 OUT_OF_JURISDICTION for a point outside the reporter\'s district, 403 for a viewer, 401 anonymous', async () => {
    const wf = await report({}, WENFENG, 'beiguan');
    expect([wf.status, wf.body.error.code]).toEqual([403, 'OUT_OF_JURISDICTION']);
    expect((await report({}, WENFENG, 'viewer')).status).toBe(403);
    expect((await report({}, WENFENG, 'nobody')).status).toBe(401);
  });
});

describe('GET /api/dispatch/queue', () => {
  it('lists open incidents by urgency, light and age, with counts that follow the filters and the area', async () => {
    const critical = (await report({ urgency: 'CRITICAL', title: '燃气泄漏' })).body.id as string;
    const res = await send('GET', '/api/dispatch/queue?limit=500');
    expect(res.status).toBe(200);
    const items = res.body.items as { id: string; urgency: string; timer_light: string; reported_at: string; bucket: string; status: string }[];
    expect(items.length).toBeGreaterThan(0);
    const rank = (u: string) => ['CRITICAL', 'URGENT', 'NORMAL'].indexOf(u);
    const light = (l: string) => ['RED', 'YELLOW', 'GREEN'].indexOf(l);
    for (let i = 1; i < items.length; i++) {
      const a = items[i - 1]!;
      const b = items[i]!;
      const key = (x: typeof a) => [rank(x.urgency), light(x.timer_light), Date.parse(x.reported_at)];
      const [ka, kb] = [key(a), key(b)];
      const cmp = ka[0]! - kb[0]! || ka[1]! - kb[1]! || ka[2]! - kb[2]!;
      expect(cmp).toBeLessThanOrEqual(0);
    }
    expect(items.find((i) => i.id === critical)).toMatchObject({ bucket: 'TO_ACCEPT', status: 'REPORTED', timer_light: 'GREEN', assignments: [] });
    const c = res.body.counts;
    expect(c.total).toBe(items.length);
    expect(c.buckets.TO_ACCEPT).toBe(items.filter((i) => i.bucket === 'TO_ACCEPT').length);
    expect(c.buckets.DONE).toBeGreaterThan(0); // all statuses, for the tabs
    const reported = await send('GET', '/api/dispatch/queue?status=REPORTED&limit=500');
    expect(reported.body.counts.total).toBe(reported.body.items.length);
    expect(reported.body.items.every((i: { status: string }) => i.status === 'REPORTED')).toBe(true);
    expect(reported.body.counts.buckets).toEqual(c.buckets);
    const area = await send('GET', '/api/dispatch/queue?area=410502&limit=500');
    expect(area.body.items.every((i: { district_code: string }) => i.district_code === '410502')).toBe(true);
    expect(area.body.counts.total).toBeLessThan(c.total);
    const scoped = await send('GET', '/api/dispatch/queue?limit=500', undefined, 'wenfeng');
    expect(scoped.body.counts).toEqual(area.body.counts);
    const window = await send('GET', `/api/dispatch/queue?from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&category=03&urgency=CRITICAL`);
    expect(window.body.items.map((i: { id: string }) => i.id)).toContain(critical);
    expect(window.body.items.every((i: { category: string; urgency: string }) => i.category === '03' && i.urgency === 'CRITICAL')).toBe(true);
  });

  it('refuses bad filters (400 INVALID_QUERY) and an area outside the jurisdiction (403)', async () => {
    for (const q of ['status=OPENISH', 'urgency=', 'limit=0', 'from=yesterday', 'area=12', 'surprise=1', 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z']) {
      const res = await send('GET', `/api/dispatch/queue?${q}`);
      expect([res.status, res.body.error.code], q).toEqual([400, 'INVALID_QUERY']);
    }
    const outside = await send('GET', '/api/dispatch/queue?area=410503', undefined, 'wenfeng');
    expect([outside.status, outside.body.error.code]).toEqual([403, 'OUT_OF_JURISDICTION']);
  });
});

describe('GET /api/incidents/{id}', () => {
  it('gives the feature, flow, assignments and the actions the caller may do now', async () => {
    const id = (await report()).body.id as string;
    const d = await send('GET', `/api/incidents/${id}`);
    expect(d.status).toBe(200);
    expect(d.body.incident).toMatchObject({ type: 'Feature', id, properties: { status: 'REPORTED', version: 1 } });
    expect(d.body.allowed).toEqual(['ACCEPT', 'REJECT', 'VOID', 'SELF_RESOLVE', 'POSTPONE', 'SUPERVISE', 'ESCALATE']);
    expect(d.body.assignable).toBe(false);
    const g = await send('GET', `/api/incidents/${id}`, undefined, 'grid');
    expect(g.body.allowed).toEqual(['ACCEPT', 'REJECT', 'VOID', 'SELF_RESOLVE', 'ESCALATE']); // no dispatch:write
    expect((await send('GET', `/api/incidents/${id}`, undefined, 'beiguan')).status).toBe(404);
    expect((await send('GET', '/api/incidents/NO-SUCH-INCIDENT')).status).toBe(404);
  });
});

describe('assignments', () => {
  it('assigns several units (DISPATCH then ASSIGN), unassigns, reassigns, keeps the history and the primary unit', async () => {
    const id = await accepted();
    for (const u of ['AS-U1', 'AS-U2', 'AS-U3']) await newUnit(u);
    const start = await headSeq(t.db);
    const first = await send('POST', `/api/incidents/${id}/assignments`, { unitId: 'AS-U1', version: 2, opinion: '请速到场' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.incident.properties).toMatchObject({ status: 'DISPATCHED', assigned_unit_id: 'AS-U1', version: 3 });
    expect(first.body.assignment).toMatchObject({ unitId: 'AS-U1', unitType: 'FIRE_RESCUE', reinforcement: false });
    const second = await send('POST', `/api/incidents/${id}/assignments`, { unitId: 'AS-U2', version: 3 });
    expect(second.body.incident.properties).toMatchObject({ status: 'DISPATCHED', assigned_unit_id: 'AS-U1', version: 4 });
    expect((await row('units', 'AS-U2')).status).toBe('DISPATCHED');
    const swap = await send('POST', `/api/incidents/${id}/assignments`, { unitId: 'AS-U3', version: 4, replaces: 'AS-U1' });
    expect(swap.status, JSON.stringify(swap.body)).toBe(201);
    expect(swap.body).toMatchObject({ released: 'AS-U1', incident: { properties: { assigned_unit_id: 'AS-U2' } } });
    expect((await row('units', 'AS-U1')).status).toBe('AVAILABLE');
    const off = await send('DELETE', `/api/incidents/${id}/assignments/AS-U2?version=5`);
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.incident.properties).toMatchObject({ status: 'DISPATCHED', assigned_unit_id: 'AS-U3' });
    const last = await send('DELETE', `/api/incidents/${id}/assignments/AS-U3`);
    expect(last.body.incident.properties).toMatchObject({ status: 'ACCEPTED', assigned_unit_id: null });
    const d = await send('GET', `/api/incidents/${id}`);
    expect(d.body.assignments.map((a: { unitId: string; releaseReason: string | null }) => [a.unitId, a.releaseReason])).toEqual([
      ['AS-U1', 'REASSIGNED'], ['AS-U2', 'UNASSIGNED'], ['AS-U3', 'UNASSIGNED'],
    ]);
    expect(d.body.flow.map((f: { action: string }) => f.action)).toEqual(['REPORT', 'ACCEPT', 'DISPATCH', 'ASSIGN', 'ASSIGN', 'UNASSIGN', 'UNASSIGN']);
    const changes = (await readChanges(t.db, start, 1000)).filter((c) => c.layer === 'units' && c.id === 'AS-U1');
    expect(changes.map((c) => c.feature?.properties.status)).toEqual(['DISPATCHED', 'AVAILABLE']);
    expect(changes.every((c) => typeof c.feature?.properties.version === 'number')).toBe(true);
  });

  it('refuses a busy unit (409 UNIT_UNAVAILABLE), a stale version (409 VERSION_CONFLICT), a REPORTED incident (409 INVALID_TRANSITION), unknown ids (404)', async () => {
    const a = await accepted();
    const b = await accepted();
    await newUnit('AS-BUSY');
    expect((await send('POST', `/api/incidents/${a}/assignments`, { unitId: 'AS-BUSY', version: 2 })).status).toBe(201);
    const busy = await send('POST', `/api/incidents/${b}/assignments`, { unitId: 'AS-BUSY', version: 2 });
    expect([busy.status, busy.body.error.code, busy.body.error.details]).toEqual([409, 'UNIT_UNAVAILABLE', expect.objectContaining({ unitId: 'AS-BUSY', status: 'DISPATCHED', incidentId: a })]);
    await newUnit('AS-FREE');
    const stale = await send('POST', `/api/incidents/${a}/assignments`, { unitId: 'AS-FREE', version: 2 });
    expect([stale.status, stale.body.error.code, stale.body.error.details.version]).toEqual([409, 'VERSION_CONFLICT', 3]);
    const unitStale = await send('POST', `/api/incidents/${b}/assignments`, { unitId: 'AS-FREE', version: 2, unitVersion: 99 });
    expect([unitStale.status, unitStale.body.error.code, unitStale.body.error.details.unitVersion]).toEqual([409, 'VERSION_CONFLICT', 1]);
    const fresh = (await report()).body.id as string;
    const early = await send('POST', `/api/incidents/${fresh}/assignments`, { unitId: 'AS-FREE', version: 1 });
    expect([early.status, early.body.error.code, early.body.error.details.allowed]).toEqual([409, 'INVALID_TRANSITION', expect.arrayContaining(['ACCEPT'])]);
    expect((await send('POST', `/api/incidents/${b}/assignments`, { unitId: 'NO-SUCH-UNIT', version: 2 })).body.error.code).toBe('UNKNOWN_UNIT');
    expect((await send('POST', '/api/incidents/NO-SUCH/assignments', { unitId: 'AS-FREE', version: 2 })).status).toBe(404);
    expect((await send('DELETE', `/api/incidents/${b}/assignments/AS-FREE`)).body.error.code).toBe('NOT_ASSIGNED');
    for (const body of [{ unitId: 'AS-FREE' }, { unitId: '', version: 2 }, { unitId: 'AS-FREE', version: 2, extra: 1 }, { unitId: 'AS-FREE', version: 2, replaces: 'AS-FREE' }]) {
      const res = await send('POST', `/api/incidents/${b}/assignments`, body);
      expect([res.status, res.body.error.code], JSON.stringify(body)).toEqual([400, 'INVALID_BODY']);
    }
    expect((await row('units', 'AS-FREE'))).toMatchObject({ status: 'AVAILABLE', version: 1 });
    expect((await row('incidents', b))).toMatchObject({ status: 'ACCEPTED', version: 2, assigned_unit_id: null });
    expect((await send('POST', `/api/incidents/${b}/assignments`, { unitId: 'AS-FREE', version: 2 }, 'grid')).status).toBe(403);
  });

  it('keeps a district dispatcher inside its district; a city dispatcher sends a bordering district\'s unit as 跨区增援', async () => {
    const id = await accepted();
    await newUnit('AS-BG', '410503', [114.37, 36.11]); // 北关区 borders 文峰区
    await newUnit('AS-LZ', '410581', [113.82, 36.1]); // 林州市 does not
    const refused = await send('POST', `/api/incidents/${id}/assignments`, { unitId: 'AS-BG', version: 2 }, 'wenfeng');
    expect([refused.status, refused.body.error.code, refused.body.error.details.reason]).toEqual([403, 'OUT_OF_JURISDICTION', 'OUTSIDE_JURISDICTION']);
    const far = await send('POST', `/api/incidents/${id}/assignments`, { unitId: 'AS-LZ', version: 2 });
    expect([far.status, far.body.error.details?.reason]).toEqual([403, 'NOT_NEIGHBOURING']);
    const ok = await send('POST', `/api/incidents/${id}/assignments`, { unitId: 'AS-BG', version: 2 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.assignment).toMatchObject({ reinforcement: true, fromDistrict: '410503' });
    const d = await send('GET', `/api/incidents/${id}`);
    expect(d.body.flow.at(-1)).toMatchObject({ action: 'DISPATCH', unitId: 'AS-BG', reinforcement: true });
    expect(d.body.assignments[0]).toMatchObject({ reinforcement: true, fromDistrict: '410503', open: true });
  });

  it('lets exactly one of two dispatchers racing for one unit have it, the other gets 409', async () => {
    const a = await accepted();
    const b = await accepted();
    await newUnit('AS-RACE');
    const race = await Promise.all([a, b].map((id) => send('POST', `/api/incidents/${id}/assignments`, { unitId: 'AS-RACE', version: 2 })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(race.find((r) => r.status === 409)!.body.error.code).toBe('UNIT_UNAVAILABLE');
    expect(await openAssignments('AS-RACE')).toHaveLength(1);
  });
});

describe('GET /api/incidents/{id}/context', () => {
  it('lists the cameras that see the scene first, then those merely nearby, and the surroundings', async () => {
    const at: [number, number] = [114.3611, 36.0911];
    const id = (await report({}, at)).body.id as string;
    // 40 m east of the scene: one looking west (at it), one looking east (away); 40 m north, a dome; 200 m east, out of range.
    const east = [at[0] + 40 / (111_320 * Math.cos((at[1] * Math.PI) / 180)), at[1]];
    const north = [at[0], at[1] + 40 / 110_574];
    const far = [at[0] + 200 / (111_320 * Math.cos((at[1] * Math.PI) / 180)), at[1]];
    const cams: [string, number[], number, number, number][] = [
      ['41050000991320009901', east, 3, 270, 60], ['41050000991320009902', east, 3, 90, 60], ['41050000991320009903', north, 1, 0, 360], ['41050000991320009904', far, 3, 270, 60],
    ];
    for (const [cid, [lng, lat], ptz, dir, fov] of cams) {
      await createFeature(t.db, 'cameras', { ...FIXTURES.cameras!, id: cid, geometry: { type: 'Point', coordinates: [lng!, lat!] }, properties: { ...FIXTURES.cameras!.properties, ptz_type: ptz, direction_deg: dir, fov_deg: fov } });
    }
    const res = await send('GET', `/api/incidents/${id}/context`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const mine = (res.body.cameras as { id: string; sees: boolean; reason: string; distanceMeters: number }[]).filter((c) => c.id.startsWith('410500009913200099'));
    expect(mine.map((c) => [c.id.slice(-2), c.sees, c.reason])).toEqual([['01', true, 'SEES'], ['03', true, 'SEES'], ['02', false, 'FACING_AWAY'], ['04', false, 'OUT_OF_RANGE']]);
    const all = res.body.cameras as { sees: boolean; distanceMeters: number }[];
    const seeing = all.filter((c) => c.sees);
    expect(all.slice(0, seeing.length).every((c) => c.sees)).toBe(true);
    expect(res.body.seeing).toBe(seeing.length);
    for (const list of [seeing, all.filter((c) => !c.sees), res.body.checkpoints, res.body.hazards, res.body.rentals, res.body.keyPlaces, res.body.depots]) {
      const d = (list as { distanceMeters: number }[]).map((x) => x.distanceMeters);
      expect(d).toEqual([...d].sort((a, b) => a - b));
    }
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['cameras', 'checkpoints', 'hazards', 'rentals', 'keyPlaces', 'depots']));
    expect(res.body.checkpoints.every((c: { distanceMeters: number }) => c.distanceMeters <= 3000)).toBe(true);
    expect(res.body.depots.length).toBeGreaterThan(0);
    expect(res.body.depots[0].stock.length).toBeGreaterThan(0);
    expect((await send('GET', `/api/incidents/${id}/context`, undefined, 'beiguan')).status).toBe(404);
    expect((await send('GET', '/api/incidents/NOPE/context')).status).toBe(404);
  });
});

describe('POST /api/units/{id}/status', () => {
  it('follows the unit DISPATCHED → EN_ROUTE → ON_SCENE (the incident ARRIVEs) → AVAILABLE on DISPOSE', async () => {
    const id = await accepted();
    await newUnit('US-U1');
    expect((await send('POST', `/api/incidents/${id}/assignments`, { unitId: 'US-U1', version: 2 })).status).toBe(201);
    const illegal = await send('POST', '/api/units/US-U1/status', { status: 'AVAILABLE' });
    expect([illegal.status, illegal.body.error.code, illegal.body.error.details.allowed]).toEqual([409, 'INVALID_TRANSITION', ['EN_ROUTE', 'ON_SCENE']]);
    const enRoute = await send('POST', '/api/units/US-U1/status', { status: 'EN_ROUTE', version: 2 });
    expect([enRoute.status, enRoute.body.unit.properties.status, enRoute.body.incident]).toEqual([200, 'EN_ROUTE', null]);
    const stale = await send('POST', '/api/units/US-U1/status', { status: 'ON_SCENE', version: 2 });
    expect([stale.status, stale.body.error.code, stale.body.error.details.unitVersion]).toEqual([409, 'VERSION_CONFLICT', 3]);
    const onScene = await send('POST', '/api/units/US-U1/status', { status: 'ON_SCENE' });
    expect(onScene.body.incident.properties).toMatchObject({ status: 'PROCESSING' });
    expect(onScene.body.unit.properties.status).toBe('ON_SCENE');
    const v = onScene.body.incident.properties.version;
    const disposed = await send('POST', `/api/incidents/${id}/transitions`, { action: 'DISPOSE', version: v, opinion: '已处置' });
    expect(disposed.status).toBe(200);
    expect((await row('units', 'US-U1')).status).toBe('AVAILABLE');
    const d = await send('GET', `/api/incidents/${id}`);
    expect(d.body.flow.map((f: { action: string }) => f.action)).toEqual(['REPORT', 'ACCEPT', 'DISPATCH', 'ARRIVE', 'DISPOSE']);
    expect(d.body.assignments[0]).toMatchObject({ releaseReason: 'DISPOSED', open: false });
    expect((await send('POST', '/api/units/NO-UNIT/status', { status: 'EN_ROUTE' })).status).toBe(404);
    expect((await send('POST', '/api/units/US-U1/status', { status: 'FLYING' })).body.error.code).toBe('INVALID_BODY');
    await newUnit('US-BG', '410503');
    expect((await send('POST', '/api/units/US-BG/status', { status: 'OFF_DUTY' }, 'wenfeng')).body.error.code).toBe('OUT_OF_JURISDICTION');
    expect((await send('POST', '/api/units/US-BG/status', { status: 'OFF_DUTY' }, 'viewer')).status).toBe(403);
  });
});
