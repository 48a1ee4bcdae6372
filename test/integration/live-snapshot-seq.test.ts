/**
 * The OGC items answer of a live collection says where its rows stand in the change feed (X-Live-Seq, read
 * in the same statement as the rows): a client lays the page under the deltas above it. Non-live
 * collections carry no such header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { FIXTURES } from '../support/live-fixtures.ts';
import { headSeq } from '../../server/db/live/changes-repository.ts';
import { LIVE_SEQ_HEADER } from '../../server/http/ogc/ogc.ts';

const PORT = 4312;
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

const get = async (path: string) => {
  const res = await fetch(`${app.url}${path}`, { headers: app.headers });
  return { status: res.status, seq: res.headers.get(LIVE_SEQ_HEADER), body: (await res.json()) as { features: { id: string; properties: Record<string, unknown> }[] } };
};
const write = async (method: string, path: string, body: unknown) => {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...app.headers, 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/geo+json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
};

describe('X-Live-Seq on the items of a live collection', () => {
  it('is the feed head the rows were read at, and moves with each change the rows then show', async () => {
    const id = '41050000991310000201';
    await write('POST', '/ogc/collections/cameras/items', { type: 'Feature', id, geometry: FIXTURES.cameras!.geometry, properties: { ...FIXTURES.cameras!.properties, status: 'ON' } });
    const first = await get('/ogc/collections/cameras/items?limit=10000');
    expect(first.status).toBe(200);
    expect(Number(first.seq)).toBe(await headSeq(t.db));
    expect(first.body.features.find((f) => f.id === id)?.properties.status).toBe('ON');

    await write('PATCH', `/ogc/collections/cameras/items/${id}`, { properties: { status: 'OFF' } });
    const second = await get('/ogc/collections/cameras/items?limit=10000');
    expect(Number(second.seq)).toBeGreaterThan(Number(first.seq));
    expect(Number(second.seq)).toBe(await headSeq(t.db));
    expect(second.body.features.find((f) => f.id === id)?.properties.status).toBe('OFF');
  });

  it('is sent with an empty page too, and the page stays empty', async () => {
    const empty = await get('/ogc/collections/cameras/items?bbox=10,10,10.001,10.001');
    expect(empty.body.features).toEqual([]);
    expect(Number(empty.seq)).toBe(await headSeq(t.db));
  });

  it('is absent on a collection the feed does not carry', async () => {
    const districts = await get('/ogc/collections/districts/items?limit=1');
    expect(districts.status).toBe(200);
    expect(districts.seq).toBeNull();
  });
});
