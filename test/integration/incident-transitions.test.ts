/**
 * POST /api/incidents/{id}/transitions on the real app: the closed loop walked through the API with its flow log,
 * audit, timestamps, unit status and live changes; every refusal leaves the database as it was; the OGC write
 * bypass is closed; and migration 030's version, status check and unit codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { FIXTURES } from '../support/live-fixtures.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';
import { createFeature } from '../../server/db/features/features-write-repository.ts';
import { headSeq, readChanges } from '../../server/db/live/changes-repository.ts';
import { flowLog } from '../../server/db/incidents/incident-transitions-repository.ts';
import { INCIDENT_STATUS } from '../../server/protocol/codes.ts';

const PORT = 4370;
let t: TestDatabase;
let app: LiveApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await openTestDatabase();
  app = await startLiveApp(t.db, PORT);
  tokens.dispatcher = app.token;
  tokens.grid = await issueTestToken(t.db, 'grid_worker');
  tokens.viewer = await issueTestToken(t.db, 'viewer');
  tokens.other = await issueTestToken(t.db, 'dispatcher', '410503');
}, 600_000);
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

async function send(method: string, path: string, body?: unknown, who = 'dispatcher') {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...bearer(tokens[who]!), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const transition = (id: string, body: Record<string, unknown>, who?: string) => send('POST', `/api/incidents/${encodeURIComponent(id)}/transitions`, body, who);

async function newIncident(id: string): Promise<void> {
  await createFeature(t.db, 'incidents', { ...FIXTURES.incidents!, id, properties: { ...FIXTURES.incidents!.properties, reported_at: new Date().toISOString() } });
}
async function newUnit(id: string, district = '410502'): Promise<void> {
  await createFeature(t.db, 'units', { ...FIXTURES.units!, id, properties: { ...FIXTURES.units!.properties, district_code: district } });
}
async function row(table: 'incidents' | 'units', id: string): Promise<Record<string, unknown>> {
  return (await t.db.query(`SELECT to_jsonb(t) - 'geom' AS r FROM ${table} t WHERE id = $1`, [id])).rows[0]!.r as Record<string, unknown>;
}

describe('incident transitions', () => {
  it('walks REPORTED → EVALUATED: flow log, audit, closed_at, unit status, versions and live changes', async () => {
    await newIncident('TR-WALK');
    await newUnit('TR-U1');
    const start = await headSeq(t.db);
    const steps: [Record<string, unknown>, string, string | null][] = [
      [{ action: 'ACCEPT' }, 'ACCEPTED', 'AVAILABLE'],
      [{ action: 'DISPATCH', unitId: 'TR-U1', opinion: '请速到场' }, 'DISPATCHED', 'DISPATCHED'],
      [{ action: 'ARRIVE' }, 'PROCESSING', 'ON_SCENE'],
      [{ action: 'DISPOSE', opinion: '已调解' }, 'DISPOSED', 'AVAILABLE'],
      [{ action: 'CHECK' }, 'CHECKING', 'AVAILABLE'],
      [{ action: 'CLOSE' }, 'CLOSED', 'AVAILABLE'],
      [{ action: 'EVALUATE', opinion: '群众满意' }, 'EVALUATED', 'AVAILABLE'],
    ];
    let version = 1;
    for (const [body, status, unitStatus] of steps) {
      const res = await transition('TR-WALK', { ...body, version });
      expect([res.status, res.body.properties?.status], JSON.stringify(res.body)).toEqual([200, status]);
      expect(res.body.properties.status_label).toBe(INCIDENT_STATUS[status as keyof typeof INCIDENT_STATUS].zh);
      expect(res.body.properties.version).toBe(version + 1);
      version = res.body.properties.version;
      expect((await row('units', 'TR-U1')).status).toBe(unitStatus);
      if (status === 'PROCESSING') expect(res.body.properties.assigned_unit_id).toBe('TR-U1');
      if (status === 'DISPOSED') expect(res.body.properties.assigned_unit_id).toBeNull();
      expect(res.body.properties.closed_at === null).toBe(status !== 'CLOSED' && status !== 'EVALUATED');
    }
    const log = await flowLog(t.db, 'TR-WALK');
    expect(log.map((l) => [l.action, l.from, l.to])).toEqual([
      ['ACCEPT', 'REPORTED', 'ACCEPTED'], ['DISPATCH', 'ACCEPTED', 'DISPATCHED'], ['ARRIVE', 'DISPATCHED', 'PROCESSING'],
      ['DISPOSE', 'PROCESSING', 'DISPOSED'], ['CHECK', 'DISPOSED', 'CHECKING'], ['CLOSE', 'CHECKING', 'CLOSED'], ['EVALUATE', 'CLOSED', 'EVALUATED'],
    ]);
    expect(log[1]).toMatchObject({ opinion: '请速到场', unitId: 'TR-U1', actor: expect.stringContaining('dispatcher') });
    expect(log[1]!.actorId).not.toBeNull();
    const audit = await t.db.query<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_log WHERE target_type = 'incidents' AND target_id = 'TR-WALK' ORDER BY seq`,
    );
    expect(audit.rows.map((a) => a.action)).toEqual(steps.map(([b]) => `incident.${String(b.action).toLowerCase()}`));
    expect(audit.rows[5]!.details).toMatchObject({ from: 'CHECKING', to: 'CLOSED' });
    const changes = await readChanges(t.db, start, 1000);
    expect(changes.filter((c) => c.layer === 'incidents' && c.id === 'TR-WALK')).toHaveLength(steps.length);
    expect(changes.filter((c) => c.layer === 'units' && c.id === 'TR-U1').map((c) => c.feature?.properties.status)).toEqual(['DISPATCHED', 'ON_SCENE', 'AVAILABLE']);
  });

  it('refuses an illegal step (REPORTED → CLOSE) with 409 naming from, to and the allowed actions; nothing is written', async () => {
    await newIncident('TR-ILLEGAL');
    const before = await row('incidents', 'TR-ILLEGAL');
    const res = await transition('TR-ILLEGAL', { action: 'CLOSE', version: 1 });
    expect([res.status, res.body.error.code]).toEqual([409, 'INVALID_TRANSITION']);
    expect(res.body.error.details).toEqual({ from: 'REPORTED', to: 'CLOSED', allowed: ['ACCEPT', 'REJECT', 'VOID', 'SELF_RESOLVE', 'POSTPONE', 'SUPERVISE', 'ESCALATE'] });
    expect(res.body.error.message).toContain('REPORTED → CLOSED');
    expect(await row('incidents', 'TR-ILLEGAL')).toEqual(before);
    expect(before.closed_at).toBeNull();
    expect(await flowLog(t.db, 'TR-ILLEGAL')).toEqual([]);
  });

  it('refuses a stale version with 409 VERSION_CONFLICT and the current version', async () => {
    await newIncident('TR-STALE');
    expect((await transition('TR-STALE', { action: 'ACCEPT', version: 1 })).status).toBe(200);
    const res = await transition('TR-STALE', { action: 'VOID', version: 1, opinion: '重复' });
    expect([res.status, res.body.error.code, res.body.error.details.version]).toEqual([409, 'VERSION_CONFLICT', 2]);
    expect((await row('incidents', 'TR-STALE')).status).toBe('ACCEPTED');
  });

  it('refuses a unit that does not exist (U999999) or is busy, and lets exactly one of two racing dispatchers have a unit', async () => {
    await newIncident('TR-UNIT-A');
    await newIncident('TR-UNIT-B');
    await newUnit('TR-U2');
    for (const id of ['TR-UNIT-A', 'TR-UNIT-B']) expect((await transition(id, { action: 'ACCEPT', version: 1 })).status).toBe(200);
    const unknown = await transition('TR-UNIT-A', { action: 'DISPATCH', version: 2, unitId: 'U999999' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'UNKNOWN_UNIT']);
    expect(await row('incidents', 'TR-UNIT-A')).toMatchObject({ status: 'ACCEPTED', assigned_unit_id: null, version: 2 });
    const race = await Promise.all(['TR-UNIT-A', 'TR-UNIT-B'].map((id) => transition(id, { action: 'DISPATCH', version: 2, unitId: 'TR-U2' })));
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(race.find((r) => r.status === 409)!.body.error).toMatchObject({ code: 'UNIT_UNAVAILABLE', details: { unitId: 'TR-U2', status: 'DISPATCHED' } });
    const held = await t.db.query(`SELECT id FROM incidents WHERE assigned_unit_id = 'TR-U2'`);
    expect(held.rows).toHaveLength(1);
  });

  it('takes no unit from outside the jurisdiction', async () => {
    await newIncident('TR-FAR');
    await newUnit('TR-U-FAR', '410503');
    expect((await transition('TR-FAR', { action: 'ACCEPT', version: 1 })).status).toBe(200);
    const scoped = await issueTestToken(t.db, 'dispatcher', '410502');
    tokens.district = scoped;
    const res = await transition('TR-FAR', { action: 'DISPATCH', version: 2, unitId: 'TR-U-FAR' }, 'district');
    expect([res.status, res.body.error.code]).toEqual([403, 'OUT_OF_JURISDICTION']);
    expect((await row('units', 'TR-U-FAR')).status).toBe('AVAILABLE');
  });

  it('checks the action\'s permission and the jurisdiction', async () => {
    await newIncident('TR-PERM');
    await newUnit('TR-U3');
    expect((await transition('TR-PERM', { action: 'ACCEPT', version: 1 }, 'viewer')).status).toBe(403);
    expect((await transition('TR-PERM', { action: 'ACCEPT', version: 1 }, 'grid')).status).toBe(200);
    const grid = await transition('TR-PERM', { action: 'DISPATCH', version: 2, unitId: 'TR-U3' }, 'grid');
    expect([grid.status, grid.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(grid.body.error.message).toContain('dispatch:write');
    const other = await transition('TR-PERM', { action: 'DISPATCH', version: 2, unitId: 'TR-U3' }, 'other');
    expect([other.status, other.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await transition('NO-SUCH-INCIDENT', { action: 'ACCEPT', version: 1 })).status).toBe(404);
    expect(await row('incidents', 'TR-PERM')).toMatchObject({ status: 'ACCEPTED', version: 2 });
  });

  it('answers bad bodies with 400 and a code', async () => {
    await newIncident('TR-BODY');
    const cases: [Record<string, unknown>, string][] = [
      [{ action: 'FLY', version: 1 }, 'INVALID_COMMAND'],
      [{ action: 'REJECT', version: 1 }, 'INVALID_COMMAND'],
      [{ action: 'REJECT', version: 1, opinion: '   ' }, 'INVALID_COMMAND'],
      [{ action: 'ACCEPT', version: 1, unitId: 'TR-U1' }, 'INVALID_COMMAND'],
      [{ action: 'ACCEPT' }, 'INVALID_BODY'],
      [{ action: 'ACCEPT', version: '1' }, 'INVALID_BODY'],
      [{ action: 'ACCEPT', version: 1, status: 'CLOSED' }, 'INVALID_BODY'],
    ];
    for (const [body, code] of cases) {
      const res = await transition('TR-BODY', body);
      expect([res.status, res.body.error.code], JSON.stringify(body)).toEqual([400, code]);
    }
    expect(await row('incidents', 'TR-BODY')).toMatchObject({ status: 'REPORTED', version: 1 });
  });

  it('counts a rework, extends a deadline, sets flags once', async () => {
    await newIncident('TR-SIDE');
    const deadline = new Date(String((await row('incidents', 'TR-SIDE')).deadline)).getTime();
    let v = 1;
    const go = async (body: Record<string, unknown>, status = 200) => {
      const res = await transition('TR-SIDE', { ...body, version: v });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      if (res.status === 200) v = res.body.properties.version;
      return res.body;
    };
    await go({ action: 'SUPERVISE' });
    expect((await go({ action: 'SUPERVISE' }, 409)).error.code).toBe('INVALID_TRANSITION');
    await go({ action: 'ACCEPT' });
    await go({ action: 'POSTPONE', hours: 48, opinion: '需协调多部门' });
    expect(new Date(String((await row('incidents', 'TR-SIDE')).deadline)).getTime() - deadline).toBe(48 * 3_600_000);
    await go({ action: 'SUSPEND', opinion: '历史遗留' });
    await go({ action: 'RESUME', opinion: '条件具备' });
    await newUnit('TR-U4');
    await go({ action: 'DISPATCH', unitId: 'TR-U4' });
    await go({ action: 'ARRIVE' });
    await go({ action: 'DISPOSE', opinion: '处置完毕' });
    const failed = await go({ action: 'CHECK_FAIL', opinion: '问题仍在' });
    expect(failed.properties).toMatchObject({ status: 'DISPATCHED', rework_count: 1, supervised: true, closed_at: null });
  });
});

describe('the OGC write bypass is closed', () => {
  it('refuses status, assignment and version on PATCH and POST with 400 COMMAND_ONLY_PROPERTY naming the endpoint', async () => {
    await newIncident('TR-BYPASS');
    await newUnit('TR-U5');
    const before = await row('incidents', 'TR-BYPASS');
    const patches: [string, Record<string, unknown>][] = [
      ['incidents/items/TR-BYPASS', { status: 'CLOSED' }],
      ['incidents/items/TR-BYPASS', { assigned_unit_id: 'U999999' }],
      ['incidents/items/TR-BYPASS', { version: 9, title: '改标题' }],
      ['units/items/TR-U5', { version: 9 }],
      ['units/items/TR-U5', { status: 'ON_SCENE' }],
    ];
    for (const [path, properties] of patches) {
      const res = await send('PATCH', `/ogc/collections/${path}`, { properties });
      expect([res.status, res.body.error.code], path).toEqual([400, 'COMMAND_ONLY_PROPERTY']);
    }
    const res = await send('PATCH', '/ogc/collections/incidents/items/TR-BYPASS', { properties: { status: 'CLOSED' } });
    expect(res.body.error.message).toContain('/api/incidents/{id}/transitions');
    const unitRes = await send('PATCH', '/ogc/collections/units/items/TR-U5', { properties: { status: 'AVAILABLE' } });
    expect(unitRes.body.error.message).toContain('/api/units/{id}/status');
    const post = await send('POST', '/ogc/collections/incidents/items', {
      type: 'Feature', id: 'TR-BYPASS-2', geometry: FIXTURES.incidents!.geometry, properties: { ...FIXTURES.incidents!.properties, status: 'CLOSED' },
    });
    expect([post.status, post.body.error.code]).toEqual([400, 'COMMAND_ONLY_PROPERTY']);
    expect(await row('incidents', 'TR-BYPASS')).toEqual(before);
    expect((await t.db.query(`SELECT 1 FROM incidents WHERE id = 'TR-BYPASS-2'`)).rows).toHaveLength(0);
    // Other properties still go through the OGC write.
    const title = await send('PATCH', '/ogc/collections/incidents/items/TR-BYPASS', { properties: { title: '新标题' } });
    expect([title.status, title.body.properties.version]).toEqual([200, 2]);
  });
});

describe('migration 030', () => {
  it('bumps the version on every write that changes the row, whatever the writer sets', async () => {
    await newUnit('TR-U6');
    await t.db.query(`UPDATE units SET version = 100, callsign = 'x' WHERE id = 'TR-U6'`);
    await t.db.query(`UPDATE units SET callsign = 'y' WHERE id = 'TR-U6'`);
    expect((await row('units', 'TR-U6')).version).toBe(3);
    await t.db.query(`UPDATE units SET callsign = callsign, version = 50 WHERE id = 'TR-U6'`); // changes nothing
    expect((await row('units', 'TR-U6')).version).toBe(3);
  });

  it('holds incidents.status to the code list', async () => {
    await newIncident('TR-CHECK');
    await expect(t.db.query(`UPDATE incidents SET status = 'BOGUS' WHERE id = 'TR-CHECK'`)).rejects.toThrow(/incidents_status_check/);
    const { rows } = await t.db.query<{ def: string }>(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'incidents_status_check'`);
    const listed = [...rows[0]!.def.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.keys(INCIDENT_STATUS).sort());
  });

  it('gives units street and community codes inside their district, so a street user sees the units of its street', async () => {
    const { rows } = await t.db.query<{ street: string; n: number; bad: number }>(
      `SELECT street_code AS street, count(*)::integer AS n,
              count(*) FILTER (WHERE street_code NOT LIKE district_code || '%' OR community_code NOT LIKE street_code || '%')::integer AS bad
       FROM units WHERE street_code IS NOT NULL GROUP BY street_code ORDER BY n DESC LIMIT 1`,
    );
    const top = rows[0]!;
    expect(top.n).toBeGreaterThan(0);
    expect(top.bad).toBe(0);
    tokens.street = await issueTestToken(t.db, 'viewer', top.street);
    const res = await send('GET', '/ogc/collections/units/items?limit=1000', undefined, 'street');
    expect(res.status).toBe(200);
    expect(res.body.numberMatched).toBe(top.n);
    for (const f of res.body.features) expect(f.properties.street_code).toBe(top.street);
  });
});
