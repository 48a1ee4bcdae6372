/**
 * The access matrix of the whole server (issue #5): every HTTP route family and the socket events × every
 * principal (anonymous, each user role by session cookie, each token role by Bearer) × a target inside and one
 * outside the principal's jurisdiction (文峰区 410502 vs 北关区 410503). Expectations are computed from the
 * permission table, not written by hand; the catalogue must cover every line of the route table.
 * Lists, tiles and search are checked by content (nothing of 410503 in them), single features by status.
 * Everything a viewer or a wall receives — bodies, tiles and socket frames — is searched for personal data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { Client, seedRoleUsers, usernameOf } from '../support/auth-fixtures.ts';
import { issueTestToken } from '../support/test-tokens.ts';
import { FIXTURES } from '../support/live-fixtures.ts';
import { seedWarning } from '../support/analysis-fixtures.ts';
import { waitFor } from '../support/live-client.ts';
import { decodeTile } from './tiles-decode.ts';
import { TOKEN_ROLES, USER_ROLES, hasPermission, type Permission, type Role } from '../../server/auth/permissions.ts';
import { ROUTE_RULES } from '../../server/auth/route-permissions.ts';
import { COLLECTION_IDS, COLLECTIONS, type CollectionId } from '../../server/protocol/collections.ts';
import { LIVE_LAYERS, type LiveChange } from '../../server/protocol/live.ts';
import { createFeature, updateFeature } from '../../server/db/features/features-write-repository.ts';
import { tileForLngLat } from '../../server/domain/geo/bbox.ts';
import { LAYER_SOURCES } from '../../server/db/features/layer-sources.ts';

const PORT = 8160;
const IN = '410502';
const OUT = '410503';
let t: TestDatabase;
let app: LiveApp;

interface Principal {
  label: string;
  role: Role | null;
  client: Client;
  token?: string;
  cookie?: string;
  /** Everything this principal received (bodies, tiles as text, socket frames). */
  received: string[];
}
const principals: Principal[] = [];

type Where = 'in' | 'out';
/** One feature of each collection inside and outside the jurisdiction, with its point. */
const targets = {} as Record<CollectionId, Record<Where, { id: string; lng: number; lat: number }>>;

async function pickTargets(): Promise<void> {
  for (const id of COLLECTION_IDS) {
    const def = COLLECTIONS[id];
    const rel = { districts: 'admin_units', streets: 'admin_units', communities: 'admin_units', depots: 'depots' }[id as string] ?? id.replace('-', '_');
    const level = { districts: 2, streets: 3, communities: 4 }[id as string];
    for (const [where, code] of [['in', IN], ['out', OUT]] as const) {
      const cond = level ? `level = ${level} AND code LIKE $1` : `district_code = $1 ${id === 'units' || id === 'depots' ? '' : 'AND street_code IS NOT NULL'}`;
      const { rows } = await t.db.query<{ id: string; lng: number; lat: number }>(
        `SELECT ${def.idProperty}::text AS id, ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat
         FROM ${rel} WHERE ${cond} ORDER BY ${def.idProperty} LIMIT 1`,
        [level ? `${code}%` : code],
      );
      expect(rows[0], `${id} ${where}`).toBeDefined();
      (targets[id] ??= {} as never)[where] = { id: rows[0]!.id, lng: Number(rows[0]!.lng), lat: Number(rows[0]!.lat) };
    }
  }
}

beforeAll(async () => {
  t = await openTestDatabase();
  app = await startLiveApp(t.db, PORT);
  await seedWarning(t.db, IN, 'matrix-in');
  await seedWarning(t.db, OUT, 'matrix-out');
  await pickTargets();
  await seedRoleUsers(t.db, IN, 'am-');
  principals.push({ label: 'anonymous', role: null, client: new Client(app.url), received: [] });
  for (const role of USER_ROLES) {
    const client = new Client(app.url);
    expect((await client.login(usernameOf(role, 'am-'))).status).toBe(200);
    principals.push({ label: `user:${role}`, role, client, cookie: `pa_session=${client.cookies.get('pa_session')}`, received: [] });
  }
  for (const role of TOKEN_ROLES) {
    const client = new Client(app.url);
    client.bearer = await issueTestToken(t.db, role, IN);
    principals.push({ label: `token:${role}`, role, client, token: client.bearer, received: [] });
  }
}, 300_000);
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

// --- the catalogue ----------------------------------------------------------------------------------------------

interface Route {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: (w: Where, p: Principal) => string;
  /** The permission the route needs ('public': anyone; 'signed-in': any principal). */
  need: Permission | 'public' | 'signed-in';
  /** Also needs this (e.g. personal:read for ?full=true). */
  alsoNeeds?: Permission;
  /** Only a signed-in user (an API token: 403 USER_ONLY), e.g. the user's own preferences. */
  usersOnly?: true;
  /**
   * 'feature': an existing id outside → 404 NOT_FOUND / FEATURE_NOT_FOUND, exactly as an id that does not exist
   * (issue 9 §6); 'place': creating something outside → 403 OUT_OF_JURISDICTION (the caller chose the place);
   * 'list': outside → 200 but nothing of 410503 in the answer; 'none'.
   */
  scoped: 'feature' | 'place' | 'list' | 'none';
  /** The answer when allowed (tiles: 200, or 204 when nothing in the tile may be shown). */
  ok: number | number[];
  body?: (w: Where, p: Principal) => unknown;
  /** Checks an allowed answer's content. */
  check?: (res: { status: number; body: any; text: string }, w: Where) => void | Promise<void>;
}

const readNeed = (c: CollectionId): Permission => (c === 'incidents' ? 'incidents:read' : 'layers:read');
const WRITE_NEED: Partial<Record<CollectionId, Permission>> = {
  incidents: 'incidents:write',
  units: 'dispatch:write',
  'fire-hazards': 'hazards:write',
  'rental-housing': 'hazards:write',
  cameras: 'assets:write',
  checkpoints: 'assets:write',
  grids: 'assets:write',
};
const PATCHES: Partial<Record<CollectionId, Record<string, unknown>>> = {
  incidents: { address: '矩阵测试地址' },
  units: { callsign: '矩阵' },
  'fire-hazards': { address: '矩阵测试地址' },
  'rental-housing': { address: '矩阵测试地址' },
  cameras: { name: '矩阵测试点位' },
  checkpoints: { name: '矩阵测试卡口' },
  grids: { name: '矩阵测试网格' },
};

/** Every feature in an answer lies inside 410502 (admin units by their own code). */
function allInside(features: { properties: Record<string, unknown> }[]): void {
  for (const f of features) {
    const p = f.properties;
    const code = String(p.community_code ?? p.street_code ?? p.district_code ?? p.code ?? '');
    expect(code.startsWith(IN), `feature ${JSON.stringify(p).slice(0, 120)} is outside ${IN}`).toBe(true);
  }
}

/** The stored rows (with their admin codes) of features named in a tile. */
async function rowsOf(c: CollectionId, ids: string[]): Promise<{ properties: Record<string, unknown> }[]> {
  const source = LAYER_SOURCES[c];
  const idColumn = COLLECTIONS[c].idProperty;
  const { rows } = await t.db.query<Record<string, unknown>>(
    `SELECT * FROM ${source.relation} t WHERE t.${idColumn}::text = ANY($1::text[])${source.where ? ` AND ${source.where}` : ''}`,
    [ids],
  );
  expect(rows.length, `rows of the ${c} tile's features`).toBe(new Set(ids).size);
  return rows.map((row) => ({ properties: { ...row, geom: undefined } }));
}

let serial = 0;
const newId = (c: CollectionId, w: Where) => (c === 'cameras' ? `4105${w === 'in' ? '02' : '03'}0099132${String(++serial).padStart(7, '0')}` : `AM-${c}-${w}-${++serial}`);

function newFeature(c: CollectionId, w: Where) {
  const f = FIXTURES[c]!;
  const district = w === 'in' ? IN : OUT;
  const at = targets[c === 'grids' ? 'cameras' : c][w];
  return {
    type: 'Feature',
    id: newId(c, w),
    properties: { ...f.properties, district_code: district },
    geometry: { type: 'Point', coordinates: [at.lng, at.lat] },
  };
}

const tilePath = (c: CollectionId, w: Where) => {
  const at = targets[c][w];
  const tile = tileForLngLat(at.lng, at.lat, 15);
  return `/tiles/${c}/${tile.z}/${tile.x}/${tile.y}.mvt`;
};

/** Features of a deletable collection made per principal and place, deleted by the matrix. */
const doomed = new Map<string, string>();

const ROUTES: Route[] = [
  { name: 'health', method: 'GET', path: () => '/api/health', need: 'public', scoped: 'none', ok: 200,
    check: (r) => expect(Object.keys(r.body).sort()).toEqual(['live', 'readyAt', 'startedAt', 'status']) },
  { name: 'health details', method: 'GET', path: () => '/api/health/details', need: 'metrics:read', scoped: 'none', ok: 200 },
  { name: 'metrics', method: 'GET', path: () => '/metrics', need: 'metrics:read', scoped: 'none', ok: 200 },
  { name: 'counts', method: 'GET', path: () => '/api/counts', need: 'layers:read', scoped: 'none', ok: 200,
    check: (r) => expect(r.body.scope.startsWith(IN)).toBe(true) },
  // The wall's figures: the caller's jurisdiction by default (its own scope in the answer).
  { name: 'kpis', method: 'GET', path: () => '/api/kpis', need: 'analysis:read', scoped: 'none', ok: 200,
    check: (r) => expect(r.body.scope.startsWith(IN)).toBe(true) },
  { name: 'client-config', method: 'GET', path: () => '/api/client-config', need: 'public', scoped: 'none', ok: 200 },
  { name: 'glyphs', method: 'GET', path: () => '/glyphs/Noto%20Sans%20Regular/0-255.pbf', need: 'public', scoped: 'none', ok: 200 },
  { name: 'me', method: 'GET', path: () => '/api/auth/me', need: 'signed-in', scoped: 'none', ok: 200 },
  // The desk (issue 15): counts narrowed by area and filters stay in the jurisdiction; a user's own preferences.
  { name: 'counts narrowed', method: 'GET', path: (w) => `/api/counts?area=${w === 'in' ? IN : OUT}&incidents.status=REPORTED`, need: 'layers:read', scoped: 'none', ok: 200,
    check: (r, w) => {
      expect(r.body.scope.startsWith(IN)).toBe(true);
      if (w === 'out') Object.values(r.body.counts).forEach((n) => expect(n).toBe(0));
    } },
  { name: 'preferences', method: 'GET', path: () => '/api/users/me/preferences', need: 'signed-in', usersOnly: true, scoped: 'none', ok: 200 },
  { name: 'save preferences', method: 'PUT', path: () => '/api/users/me/preferences', need: 'signed-in', usersOnly: true, scoped: 'none', ok: 200,
    body: () => ({ theme: 'light' }), check: (r) => expect(r.body.theme).toBe('light') },
  { name: 'users', method: 'GET', path: () => '/api/users', need: 'users:admin', scoped: 'list', ok: 200,
    check: (r) => r.body.users.forEach((u: { adminCode: string }) => expect(u.adminCode.startsWith(IN)).toBe(true)) },
  { name: 'tokens', method: 'GET', path: () => '/api/auth/tokens', need: 'tokens:admin', scoped: 'list', ok: 200,
    check: (r) => r.body.tokens.forEach((k: { scope: string }) => expect(k.scope.startsWith(IN)).toBe(true)) },
  { name: 'create token', method: 'POST', path: () => '/api/auth/tokens', need: 'tokens:admin', scoped: 'place', ok: 201,
    body: (w) => ({ name: `matrix ${++serial}`, role: 'viewer', scope: w === 'in' ? '410502001' : OUT }) },
  { name: 'audit', method: 'GET', path: () => '/api/audit?limit=5', need: 'audit:read', scoped: 'none', ok: 200 },
  // Reserved for the analysis API (not built yet): allowed principals reach the 404 of the API, others 401/403.
  { name: 'analysis', method: 'GET', path: () => '/api/analysis/summary', need: 'analysis:read', scoped: 'none', ok: 404 },
  { name: 'ogc landing', method: 'GET', path: () => '/ogc', need: 'layers:read', scoped: 'none', ok: 200 },
  { name: 'ogc conformance', method: 'GET', path: () => '/ogc/conformance', need: 'layers:read', scoped: 'none', ok: 200 },
  { name: 'ogc openapi', method: 'GET', path: () => '/ogc/api', need: 'layers:read', scoped: 'none', ok: 200 },
  { name: 'ogc collections', method: 'GET', path: () => '/ogc/collections', need: 'layers:read', scoped: 'none', ok: 200 },
  ...COLLECTION_IDS.flatMap((c): Route[] => [
    { name: `collection ${c}`, method: 'GET', path: () => `/ogc/collections/${c}`, need: 'layers:read', scoped: 'none', ok: 200 },
    { name: `items ${c}`, method: 'GET', path: () => `/ogc/collections/${c}/items?limit=10000`, need: readNeed(c), scoped: 'list', ok: 200,
      check: (r) => {
        expect(r.body.features.length).toBeGreaterThan(0);
        allInside(r.body.features);
      } },
    { name: `item ${c}`, method: 'GET', path: (w) => `/ogc/collections/${c}/items/${targets[c][w].id}`, need: readNeed(c), scoped: 'feature', ok: 200 },
    { name: `tilejson ${c}`, method: 'GET', path: () => `/tiles/${c}.json`, need: readNeed(c), scoped: 'none', ok: 200 },
    { name: `tile ${c}`, method: 'GET', path: (w) => tilePath(c, w), need: readNeed(c), scoped: 'list', ok: [200, 204],
      check: async (r, w) => {
        const features = r.status === 204 ? [] : (decodeTile(r.body as Uint8Array)[c]?.features ?? []);
        // Tiles carry the styling fields and the id only: the codes that place a feature come from its row.
        allInside(await rowsOf(c, features.map((f) => String(f.properties[COLLECTIONS[c].idProperty]))));
        if (w === 'in') expect(features.length, `tile of ${c} inside`).toBeGreaterThan(0);
      } },
  ]),
  { name: 'search', method: 'GET', path: (w) => `/api/search?q=${targets.cameras[w].id}`, need: 'layers:read', scoped: 'list', ok: 200,
    check: (r, w) => expect(r.body.results.map((h: { id: string }) => h.id).includes(targets.cameras[w].id)).toBe(w === 'in') },
  { name: 'org tree node', method: 'GET', path: (w) => `/api/admin-units/${w === 'in' ? '410502001' : OUT}/children`, need: 'layers:read', scoped: 'feature', ok: 200 },
  { name: 'org tree city', method: 'GET', path: () => '/api/admin-units/410500/children', need: 'layers:read', scoped: 'list', ok: 200,
    check: (r) => expect(r.body.children.map((n: { code: string }) => n.code)).toEqual([IN]) },
  ...(['rental-housing', 'incidents'] as const).flatMap((c): Route[] => [
    { name: `personal ${c}`, method: 'GET', path: (w) => `/api/personal/${c}/${targets[c][w].id}`, need: 'personal:masked', scoped: 'feature', ok: 200,
      check: (r) => {
        expect(r.body.view).toBe('masked');
        for (const rec of r.body.records) if (rec.phone) expect(rec.phone).toMatch(/\*{4}/);
      } },
    { name: `personal ${c} full`, method: 'GET', path: (w) => `/api/personal/${c}/${targets[c][w].id}?full=true`, need: 'personal:masked', alsoNeeds: 'personal:read', scoped: 'feature', ok: 200,
      check: (r) => expect(r.body.view).toBe('full') },
  ]),
  ...(Object.keys(WRITE_NEED) as CollectionId[]).flatMap((c): Route[] => [
    ...(c === 'grids' ? [] : [{ name: `create ${c}`, method: 'POST' as const, path: () => `/ogc/collections/${c}/items`, need: WRITE_NEED[c]!, scoped: 'place' as const, ok: 201,
      body: (w: Where) => newFeature(c, w) }]),
    { name: `update ${c}`, method: 'PATCH', path: (w) => `/ogc/collections/${c}/items/${targets[c][w].id}`, need: WRITE_NEED[c]!, scoped: 'feature', ok: 200,
      body: () => ({ properties: PATCHES[c] }) },
    ...(c === 'grids' ? [] : [{ name: `delete ${c}`, method: 'DELETE' as const, path: (w: Where, p: Principal) => `/ogc/collections/${c}/items/${doomed.get(`${c}|${w}|${p.label}`)}`,
      need: WRITE_NEED[c]!, scoped: 'feature' as const, ok: 204 }]),
  ]),
  // Each principal and place has its own REPORTED incident (made by makeDoomed), so every allowed call accepts it.
  { name: 'incident transition', method: 'POST', path: (w, p) => `/api/incidents/${doomed.get(`transition|${w}|${p.label}`)}/transitions`,
    need: 'incidents:write', scoped: 'feature', ok: 200, body: () => ({ action: 'ACCEPT', version: 1 }),
    check: (r) => expect(r.body.properties).toMatchObject({ status: 'ACCEPTED', version: 2 }) },
  // Analysis (issue 12): reads answer inside the caller's jurisdiction; a grading runs on the caller's own scope.
  { name: 'hotspots', method: 'GET', path: () => '/api/analysis/hotspots?cellMeters=3000', need: 'analysis:read', scoped: 'none', ok: 200,
    check: (r) => expect(r.body.parameters.studyArea.scope).toBe(IN) },
  { name: 'emerging hotspots', method: 'GET', path: () => '/api/analysis/hotspots/emerging?cellMeters=3000&periods=4', need: 'analysis:read', scoped: 'none', ok: 200,
    check: (r) => expect(r.body.parameters.studyArea.scope).toBe(IN) },
  { name: 'density', method: 'GET', path: () => '/api/analysis/density?cellMeters=2000', need: 'analysis:read', scoped: 'none', ok: 200,
    check: (r) => expect(r.body.kind).toBe('density') },
  { name: 'response coverage', method: 'GET', path: () => '/api/analysis/coverage/response', need: 'analysis:read', scoped: 'list', ok: 200,
    check: (r) => {
      expect(r.body.features.length).toBeGreaterThan(0);
      r.body.features.forEach((f: { properties: { grid_code: string } }) => expect(f.properties.grid_code.startsWith(IN)).toBe(true));
    } },
  { name: 'risk model', method: 'GET', path: () => '/api/analysis/risk/model', need: 'analysis:read', scoped: 'none', ok: 200 },
  { name: 'risk of a grid', method: 'GET', path: (w) => `/api/analysis/risk/grids/${targets.grids[w].id}`, need: 'analysis:read', scoped: 'feature', ok: 200 },
  ...(['incidents', 'cameras'] as const).flatMap((c): Route[] => [
    { name: `queryables ${c}`, method: 'GET', path: () => `/ogc/collections/${c}/queryables`, need: 'layers:read', scoped: 'none', ok: 200,
      check: (r) => expect(Object.keys(r.body.properties).length).toBeGreaterThan(0) },
    { name: `sortables ${c}`, method: 'GET', path: () => `/ogc/collections/${c}/sortables`, need: 'layers:read', scoped: 'none', ok: 200,
      check: (r) => expect(Object.keys(r.body.properties).length).toBeGreaterThan(0) },
  ]),
  { name: 'risk recompute', method: 'POST', path: () => '/api/analysis/risk/recompute', need: 'analysis:run', scoped: 'none', ok: [200, 202], body: () => ({}),
    check: (r) => expect(r.body.job.scope).toBe(IN) },
  { name: 'warning transition', method: 'POST', path: (w, p) => `/api/warnings/${doomed.get(`warning|${w}|${p.label}`)}/transitions`,
    need: 'warnings:write', scoped: 'feature', ok: 200, body: () => ({ action: 'ACKNOWLEDGE', version: 1 }),
    check: (r) => expect(r.body.properties).toMatchObject({ status: 'ACKNOWLEDGED', version: 2 }) },
  { name: 'write read-only', method: 'POST', path: () => '/ogc/collections/depots/items', need: 'layers:read', scoped: 'none', ok: 405, body: () => ({ type: 'Feature' }) },
  // Dispatch (server/http/dispatch/dispatch.ts). Each principal and place has its own ACCEPTED incident and free units.
  { name: 'report incident', method: 'POST', path: () => '/api/incidents', need: 'incidents:write', scoped: 'place', ok: 201,
    body: (w) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [targets.incidents[w].lng, targets.incidents[w].lat] }, properties: { title: '矩阵上报', category: '02', urgency: 'URGENT', source: 'HOTLINE_12345' } }) },
  { name: 'dispatch queue', method: 'GET', path: () => '/api/dispatch/queue?limit=500', need: 'incidents:read', scoped: 'list', ok: 200,
    check: (r) => {
      expect(r.body.items.length).toBeGreaterThan(0);
      r.body.items.forEach((i: { district_code: string }) => expect(i.district_code).toBe(IN));
    } },
  { name: 'incident card', method: 'GET', path: (w) => `/api/incidents/${targets.incidents[w].id}`, need: 'incidents:read', scoped: 'feature', ok: 200 },
  { name: 'recommendations', method: 'GET', path: (w) => `/api/incidents/${targets.incidents[w].id}/recommendations`, need: 'incidents:read', alsoNeeds: 'layers:read', scoped: 'feature', ok: 200,
    check: (r) => r.body.forEach((u: { districtCode: string }) => expect(u.districtCode).toBe(IN)) },
  { name: 'context', method: 'GET', path: (w) => `/api/incidents/${targets.incidents[w].id}/context`, need: 'incidents:read', alsoNeeds: 'layers:read', scoped: 'feature', ok: 200,
    check: (r) => expect(Object.keys(r.body)).toEqual(expect.arrayContaining(['cameras', 'checkpoints', 'hazards', 'rentals', 'keyPlaces', 'depots'])) },
  { name: 'assign unit', method: 'POST', path: (w, p) => `/api/incidents/${doomed.get(`assign|${w}|${p.label}`)}/assignments`, need: 'dispatch:write', scoped: 'feature', ok: 201,
    body: (_w, p) => ({ unitId: doomed.get(`unit|in|${p.label}`), version: 2 }) },
  { name: 'unassign unit', method: 'DELETE', path: (w, p) => `/api/incidents/${doomed.get(`assign|${w}|${p.label}`)}/assignments/${doomed.get(`unit|in|${p.label}`)}`, need: 'dispatch:write', scoped: 'feature', ok: 200 },
  { name: 'unit status', method: 'POST', path: (w, p) => `/api/units/${doomed.get(`status|${w}|${p.label}`)}/status`, need: 'incidents:write', scoped: 'place', ok: 200, body: () => ({ status: 'OFF_DUTY' }) },
];

function expected(r: Route, p: Principal, w: Where): number[] {
  const ok = typeof r.ok === 'number' ? [r.ok] : r.ok;
  if (r.need === 'public') return ok;
  if (!p.role) return [401];
  if (r.need !== 'signed-in' && !hasPermission(p.role, r.need)) return [403];
  if (r.alsoNeeds && !hasPermission(p.role, r.alsoNeeds)) return [403];
  if (r.usersOnly && p.token) return [403];
  if (w === 'out' && r.scoped === 'feature') return [404];
  if (w === 'out' && r.scoped === 'place') return [403];
  return ok;
}

async function makeDoomed(): Promise<void> {
  for (const p of principals) {
    for (const w of ['in', 'out'] as const) {
      const f = newFeature('incidents', w);
      await createFeature(t.db, 'incidents', { id: f.id, properties: f.properties, geometry: f.geometry });
      doomed.set(`transition|${w}|${p.label}`, f.id);
      const a = newFeature('incidents', w);
      await createFeature(t.db, 'incidents', { id: a.id, properties: a.properties, geometry: a.geometry });
      await t.db.query(`UPDATE incidents SET status = 'ACCEPTED', status_label = '已受理' WHERE id = $1`, [a.id]); // version 2
      doomed.set(`assign|${w}|${p.label}`, a.id);
      for (const kind of ['unit', 'status']) {
        const u = newFeature('units', w);
        await createFeature(t.db, 'units', { id: u.id, properties: u.properties, geometry: u.geometry });
        doomed.set(`${kind}|${w}|${p.label}`, u.id);
      }
      doomed.set(`warning|${w}|${p.label}`, await seedWarning(t.db, w === 'in' ? IN : OUT, `doomed-${w}-${p.label}`));
    }
  }
  for (const c of Object.keys(WRITE_NEED) as CollectionId[]) {
    if (c === 'grids') continue;
    for (const p of principals) {
      for (const w of ['in', 'out'] as const) {
        const f = newFeature(c, w);
        await createFeature(t.db, c, { id: f.id, properties: f.properties, geometry: f.geometry });
        doomed.set(`${c}|${w}|${p.label}`, f.id);
      }
    }
  }
}

async function call(p: Principal, r: Route, w: Where) {
  const res = await fetch(app.url + r.path(w, p), {
    method: r.method,
    headers: {
      ...(p.token ? { authorization: `Bearer ${p.token}` } : {}),
      ...(p.cookie ? { cookie: p.cookie } : {}),
      ...(p.client.csrf && r.method !== 'GET' ? { 'x-csrf-token': p.client.csrf } : {}),
      ...(r.body ? { 'content-type': r.path(w, p).startsWith('/ogc') ? 'application/geo+json' : 'application/json' } : {}),
    },
    body: r.body ? JSON.stringify(r.body(w, p)) : undefined,
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  p.received.push(text);
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, text, body: isJson && text ? JSON.parse(text) : bytes, code: isJson && text ? JSON.parse(text)?.error?.code : undefined };
}

describe('HTTP: every route × every principal × inside / outside the jurisdiction', () => {
  it('the catalogue covers every rule of the route table', () => {
    for (const rule of ROUTE_RULES) {
      const covered = ROUTES.some((r) => (rule.methods === 'read') === (r.method === 'GET') && rule.path.test(r.path('in', principals[0]!).split('?')[0]!));
      expect(covered, `route rule ${rule.path} has no line in the matrix`).toBe(true);
    }
    for (const c of Object.keys(WRITE_NEED)) expect(ROUTES.some((r) => r.name === `update ${c}`)).toBe(true);
  });

  it('answers exactly as the permission table and the jurisdiction say', async () => {
    await makeDoomed();
    const failures: string[] = [];
    let cells = 0;
    for (const r of ROUTES) {
      for (const p of principals) {
        for (const w of ['in', 'out'] as const) {
          if (w === 'out' && r.scoped === 'none') continue;
          const res = await call(p, r, w);
          cells++;
          const want = expected(r, p, w);
          if (!want.includes(res.status)) {
            failures.push(`${r.method} ${r.path(w, p)} as ${p.label} (${w}): ${res.status} ${res.code ?? ''}, expected ${want.join('/')}`);
            continue;
          }
          if (want[0] === 403 && p.role && r.scoped === 'place' && w === 'out' && expected(r, p, 'in')[0] !== 403) {
            if (res.code !== 'OUT_OF_JURISDICTION') failures.push(`${r.name} as ${p.label}: ${res.code}, expected OUT_OF_JURISDICTION`);
          }
          if (res.status < 300 && r.check) {
            try {
              await r.check(res, w);
            } catch (err) {
              failures.push(`${r.name} as ${p.label} (${w}): ${(err as Error).message.split('\n')[0]}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(cells).toBeGreaterThan(1000);
  }, 600_000);
});

// --- the socket ---------------------------------------------------------------------------------------------------

interface Live {
  p: Principal;
  socket: Socket;
  changes: LiveChange[];
}

function openSocket(p: Principal): Promise<{ socket: Socket; error?: string }> {
  const socket = connect(`${app.url}/live`, {
    transports: ['websocket'],
    reconnection: false,
    auth: p.token ? { token: p.token } : {},
    extraHeaders: p.cookie ? { cookie: p.cookie } : {},
  });
  socket.io.on('open', () => socket.io.engine.on('message', (data: unknown) => p.received.push(String(data))));
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (err) => resolve({ socket, error: err.message }));
  });
}

describe('socket /live: every principal × inside / outside', () => {
  const lives: Live[] = [];
  afterAll(() => lives.forEach((l) => l.socket.close()));

  it('refuses a handshake without credentials; grants the rest only their jurisdiction', async () => {
    for (const p of principals) {
      const { socket, error } = await openSocket(p);
      if (!p.role) {
        expect(error).toBe('UNAUTHENTICATED');
        socket.close();
        continue;
      }
      expect(error, p.label).toBeUndefined();
      const changes: LiveChange[] = [];
      socket.on('change', (c: LiveChange) => changes.push(c));
      socket.on('changes', (cs: LiveChange[]) => changes.push(...cs));
      const out = await socket.emitWithAck('subscribe', { layers: [...LIVE_LAYERS], admin: OUT });
      expect(out.error?.code, p.label).toBe(hasPermission(p.role, 'live:subscribe') ? 'OUT_OF_JURISDICTION' : 'FORBIDDEN');
      const ack = await socket.emitWithAck('subscribe', { layers: [...LIVE_LAYERS] });
      if (!hasPermission(p.role, 'live:subscribe')) {
        // A role without the feed (a monitor token): refused, and it stays out of the delivery checks below.
        expect(ack.error?.code, p.label).toBe('FORBIDDEN');
        socket.close();
        continue;
      }
      expect(ack, p.label).toMatchObject({ scope: IN });
      lives.push({ p, socket, changes });
    }
    expect(lives).toHaveLength(principals.filter((p) => p.role && hasPermission(p.role, 'live:subscribe')).length);
  });

  it('carries a change inside the jurisdiction to everyone, and nothing of another district', async () => {
    const inside = newFeature('incidents', 'in');
    const outside = newFeature('incidents', 'out');
    await createFeature(t.db, 'incidents', { id: outside.id, properties: outside.properties, geometry: outside.geometry });
    await createFeature(t.db, 'incidents', { id: inside.id, properties: inside.properties, geometry: inside.geometry });
    // A unit that crosses out of the district: its last change is a delete for everyone in 410502.
    const unit = newFeature('units', 'in');
    await createFeature(t.db, 'units', { id: unit.id, properties: unit.properties, geometry: unit.geometry });
    await updateFeature(t.db, 'units', unit.id, { properties: { district_code: OUT } });
    for (const l of lives) {
      await waitFor(() => l.changes.some((c) => c.id === unit.id && c.op === 'delete'), 10_000, `${l.p.label}: the unit leaving`);
      expect(l.changes.some((c) => c.id === inside.id), l.p.label).toBe(true);
      expect(l.changes.some((c) => c.id === outside.id), `${l.p.label} received another district's incident`).toBe(false);
      for (const c of l.changes) if (c.feature) allInside([c.feature]);
    }
  });
});

describe('personal data never reaches a viewer or a wall', () => {
  it('no phone number, ID number or personal key in anything they received', async () => {
    const readers = principals.filter((x) => x.role === 'viewer' || x.role === 'wall');
    // What a viewer reads most: the rental-housing and incident lists inside the district.
    for (const p of readers) for (const c of ['rental-housing', 'incidents']) await call(p, ROUTES.find((r) => r.name === `items ${c}`)!, 'in');
    const { rows } = await t.db.query<{ v: string }>(
      `SELECT lessor_phone AS v FROM rental_housing_personal p JOIN rental_housing h ON h.id = p.housing_id WHERE h.district_code = $1
       UNION SELECT lessor_id_number FROM rental_housing_personal p JOIN rental_housing h ON h.id = p.housing_id WHERE h.district_code = $1
       UNION SELECT t ->> 'phone' FROM rental_housing_personal p JOIN rental_housing h ON h.id = p.housing_id, jsonb_array_elements(p.tenants) t WHERE h.district_code = $1
       UNION SELECT phone FROM incident_parties p JOIN incidents i ON i.id = p.incident_id WHERE i.district_code = $1 AND phone IS NOT NULL
       UNION SELECT id_number FROM incident_parties p JOIN incidents i ON i.id = p.incident_id WHERE i.district_code = $1 AND id_number IS NOT NULL`,
      [IN],
    );
    const secrets = new Set(rows.map((r) => r.v).filter((v) => v && v.length >= 11));
    expect(secrets.size).toBeGreaterThan(100);
    const keys = ['lessor_name', 'lessor_phone', 'lessor_id_number', 'idNumber', 'id_number', 'tenants'];
    for (const p of readers) {
      const all = p.received.join('\n');
      expect(all.length, p.label).toBeGreaterThan(100_000);
      for (const k of keys) expect(all.includes(`"${k}"`), `${p.label} received the key ${k}`).toBe(false);
      // Every 11-digit (phone) and 18-character (ID number) window of every digit run in what they received.
      const leaked = new Set<string>();
      for (const [run] of all.matchAll(/[0-9X]{11,}/g)) {
        for (const n of [11, 18]) for (let i = 0; i + n <= run.length; i++) if (secrets.has(run.slice(i, i + n))) leaked.add(run.slice(i, i + n));
      }
      expect([...leaked], `${p.label} received personal values`).toEqual([]);
    }
  });
});

describe('a password set by someone else must be changed before any data', () => {
  it('answers 403 PASSWORD_CHANGE_REQUIRED until the user sets their own password', async () => {
    const admin = principals.find((p) => p.label === 'user:admin')!.client;
    const created = await admin.request('POST', '/api/users', { username: 'am-newcomer', role: 'viewer', adminCode: IN });
    expect(created.status).toBe(201);
    const newcomer = new Client(app.url);
    expect((await newcomer.login('am-newcomer', created.body.password)).status).toBe(200);
    const before = await newcomer.request('GET', '/ogc/collections/cameras/items?limit=1');
    expect([before.status, before.body.error.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    expect((await newcomer.request('GET', '/api/auth/me')).body.user.mustChangePassword).toBe(true);
    const socket = await openSocket({ label: 'newcomer', role: 'viewer', client: newcomer, cookie: `pa_session=${newcomer.cookies.get('pa_session')}`, received: [] });
    expect(socket.error).toBe('UNAUTHENTICATED');
    socket.socket.close();
    expect((await newcomer.request('POST', '/api/auth/password', { currentPassword: created.body.password, newPassword: 'Quiet-River-Stone-42' })).status).toBe(204);
    expect((await newcomer.request('GET', '/ogc/collections/cameras/items?limit=1')).status).toBe(200);
  });
});
