/**
 * Issue 9 §3 — jurisdiction is decided one way (server/auth/jurisdiction.ts inJurisdiction; its SQL form
 * scopeWhere) and a written feature's admin codes come from its geometry, never from the body.
 * Regressions, named after the reproductions:
 *  - a 文峰区 dispatcher created a feature with district_code 410503 and a 文峰区 community: it showed in 北关区's
 *    lists while 文峰区 kept control of it;
 *  - a 文峰区 dispatcher PATCHed an incident's district_code to move it into 北关区's lists.
 * Runs on PostGIS (TEST_DATABASE_URL) and on embedded PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';
import { FIXTURES } from '../support/live-fixtures.ts';
import { COLLECTION_IDS, COLLECTIONS } from '../../server/protocol/collections.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../../server/db/features/layer-sources.ts';
import { relation, scopeWhere, SqlParams } from '../../server/db/features/features-sql.ts';
import { inJurisdiction } from '../../server/auth/jurisdiction.ts';

const PORT = 4351;
let t: TestDatabase;
let app: LiveApp;
let wenfengDispatcher: Record<string, string>;
let beiguanViewer: Record<string, string>;
let wenfengViewer: Record<string, string>;
/** An inside point of two 文峰区 communities and one 北关区 community. */
let wf1: { code: string; lng: number; lat: number };
let wf2: { code: string; lng: number; lat: number };
let bg: { code: string; lng: number; lat: number };

async function insidePoints(prefix: string, n: number) {
  const { rows } = await t.db.query<{ code: string; lng: number; lat: number }>(
    `SELECT code, ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM admin_units
       WHERE level = 4 AND code LIKE $1 ORDER BY code LIMIT $2) s`,
    [`${prefix}%`, n],
  );
  return rows.map((r) => ({ code: r.code, lng: Number(r.lng), lat: Number(r.lat) }));
}

beforeAll(async () => {
  t = await openTestDatabase();
  app = await startLiveApp(t.db, PORT);
  wenfengDispatcher = bearer(await issueTestToken(t.db, 'dispatcher', '410502'));
  wenfengViewer = bearer(await issueTestToken(t.db, 'viewer', '410502'));
  beiguanViewer = bearer(await issueTestToken(t.db, 'viewer', '410503'));
  [wf1, wf2] = await insidePoints('410502', 2) as [typeof wf1, typeof wf2];
  [bg] = await insidePoints('410503', 1) as [typeof bg];
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

async function send(headers: Record<string, string>, method: string, path: string, body?: unknown) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/geo+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const incident = (id: string, at: { lng: number; lat: number }, codes: Record<string, string>) => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [at.lng, at.lat] },
  properties: { ...FIXTURES.incidents!.properties, ...codes },
});

async function listedIds(headers: Record<string, string>, filter: string): Promise<string[]> {
  const res = await send(headers, 'GET', `/ogc/collections/incidents/items?${filter}&limit=100`);
  expect(res.status).toBe(200);
  return res.body.features.map((f: { id: string }) => f.id);
}

async function storedCodes(id: string) {
  const { rows } = await t.db.query(`SELECT district_code, street_code, community_code, grid_code FROM incidents WHERE id = $1`, [id]);
  return rows[0] as Record<string, string | null> | undefined;
}

describe('jurisdiction: codes come from the geometry', () => {
  it('reproduction 1: a 文峰区 feature sent with district_code 410503 is stored with its real codes and stays out of 北关区 lists', async () => {
    const res = await send(wenfengDispatcher, 'POST', '/ogc/collections/incidents/items',
      incident('J-INC-1', wf1, { district_code: '410503', community_code: wf2.code }));
    expect(res.status).toBe(201);
    expect(res.body.properties).toMatchObject({ district_code: '410502', street_code: wf1.code.slice(0, 9), community_code: wf1.code });
    expect(await storedCodes('J-INC-1')).toMatchObject({ district_code: '410502', community_code: wf1.code });
    expect(String((await storedCodes('J-INC-1'))!.grid_code ?? wf1.code).startsWith(wf1.code)).toBe(true);
    expect(await listedIds(beiguanViewer, 'id=J-INC-1')).toEqual([]);
    expect(await listedIds(wenfengViewer, 'id=J-INC-1')).toEqual(['J-INC-1']);
    expect((await send(beiguanViewer, 'GET', '/ogc/collections/incidents/items/J-INC-1')).status).not.toBe(200);
  });

  it('a feature whose geometry lies in 北关区 is refused to a 文峰区 writer, whatever codes it claims, and nothing is stored', async () => {
    const res = await send(wenfengDispatcher, 'POST', '/ogc/collections/incidents/items',
      incident('J-INC-2', bg, { district_code: '410502', street_code: wf1.code.slice(0, 9), community_code: wf1.code }));
    expect([403, 404]).toContain(res.status);
    expect(await storedCodes('J-INC-2')).toBeUndefined();
  });

  it('reproduction 2: PATCHing district_code does not move an incident into 北关区 lists', async () => {
    await send(wenfengDispatcher, 'POST', '/ogc/collections/incidents/items', incident('J-INC-3', wf1, {}));
    const before = await storedCodes('J-INC-3');
    const res = await send(wenfengDispatcher, 'PATCH', '/ogc/collections/incidents/items/J-INC-3',
      { properties: { district_code: '410503', street_code: '410503001', community_code: bg.code } });
    expect(res.status).toBe(200);
    expect(res.body.properties.district_code).toBe('410502');
    expect(await storedCodes('J-INC-3')).toEqual(before);
    expect(await listedIds(beiguanViewer, 'id=J-INC-3')).toEqual([]);
    expect(await listedIds(wenfengViewer, 'id=J-INC-3')).toEqual(['J-INC-3']);
  });

  it('a moved geometry re-derives the codes; a move into another district is refused and rolls back', async () => {
    await send(wenfengDispatcher, 'POST', '/ogc/collections/incidents/items', incident('J-INC-4', wf1, {}));
    const moved = await send(wenfengDispatcher, 'PATCH', '/ogc/collections/incidents/items/J-INC-4', { geometry: { type: 'Point', coordinates: [wf2.lng, wf2.lat] } });
    expect(moved.status).toBe(200);
    expect(moved.body.properties.community_code).toBe(wf2.code);
    const away = await send(wenfengDispatcher, 'PATCH', '/ogc/collections/incidents/items/J-INC-4', { geometry: { type: 'Point', coordinates: [bg.lng, bg.lat] } });
    expect([403, 404]).toContain(away.status);
    expect((await storedCodes('J-INC-4'))!.community_code).toBe(wf2.code);
    expect(await listedIds(beiguanViewer, 'id=J-INC-4')).toEqual([]);
  });

  it('the database refuses codes that do not nest (migration 031)', async () => {
    await send(wenfengDispatcher, 'POST', '/ogc/collections/incidents/items', incident('J-INC-5', wf1, {}));
    await expect(t.db.query(`UPDATE incidents SET district_code = '410503' WHERE id = 'J-INC-5'`)).rejects.toThrow(/codes_nest/);
    await expect(t.db.query(`UPDATE grids SET street_code = '410503001' WHERE code = (SELECT code FROM grids WHERE district_code = '410502' LIMIT 1)`))
      .rejects.toThrow(/codes_nest/);
  });

  it('units are placed by their organisation: the body decides, but a district outside the writer is refused', async () => {
    const unit = (id: string, district: string) => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [bg.lng, bg.lat] },
      properties: { ...FIXTURES.units!.properties, district_code: district } });
    // a 文峰区 unit may drive through 北关区
    expect((await send(wenfengDispatcher, 'POST', '/ogc/collections/units/items', unit('J-UNIT-1', '410502'))).status).toBe(201);
    expect([403, 404]).toContain((await send(wenfengDispatcher, 'POST', '/ogc/collections/units/items', unit('J-UNIT-2', '410503'))).status);
  });
});

describe('jurisdiction: one rule, in SQL and in code', () => {
  it('scopeWhere holds exactly the rows inJurisdiction holds, for every layer and a city, district, street and community scope', async () => {
    const scopes = ['410500', '410502', wf1.code.slice(0, 9), wf1.code, '410503'];
    for (const id of COLLECTION_IDS) {
      const source = LAYER_SOURCES[id];
      const idCol = COLLECTIONS[id].idProperty;
      const { rows } = await t.db.query<Record<string, unknown>>(`SELECT * FROM ${relation(source)} t${source.where ? ` WHERE ${source.where}` : ''}`);
      for (const scope of scopes) {
        const params = new SqlParams();
        const { rows: inSql } = await t.db.query<{ id: string }>(
          `SELECT t."${idCol}"::text AS id FROM ${relation(source)} t WHERE ${source.where ? `(${source.where}) AND ` : ''}${scopeWhere(source, scope, params)}`,
          params.values,
        );
        const inCode = rows.filter((r) => inJurisdiction(scope, scopeCodesOf(source, r))).map((r) => String(r[idCol]));
        expect(inSql.map((r) => r.id).sort(), `${id} × ${scope}`).toEqual(inCode.sort());
      }
    }
  });
});
