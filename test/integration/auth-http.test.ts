/** Sign-in, sessions, CSRF, lockout, tokens, users and personal-data views over real HTTP, on either database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testLog, type TestDatabase } from '../support/test-database.ts';
import { Client, PASSWORD, FAST_SCRYPT, ensureAdminUnits, loginFrom, seedRoleUsers, startAuthServer, usernameOf, type AuthServer } from '../support/auth-fixtures.ts';
import { ensureFirstAdmin } from '../../server/auth/services/first-admin.ts';
import { listAudit } from '../../server/db/auth/audit-repository.ts';
import { revealPersonal } from '../../server/http/auth/auth-personal.ts';
import { principalResolver } from '../../server/auth/services/principal-resolver.ts';
import { authContext } from '../../server/auth/services/auth-context.ts';
import { socketPrincipal } from '../../server/auth/services/socket-credentials.ts';
import type { Request } from 'express';

let t: TestDatabase;
let srv: AuthServer;

beforeAll(async () => {
  t = await openTestDatabase();
  await ensureAdminUnits(t.db);
  await seedRoleUsers(t.db, '410500', 'city-');
  await seedRoleUsers(t.db, '410502', 'wf-');
  srv = await startAuthServer(t.db, 8171, { lockout: { maxFailures: 3, lockMs: 60_000, maxLockMs: 3_600_000 } });
});
afterAll(async () => {
  await srv?.close();
  await t?.dispose();
});

const lastAudit = async (action: string) => {
  const rows = await listAudit(t.db, { limit: 10_000, action });
  return rows[rows.length - 1];
};

describe('first admin', () => {
  it('is created once with ADMIN_PASSWORD, or with a generated password printed once', async () => {
    const printed: string[] = [];
    expect(await ensureFirstAdmin(t.db, { scrypt: FAST_SCRYPT, print: (s) => printed.push(s) }, testLog)).toBe(true);
    expect(await ensureFirstAdmin(t.db, { scrypt: FAST_SCRYPT, print: (s) => printed.push(s) }, testLog)).toBe(false);
    expect(printed).toHaveLength(1);
    const password = /│ {3}(\S+)\s+│/.exec(printed[0]!)?.[1];
    const c = new Client(srv.base);
    const r = await c.login('admin', password);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ role: 'admin', jurisdiction: { code: '410500', name: '安阳市' }, user: { username: 'admin', mustChangePassword: true } });
  });
});

describe('login, me, logout', () => {
  it('signs in with an httpOnly SameSite=Strict cookie and answers with user, role, jurisdiction', async () => {
    const c = new Client(srv.base);
    const r = await c.login('wf-dispatcher');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      user: { username: 'wf-dispatcher' },
      role: 'dispatcher',
      roleLabel: { zh: '调度员' },
      jurisdiction: { code: '410502', name: '文峰区' },
      personalView: 'full',
    });
    expect(r.body.permissions).toContain('incidents:write');
    expect(r.body.user).not.toHaveProperty('passwordHash');
    const cookie = r.headers.getSetCookie().find((s) => s.startsWith('pa_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = await c.request('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'dispatcher', jurisdiction: { code: '410502' }, csrfToken: c.csrf });
    expect((await lastAudit('auth.login'))).toMatchObject({ actorName: 'wf-dispatcher', outcome: 'ok' });
  });

  it('accepts usernames in any case and refuses wrong passwords and unknown users alike', async () => {
    expect((await new Client(srv.base).login('WF-Planner')).status).toBe(200);
    const wrong = await new Client(srv.base).login('wf-planner', 'nope');
    const unknown = await new Client(srv.base).login('nobody-here', 'nope');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('answers 401 without a session and after logout; the old cookie is dead', async () => {
    const anon = new Client(srv.base);
    expect((await anon.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await anon.request('POST', '/api/auth/logout')).status).toBe(401);
    const c = new Client(srv.base);
    await c.login('city-viewer');
    const stolen = new Map(c.cookies);
    expect((await c.request('POST', '/api/auth/logout')).status).toBe(204);
    expect(c.cookies.has('pa_session')).toBe(false);
    const replay = new Client(srv.base);
    replay.cookies = stolen;
    expect((await replay.request('GET', '/api/auth/me')).status).toBe(401);
    expect(await lastAudit('auth.logout')).toMatchObject({ actorName: 'city-viewer' });
  });

  it('signs in again over a live session without a CSRF token, with a new session id', async () => {
    const c = new Client(srv.base);
    await c.login('wf-viewer');
    const first = c.cookies.get('pa_session');
    c.csrf = undefined;
    expect((await c.login('wf-viewer')).status).toBe(200);
    expect(c.cookies.get('pa_session')).not.toBe(first);
    const old = new Client(srv.base);
    old.cookies.set('pa_session', first!);
    expect((await old.request('GET', '/api/auth/me')).status).toBe(401); // the replaced session is gone
  });

  it('ignores a forged session cookie', async () => {
    const c = new Client(srv.base);
    c.cookies.set('pa_session', 'A'.repeat(43));
    expect((await c.request('GET', '/api/auth/me')).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses cookie-authenticated writes without the session CSRF token; Bearer is exempt', async () => {
    const c = new Client(srv.base);
    await c.login('city-dispatcher');
    const token = c.csrf!;
    c.csrf = undefined;
    expect((await c.request('POST', '/api/probe/incidents', {})).body.error.code).toBe('CSRF_FAILED');
    expect((await c.request('POST', '/api/probe/incidents', {}, { 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403);
    expect((await c.request('POST', '/api/auth/logout', undefined, {})).status).toBe(403);
    // reads need no token
    expect((await c.request('GET', '/api/probe/layers')).status).toBe(200);
    c.csrf = token;
    expect((await c.request('POST', '/api/probe/incidents', {})).status).toBe(201);

  });
});

describe('lockout', () => {
  it('locks after repeated failures, refuses even the right password while locked, and an admin can unlock', async () => {
    const c = new Client(srv.base);
    for (let i = 0; i < 3; i++) expect((await c.login('wf-viewer', 'wrong-password')).status).toBe(401);
    const locked = await c.login('wf-viewer');
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(locked.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await lastAudit('auth.lockout')).toMatchObject({ targetType: 'user', details: { username: 'wf-viewer', failures: 3 } });

    const admin = new Client(srv.base);
    expect((await admin.login('wf-admin')).status).toBe(200);
    const list = await admin.request('GET', '/api/users');
    const target = list.body.users.find((u: { username: string }) => u.username === 'wf-viewer');
    expect(target).toMatchObject({ locked: true, failedAttempts: 3 });
    expect((await admin.request('PATCH', `/api/users/${target.id}`, { unlock: true })).body.user).toMatchObject({ locked: false, failedAttempts: 0 });
    expect((await c.login('wf-viewer')).status).toBe(200);
  });

  it('locks only the address that failed: one wrong password per lock period from elsewhere never locks the owner out', async () => {
    const attacker = '127.0.0.2';
    // Three failures lock the attacker's address; after that, one wrong password per lock period re-locks it.
    for (const tries of [3, 1, 1]) {
      for (let i = 0; i < tries; i++) expect((await loginFrom(srv.base, attacker, 'wf-planner', 'wrong-password')).status).toBe(401);
      const refused = await loginFrom(srv.base, attacker, 'wf-planner');
      expect(refused.status).toBe(423);
      expect(refused.body.error.code).toBe('ACCOUNT_LOCKED');
      // The owner, from their own address, signs in all the same (and that does not unlock the attacker).
      expect((await new Client(srv.base).login('wf-planner')).status).toBe(200);
      expect((await loginFrom(srv.base, attacker, 'wf-planner')).status).toBe(423);
      // The lock period ends for the attacker's address; they fail again at once.
      await t.db.query(`UPDATE login_failures SET locked_until = now() WHERE address = $1`, [attacker]);
    }
    expect(await lastAudit('auth.lockout')).toMatchObject({ ip: attacker, details: { username: 'wf-planner', failures: 5, lockSeconds: 240 } });
  });
});

describe('API tokens', () => {
  it('are created by admins, work as Bearer, are listed without secrets, and stop working when revoked', async () => {
    const admin = new Client(srv.base);
    await admin.login(usernameOf('admin', 'city-'));
    const created = await admin.request('POST', '/api/auth/tokens', { name: '大屏 指挥中心', role: 'wall', scope: '410502' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^pa_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({ role: 'wall', scope: '410502', revokedAt: null });

    const wall = new Client(srv.base);
    wall.bearer = created.body.token;
    const me = await wall.request('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ token: { name: '大屏 指挥中心' }, role: 'wall', jurisdiction: { code: '410502' }, personalView: 'none' });
    expect(me.body).not.toHaveProperty('csrfToken');
    expect((await wall.request('GET', '/api/probe/layers')).status).toBe(200);
    expect((await wall.request('POST', '/api/probe/incidents', {})).status).toBe(403);
    expect((await wall.request('POST', '/api/auth/logout')).body.error.code).toBe('NOT_A_SESSION');

    const list = await admin.request('GET', '/api/auth/tokens');
    const listed = list.body.tokens.find((x: { id: string }) => x.id === created.body.id);
    expect(listed).toMatchObject({ hint: created.body.token.slice(0, 9), role: 'wall' });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    expect((await admin.request('DELETE', `/api/auth/tokens/${created.body.id}`)).status).toBe(204);
    expect((await admin.request('DELETE', `/api/auth/tokens/${created.body.id}`)).status).toBe(204);
    const after = await wall.request('GET', '/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('INVALID_TOKEN');
    expect((await admin.request('DELETE', '/api/auth/tokens/999999999')).status).toBe(404);
    expect((await admin.request('DELETE', '/api/auth/tokens/abc')).status).toBe(404);
    expect(await lastAudit('token.revoke')).toMatchObject({ targetId: created.body.id });
  });

  it('refuses admin tokens, unknown units and scopes outside the admin jurisdiction', async () => {
    const admin = new Client(srv.base);
    await admin.login('wf-admin');
    expect((await admin.request('POST', '/api/auth/tokens', { name: 'x', role: 'admin', scope: '410502' })).body.error.code).toBe('INVALID_ROLE');
    expect((await admin.request('POST', '/api/auth/tokens', { name: 'x', role: 'viewer', scope: '410503' })).body.error.code).toBe('OUT_OF_JURISDICTION');
    expect((await admin.request('POST', '/api/auth/tokens', { name: 'x', role: 'viewer', scope: '410502999' })).body.error.code).toBe('UNKNOWN_ADMIN_UNIT');
    const ok = await admin.request('POST', '/api/auth/tokens', { name: 'QGIS', role: 'viewer', scope: '410502001', expiresInDays: 30 });
    expect(ok.status).toBe(201);
    expect(new Date(ok.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it('a malformed or unknown Bearer token is a 401, never an anonymous request', async () => {
    const c = new Client(srv.base);
    c.bearer = 'pa_' + 'x'.repeat(43);
    expect((await c.request('GET', '/api/probe/layers')).status).toBe(401);
    expect((await c.request('GET', '/api/probe/layers', undefined, { authorization: 'Basic YWRtaW46YWRtaW4=' })).status).toBe(401);
  });
});

describe('users', () => {
  it('creates users with a generated password that must be changed, and the user can change it', async () => {
    const admin = new Client(srv.base);
    await admin.login('city-admin');
    const created = await admin.request('POST', '/api/users', { username: 'Zhang.Wei', displayName: '张伟', role: 'grid_worker', adminCode: '410502001' });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'zhang.wei', role: 'grid_worker', adminCode: '410502001', mustChangePassword: true });
    expect((await admin.request('POST', '/api/users', { username: 'zhang.wei', role: 'viewer', adminCode: '410502' })).status).toBe(409);

    const u = new Client(srv.base);
    expect((await u.login('zhang.wei', created.body.password)).body.user.mustChangePassword).toBe(true);
    const weak = await u.request('POST', '/api/auth/password', { currentPassword: created.body.password, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    // Codes with their figures, which the client words (server/protocol/password.ts); no sentences to parse.
    expect(weak.body.error.details.problems).toEqual([{ code: 'TOO_SHORT', min: 10 }, { code: 'TOO_FEW_CLASSES', min: 3, passphrase: 16 }]);
    const weakUser = await admin.request('POST', '/api/users', { username: 'li.na', role: 'viewer', adminCode: '410502', password: 'li.na-Anyang-2026' });
    expect(weakUser.status).toBe(400);
    expect(weakUser.body.error.details.problems).toEqual([{ code: 'CONTAINS_USERNAME' }]);
    expect((await u.request('POST', '/api/auth/password', { currentPassword: created.body.password, newPassword: 'Anyang-Grid-2026' })).status).toBe(204);
    expect((await u.request('GET', '/api/auth/me')).body.user.mustChangePassword).toBe(false);
    expect((await new Client(srv.base).login('zhang.wei', 'Anyang-Grid-2026')).status).toBe(200);
  });

  it('keeps district admins inside their district and refuses wall users', async () => {
    const wf = new Client(srv.base);
    await wf.login('wf-admin');
    const listed = (await wf.request('GET', '/api/users')).body.users.map((x: { adminCode: string }) => x.adminCode);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((c: string) => c.startsWith('410502'))).toBe(true);
    expect((await wf.request('POST', '/api/users', { username: 'bg-x', role: 'viewer', adminCode: '410503', password: PASSWORD })).body.error.code).toBe('OUT_OF_JURISDICTION');
    expect((await wf.request('POST', '/api/users', { username: 'wall-x', role: 'wall', adminCode: '410502', password: PASSWORD })).body.error.code).toBe('INVALID_ROLE');
    const cityViewer = (await new Client(srv.base).login('city-viewer')).body.user.id;
    // A user outside the jurisdiction answers as one that does not exist (issue 9 §6: 404 for both).
    const outside = await wf.request('PATCH', `/api/users/${cityViewer}`, { displayName: 'x' });
    expect([outside.status, outside.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('ends sessions on disable and role change; an admin cannot disable themselves', async () => {
    const admin = new Client(srv.base);
    const me = await admin.login('city-admin');
    expect((await admin.request('PATCH', `/api/users/${me.body.user.id}`, { disabled: true })).body.error.code).toBe('SELF_LOCKOUT');
    const p = new Client(srv.base);
    const pl = await p.login('wf-planner');
    expect((await p.request('GET', '/api/auth/me')).status).toBe(200);
    const patched = await admin.request('PATCH', `/api/users/${pl.body.user.id}`, { role: 'viewer' });
    expect(patched.body.user.role).toBe('viewer');
    expect((await p.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await admin.request('PATCH', `/api/users/${pl.body.user.id}`, { disabled: true })).status).toBe(200);
    expect((await p.login('wf-planner')).status).toBe(401);
    expect((await admin.request('PATCH', `/api/users/${pl.body.user.id}`, { nonsense: 1 })).body.error.code).toBe('INVALID_BODY');
    expect((await admin.request('PATCH', '/api/users/424242', { displayName: 'x' })).status).toBe(404);
  });
});

describe('personal data and sockets', () => {
  const party = { name: '张三', phone: '13812345678', id_number: '410502199001011234' };
  const fakeReq = (principal: Request['principal']) => ({ principal, ip: '10.0.0.1', headers: { 'user-agent': 'test' }, socket: {} }) as unknown as Request;

  it('shows personal data in full only to roles that need it, and audits every full view', async () => {
    const before = (await listAudit(t.db, { limit: 10_000, action: 'personal.read' })).length;
    const full = await revealPersonal({ db: t.db }, fakeReq({ kind: 'user', id: '9', name: 'd', role: 'dispatcher', adminCode: '410502' }), { type: 'incident-parties', id: 'E1' }, party);
    expect(full).toEqual(party);
    const masked = await revealPersonal({ db: t.db }, fakeReq({ kind: 'user', id: '8', name: 'p', role: 'planner', adminCode: '410502' }), { type: 'incident-parties', id: 'E1' }, party);
    expect(masked).toEqual({ name: '张*', phone: '138****5678', id_number: '410502********1234' });
    expect(await revealPersonal({ db: t.db }, fakeReq({ kind: 'token', id: '7', name: 'w', role: 'wall', adminCode: '410500' }), { type: 'x', id: '1' }, party)).toBeUndefined();
    const after = await listAudit(t.db, { limit: 10_000, action: 'personal.read' });
    expect(after.length).toBe(before + 1);
    expect(after[after.length - 1]).toMatchObject({ actorName: 'd', targetType: 'incident-parties', targetId: 'E1', ip: '10.0.0.1' });
  });

  it('resolves socket.io handshakes with a token or a same-origin session cookie', async () => {
    const resolver = principalResolver(authContext({ db: t.db, log: testLog }));
    const admin = new Client(srv.base);
    await admin.login('city-admin');
    const tok = (await admin.request('POST', '/api/auth/tokens', { name: 'socket', role: 'viewer', scope: '410503' })).body.token;
    expect(await socketPrincipal({ headers: {}, auth: { token: tok } }, resolver)).toMatchObject({ kind: 'token', role: 'viewer', adminCode: '410503' });
    const sid = admin.cookies.get('pa_session')!;
    expect(await socketPrincipal({ headers: { cookie: `pa_session=${sid}`, host: 'h', origin: 'http://h' } }, resolver)).toMatchObject({ kind: 'user', role: 'admin' });
    expect(await socketPrincipal({ headers: { cookie: `pa_session=${sid}`, host: 'h', origin: 'http://evil' } }, resolver)).toBeNull();
    expect(await socketPrincipal({ headers: {}, auth: { token: 'pa_nope' } }, resolver)).toBeNull();
  });
});
