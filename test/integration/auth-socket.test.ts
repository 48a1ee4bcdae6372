/**
 * The socket.io lines of docs/security.md on the real server (createServer: the HTTP auth context and the live
 * feed): a handshake without credentials is refused, a token or a same-origin session cookie is accepted,
 * liveGrant keeps a district inside the district — and an open socket ends with its credential (issue 9 §4):
 * revocation, logout, disable, a role change and expiry disconnect it at once, in every server on the database,
 * and a `subscribe` re-checks the credential before it reads the log. The backstop re-check is set to an hour
 * here, so nothing but those rules can end a socket within the test's waits.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { Client, FAST_SCRYPT, ensureAdminUnits, seedRoleUsers, usernameOf } from '../support/auth-fixtures.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { waitFor } from '../support/live-client.ts';
import { FIXTURES } from '../support/live-fixtures.ts';
import { createFeature } from '../../server/db/features/features-write-repository.ts';
import { issueToken } from '../../server/db/auth/tokens-repository.ts';
import type { AuthOptions } from '../../server/auth/services/auth-context.ts';
import { connectLive, type LiveStatus } from '../../client/src/net/live-socket.ts';

let t: TestDatabase;
let a: LiveApp;
let b: LiveApp;
let ids: Record<string, string>;
const sockets: Socket[] = [];

const AUTH: Partial<AuthOptions> = { scrypt: FAST_SCRYPT, loginLimit: { windowMs: 60_000, max: 10_000 } };
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await openTestDatabase();
  await ensureAdminUnits(t.db);
  ids = await seedRoleUsers(t.db, '410502', 'so-');
  // Two servers on one database: what one of them revokes must end the sockets of the other.
  a = await startLiveApp(t.db, 8170, {}, { auth: AUTH, socketRecheckMs: HOUR });
  b = await startLiveApp(t.db, 8181, {}, { auth: AUTH, socketRecheckMs: HOUR });
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await t?.dispose();
});

function open(base: string, opts: Parameters<typeof connect>[1]): Promise<{ socket: Socket; error?: string }> {
  const socket = connect(`${base}/live`, { transports: ['websocket'], reconnection: false, ...opts });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (err) => resolve({ socket, error: err.message }));
  });
}

/** A connected, subscribed socket; records why it was disconnected. */
async function subscribed(base: string, opts: Parameters<typeof connect>[1]) {
  const { socket, error } = await open(base, opts);
  expect(error).toBeUndefined();
  const state = { reason: undefined as string | undefined };
  socket.on('disconnect', (reason) => (state.reason = reason));
  expect(await socket.emitWithAck('subscribe', { layers: ['incidents'] })).toMatchObject({ scope: '410502' });
  return { socket, state };
}

const ended = (s: { state: { reason?: string } }, what: string) => waitFor(() => s.state.reason === 'io server disconnect', 5000, what);

async function signIn(role: Parameters<typeof usernameOf>[0], base = a.url) {
  const c = new Client(base);
  expect((await c.login(usernameOf(role, 'so-'))).status).toBe(200);
  return { client: c, cookie: `pa_session=${c.cookies.get('pa_session')}` };
}

async function wallToken(admin: Client) {
  const r = await admin.request('POST', '/api/auth/tokens', { name: '文峰 大屏', role: 'wall', scope: '410502' });
  expect(r.status).toBe(201);
  return r.body as { token: string; id: string };
}

describe('socket.io handshake', () => {
  it('refuses a handshake without credentials or with a bad token', async () => {
    expect((await open(a.url, {})).error).toBe('UNAUTHENTICATED');
    expect((await open(a.url, { auth: { token: 'pa_' + 'z'.repeat(43) } })).error).toBe('UNAUTHENTICATED');
  });

  it('accepts a wall token and a same-origin session cookie, and keeps a district inside the district', async () => {
    const { client: admin, cookie } = await signIn('admin');
    const { token } = await wallToken(admin);
    const wall = await open(a.url, { auth: { token } });
    expect(wall.error).toBeUndefined();
    expect(await wall.socket.emitWithAck('subscribe', { layers: ['incidents', 'units'] })).toMatchObject({ scope: '410502' });
    expect(await wall.socket.emitWithAck('subscribe', { layers: ['incidents'], admin: '410503' })).toMatchObject({ error: { code: 'OUT_OF_JURISDICTION' } });

    const viaCookie = await open(a.url, { extraHeaders: { cookie } });
    expect(viaCookie.error).toBeUndefined();
    expect(await viaCookie.socket.emitWithAck('subscribe', { layers: ['units'], admin: '410502001' })).toMatchObject({ scope: '410502' });

    expect((await open(a.url, { extraHeaders: { cookie, origin: 'http://evil.example' } })).error).toBe('UNAUTHENTICATED');
  });
});

describe('an open socket ends with its credential', () => {
  it('revoking a token on server A disconnects its sockets on A and on B at once, and a reconnect is refused', async () => {
    const { client: admin } = await signIn('admin');
    const { token, id } = await wallToken(admin);
    const onA = await subscribed(a.url, { auth: { token } });
    const onB = await subscribed(b.url, { auth: { token } });
    expect((await admin.request('DELETE', `/api/auth/tokens/${id}`)).status).toBe(204);
    await ended(onA, 'the socket on A to end');
    await ended(onB, 'the socket on B to end');
    expect((await open(b.url, { auth: { token } })).error).toBe('UNAUTHENTICATED');
  });

  it('logging out disconnects the session’s sockets, and only those', async () => {
    const { client: viewer, cookie } = await signIn('viewer');
    const other = await signIn('viewer');
    const mine = await subscribed(b.url, { extraHeaders: { cookie } });
    const theirs = await subscribed(b.url, { extraHeaders: { cookie: other.cookie } });
    expect((await viewer.request('POST', '/api/auth/logout')).status).toBe(204);
    await ended(mine, 'the logged-out socket to end');
    expect((await theirs.socket.emitWithAck('subscribe', { layers: ['incidents'] })) as object).toMatchObject({ scope: '410502' });
    expect(theirs.state.reason).toBeUndefined();
  });

  it('disabling a user or changing their role disconnects every socket of the user', async () => {
    const { client: admin } = await signIn('admin');
    const planner = await signIn('planner');
    const plannerSocket = await subscribed(b.url, { extraHeaders: { cookie: planner.cookie } });
    expect((await admin.request('PATCH', `/api/users/${ids.planner}`, { role: 'viewer' })).status).toBe(200);
    await ended(plannerSocket, 'the socket of the user whose role changed to end');

    const dispatcher = await signIn('dispatcher', b.url);
    const d1 = await subscribed(a.url, { extraHeaders: { cookie: dispatcher.cookie } });
    const d2 = await subscribed(b.url, { extraHeaders: { cookie: dispatcher.cookie } });
    expect((await admin.request('PATCH', `/api/users/${ids.dispatcher}`, { disabled: true })).status).toBe(200);
    await ended(d1, 'the disabled user’s socket on A to end');
    await ended(d2, 'the disabled user’s socket on B to end');
    expect((await open(a.url, { extraHeaders: { cookie: dispatcher.cookie } })).error).toBe('UNAUTHENTICATED');
  });

  it('the shipped client, ended by the server, connects once more and reports the refusal as unauthorised', async () => {
    const { client: admin } = await signIn('admin');
    const { token, id } = await wallToken(admin);
    const statuses: LiveStatus[] = [];
    const refused: string[] = [];
    const conn = connectLive({ onChanges: () => undefined, onStreamStart: () => undefined, onStatus: (st) => statuses.push(st), onUnauthorized: (r) => refused.push(r) }, { token }, { base: a.url });
    try {
      await waitFor(() => statuses.includes('live'), 5000, 'the client to go live');
      expect((await admin.request('DELETE', `/api/auth/tokens/${id}`)).status).toBe(204);
      await waitFor(() => refused.length > 0, 5000, 'the client to report the revoked token');
      expect(refused).toEqual(['UNAUTHENTICATED']);
      expect(statuses[statuses.length - 1]).toBe('offline');
    } finally {
      conn.close();
    }
  });

  it('a token is disconnected when it expires', async () => {
    const { token } = await issueToken(t.db, { name: 'short', role: 'wall', scope: '410502', createdBy: null, expiresAt: new Date(Date.now() + 3000) });
    const s = await subscribed(a.url, { auth: { token } });
    await ended(s, 'the expired token’s socket to end');
  });

  it('a subscribe re-checks the credential before it reads the log (no retained changes after the session ended)', async () => {
    await createFeature(t.db, 'incidents', { ...FIXTURES.incidents!, id: 'SO-RETAINED' });
    const { cookie } = await signIn('grid_worker');
    const s = await subscribed(a.url, { extraHeaders: { cookie } });
    const received: unknown[] = [];
    s.socket.on('changes', (cs: unknown[]) => received.push(...cs));
    s.socket.on('change', (c: unknown) => received.push(c));
    // Ended without any event (an UPDATE of the expiry fires no trigger): only the subscribe's own check can tell.
    await t.db.query(`UPDATE sessions SET absolute_expires_at = now() - interval '1 second' WHERE user_id = $1`, [ids.grid_worker]);
    const ack = await s.socket.emitWithAck('subscribe', { layers: ['incidents'], since: 0 });
    expect(ack).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    await ended(s, 'the socket to end after the refused subscribe');
    expect(received).toEqual([]);
  });
});

describe('the socket keeps the session policy of HTTP (one auth context)', () => {
  let short: LiveApp;
  beforeAll(async () => {
    short = await startLiveApp(t.db, 8182, {}, { auth: { ...AUTH, session: { idleMs: HOUR, absoluteMs: 2500 } }, socketRecheckMs: HOUR });
  });
  afterAll(async () => {
    await short?.close();
  });

  it('a session is disconnected at the absolute end the server’s options set', async () => {
    const { cookie } = await signIn('admin', short.url);
    const s = await subscribed(short.url, { extraHeaders: { cookie } });
    await ended(s, 'the session’s socket to end at its absolute expiry');
    expect((await open(short.url, { extraHeaders: { cookie } })).error).toBe('UNAUTHENTICATED');
  });
});
