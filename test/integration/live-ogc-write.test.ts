import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { FIXTURES } from '../support/live-fixtures.ts';
import { headSeq, readChanges } from '../../server/db/live/changes-repository.ts';

const PORT = 8131;
let t: TestDatabase;
let app: LiveApp;
beforeAll(async () => {
  t = await openTestDatabase();
  app = await startLiveApp(t.db, PORT);
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

const send = async (method: string, path: string, body?: unknown, contentType = 'application/geo+json') => {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: body === undefined ? app.headers : { ...app.headers, 'Content-Type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
};
const camera = (id: string, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  id,
  geometry: FIXTURES.cameras!.geometry,
  properties: { ...FIXTURES.cameras!.properties, ...extra },
});

describe('OGC API - Features Part 4 writes', () => {
  it('creates a feature (201, Location, labels filled from the code lists) and logs the change', async () => {
    const start = await headSeq(t.db);
    const res = await send('POST', '/ogc/collections/cameras/items', camera('41050000991310000101'));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/ogc/collections/cameras/items/41050000991310000101');
    expect(res.body.properties).toMatchObject({ ptz_type: 1, ptz_type_label: '球机', status: 'ON', status_label: '在线', generated: false });
    const [change] = await readChanges(t.db, start, 5);
    expect(change).toMatchObject({ layer: 'cameras', op: 'upsert', id: '41050000991310000101' });
    expect(change!.feature).toEqual(res.body);
  });

  it('fills incident defaults: status REPORTED and the deadline from the urgency (URGENT = 24 h)', async () => {
    const res = await send('POST', '/ogc/collections/incidents/items', {
      type: 'Feature',
      id: 'W-INC-1',
      geometry: FIXTURES.incidents!.geometry,
      properties: { ...FIXTURES.incidents!.properties, reported_at: '2026-11-28T08:00:00Z' },
    });
    expect(res.status).toBe(201);
    expect(res.body.properties).toMatchObject({
      status: 'REPORTED', status_label: '已上报', urgency_label: '紧急', event_no: 'W-INC-1',
      reported_at: '2026-11-28T08:00:00.000Z', deadline: '2026-11-29T08:00:00.000Z',
    });
  });

  it('patches properties and geometry', async () => {
    await send('POST', '/ogc/collections/checkpoints/items', { type: 'Feature', ...FIXTURES.checkpoints });
    const res = await send('PATCH', '/ogc/collections/checkpoints/items/T-CP-1', {
      properties: { status: 'OFF', functions: '01,02,05' },
      geometry: { type: 'Point', coordinates: [114.5, 36.2] },
    }, 'application/merge-patch+json');
    expect(res.status).toBe(200);
    expect(res.body.properties).toMatchObject({ status: 'OFF', status_label: '离线', function_labels: '人脸,人员,物品' });
    expect(res.body.geometry).toEqual({ type: 'Point', coordinates: [114.5, 36.2] });
  });

  it('deletes (204), then 404 for the gone feature', async () => {
    await send('POST', '/ogc/collections/cameras/items', camera('41050000991310000102'));
    expect((await send('DELETE', '/ogc/collections/cameras/items/41050000991310000102')).status).toBe(204);
    expect((await send('DELETE', '/ogc/collections/cameras/items/41050000991310000102')).body.error.code).toBe('NOT_FOUND');
    expect((await send('PATCH', '/ogc/collections/cameras/items/41050000991310000102', { properties: { status: 'ON' } })).status).toBe(404);
  });

  it('rejects bad input with a 4xx and a machine-readable code', async () => {
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/ogc/collections/cameras/items', camera('41050000991310000103', { status: 'BROKEN' }), 400, 'INVALID_FEATURE'],
      ['POST', '/ogc/collections/cameras/items', camera('41050000991310000103', { colour: 'red' }), 400, 'INVALID_FEATURE'],
      ['POST', '/ogc/collections/cameras/items', { ...camera('41050000991310000103'), geometry: { type: 'Point', coordinates: [200, 36] } }, 400, 'INVALID_GEOMETRY'],
      ['POST', '/ogc/collections/cameras/items', camera('not-a-28181-id'), 400, 'INVALID_FEATURE'],
      ['POST', '/ogc/collections/cameras/items', camera('41050000991310000103', { name: null }), 400, 'INVALID_FEATURE'],
      ['POST', '/ogc/collections/cameras/items', { ...camera('41050000991310000103'), type: 'FeatureCollection' }, 400, 'INVALID_FEATURE'],
      ['POST', '/ogc/collections/cameras/items', '{"type": "Feature",', 400, 'INVALID_JSON'],
      ['POST', '/ogc/collections/cameras/items', camera('41050000991310000101'), 409, 'CONFLICT'],
      ['POST', '/ogc/collections/nowhere/items', camera('41050000991310000103'), 404, 'NOT_FOUND'],
      ['POST', '/ogc/collections/districts/items', camera('41050000991310000103'), 405, 'READ_ONLY_COLLECTION'],
      ['PATCH', '/ogc/collections/cameras/items/41050000991310000101', {}, 400, 'INVALID_FEATURE'],
      ['PATCH', '/ogc/collections/cameras/items/41050000991310000101', { properties: { id: '41050000991310000199' } }, 400, 'INVALID_FEATURE'],
      ['PATCH', '/ogc/collections/cameras/items/41050000991310000101', { properties: { direction_deg: 400 } }, 400, 'INVALID_FEATURE'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await send(method, path, body);
      expect([res.status, res.body?.error?.code], `${method} ${path} ${JSON.stringify(body).slice(0, 120)}`).toEqual([status, code]);
    }
  });
});
