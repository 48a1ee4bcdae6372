/**
 * Issue 9 §5 — rental addresses reached walls and viewers down to the room (…10号楼2单元1604室) in items, tiles and
 * live changes, and units named after grid workers (网格员袁建婷) reached walls and were searchable. Every path
 * now applies the one declaration (server/auth/masking.ts LAYER_PERSONAL) to every masked view: wall, viewer and
 * planner masked; a dispatcher (personal:read) as stored. Runs on PostGIS (TEST_DATABASE_URL) and embedded PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';
import { FIXTURES } from '../support/live-fixtures.ts';
import { LiveTestClient, waitFor } from '../support/live-client.ts';
import { decodeTile } from './tiles-decode.ts';
import { COLLECTIONS } from '../../server/protocol/collections.ts';
import { maskAddress, maskUnitName } from '../../server/auth/masking.ts';
import { viewedExpr } from '../../server/db/features/features-sql.ts';
import { tileForLngLat } from '../../server/domain/geo/bbox.ts';
import { jsTileEncoder } from '../../server/db/tiles/tile-encoder-js.ts';
import { postgisTileEncoder } from '../../server/db/tiles/tile-encoder-postgis.ts';
import type { TileEncoder } from '../../server/db/tiles/tiles-repository.ts';

const PORT = 4352;
const ROOM = '文峰区中华路12号院3号楼2单元1604室';
const BUILDING = '文峰区中华路12号院3号楼';
const MASKED_ROLES = ['wall', 'viewer', 'planner'] as const;

let t: TestDatabase;
let app: LiveApp;
const tokens: Record<string, string> = {};
let at: { lng: number; lat: number };
let worker: { id: string; name: string };

beforeAll(async () => {
  t = await openTestDatabase();
  app = await startLiveApp(t.db, PORT);
  for (const role of [...MASKED_ROLES, 'dispatcher'] as const) tokens[role] = await issueTestToken(t.db, role, '410500');
  const { rows } = await t.db.query<{ lng: number; lat: number }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM admin_units WHERE level = 4 AND code LIKE '410502%' ORDER BY code LIMIT 1) s`,
  );
  at = { lng: Number(rows[0]!.lng), lat: Number(rows[0]!.lat) };
  const res = await send('dispatcher', 'POST', '/ogc/collections/rental-housing/items', {
    type: 'Feature', id: 'M-RH-1', geometry: { type: 'Point', coordinates: [at.lng, at.lat] },
    properties: { ...FIXTURES['rental-housing']!.properties, address: ROOM },
  });
  expect(res.status).toBe(201);
  const units = await t.db.query<{ id: string; name: string }>(`SELECT id, name FROM units WHERE type = 'GRID_WORKER' AND name LIKE '网格员%' ORDER BY id LIMIT 1`);
  worker = units.rows[0]!;
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

async function send(role: string, method: string, path: string, body?: unknown) {
  const headers = bearer(tokens[role]!);
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/geo+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function tileAddress(role: string): Promise<unknown> {
  const { z, x, y } = tileForLngLat(at.lng, at.lat, 16);
  const res = await fetch(`${app.url}/tiles/rental-housing/${z}/${x}/${y}.mvt`, { headers: bearer(tokens[role]!) });
  expect(res.status).toBe(200);
  const layers = decodeTile(new Uint8Array(await res.arrayBuffer()));
  const f = Object.values(layers).flatMap((l) => l.features).find((g) => g.properties.id === 'M-RH-1');
  expect(f, `the tile of ${role} holds M-RH-1`).toBeDefined();
  return f!.properties.address;
}

describe('rental addresses', () => {
  it('OGC items and single features: masked for wall, viewer and planner; as stored for a dispatcher', async () => {
    for (const role of MASKED_ROLES) {
      expect((await send(role, 'GET', '/ogc/collections/rental-housing/items?id=M-RH-1')).body.features[0].properties.address, role).toBe(BUILDING);
      expect((await send(role, 'GET', '/ogc/collections/rental-housing/items/M-RH-1')).body.properties.address, role).toBe(BUILDING);
    }
    expect((await send('dispatcher', 'GET', '/ogc/collections/rental-housing/items?id=M-RH-1')).body.features[0].properties.address).toBe(ROOM);
    expect((await send('dispatcher', 'GET', '/ogc/collections/rental-housing/items/M-RH-1')).body.properties.address).toBe(ROOM);
  });

  it('no masked page of the dataset holds a room', async () => {
    const page = await send('wall', 'GET', '/ogc/collections/rental-housing/items?limit=1000');
    expect(page.body.features.length).toBeGreaterThan(0);
    for (const f of page.body.features) expect(f.properties.address).not.toMatch(/单元|室$/);
  });

  it('tiles: carry no address at all, for any role (a tile holds the styling fields and the id; the card reads the rest)', async () => {
    for (const role of ['dispatcher', 'wall', 'viewer', 'dispatcher']) expect(await tileAddress(role), role).toBeUndefined();
  });

  it('both tile encoders mask a personal property a tile is asked to carry (PostGIS ST_AsMVT where it exists, the JS encoder everywhere)', async () => {
    const rental = COLLECTIONS['rental-housing'];
    const def = { ...rental, tileProperties: [...rental.tileProperties, 'address'] };
    const encoders: [string, TileEncoder][] = [['js', jsTileEncoder(t.db)]];
    if (t.kind === 'postgis') encoders.push(['postgis', postgisTileEncoder(t.db)]);
    for (const [name, encoder] of encoders) {
      for (const [view, expected] of [['masked', BUILDING], ['full', ROOM]] as const) {
        const bytes = await encoder.encode({ def, tile: tileForLngLat(at.lng, at.lat, 16), filters: [], scope: '410500', view });
        const f = Object.values(decodeTile(bytes)).flatMap((l) => l.features).find((g) => g.properties.id === 'M-RH-1');
        expect(f?.properties.address, `${name} ${view}`).toBe(expected);
      }
    }
  });

  it('live changes: a wall socket receives the address masked, a dispatcher socket as stored', async () => {
    const wall = new LiveTestClient(app.url, { token: tokens.wall!, layers: ['rental-housing'] });
    const dispatcher = new LiveTestClient(app.url, { token: tokens.dispatcher!, layers: ['rental-housing'] });
    try {
      await Promise.all([wall.ready(), dispatcher.ready()]);
      const next = `${BUILDING}1单元702室`;
      expect((await send('dispatcher', 'PATCH', '/ogc/collections/rental-housing/items/M-RH-1', { properties: { address: next } })).status).toBe(200);
      await waitFor(() => wall.store.has('rental-housing/M-RH-1') && dispatcher.store.has('rental-housing/M-RH-1'), 15_000, 'the change on both sockets');
      expect(wall.store.get('rental-housing/M-RH-1')!.properties.address).toBe(BUILDING);
      expect(dispatcher.store.get('rental-housing/M-RH-1')!.properties.address).toBe(next);
      await send('dispatcher', 'PATCH', '/ogc/collections/rental-housing/items/M-RH-1', { properties: { address: ROOM } });
    } finally {
      wall.close();
      dispatcher.close();
    }
  });
});

describe('units named after grid workers', () => {
  const person = () => worker.name.slice('网格员'.length);

  it('search: a masked role neither finds the person by name nor sees it in labels', async () => {
    for (const role of MASKED_ROLES) {
      const hits = (await send(role, 'GET', `/api/search?q=${encodeURIComponent(person())}`)).body.results as { id: string; label: string }[];
      expect(hits.map((h) => h.id), role).not.toContain(worker.id);
      const byRole = (await send(role, 'GET', `/api/search?q=${encodeURIComponent('网格员')}&limit=50`)).body.results as { collection: string; label: string }[];
      for (const h of byRole.filter((x) => x.collection === 'units')) expect(h.label).toMatch(/^网格员.\*+$/);
    }
    const full = (await send('dispatcher', 'GET', `/api/search?q=${encodeURIComponent(person())}`)).body.results as { id: string; label: string }[];
    expect(full.find((h) => h.id === worker.id)?.label).toBe(worker.name);
  });

  it('items and single features: masked for the wall and viewer, as stored for a dispatcher', async () => {
    for (const role of MASKED_ROLES) {
      expect((await send(role, 'GET', `/ogc/collections/units/items/${worker.id}`)).body.properties.name, role).toBe(maskUnitName(worker.name));
    }
    expect((await send('dispatcher', 'GET', `/ogc/collections/units/items/${worker.id}`)).body.properties.name).toBe(worker.name);
  });
});

describe('the SQL maskers compute what the JS maskers compute', () => {
  const EDGE = [ROOM, '  北关区海兴路269号17号楼2单元1604室 ', '内黄县二安镇李草坡村', '某小区3号楼', '文峰区甲栋3层', '滑县某路１２号幢五单元',
    '某街道12号院, 3单元', 'A座-12室', '', '网格员', '网格员袁建婷', '志愿者王五', '巡逻1组'];

  it('on every address and unit name of the dataset and on edge cases', async () => {
    const address = viewedExpr(COLLECTIONS['rental-housing'], 'address', 'x.v', 'masked', 'x');
    const name = viewedExpr(COLLECTIONS.units, 'name', 'x.v', 'masked', 'x');
    const values = `SELECT address AS v, 'GRID_WORKER' AS type FROM rental_housing UNION ALL SELECT address, 'GRID_WORKER' FROM incidents
      UNION ALL SELECT name, type FROM units UNION ALL SELECT unnest($1::text[]), 'GRID_WORKER'`;
    const { rows } = await t.db.query<{ v: string; type: string; a: string; n: string }>(
      `SELECT x.v, x.type, ${address} AS a, ${name} AS n FROM (${values}) x WHERE x.v IS NOT NULL`, [EDGE]);
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows) {
      expect(r.a, r.v).toBe(maskAddress(r.v));
      expect(r.n, r.v).toBe(r.type === 'GRID_WORKER' ? maskUnitName(r.v) : r.v);
    }
  });
});
