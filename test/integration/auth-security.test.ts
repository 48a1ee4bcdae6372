/** Security basics: helmet headers with the strict CSP, login and write rate limits. */
import { createServer } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { Client, ensureAdminUnits, seedRoleUsers, startAuthServer, usernameOf } from '../support/auth-fixtures.ts';
import { securityHeaders } from '../../server/http/platform/security.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await ensureAdminUnits(t.db);
  await seedRoleUsers(t.db, '410500', 'sec-');
});
afterAll(async () => t?.dispose());

describe('security headers', () => {
  it('sends a strict CSP and the usual hardening headers', async () => {
    const app = express();
    app.use(securityHeaders({ connectOrigins: ['https://t0.tianditu.gov.cn'] }));
    app.get('/', (_req, res) => void res.send('ok'));
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(8177, '127.0.0.1', () => r()));
    try {
      const res = await fetch('http://127.0.0.1:8177/');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toMatch(/unsafe-(inline|eval)/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("connect-src 'self' https://t0.tianditu.gov.cn");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-powered-by')).toBeNull();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('rate limits', () => {
  it('limits login attempts per address and writes per principal', async () => {
    const srv = await startAuthServer(t.db, 8178, { loginLimit: { windowMs: 60_000, max: 3 }, writeLimit: { windowMs: 60_000, max: 4 } });
    try {
      const c = new Client(srv.base);
      for (let i = 0; i < 3; i++) expect((await c.login('nobody', 'x')).status).toBe(401);
      const limited = await c.login(usernameOf('admin', 'sec-'));
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      expect(limited.headers.get('ratelimit-policy')).toBeTruthy();

      // writes: the login above was refused, so sign in on a fresh server and spend the write budget
      const srv2 = await startAuthServer(t.db, 8179, { writeLimit: { windowMs: 60_000, max: 4 } });
      try {
        const admin = new Client(srv2.base);
        expect((await admin.login(usernameOf('admin', 'sec-'))).status).toBe(200); // write 1 (anonymous budget)
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await admin.request('POST', '/api/auth/tokens', { name: `t${i}`, role: 'viewer', scope: '410502' })).status);
        expect(statuses).toEqual([201, 201, 201, 201, 429]);
        expect((await admin.request('GET', '/api/auth/tokens')).status).toBe(200); // reads are not limited
      } finally {
        await srv2.close();
      }
    } finally {
      await srv.close();
    }
  });
});
