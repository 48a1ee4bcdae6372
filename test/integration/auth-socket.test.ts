/**
 * The socket.io lines of docs/security.md on a real socket.io server: a handshake without credentials is
 * refused, a token or a same-origin session cookie is accepted, and liveGrant keeps a district's
 * subscription inside the district.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testLog, type TestDatabase } from '../support/test-database.ts';
import { Client, ensureAdminUnits, seedRoleUsers, startAuthServer, usernameOf, type AuthServer } from '../support/auth-fixtures.ts';
import { authContext } from '../../server/auth/services/auth-context.ts';
import { principalResolver } from '../../server/auth/services/principal-resolver.ts';
import { socketPrincipal } from '../../server/auth/services/socket-credentials.ts';
import { liveGrant } from '../../server/auth/live-grant.ts';
import type { Principal } from '../../server/auth/principal.ts';

let t: TestDatabase;
let srv: AuthServer;
let io: Server;
const URL = 'http://127.0.0.1:8170';

beforeAll(async () => {
  t = await openTestDatabase();
  await ensureAdminUnits(t.db);
  await seedRoleUsers(t.db, '410502', 'so-');
  srv = await startAuthServer(t.db, 8171);
  const http = createServer();
  io = new Server(http, { serveClient: false });
  const nsp = io.of('/live');
  // --- as documented ---
  const resolver = principalResolver(authContext({ db: t.db, log: testLog }));
  nsp.use((socket, next) => {
    socketPrincipal(socket.handshake, resolver).then(
      (p) => (p ? ((socket.data.principal = p), next()) : next(new Error('UNAUTHENTICATED'))),
      () => next(new Error('UNAUTHENTICATED')),
    );
  });
  // ---
  nsp.on('connection', (socket) => {
    socket.on('subscribe', (req: { layers: string[]; admin?: string }, ack: (r: unknown) => void) => {
      ack(liveGrant(socket.data.principal as Principal, req));
    });
  });
  await new Promise<void>((r) => http.listen(8170, '127.0.0.1', () => r()));
});
afterAll(async () => {
  await new Promise((r) => io?.close(r));
  await srv?.close();
  await t?.dispose();
});

function open(opts: Parameters<typeof connect>[1]): Promise<{ socket: Socket; error?: string }> {
  const socket = connect(`${URL}/live`, { transports: ['websocket'], reconnection: false, ...opts });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (err) => resolve({ socket, error: err.message }));
  });
}

describe('socket.io handshake', () => {
  it('refuses a handshake without credentials or with a bad token', async () => {
    const a = await open({});
    expect(a.error).toBe('UNAUTHENTICATED');
    a.socket.close();
    const b = await open({ auth: { token: 'pa_' + 'z'.repeat(43) } });
    expect(b.error).toBe('UNAUTHENTICATED');
    b.socket.close();
  });

  it('accepts a wall token and a session cookie, and keeps a district inside the district', async () => {
    const admin = new Client(srv.base);
    await admin.login(usernameOf('admin', 'so-'));
    const token = (await admin.request('POST', '/api/auth/tokens', { name: '文峰 大屏', role: 'wall', scope: '410502' })).body.token;
    const wall = await open({ auth: { token } });
    expect(wall.error).toBeUndefined();
    expect(await wall.socket.emitWithAck('subscribe', { layers: ['incidents', 'units'] })).toMatchObject({ ok: true, scope: '410502' });
    expect(await wall.socket.emitWithAck('subscribe', { layers: ['incidents'], admin: '410503' })).toMatchObject({ ok: false, code: 'OUT_OF_JURISDICTION' });
    wall.socket.close();

    const cookie = `pa_session=${admin.cookies.get('pa_session')}`;
    const viaCookie = await open({ extraHeaders: { cookie } });
    expect(viaCookie.error).toBeUndefined();
    expect(await viaCookie.socket.emitWithAck('subscribe', { layers: ['units'], admin: '410502001' })).toMatchObject({ ok: true, admin: '410502001' });
    viaCookie.socket.close();

    const crossSite = await open({ extraHeaders: { cookie, origin: 'http://evil.example' } });
    expect(crossSite.error).toBe('UNAUTHENTICATED');
    crossSite.socket.close();

    await admin.request('DELETE', `/api/auth/tokens/${(await admin.request('GET', '/api/auth/tokens')).body.tokens[0].id}`);
    const revoked = await open({ auth: { token } });
    expect(revoked.error).toBe('UNAUTHENTICATED');
    revoked.socket.close();
  });
});
