/**
 * The warm-tile lane (server/http/tiles/warm-tile-lane.ts) on the real server: a tile the cache holds is answered
 * before Express with the same status, headers and bytes Express sent for it (Bearer and cookie sessions, gzip or
 * not, 304 on If-None-Match), and every request the lane must not decide reaches Express and gets Express's answer:
 * no or bad credentials (401), a role without the layer (403), another jurisdiction (its own cache key), a query
 * string, an encoded path, HEAD.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PinganServer } from '../../server/compose.ts';
import { loadConfig } from '../../server/config.ts';
import { tileForLngLat } from '../../server/domain/geo/bbox.ts';
import { openTestDatabase, testLog, type TestDatabase } from '../support/test-database.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';
import { Client, seedRoleUsers } from '../support/auth-fixtures.ts';
import { loadOgcFixtures } from './ogc-fixtures.ts';

const PORT = 8135;
let t: TestDatabase;
let server: PinganServer;
let base: string;
let token: string;

beforeAll(async () => {
  t = await openTestDatabase();
  await loadOgcFixtures(t.db);
  await seedRoleUsers(t.db, '410500', 'lane-');
  token = await issueTestToken(t.db);
  server = await createServer({ config: loadConfig({}), db: t.db, log: testLog });
  const { port } = await server.start({ port: PORT, host: '127.0.0.1' });
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server?.stop();
  await t?.dispose();
});

const tilePath = (z: number, lng = 114.3601, lat = 36.0802, collection = 'cameras') => {
  const c = tileForLngLat(lng, lat, z);
  return `/tiles/${collection}/${c.z}/${c.x}/${c.y}.mvt`;
};

/** The headers that differ between any two answers (the date, the connection's state). */
const PER_ANSWER = new Set(['date', 'connection', 'keep-alive']);
const headersOf = (res: Response) => Object.fromEntries([...res.headers].filter(([k]) => !PER_ANSWER.has(k)).sort(([a], [b]) => a.localeCompare(b)));

async function get(path: string, headers: Record<string, string>, method = 'GET') {
  const before = server.warmTiles.answered;
  const res = await fetch(base + path, { method, headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, byLane: server.warmTiles.answered - before };
}

describe('the warm-tile lane', () => {
  it('answers a cached tile with the status, headers and bytes Express sent, with and without gzip', async () => {
    for (const coding of ['identity', 'gzip, deflate, br']) {
      const path = tilePath(coding === 'identity' ? 12 : 13);
      const headers = { ...bearer(token), 'accept-encoding': coding };
      const cold = await get(path, headers);
      expect(cold.res.status).toBe(200);
      expect(cold.byLane).toBe(0); // a miss: Express encoded it
      const warm = await get(path, headers);
      expect(warm.byLane).toBe(1);
      expect(warm.res.status).toBe(200);
      expect(headersOf(warm.res)).toEqual(headersOf(cold.res));
      expect(warm.bytes.equals(cold.bytes)).toBe(true);
      expect(warm.res.headers.get('content-security-policy')).toContain("default-src 'self'");
      // node's fetch decodes gzip: the header says which coding was sent
      expect(warm.res.headers.get('content-encoding')).toBe(coding === 'identity' ? null : 'gzip');
      const again = await get(path, { ...headers, 'if-none-match': warm.res.headers.get('etag')! });
      expect(again.byLane).toBe(1);
      expect(again.res.status).toBe(304);
      expect(again.bytes.length).toBe(0);
    }
  });

  it('answers a cookie session as it answers a token; a session of another jurisdiction gets its own tile', async () => {
    const path = tilePath(14);
    const city = new Client(base);
    expect((await city.login('lane-viewer')).status).toBe(200);
    const cookie = { cookie: [...city.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    const first = await get(path, cookie);
    const second = await get(path, cookie);
    expect([first.byLane, second.byLane]).toEqual([0, 1]);
    expect(headersOf(second.res)).toEqual(headersOf(first.res));
    const district = await issueTestToken(t.db, 'viewer', '410502');
    const other = await get(path, bearer(district));
    expect(other.byLane).toBe(0); // not the city's cache entry
    expect(other.res.status).toBe(200);
  });

  it('leaves to Express what it must not decide, and Express answers it', async () => {
    const path = tilePath(13);
    await get(path, bearer(token)); // cached now
    // a viewer's tile has the cache key a monitor's would have (the city, masked): cached, the monitor still gets 403
    await get(path, bearer(await issueTestToken(t.db, 'viewer')));
    expect((await get(path, bearer(await issueTestToken(t.db, 'viewer')))).byLane).toBe(1);
    const cases: [string, Record<string, string>, number, string?][] = [
      [path, {}, 401],
      [path, bearer('pa_0000000000000000000000000000000000000000000'), 401],
      [path, { authorization: 'Bearer' }, 401],
      [path, bearer(await issueTestToken(t.db, 'monitor')), 403],
      [`${path}?status=ON`, bearer(token), 200],
      [path.replace('cameras', 'c%61meras'), bearer(token), 200],
      [path, bearer(token), 200, 'HEAD'],
      [tilePath(13, 114.3601, 36.0802, 'no_such_layer'), bearer(token), 404],
    ];
    for (const [p, headers, status, method] of cases) {
      const r = await get(p, headers, method);
      expect({ p, method, status: r.res.status, byLane: r.byLane }).toEqual({ p, method, status, byLane: 0 });
    }
  });
});
