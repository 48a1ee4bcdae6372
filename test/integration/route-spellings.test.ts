/**
 * Issue 9 §1 (critical) and §6: the permission table was matched against the raw URL while Express decoded
 * `:collectionId` afterwards, and the write router checked nothing itself — `POST /ogc/collections/%69ncidents/items`
 * with a viewer token created an incident. Here: each reproduction as a regression test; then every spelling of a
 * path (percent-encoding of each character value and each segment, letter case, doubled and trailing slashes, `.` / `..` segments,
 * encoded slashes, double encoding) × every route family × every principal, asserting that no spelling gets more
 * than the canonical path; and the smaller holes of §6 (ids, 404 outside the jurisdiction, database text,
 * X-Forwarded-For, Host / X-Forwarded-Proto in links). One app for the matrix, requests in parallel.
 * Requests go through node:http so that paths reach the server exactly as spelled (fetch would resolve `.`).
 * Ports 4330-4333.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testLog, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { Client, seedRoleUsers, usernameOf } from '../support/auth-fixtures.ts';
import { issueTestToken } from '../support/test-tokens.ts';
import { FIXTURES } from '../support/live-fixtures.ts';
import { seedWarning } from '../support/analysis-fixtures.ts';
import { tileForLngLat } from '../../server/domain/geo/bbox.ts';
import { hasPermission, type Permission, type Role } from '../../server/auth/permissions.ts';
import { createServer } from '../../server/compose.ts';
import { loadConfig } from '../../server/config.ts';
import { Readiness } from '../../server/readiness.ts';
import express from 'express';
import { ogcWriteRouter } from '../../server/http/ogc/ogc-write.ts';
import { errorHandler } from '../../server/http/platform/errors.ts';

const PORT = 4330;
const IN = '410502';
const OUT = '410503';
let t: TestDatabase;
let app: LiveApp;
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

interface Principal {
  label: string;
  role: Role | null;
  headers: Record<string, string>;
}
const principals: Principal[] = [];
const P = (label: string) => principals.find((p) => p.label === label)!;

interface Answer {
  status: number;
  text: string;
  json: any;
}

/** One request with the path sent byte for byte as given. */
function send(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  const url = new URL(base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent,
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = (res.headers['content-type'] ?? '').includes('json') && text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

const ask = (p: Principal, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  send(app.url, method, path, { ...p.headers, ...headers }, body);

/** Targets inside 410502 (and one incident outside), picked from the test dataset. */
const target = { incident: '', incidentOut: '', unit: '', camera: '', cameraLng: 0, cameraLat: 0, viewerUserId: '', warning: '' };

async function firstId(sql: string, params: unknown[]): Promise<Record<string, unknown>> {
  const { rows } = await t.db.query<Record<string, unknown>>(sql, params);
  expect(rows[0], sql).toBeDefined();
  return rows[0]!;
}

async function sessionHeaders(username: string): Promise<Record<string, string>> {
  const c = new Client(app.url);
  expect((await c.login(username)).status).toBe(200);
  return { cookie: `pa_session=${c.cookies.get('pa_session')}`, 'x-csrf-token': c.csrf! };
}

beforeAll(async () => {
  t = await openTestDatabase();
  app = await startLiveApp(t.db, PORT);
  const ids = await seedRoleUsers(t.db, '410500', 'rs-');
  target.viewerUserId = ids.viewer!;
  target.incident = String((await firstId(`SELECT id FROM incidents WHERE district_code = $1 ORDER BY id LIMIT 1`, [IN])).id);
  target.incidentOut = String((await firstId(`SELECT id FROM incidents WHERE district_code = $1 ORDER BY id LIMIT 1`, [OUT])).id);
  target.unit = String((await firstId(`SELECT id FROM units WHERE district_code = $1 ORDER BY id LIMIT 1`, [IN])).id);
  target.warning = await seedWarning(t.db, IN, 'route-spellings');
  const cam = await firstId(`SELECT id, ST_X(geom) AS lng, ST_Y(geom) AS lat FROM cameras WHERE district_code = $1 ORDER BY id LIMIT 1`, [IN]);
  Object.assign(target, { camera: String(cam.id), cameraLng: Number(cam.lng), cameraLat: Number(cam.lat) });

  principals.push({ label: 'anonymous', role: null, headers: {} });
  principals.push({ label: 'admin (session)', role: 'admin', headers: await sessionHeaders(usernameOf('admin', 'rs-')) });
  principals.push({ label: 'viewer (session)', role: 'viewer', headers: await sessionHeaders(usernameOf('viewer', 'rs-')) });
  for (const role of ['dispatcher', 'planner', 'grid_worker', 'wall'] as const) {
    principals.push({ label: `${role} (token)`, role, headers: { authorization: `Bearer ${await issueTestToken(t.db, role)}` } });
  }
  principals.push({ label: 'district viewer (token)', role: 'viewer', headers: { authorization: `Bearer ${await issueTestToken(t.db, 'viewer', IN)}` } });
  principals.push({ label: 'district dispatcher (token)', role: 'dispatcher', headers: { authorization: `Bearer ${await issueTestToken(t.db, 'dispatcher', IN)}` } });
}, 300_000);

afterAll(async () => {
  agent.destroy();
  await app?.close();
  await t?.dispose();
});

let serial = 0;
const newIncident = (id = `RS-${process.pid}-${++serial}`) => ({
  type: 'Feature',
  id,
  properties: { ...FIXTURES.incidents!.properties, district_code: IN },
  geometry: { type: 'Point', coordinates: [target.cameraLng, target.cameraLat] },
});

const exists = async (table: string, id: string) => (await t.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).rows.length === 1;

/** Audit entries that record a write as successful although the actor's role lacks the permission. */
async function writesRecordedForRefusedRoles(): Promise<string[]> {
  const { rows } = await t.db.query<{ actor_role: string | null; action: string; target_type: string | null; target_id: string | null }>(
    `SELECT actor_role, action, target_type, target_id FROM audit_log WHERE outcome = 'ok' AND (action LIKE 'feature.%' OR action LIKE 'http.%')`,
  );
  const need: Record<string, Permission> = { incidents: 'incidents:write', units: 'dispatch:write', cameras: 'assets:write' };
  return rows
    .filter((r) => {
      if (r.actor_role === null) return true; // an anonymous write never succeeds
      const perm = r.target_type ? need[r.target_type] : undefined;
      return perm ? !hasPermission(r.actor_role, perm) : false;
    })
    .map((r) => `${r.actor_role} ${r.action} ${r.target_type} ${r.target_id}`);
}

describe('issue 9 §1: the reproductions', () => {
  it('a viewer token cannot create an incident through /ogc/collections/%69ncidents/items', async () => {
    const viewer = { label: 'viewer token', role: 'viewer' as const, headers: { authorization: `Bearer ${await issueTestToken(t.db, 'viewer')}` } };
    const f = newIncident();
    const res = await ask(viewer, 'POST', '/ogc/collections/%69ncidents/items', f);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('FORBIDDEN');
    expect(await exists('incidents', f.id)).toBe(false);
  });

  it('a wall token cannot PATCH incidents', async () => {
    const before = await firstId(`SELECT address FROM incidents WHERE id = $1`, [target.incident]);
    for (const path of [`/ogc/collections/%69ncidents/items/${target.incident}`, `/ogc/collections/INCIDENTS/items/${target.incident}`, `/ogc//collections/incidents/items/${target.incident}/`]) {
      const res = await ask(P('wall (token)'), 'PATCH', path, { properties: { address: '墙上改的' } });
      expect(res.status, path).toBe(403);
    }
    expect(await firstId(`SELECT address FROM incidents WHERE id = $1`, [target.incident])).toEqual(before);
  });

  it('a planner token cannot move units', async () => {
    const before = await firstId(`SELECT ST_AsText(geom) AS g FROM units WHERE id = $1`, [target.unit]);
    const res = await ask(P('planner (token)'), 'PATCH', `/ogc/collections/%75nits/items/${target.unit}`, { geometry: { type: 'Point', coordinates: [114.35, 36.1] } });
    expect(res.status).toBe(403);
    expect(await firstId(`SELECT ST_AsText(geom) AS g FROM units WHERE id = $1`, [target.unit])).toEqual(before);
  });

  it('a viewer session cookie (with its CSRF token) cannot DELETE', async () => {
    const res = await ask(P('viewer (session)'), 'DELETE', `/ogc/collections/%69ncidents/items/${target.incident}`);
    expect(res.status).toBe(403);
    expect(await exists('incidents', target.incident)).toBe(true);
  });

  it('with PUBLIC_PERMISSIONS=layers:read an anonymous caller neither reads nor writes incidents', async () => {
    const readiness = new Readiness();
    readiness.set('ready');
    const { httpServer } = await createServer({ config: loadConfig({ PUBLIC_PERMISSIONS: 'layers:read' }), db: t.db, log: testLog, readiness });
    await new Promise<void>((resolve) => httpServer.listen(PORT + 1, '127.0.0.1', () => resolve()));
    const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    try {
      expect((await send(base, 'GET', '/ogc/collections/cameras/items?limit=1')).status).toBe(200); // what was made public
      for (const path of ['/ogc/collections/%69ncidents/items', '/ogc/collections/incidents/items', `/ogc/collections/%69ncidents/items/${target.incident}`, '/tiles/%69ncidents.json', '/tiles/%69ncidents/10/837/402.mvt']) {
        expect((await send(base, 'GET', path)).status, path).toBe(401);
      }
      const f = newIncident();
      for (const path of ['/ogc/collections/%69ncidents/items', '/ogc/collections/incidents/items']) expect((await send(base, 'POST', path, {}, f)).status, path).toBe(401);
      expect((await send(base, 'PATCH', `/ogc/collections/%69ncidents/items/${target.incident}`, {}, { properties: { address: 'x' } })).status).toBe(401);
      expect((await send(base, 'DELETE', `/ogc/collections/%69ncidents/items/${target.incident}`)).status).toBe(401);
      expect(await exists('incidents', f.id)).toBe(false);
      expect(await exists('incidents', target.incident)).toBe(true);
    } finally {
      httpServer.closeAllConnections();
      await new Promise<void>((r) => httpServer.close(() => r()));
    }
  });

  it('the write router refuses by itself, without the route table in front of it (defence in depth)', async () => {
    const bare = express();
    bare.use((req, _res, next) => {
      req.principal = { kind: 'token', id: '0', name: 'bare viewer', role: 'viewer', adminCode: '410500' };
      next();
    });
    bare.use('/ogc', ogcWriteRouter({ db: t.db }));
    bare.use(errorHandler(testLog));
    const server = bare.listen(PORT + 3, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const base = `http://127.0.0.1:${PORT + 3}`;
      const f = newIncident();
      expect((await send(base, 'POST', '/ogc/collections/incidents/items', {}, f)).status).toBe(403);
      expect((await send(base, 'PATCH', `/ogc/collections/units/items/${target.unit}`, {}, { properties: { callsign: 'x' } })).status).toBe(403);
      expect((await send(base, 'DELETE', `/ogc/collections/incidents/items/${target.incident}`)).status).toBe(403);
      expect(await exists('incidents', f.id)).toBe(false);
      expect(await exists('incidents', target.incident)).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('the audit log records none of these refusals as a successful write', async () => {
    expect(await writesRecordedForRefusedRoles()).toEqual([]);
    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied' AND actor_role IN ('viewer', 'wall', 'planner')`);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(5);
  });
});

// --- every spelling × every route family × every principal --------------------------------------------------------

interface Route {
  family: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The canonical path (no query). */
  path: () => string;
  query?: string;
  body?: () => unknown;
}

const ROUTES: Route[] = [
  { family: 'ogc read', method: 'GET', path: () => '/ogc/collections/incidents/items', query: '?limit=1' },
  { family: 'ogc read', method: 'GET', path: () => `/ogc/collections/cameras/items/${target.camera}` },
  { family: 'ogc write', method: 'POST', path: () => '/ogc/collections/incidents/items', body: () => newIncident() },
  { family: 'ogc write', method: 'PATCH', path: () => `/ogc/collections/units/items/${target.unit}`, body: () => ({ properties: { callsign: '拼写' } }) },
  { family: 'ogc write', method: 'DELETE', path: () => '/ogc/collections/incidents/items/RS-ABSENT-1' },
  { family: 'tiles', method: 'GET', path: () => { const tile = tileForLngLat(target.cameraLng, target.cameraLat, 14); return `/tiles/incidents/${tile.z}/${tile.x}/${tile.y}.mvt`; } },
  { family: 'search', method: 'GET', path: () => '/api/search', query: '?q=410502' },
  { family: 'admin-units', method: 'GET', path: () => '/api/admin-units/410502/children' },
  { family: 'personal', method: 'GET', path: () => `/api/personal/incidents/${target.incident}` },
  { family: 'auth', method: 'GET', path: () => '/api/auth/me' },
  { family: 'users', method: 'PATCH', path: () => `/api/users/${target.viewerUserId}`, body: () => ({ displayName: '拼写测试' }) },
  { family: 'audit', method: 'GET', path: () => '/api/audit', query: '?limit=1' },
  { family: 'metrics', method: 'GET', path: () => '/metrics' },
  { family: 'health', method: 'GET', path: () => '/api/health' },
  { family: 'health details', method: 'GET', path: () => '/api/health/details' },
  { family: 'counts', method: 'GET', path: () => '/api/counts' },
  { family: 'kpis', method: 'GET', path: () => '/api/kpis' },
  { family: 'preferences', method: 'GET', path: () => '/api/users/me/preferences' },
  // A stale version: a permitted caller gets 409 and nothing changes, so every spelling meets the same row.
  { family: 'incident transitions', method: 'POST', path: () => `/api/incidents/${target.incident}/transitions`, body: () => ({ action: 'ACCEPT', version: 999999 }) },
  // Dispatch: reads, and writes that a permitted caller gets refused (stale version, invalid body), so nothing changes.
  { family: 'dispatch queue', method: 'GET', path: () => '/api/dispatch/queue', query: '?limit=1' },
  { family: 'incident card', method: 'GET', path: () => `/api/incidents/${target.incident}` },
  { family: 'recommendations', method: 'GET', path: () => `/api/incidents/${target.incident}/recommendations` },
  { family: 'context', method: 'GET', path: () => `/api/incidents/${target.incident}/context` },
  { family: 'report incident', method: 'POST', path: () => '/api/incidents', body: () => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [114.39, 36.09] }, properties: { title: '拼写', category: '00', urgency: 'NORMAL', source: 'HOTLINE_12345' } }) },
  { family: 'assignments', method: 'POST', path: () => `/api/incidents/${target.incident}/assignments`, body: () => ({ unitId: target.unit, version: 999999 }) },
  { family: 'assignments', method: 'DELETE', path: () => `/api/incidents/${target.incident}/assignments/${target.unit}`, query: '?version=999999' },
  { family: 'unit status', method: 'POST', path: () => `/api/units/${target.unit}/status`, body: () => ({ status: 'EN_ROUTE', version: 999999 }) },
  { family: 'analysis read', method: 'GET', path: () => '/api/analysis/risk/model' },
  { family: 'analysis read', method: 'GET', path: () => '/api/analysis/coverage/response' },
  { family: 'ogc read', method: 'GET', path: () => '/ogc/collections/incidents/queryables' },
  { family: 'ogc read', method: 'GET', path: () => '/ogc/collections/incidents/sortables' },
  { family: 'warning transitions', method: 'POST', path: () => `/api/warnings/${target.warning}/transitions`, body: () => ({ action: 'ACKNOWLEDGE', version: 999999 }) },
];

const pct = (ch: string) => [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** Other spellings of a canonical path: [what, path]. */
function spellings(path: string): [string, string][] {
  const out: [string, string][] = [];
  const chars = [...path];
  // Every character value encoded (at its first place), every segment encoded whole, and everything at once.
  const seen = new Set<string>();
  chars.forEach((ch, i) => {
    if (ch === '/' || seen.has(ch)) return;
    seen.add(ch);
    out.push([`%-encoded ${ch} at ${i}`, chars.map((c, j) => (j === i ? pct(c) : c)).join('')]);
  });
  const segments = path.split('/');
  segments.forEach((seg, i) => {
    if (seg) out.push([`segment ${i} %-encoded`, segments.map((x, j) => (j === i ? [...x].map(pct).join('') : x)).join('/')]);
  });
  out.push(['lower-case hex', chars.map((c, j) => (j === 1 ? pct(c).toLowerCase() : c)).join('')]);
  out.push(['every char %-encoded', chars.map((c) => (c === '/' ? c : pct(c))).join('')]);
  out.push(['upper case', path.toUpperCase()]);
  out.push(['segments capitalised', path.replace(/\/([a-z])/g, (_, c: string) => `/${c.toUpperCase()}`)]);
  out.push(['first segment upper case', path.replace(/^\/[^/]+/, (s) => s.toUpperCase())]);
  const slashes = chars.flatMap((c, i) => (c === '/' ? [i] : []));
  for (const i of slashes) {
    out.push([`doubled slash ${i}`, `${path.slice(0, i)}/${path.slice(i)}`]);
    out.push([`. segment at ${i}`, `${path.slice(0, i)}/.${path.slice(i)}`]);
    out.push([`%2E segment at ${i}`, `${path.slice(0, i)}/%2E${path.slice(i)}`]);
    out.push([`x/.. at ${i}`, `${path.slice(0, i)}/x/..${path.slice(i)}`]);
    if (i > 0) out.push([`encoded slash ${i}`, `${path.slice(0, i)}%2F${path.slice(i + 1)}`]);
  }
  out.push(['trailing slash', `${path}/`]);
  out.push(['trailing slashes', `${path}//`]);
  out.push(['trailing .', `${path}/.`]);
  out.push(['double encoding', path.replace(/\/([a-z])/, (_, c: string) => `/%25${pct(c).slice(1)}`)]);
  return out;
}

/** The principals of the matrix: anonymous, every role, and a district viewer. */
const MATRIX_PRINCIPALS = ['anonymous', 'admin (session)', 'viewer (session)', 'dispatcher (token)', 'planner (token)', 'grid_worker (token)', 'wall (token)', 'district viewer (token)'];

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

describe('no spelling of a path gets more than its canonical spelling', () => {
  it('every spelling × every route family × every principal', async () => {
    const failures: string[] = [];
    let requests = 0;
    const cells = principals.filter((p) => MATRIX_PRINCIPALS.includes(p.label)).flatMap((p) => ROUTES.map((r) => ({ p, r })));
    await pool(cells, 6, async ({ p, r }) => {
      const canonical = await ask(p, r.method, `${r.path()}${r.query ?? ''}`, r.body?.());
      requests++;
      if (canonical.status >= 500) failures.push(`${p.label} ${r.method} ${r.path()}: canonical answered ${canonical.status}`);
      const refused = canonical.status === 401 || canonical.status === 403;
      const granted = canonical.status < 400;
      for (const [what, path] of spellings(r.path())) {
        const res = await ask(p, r.method, `${path}${r.query ?? ''}`, r.body?.());
        requests++;
        const bad =
          res.status >= 500 ||
          (refused && res.status !== canonical.status && res.status !== 400) ||
          (!granted && res.status < 400);
        if (bad) failures.push(`${p.label} ${r.method} ${path} (${what}): ${res.status} ${res.json?.error?.code ?? ''}, canonical ${canonical.status}`);
      }
    });
    expect(failures.slice(0, 40)).toEqual([]);
    expect(requests).toBeGreaterThan(3500);
    expect(await writesRecordedForRefusedRoles()).toEqual([]);
  }, 600_000);

  it('the matrix would notice a spelling that is routed but not refused', async () => {
    // The spellings reach the routers: a granted principal gets the same answer from a %-encoded spelling.
    const viewer = P('viewer (session)');
    expect((await ask(viewer, 'GET', '/ogc/collections/%69ncidents/items?limit=1')).status).toBe(200);
    expect((await ask(viewer, 'GET', '/OGC//collections/incidents/ITEMS/?limit=1')).status).toBe(200);
    expect((await ask(P('dispatcher (token)'), 'POST', '/ogc/collections/%69ncidents/items', newIncident())).status).toBe(201);
  });
});

// --- §6 -------------------------------------------------------------------------------------------------------------

describe('issue 9 §6: smaller holes', () => {
  it('ids: one rule on every path — 201 to 4,000 characters are refused on POST; 200 round-trip', async () => {
    const d = P('dispatcher (token)');
    for (const n of [201, 1000, 4000]) {
      const res = await ask(d, 'POST', '/ogc/collections/incidents/items', newIncident(`L${'x'.repeat(n - 1)}`));
      expect(res.status, `${n}`).toBe(400);
      expect(res.json.error.code).toBe('INVALID_FEATURE');
    }
    for (const id of ['a/b', 'a b', '..', '-x']) expect((await ask(d, 'POST', '/ogc/collections/incidents/items', newIncident(id))).status, id).toBe(400);
    const long = `L${'y'.repeat(199)}`;
    expect((await ask(d, 'POST', '/ogc/collections/incidents/items', newIncident(long))).status).toBe(201);
    expect((await ask(d, 'GET', `/ogc/collections/incidents/items/${long}`)).status).toBe(200);
    expect((await ask(d, 'PATCH', `/ogc/collections/incidents/items/${long}`, { properties: { address: '长编号' } })).status).toBe(200);
    expect((await ask(d, 'DELETE', `/ogc/collections/incidents/items/${long}`)).status).toBe(204);
  });

  it('an id outside the jurisdiction answers 404, exactly as an id that does not exist', async () => {
    const viewer = P('district viewer (token)');
    const dispatcher = P('district dispatcher (token)');
    const pairs: [Principal, string, string, unknown?][] = [
      [viewer, 'GET', '/ogc/collections/incidents/items/{id}'],
      [dispatcher, 'GET', '/api/personal/incidents/{id}'],
      [dispatcher, 'PATCH', '/ogc/collections/incidents/items/{id}', { properties: { address: '越界' } }],
      [dispatcher, 'DELETE', '/ogc/collections/incidents/items/{id}'],
    ];
    for (const [p, method, path, body] of pairs) {
      const outside = await ask(p, method, path.replace('{id}', target.incidentOut), body);
      const absent = await ask(p, method, path.replace('{id}', 'RS-NO-SUCH-ID'), body);
      expect(outside.status, `${method} ${path}`).toBe(404);
      expect(outside.json.error.code).toBe(absent.json.error.code);
    }
    expect(await exists('incidents', target.incidentOut)).toBe(true);
    const node = await ask(viewer, 'GET', `/api/admin-units/${OUT}/children`);
    expect(node.status).toBe(404);
    // Creating a feature outside stays a refusal that names the reason: the caller chose the place (its codes
    // come from its geometry, so the place is the outside incident's own position).
    const { rows } = await t.db.query<{ g: string }>('SELECT ST_AsGeoJSON(geom) AS g FROM incidents WHERE id = $1', [target.incidentOut]);
    const f = { ...newIncident(), geometry: JSON.parse(rows[0]!.g) as unknown };
    expect((await ask(dispatcher, 'POST', '/ogc/collections/incidents/items', f)).json.error.code).toBe('OUT_OF_JURISDICTION');
  });

  it('database error text never reaches the caller', async () => {
    const d = P('dispatcher (token)');
    const f = newIncident();
    expect((await ask(d, 'POST', '/ogc/collections/incidents/items', f)).status).toBe(201);
    const dup = await ask(d, 'POST', '/ogc/collections/incidents/items', f);
    expect(dup.status).toBe(409);
    const range = await ask(d, 'PATCH', `/ogc/collections/cameras/items/${target.camera}`, { properties: { direction_deg: 99_999_999_999 } });
    expect(range.status).toBe(400);
    for (const r of [dup, range]) expect(r.text).not.toMatch(/Key \(|already exists\.|out of range for type|constraint "|relation "|incidents_pkey/);
  });

  it('X-Forwarded-For from loopback is not believed (no fresh rate-limit allowance, not in the audit log)', async () => {
    const f = newIncident();
    const res = await ask(P('dispatcher (token)'), 'POST', '/ogc/collections/incidents/items', f, { 'x-forwarded-for': '203.0.113.77' });
    expect(res.status).toBe(201);
    const row = await firstId(`SELECT ip FROM audit_log WHERE action = 'feature.create' AND target_id = $1`, [f.id]);
    expect(String(row.ip)).not.toContain('203.0.113.77');
    expect(String(row.ip)).toMatch(/127\.0\.0\.1|::1/);
    // Login attempts: the limit (10 a minute per address) holds whatever X-Forwarded-For says.
    // All at once, so that they fall into one rate-limit window whatever ran before.
    const statuses = await Promise.all(Array.from({ length: 15 }, (_, i) =>
      send(app.url, 'POST', '/api/auth/login', { 'x-forwarded-for': `198.51.100.${i}` }, { username: 'rs-nobody', password: 'wrong-password-1' }).then((r) => r.status)));
    expect(statuses).toContain(429);
  });

  it('Host and X-Forwarded-Proto are not reflected into links; PUBLIC_URL is used when configured', async () => {
    const d = P('dispatcher (token)');
    const forged = await ask(d, 'GET', '/ogc', undefined, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' });
    expect(forged.status).toBe(200);
    for (const l of forged.json.links) expect(l.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ogc/);
    const bad = await ask(d, 'GET', '/ogc', undefined, { host: 'evil.example/x?' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('INVALID_HOST');

    const readiness = new Readiness();
    readiness.set('ready');
    const { httpServer } = await createServer({ config: loadConfig({ PUBLIC_URL: 'https://map.anyang.example/gis/' }), db: t.db, log: testLog, readiness });
    await new Promise<void>((resolve) => httpServer.listen(PORT + 2, '127.0.0.1', () => resolve()));
    const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    try {
      const page = await send(base, 'GET', '/ogc/collections/cameras/items?limit=1', { ...d.headers, host: 'evil.example', 'x-forwarded-proto': 'gopher' });
      expect(page.status).toBe(200);
      for (const l of page.json.links) expect(l.href.startsWith('https://map.anyang.example/gis/ogc/')).toBe(true);
      const tj = await send(base, 'GET', '/tiles/cameras.json', { ...d.headers, host: 'evil.example' });
      expect(tj.json.tiles[0].startsWith('https://map.anyang.example/gis/tiles/cameras/')).toBe(true);
    } finally {
      httpServer.closeAllConnections();
      await new Promise<void>((r) => httpServer.close(() => r()));
    }
  });
});
