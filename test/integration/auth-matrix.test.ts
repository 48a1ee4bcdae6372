/**
 * Every auth route × every principal (anonymous, each user role by cookie, each token role by Bearer):
 * 401 without credentials, 403 when the permission table says no (and the denial is audited), and neither
 * when it says yes. The expectations come from the route's declared permission; a few are pinned by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { Client, PASSWORD, ensureAdminUnits, seedRoleUsers, startAuthServer, usernameOf, type AuthServer } from '../support/auth-fixtures.ts';
import { TOKEN_ROLES, USER_ROLES, hasPermission, type Permission, type Role } from '../../server/auth/permissions.ts';
import { listAudit } from '../../server/db/auth/audit-repository.ts';

let t: TestDatabase;
let srv: AuthServer;
const principals: { label: string; role: Role | null; client: Client }[] = [];
let spareTokenId = '';
let patchUserId = '';

interface Route {
  method: string;
  path: () => string;
  /** null: any signed-in principal. */
  permission: Permission | null;
  body?: (n: number) => unknown;
}

let n = 0;
const ROUTES: Route[] = [
  { method: 'GET', path: () => '/api/auth/me', permission: null },
  { method: 'POST', path: () => '/api/auth/password', permission: null, body: () => ({ currentPassword: 'x' }) },
  { method: 'GET', path: () => '/api/auth/tokens', permission: 'tokens:admin' },
  { method: 'POST', path: () => '/api/auth/tokens', permission: 'tokens:admin', body: () => ({ name: 'm', role: 'viewer', scope: '410502' }) },
  { method: 'DELETE', path: () => `/api/auth/tokens/${spareTokenId}`, permission: 'tokens:admin' },
  { method: 'GET', path: () => '/api/users', permission: 'users:admin' },
  { method: 'POST', path: () => '/api/users', permission: 'users:admin', body: (i) => ({ username: `matrix-${i}`, role: 'viewer', adminCode: '410502', password: PASSWORD }) },
  { method: 'PATCH', path: () => `/api/users/${patchUserId}`, permission: 'users:admin', body: (i) => ({ displayName: `m${i}` }) },
  { method: 'GET', path: () => '/api/audit?limit=5', permission: 'audit:read' },
  { method: 'GET', path: () => '/api/probe/layers', permission: 'layers:read' },
  { method: 'POST', path: () => '/api/probe/incidents', permission: 'incidents:write', body: () => ({}) },
];

beforeAll(async () => {
  t = await openTestDatabase();
  await ensureAdminUnits(t.db);
  await seedRoleUsers(t.db, '410500', 'mx-');
  srv = await startAuthServer(t.db, 8173);
  principals.push({ label: 'anonymous', role: null, client: new Client(srv.base) });
  for (const role of USER_ROLES) {
    const c = new Client(srv.base);
    expect((await c.login(usernameOf(role, 'mx-'))).status).toBe(200);
    principals.push({ label: `user:${role}`, role, client: c });
  }
  const admin = principals.find((p) => p.role === 'admin')!.client;
  for (const role of TOKEN_ROLES) {
    const r = await admin.request('POST', '/api/auth/tokens', { name: `matrix ${role}`, role, scope: '410500' });
    const c = new Client(srv.base);
    c.bearer = r.body.token;
    principals.push({ label: `token:${role}`, role, client: c });
  }
  spareTokenId = (await admin.request('POST', '/api/auth/tokens', { name: 'spare', role: 'viewer', scope: '410502' })).body.id;
  patchUserId = (await admin.request('POST', '/api/users', { username: 'matrix-target', role: 'viewer', adminCode: '410502', password: PASSWORD })).body.user.id;
});
afterAll(async () => {
  await srv?.close();
  await t?.dispose();
});

async function call(c: Client, r: Route) {
  return c.request(r.method, r.path(), r.body?.(++n));
}

describe('route × role matrix', () => {
  it('401 anonymous, 403 without the permission (audited), allowed with it', async () => {
    const denied0 = (await listAudit(t.db, { limit: 100_000, action: 'authz.denied' })).length;
    let forbiddenCount = 0;
    const failures: string[] = [];
    for (const route of ROUTES) {
      for (const p of principals) {
        const res = await call(p.client, route);
        const allowed = p.role !== null && (route.permission === null || hasPermission(p.role, route.permission));
        const expected = p.role === null ? '401' : allowed ? 'allowed' : '403';
        const got = res.status === 401 ? '401' : res.status === 403 ? '403' : res.status < 500 ? 'allowed' : `5xx`;
        if (got !== expected) failures.push(`${route.method} ${route.path()} as ${p.label}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
        if (got === '403') forbiddenCount++;
      }
    }
    expect(failures).toEqual([]);
    expect(forbiddenCount).toBeGreaterThan(40);
    const denied = (await listAudit(t.db, { limit: 100_000, action: 'authz.denied' })).length;
    expect(denied - denied0).toBe(forbiddenCount);
  });

  it('pins the important cells by hand', async () => {
    const by = (label: string) => principals.find((p) => p.label === label)!.client;
    const usersPost = ROUTES.find((r) => r.method === 'POST' && r.path() === '/api/users')!;
    expect((await call(by('user:dispatcher'), usersPost)).status).toBe(403);
    expect((await call(by('user:admin'), usersPost)).status).toBe(201);
    expect((await by('token:wall').request('POST', '/api/probe/incidents', {})).status).toBe(403);
    expect((await by('token:dispatcher').request('POST', '/api/probe/incidents', {})).status).toBe(201);
    expect((await by('user:viewer').request('GET', '/api/audit')).status).toBe(403);
    expect((await by('anonymous').request('GET', '/api/probe/layers')).status).toBe(401);
  });

  it('opens configured public reads (and only those) to anonymous callers', async () => {
    const pub = await startAuthServer(t.db, 8174, { publicPermissions: ['layers:read'] });
    try {
      const anon = new Client(pub.base);
      expect((await anon.request('GET', '/api/probe/layers')).status).toBe(200);
      expect((await anon.request('POST', '/api/probe/incidents', {})).status).toBe(401);
      expect((await anon.request('GET', '/api/users')).status).toBe(401);
    } finally {
      await pub.close();
    }
    await expect(startAuthServer(t.db, 8174, { publicPermissions: ['personal:read'] })).rejects.toThrow(/never be public/);
  });
});

describe('switching on enforcement (the lines in docs/security.md)', () => {
  it('guards every route by the route table, audits writes, and leaves public routes open', async () => {
    const express = (await import('express')).default;
    const { createServer } = await import('node:http');
    const { authContext } = await import('../../server/auth/services/auth-context.ts');
    const { authRouter } = await import('../../server/http/auth/auth.ts');
    const { authenticate, csrfProtect, enforceRoutes } = await import('../../server/http/auth/auth-middleware.ts');
    const { auditWrites } = await import('../../server/http/auth/auth-audit.ts');
    const { apiNotFound, errorHandler } = await import('../../server/http/platform/errors.ts');
    const { testLog } = await import('../support/test-database.ts');
    const { FAST_SCRYPT } = await import('../support/auth-fixtures.ts');

    const options = { scrypt: FAST_SCRYPT };
    const app = express();
    app.set('trust proxy', 'loopback');
    const auth = authContext({ db: t.db, log: testLog, options });
    app.use(authRouter(auth));
    app.use(express.json());
    // --- the switch, as documented ---
    app.use(authenticate(auth), auditWrites(auth), csrfProtect(), enforceRoutes(auth));
    // ---
    app.get('/api/health', (_req, res) => void res.json({ ok: true }));
    app.get('/', (_req, res) => void res.send('<!doctype html>'));
    app.get('/ogc/collections/:id/items', (req, res) => void res.json({ id: req.params.id, who: req.principal?.name }));
    app.post('/ogc/collections/:id/items', (_req, res) => void res.status(201).json({}));
    app.use('/api', apiNotFound);
    app.use(errorHandler(testLog));
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(8176, '127.0.0.1', () => r()));
    try {
      const base = 'http://127.0.0.1:8176';
      const anon = new Client(base);
      expect((await anon.request('GET', '/api/health')).status).toBe(200);
      expect((await anon.request('GET', '/')).status).toBe(200);
      expect((await anon.request('GET', '/ogc/collections/cameras/items')).status).toBe(401);
      const viewer = new Client(base);
      await viewer.login(usernameOf('viewer', 'mx-'));
      expect((await viewer.request('GET', '/ogc/collections/cameras/items')).body).toEqual({ id: 'cameras', who: 'mx-viewer' });
      expect((await viewer.request('POST', '/ogc/collections/incidents/items', {})).status).toBe(403);
      expect((await viewer.request('GET', '/api/not-in-the-table')).status).toBe(403);
      const dispatcher = new Client(base);
      await dispatcher.login(usernameOf('dispatcher', 'mx-'));
      const csrf = dispatcher.csrf;
      dispatcher.csrf = undefined;
      expect((await dispatcher.request('POST', '/ogc/collections/incidents/items', {})).status).toBe(403);
      dispatcher.csrf = csrf;
      expect((await dispatcher.request('POST', '/ogc/collections/incidents/items', {})).status).toBe(201);
      expect((await dispatcher.request('POST', '/ogc/collections/cameras', {})).status).toBe(403); // no rule: denied
      await new Promise((r) => setTimeout(r, 200)); // auditWrites appends after the response is sent
      const writes = await listAudit(t.db, { limit: 100_000, action: 'http.post' });
      expect(writes.filter((w) => w.actorName === 'mx-dispatcher').map((w) => [w.targetId, w.outcome, w.details.status])).toEqual([
        ['/ogc/collections/incidents/items', 'denied', 403], // no CSRF token
        ['/ogc/collections/incidents/items', 'ok', 201],
      ]);
      const denied = await listAudit(t.db, { limit: 100_000, action: 'authz.denied' });
      expect(denied[denied.length - 1]).toMatchObject({ actorName: 'mx-dispatcher', targetId: 'POST /ogc/collections/cameras', details: { permission: null } });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
