/**
 * Fuzz: 2,400 malformed (and some well-formed) bodies against the auth endpoints. Every answer is a clean
 * JSON 2xx/4xx with a machine-readable code — no 5xx, no internal error text, no crash — and the server
 * still signs people in afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { Client, PASSWORD, ensureAdminUnits, seedRoleUsers, startAuthServer, usernameOf, type AuthServer } from '../support/auth-fixtures.ts';

let t: TestDatabase;
let srv: AuthServer;
let admin: Client;
let targetId = '';

beforeAll(async () => {
  t = await openTestDatabase();
  await ensureAdminUnits(t.db);
  await seedRoleUsers(t.db, '410500', 'fz-');
  srv = await startAuthServer(t.db, 8172);
  admin = new Client(srv.base);
  expect((await admin.login(usernameOf('admin', 'fz-'))).status).toBe(200);
  targetId = (await admin.request('POST', '/api/users', { username: 'fuzz-target', role: 'viewer', adminCode: '410502', password: PASSWORD })).body.user.id;
});
afterAll(async () => {
  await srv?.close();
  await t?.dispose();
});

const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom('', ' ', '\u0000', '\uD800', 'admin', 'fz-admin', 'ADMIN', "' OR 1=1 --", '__proto__', '410502', '4105029999', 'wall', 'Admin', 'a'.repeat(5000)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** Objects with the endpoints' own keys holding wrong or odd values, plus stray keys. */
const shaped = fc.record(
  {
    username: nasty, password: nasty, name: nasty, role: nasty, scope: nasty, adminCode: nasty, displayName: nasty,
    currentPassword: nasty, newPassword: nasty, disabled: nasty, unlock: nasty, expiresInDays: nasty, __proto__: nasty, constructor: nasty,
  },
  { requiredKeys: [] },
).map((o) => JSON.stringify(o));

/** A string with something hostile inside: NUL, lone surrogates, bidi overrides, quotes, backslashes. */
const evil = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\u202E', '%00', "'", '\\', '\r\n', '😀'), fc.string({ maxLength: 20 }))
  .map(([a, x, b]) => a + x + b);
const credentialish = fc
  .record({ username: fc.oneof(evil, fc.constantFrom('fz-admin', 'FZ-Viewer ')), password: fc.oneof(evil, fc.string({ minLength: 1 })) })
  .map((o) => JSON.stringify(o));

const body = fc.oneof(
  { weight: 3, arbitrary: credentialish },
  { weight: 4, arbitrary: shaped },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) }, // mostly not JSON at all
  { weight: 1, arbitrary: fc.constantFrom('{', '{"username":', '[]', 'null', '"x"', '{"a":1}}', '\u0000', '{"username":"a","password":"b"}'.repeat(3)) },
  { weight: 1, arbitrary: fc.nat({ max: 40_000 }).map((k) => JSON.stringify({ username: 'x'.repeat(k), password: 'y' })) },
);

const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', '');

const endpoint = fc.constantFrom(
  { method: 'POST', path: () => '/api/auth/login', as: 'anon' },
  { method: 'POST', path: () => '/api/auth/login', as: 'admin' },
  { method: 'POST', path: () => '/api/auth/tokens', as: 'admin' },
  { method: 'POST', path: () => '/api/users', as: 'admin' },
  { method: 'PATCH', path: () => `/api/users/${targetId}`, as: 'admin' },
  { method: 'POST', path: () => '/api/auth/password', as: 'anon' },
  { method: 'POST', path: () => '/api/auth/logout', as: 'anon' },
);

const oddId = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('0', '-1', '99999999999999999999999', '1e3', '1.5', '%00'));

describe('auth endpoints under fuzz', () => {
  it('answer every malformed body with a clean 4xx (or a 2xx), never a 5xx', async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(endpoint, body, contentType, async (ep, b, ct) => {
        const c = ep.as === 'admin' ? admin : new Client(srv.base);
        const headers: Record<string, string> = ct ? { 'content-type': ct } : { 'content-type': '' };
        const res = await c.request(ep.method, ep.path(), b, headers);
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        expect(res.status, `${ep.method} ${ep.path()} ${b.slice(0, 200)}`).toBeLessThan(500);
        if (res.status >= 400) expect(res.body?.error?.code).toMatch(/^[A-Z_]+$/);
      }),
      { numRuns: 2000 },
    );
    expect(seen.get(400)).toBeGreaterThan(500);
    expect([...seen.keys()].every((s) => s < 500)).toBe(true);
  });

  it('answers odd ids in paths with 404, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(oddId, fc.constantFrom('PATCH /api/users/', 'DELETE /api/auth/tokens/'), async (id, route) => {
        const [method, prefix] = route.split(' ') as [string, string];
        const res = await admin.request(method, prefix + encodeURIComponent(id), method === 'PATCH' ? { displayName: 'x' } : undefined);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
  });

  it('still works afterwards', async () => {
    expect((await admin.request('GET', '/api/auth/me')).status).toBe(200);
    expect((await new Client(srv.base).login(usernameOf('planner', 'fz-'))).status).toBe(200);
    // The fuzz guessed fz-viewer's password ~30 times: lockout must have kicked in, even for the right one.
    expect((await new Client(srv.base).login(usernameOf('viewer', 'fz-'))).status).toBe(423);
  });
});
