/**
 * Test fixtures for the auth subsystem: an HTTP server with the real auth router (cheap scrypt, generous
 * or tight limits as a test needs), admin units to scope users to, one user per role, and a small client
 * that keeps the session cookie and CSRF token like a browser would.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import express from 'express';
import type { Database } from '../../server/db/core/database.ts';
import { authRouter } from '../../server/http/auth/auth.ts';
import { authContext, type AuthOptions } from '../../server/auth/services/auth-context.ts';
import { authenticate, authorize, csrfProtect } from '../../server/http/auth/auth-middleware.ts';
import { apiNotFound, errorHandler } from '../../server/http/platform/errors.ts';
import { hashPassword, type ScryptParams } from '../../server/auth/password.ts';
import { ROLE_LABELS, USER_ROLES, type Role } from '../../server/auth/permissions.ts';
import { insertUser } from '../../server/db/auth/users-repository.ts';
import { testLog } from './test-database.ts';

export const FAST_SCRYPT: ScryptParams = { logN: 10, r: 8, p: 1 };
export const PASSWORD = 'Correct-Horse-9';

/** Admin units the tests scope users to (inserted when the dataset has not loaded them). */
export const UNITS = [
  { code: '410500', level: 1, label: '市', name: '安阳市', parent: null },
  { code: '410502', level: 2, label: '区县', name: '文峰区', parent: '410500' },
  { code: '410503', level: 2, label: '区县', name: '北关区', parent: '410500' },
  { code: '410502001', level: 3, label: '乡镇街道', name: '东大街街道', parent: '410502' },
] as const;

export async function ensureAdminUnits(db: Database): Promise<void> {
  for (const u of UNITS) {
    await db.query(
      `INSERT INTO admin_units (code, level, level_label, name, parent_code, district_code, geom, geom_source, generated)
       VALUES ($1, $2, $3, $4, $5, $6, ST_Multi(ST_MakeEnvelope(114.3, 36.0, 114.4, 36.1, 4326)), 'test fixture', true)
       ON CONFLICT (code) DO NOTHING`,
      [u.code, u.level, u.label, u.name, u.parent, u.code.length >= 6 && u.level > 1 ? u.code.slice(0, 6) : null],
    );
  }
}

/** One user per user role, named after it (grid_worker → "grid_worker"), scoped as given (default the city). */
export async function seedRoleUsers(db: Database, scope = '410500', prefix = ''): Promise<Record<string, string>> {
  const hash = await hashPassword(PASSWORD, FAST_SCRYPT);
  const ids: Record<string, string> = {};
  for (const role of USER_ROLES) {
    const u = await insertUser(db, {
      username: `${prefix}${role.replace('_', '-')}`,
      displayName: role,
      role,
      roleLabel: ROLE_LABELS[role].zh,
      adminCode: scope,
      passwordHash: hash,
      mustChangePassword: false,
    });
    if (u) ids[role] = u.id;
  }
  return ids;
}

export const usernameOf = (role: Role, prefix = '') => `${prefix}${role.replace('_', '-')}`;

export interface AuthServer {
  base: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * The auth router plus two stand-in data routes that use the middleware exactly as docs/security.md tells the
 * lead to: GET /api/probe/layers (layers:read) and POST /api/probe/incidents (incidents:write, CSRF).
 */
export async function startAuthServer(db: Database, port: number, options: Partial<AuthOptions> = {}): Promise<AuthServer> {
  const opts: Partial<AuthOptions> = {
    scrypt: FAST_SCRYPT,
    loginLimit: { windowMs: 60_000, max: 10_000 },
    writeLimit: { windowMs: 60_000, max: 10_000 },
    ...options,
  };
  const ctx = authContext({ db, log: testLog, options: opts });
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(authRouter(ctx));
  app.use(express.json());
  app.use('/api/probe', authenticate(ctx), csrfProtect());
  app.get('/api/probe/layers', authorize(ctx, 'layers:read'), (req, res) => {
    res.json({ principal: req.principal ?? null });
  });
  app.post('/api/probe/incidents', authorize(ctx, 'incidents:write'), (_req, res) => {
    res.status(201).json({ ok: true });
  });
  app.use('/api', apiNotFound);
  app.use(errorHandler(testLog));
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    base: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A browser-like client: keeps cookies, sends the CSRF header on writes when it has one. */
export class Client {
  cookies = new Map<string, string>();
  csrf: string | undefined;
  bearer: string | undefined;
  constructor(readonly base: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    if (body !== undefined && !('content-type' in h)) h['content-type'] = 'application/json';
    const res = await fetch(this.base + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async login(username: string, password = PASSWORD) {
    const r = await this.request('POST', '/api/auth/login', { username, password });
    if (r.status === 200) this.csrf = r.body.csrfToken;
    return r;
  }
}

/**
 * A sign-in from another client address: the connection leaves from `localAddress` (any 127.x.y.z reaches the
 * loopback server on Linux), so the server's req.ip is that address without trusting any header.
 */
export function loginFrom(base: string, localAddress: string, username: string, password = PASSWORD): Promise<{ status: number; body: any }> {
  const url = new URL('/api/auth/login', base);
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
