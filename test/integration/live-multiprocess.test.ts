/** Several server processes on one PostGIS database (PGlite is single-process: PostGIS mode only). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChanges, headSeq } from '../../server/db/live/changes-repository.ts';
import { createFeature, updateFeature } from '../../server/db/features/features-write-repository.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { LiveTestClient, waitFor } from '../support/live-client.ts';
import { FIXTURES } from '../support/live-fixtures.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';
import { Client, ensureAdminUnits, seedRoleUsers, usernameOf } from '../support/auth-fixtures.ts';
import { io as connect } from 'socket.io-client';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';

describe.runIf(process.env.TEST_DATABASE_URL)('live feed across server processes (PostGIS)', () => {
  let t: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  const clients: LiveTestClient[] = [];
  let token = '';

  beforeAll(async () => {
    t = await openTestDatabase();
    token = await issueTestToken(t.db);
    const env = { REDIS_URL };
    [a, b] = await Promise.all([
      startServerProcess({ port: 8132, databaseUrl: t.url!, env }),
      startServerProcess({ port: 8133, databaseUrl: t.url!, env }),
    ]);
  }, 180_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await t?.dispose();
  });

  const incident = (id: string) => ({ type: 'Feature', ...FIXTURES.incidents!, id });

  it('a change written through process A reaches a client of process B', async () => {
    const onB = new LiveTestClient(b.url, { token, layers: ['incidents'] });
    clients.push(onB);
    await onB.ready();
    const res = await fetch(`${a.url}/ogc/collections/incidents/items`, {
      method: 'POST',
      headers: { ...bearer(token), 'Content-Type': 'application/geo+json' },
      body: JSON.stringify(incident('MP-1')),
    });
    expect(res.status).toBe(201);
    await waitFor(() => onB.store.has('incidents/MP-1'), 5000, 'the change on B');
    expect(onB.store.get('incidents/MP-1')).toEqual(await res.json());
  });

  it('presence (not a database change) crosses processes through the Redis adapter', async () => {
    const onA = new LiveTestClient(a.url, { token, layers: ['incidents'] });
    const onB = new LiveTestClient(b.url, { token, layers: ['units'] });
    clients.push(onA, onB);
    await Promise.all([onA.ready(), onB.ready()]);
    const total = clients.filter((c) => c.socket.connected).length;
    await waitFor(() => onA.presence === total && onB.presence === total, 5000, `presence ${total} on both`);
  });

  it('revoking a token and logging out through process A end the sockets on process B at once', async () => {
    await ensureAdminUnits(t.db);
    await seedRoleUsers(t.db, '410500', 'mp-');
    const admin = new Client(a.url);
    expect((await admin.login(usernameOf('admin', 'mp-'))).status).toBe(200);
    const issued = await admin.request('POST', '/api/auth/tokens', { name: 'MP wall', role: 'wall', scope: '410500' });
    expect(issued.status).toBe(201);
    const openOnB = async (opts: Parameters<typeof connect>[1]) => {
      const socket = connect(`${b.url}/live`, { transports: ['websocket'], reconnection: false, ...opts });
      const state = { reason: undefined as string | undefined, socket };
      socket.on('disconnect', (reason) => (state.reason = reason));
      expect(await socket.emitWithAck('subscribe', { layers: ['incidents'] })).toHaveProperty('seq');
      return state;
    };
    const wall = await openOnB({ auth: { token: issued.body.token } });
    const browser = await openOnB({ extraHeaders: { cookie: `pa_session=${admin.cookies.get('pa_session')}` } });
    try {
      expect((await admin.request('DELETE', `/api/auth/tokens/${issued.body.id}`)).status).toBe(204);
      await waitFor(() => wall.reason === 'io server disconnect', 5000, 'the revoked token’s socket on B to end');
      expect(browser.reason).toBeUndefined();
      expect((await admin.request('POST', '/api/auth/logout')).status).toBe(204);
      await waitFor(() => browser.reason === 'io server disconnect', 5000, 'the logged-out session’s socket on B to end');
    } finally {
      wall.socket.close();
      browser.socket.close();
    }
  });

  it('a server killed and restarted: its clients resume by themselves and lose nothing', async () => {
    const c = new LiveTestClient(b.url, { token, layers: ['incidents', 'units'] });
    clients.push(c);
    await c.ready();
    await createFeature(t.db, 'units', { ...FIXTURES.units!, id: 'MP-U1' });
    await waitFor(() => c.store.has('units/MP-U1'), 5000, 'the unit');
    const since = c.lastSeq!;
    const before = c.received.length;
    await b.kill();
    for (let i = 0; i < 100; i++) {
      await createFeature(t.db, 'incidents', { ...FIXTURES.incidents!, id: `MP-K${i}` });
      await updateFeature(t.db, 'units', 'MP-U1', { geometry: { type: 'Point', coordinates: [114.3 + i / 1000, 36.1] } });
    }
    await b.restart();
    const head = await headSeq(t.db);
    await waitFor(() => c.lastSeq === head, 30_000, 'the resumed client');
    const missed = await readChanges(t.db, since, 1000);
    expect(missed).toHaveLength(200);
    expect(c.received.slice(before).map((x) => x.seq)).toEqual(missed.map((m) => m.seq));
    expect(c.store.get('units/MP-U1')?.geometry).toEqual({ type: 'Point', coordinates: [114.399, 36.1] });
    expect(c.acks.length).toBeGreaterThanOrEqual(2);
  });
});
