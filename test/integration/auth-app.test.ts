/** The auth router as mounted by createServer and the first admin as created by prepareDatabase (npm start's path). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testLog, type TestDatabase } from '../support/test-database.ts';
import { Client } from '../support/auth-fixtures.ts';
import { createServer, type PinganServer } from '../../server/compose.ts';
import { prepareDatabase } from '../../server/bootstrap.ts';
import { loadConfig } from '../../server/config.ts';
import { Readiness } from '../../server/readiness.ts';

const ADMIN_PASSWORD = 'Anyang-Admin-2026';
let t: TestDatabase;
let app: PinganServer;
const base = 'http://127.0.0.1:8175';

beforeAll(async () => {
  t = await openTestDatabase();
  const readiness = new Readiness();
  app = await createServer({ config: loadConfig({}), db: t.db, log: testLog, readiness });
  await app.start({ port: 8175, host: '127.0.0.1' });
  // Before the migrations have run, auth answers 503 rather than failing on missing tables.
  expect((await new Client(base).request('GET', '/api/auth/me')).status).toBe(503);
  await prepareDatabase(t.db, { seed: 410500, scale: 0.05, adminPassword: ADMIN_PASSWORD }, readiness, testLog);
});
afterAll(async () => {
  await app?.stop();
  await t?.dispose();
});

describe('auth in the composed app', () => {
  it('signs in the first admin with ADMIN_PASSWORD and answers /me', async () => {
    const c = new Client(base);
    const r = await c.login('admin', ADMIN_PASSWORD);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ role: 'admin', jurisdiction: { code: '410500' }, user: { mustChangePassword: false } });
    expect((await c.request('GET', '/api/auth/me')).body.role).toBe('admin');
    expect((await c.request('GET', '/api/users')).body.users.map((u: { username: string }) => u.username)).toContain('admin');
  });

  it('limits auth bodies to 16 kB and answers bad JSON with a clean 400', async () => {
    const c = new Client(base);
    const big = await c.request('POST', '/api/auth/login', { username: 'admin', password: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const bad = await c.request('POST', '/api/auth/login', '{"username":');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({ code: 'INVALID_JSON', message: 'The body is not valid JSON' });
  });

  it('leaves other routes alone (no enforcement switched on yet)', async () => {
    expect((await new Client(base).request('GET', '/api/health')).status).toBeLessThan(500);
    expect((await new Client(base).request('GET', '/api/health')).status).not.toBe(401);
  });
});
