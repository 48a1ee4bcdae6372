/**
 * Real clients against the real server on the seeded test database, compared with SQL on the same database:
 *  - every collection's items are strict RFC 7946 (@placemarkio/check-geojson) and numberMatched equals the
 *    SQL count;
 *  - bbox is exact: points a hair outside a box edge (inside its single-precision box) are not in the answer,
 *    points on the edge are; GDAL's `ogr2ogr -spat` copies exactly numberMatched features, `-where` exactly
 *    what SQL selects;
 *  - camptocamp's ogc-client (geonetwork-ui, geOrchestra) reads pages, filtered pages and sorted pages;
 *  - Part 2 CRS (axis order), compression, ETag/304 and its invalidation by a write.
 * Runs on PostGIS (TEST_DATABASE_URL) and on embedded PGlite. GDAL parts are skipped only without gdal-bin.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompressSync } from 'node:zlib';
import { request } from 'node:http';
import { check } from '@placemarkio/check-geojson';
import { OgcApiEndpoint, setFetchOptions } from '@camptocamp/ogc-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_IDS } from '../../server/protocol/collections.ts';
import { LAYER_SOURCES } from '../../server/db/features/layer-sources.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startOgcServer, type RunningServer } from './ogc-server.ts';

const run = promisify(execFile);
const hasGdal = ['ogrinfo', 'ogr2ogr'].every((bin) => spawnSync(bin, ['--version']).status === 0);
/** The city centre box of the issue. */
const BOX = [114.33, 36.06, 114.42, 36.13] as const;

let t: TestDatabase;
let server: RunningServer;
let dir: string;

interface Page {
  type: string;
  features: { id: string; geometry: { type: string; coordinates: number[] } | null; properties: Record<string, unknown> }[];
  numberMatched: number;
  numberReturned: number;
  links: { rel: string; href: string }[];
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(`${server.base}${url}`, { headers: { ...server.headers, ...headers } });
async function page(url: string): Promise<Page> {
  const res = await get(url);
  expect(res.status, url).toBe(200);
  return (await res.json()) as Page;
}
const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params)).rows[0]!.n;

/** Cameras placed around the box's edges: ±1e-6° outside (inside the box's float4 rounding) and exactly on them. */
const EDGE_CAMERAS: { id: string; lng: number; lat: number; inside: boolean }[] = [
  { id: '41050000001399990001', lng: BOX[0] - 1e-6, lat: 36.1, inside: false },
  { id: '41050000001399990002', lng: BOX[2] + 1e-6, lat: 36.1, inside: false },
  { id: '41050000001399990003', lng: 114.35, lat: BOX[1] - 1e-6, inside: false },
  { id: '41050000001399990004', lng: 114.35, lat: BOX[3] + 2e-6, inside: false },
  { id: '41050000001399990005', lng: BOX[0], lat: 36.1, inside: true },
  { id: '41050000001399990006', lng: 114.35, lat: BOX[3], inside: true },
];

beforeAll(async () => {
  t = await openTestDatabase();
  for (const c of EDGE_CAMERAS) {
    await t.db.query(
      `INSERT INTO cameras (id, name, ptz_type, ptz_type_label, point_class, point_class_label, status, status_label, management_unit,
         district_code, street_code, community_code, geom)
       SELECT $1, '边缘点', 1, '球机', 1, '一类', 'ON', '在线', '测试', district_code, street_code, community_code, ST_SetSRID(ST_MakePoint($2, $3), 4326)
       FROM cameras WHERE district_code IS NOT NULL LIMIT 1`,
      [c.id, c.lng, c.lat],
    );
  }
  server = await startOgcServer(t.db, 9601);
  dir = await mkdtemp(path.join(tmpdir(), 'ogc-clients-'));
  setFetchOptions({ headers: server.headers });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await t?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('every collection', () => {
  it.each(COLLECTION_IDS)('%s: strict RFC 7946, numberMatched equals SQL', async (id) => {
    const source = LAYER_SOURCES[id];
    const n = await count(`SELECT count(*)::integer AS n FROM ${source.relation}${source.where ? ` WHERE ${source.where}` : ''}`);
    const res = await get(`/ogc/collections/${id}/items?limit=10000`);
    expect(res.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/OGC/1.3/CRS84>');
    const text = await res.text();
    expect(check(text).type).toBe('FeatureCollection'); // throws on anything RFC 7946 forbids
    const body = JSON.parse(text) as Page;
    expect(body.numberMatched).toBe(n);
    expect(body.features.length).toBe(Math.min(n, 10_000));
  });
});

describe('exact bbox', () => {
  it('answers exactly what ST_Intersects in double precision selects, edges included', async () => {
    const n = await count('SELECT count(*)::integer AS n FROM cameras WHERE ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))', [...BOX]);
    const body = await page(`/ogc/collections/cameras/items?bbox=${BOX.join(',')}&limit=10000`);
    expect(body.numberMatched).toBe(n);
    expect(body.numberReturned).toBe(n);
    for (const f of body.features) {
      const [lng, lat] = f.geometry!.coordinates as [number, number];
      expect(lng >= BOX[0] && lng <= BOX[2] && lat >= BOX[1] && lat <= BOX[3], `${f.id} ${lng},${lat}`).toBe(true);
    }
    const ids = new Set(body.features.map((f) => f.id));
    for (const c of EDGE_CAMERAS) expect(ids.has(c.id), c.id).toBe(c.inside);
  });

  it('S_INTERSECTS selects by true geometry too', async () => {
    const wkt = `POLYGON((${BOX[0]} ${BOX[1]}, ${BOX[2]} ${BOX[1]}, ${BOX[2]} ${BOX[3]}, ${BOX[0]} ${BOX[3]}, ${BOX[0]} ${BOX[1]}))`;
    const body = await page(`/ogc/collections/cameras/items?limit=10000&filter=${encodeURIComponent(`S_INTERSECTS(geometry, ${wkt})`)}`);
    const byBbox = await page(`/ogc/collections/cameras/items?bbox=${BOX.join(',')}&limit=10000`);
    expect(body.features.map((f) => f.id).sort()).toEqual(byBbox.features.map((f) => f.id).sort());
  });
});

describe.skipIf(!hasGdal)('GDAL OAPIF (ogr2ogr)', () => {
  const gdal = async (bin: string, args: string[]) =>
    (await run(bin, args, { timeout: 120_000, env: { ...process.env, GDAL_HTTP_TIMEOUT: '60', GDAL_HTTP_HEADERS: `Authorization: Bearer ${server.token}` } })).stdout;
  const copied = async (name: string, args: string[]) => {
    const gpkg = path.join(dir, `${name}.gpkg`);
    await gdal('ogr2ogr', ['-f', 'GPKG', gpkg, '-oo', 'PAGE_SIZE=1000', `OAPIF:${server.base}/ogc`, 'cameras', ...args]);
    const out = await gdal('ogrinfo', ['-ro', gpkg, '-sql', 'SELECT count(*) AS n FROM cameras']);
    return Number(/n \(Integer\) = (\d+)/.exec(out)![1]);
  };

  it('-spat copies exactly numberMatched features', async () => {
    const body = await page(`/ogc/collections/cameras/items?bbox=${BOX.join(',')}&limit=1`);
    expect(await copied('spat', ['-spat', ...BOX.map(String)])).toBe(body.numberMatched);
  });

  it('-where copies exactly what SQL selects', async () => {
    const n = await count("SELECT count(*)::integer AS n FROM cameras WHERE status = 'ON' AND ptz_type IN (1, 2)");
    expect(await copied('where', ['-where', "status = 'ON' AND ptz_type IN (1, 2)"])).toBe(n);
  });
});

describe('@camptocamp/ogc-client', () => {
  const endpoint = () => new OgcApiEndpoint(`${server.base}/ogc`);

  it('lists the collections and reads a page (it sends skipGeometry=false)', async () => {
    const e = endpoint();
    expect(await e.featureCollections).toEqual(expect.arrayContaining([...COLLECTION_IDS]));
    const items = await e.getCollectionItems('cameras', 50, 0, false);
    expect(items).toHaveLength(50);
    expect(items[0]!.geometry).toMatchObject({ type: 'Point' });
  });

  it('reads sorted pages in the order SQL gives', async () => {
    const items = await endpoint().getCollectionItems('cameras', 100, 0, undefined, ['-installed_on', '+name'], undefined, ['id', 'installed_on', 'name']);
    const { rows } = await t.db.query<{ id: string }>('SELECT id FROM cameras ORDER BY installed_on DESC NULLS LAST, name ASC NULLS FIRST, id LIMIT 100');
    expect(items.map((f) => f.id)).toEqual(rows.map((r) => r.id));
    expect(Object.keys(items[0]!.properties).sort()).toEqual(['id', 'installed_on', 'name']);
  });

  it('reads filtered pages (cql2-text through its query option) that match SQL', async () => {
    const filter = "filter=status = 'OFF' AND point_class IN (1, 2)&filter-lang=cql2-text";
    const items = await endpoint().getCollectionItems('cameras', 10_000, 0, undefined, undefined, undefined, undefined, undefined, filter);
    const n = await count("SELECT count(*)::integer AS n FROM cameras WHERE status = 'OFF' AND point_class IN (1, 2)");
    expect(items.length).toBe(n);
    expect(items.every((f) => (f.properties as unknown as Record<string, unknown>).status === 'OFF')).toBe(true);
  });
});

describe('CRS (Part 2)', () => {
  it('answers EPSG:4326 and EPSG:4490 as lat,lng, EPSG:3857 in metres, with Content-Crs', async () => {
    const crs84 = await page('/ogc/collections/cameras/items?limit=5');
    const [lng, lat] = crs84.features[0]!.geometry!.coordinates as [number, number];
    for (const code of ['4326', '4490']) {
      const uri = `http://www.opengis.net/def/crs/EPSG/0/${code}`;
      const res = await get(`/ogc/collections/cameras/items?limit=5&crs=${encodeURIComponent(uri)}`);
      expect(res.headers.get('content-crs')).toBe(`<${uri}>`);
      const body = (await res.json()) as Page;
      expect(body.features[0]!.geometry!.coordinates).toEqual([lat, lng]);
    }
    const merc = await page(`/ogc/collections/cameras/items?limit=5&crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/3857')}`);
    expect(merc.features[0]!.geometry!.coordinates[0]).toBeCloseTo((lng * 20037508.342789244) / 180, 1);
  });

  it('takes bbox in bbox-crs EPSG:4326 (lat,lng)', async () => {
    const a = await page(`/ogc/collections/cameras/items?limit=1&bbox=${BOX.join(',')}`);
    const b = await page(`/ogc/collections/cameras/items?limit=1&bbox=${[BOX[1], BOX[0], BOX[3], BOX[2]].join(',')}&bbox-crs=EPSG:4326`);
    expect(b.numberMatched).toBe(a.numberMatched);
  });
});

/** A raw GET (fetch would decode the body and hide Content-Encoding). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(`${server.base}${url}`, { headers: { ...server.headers, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('transfer', () => {
  const url = `/ogc/collections/cameras/items?bbox=${BOX.join(',')}&limit=1000`;

  it('compresses with brotli or gzip as Accept-Encoding asks', async () => {
    const plain = await rawGet(url, {});
    const br = await rawGet(url, { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    expect(JSON.parse(brotliDecompressSync(br.body).toString()).features).toEqual(JSON.parse(plain.body.toString()).features);
    expect((await rawGet(url, { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBe('gzip');
  });

  it('answers If-None-Match with 304 until the collection changes', async () => {
    const first = await rawGet(url, {});
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await rawGet(url, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    await t.db.query("UPDATE cameras SET status = CASE WHEN status = 'ON' THEN 'OFF' ELSE 'ON' END WHERE id = $1", [EDGE_CAMERAS[4]!.id]);
    let status = 304;
    for (let i = 0; i < 50 && status === 304; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await rawGet(url, { 'if-none-match': etag })).status;
    }
    expect(status).toBe(200);
  });

  it('answers filter errors with a code naming the problem and its position', async () => {
    const res = await get(`/ogc/collections/cameras/items?filter=${encodeURIComponent("status = 'ON' AND nope > 3")}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'CQL2_UNKNOWN_PROPERTY', details: { position: 18 } } });
  });

  it('serves queryables and sortables as JSON Schema', async () => {
    const res = await get('/ogc/collections/cameras/queryables');
    expect(res.headers.get('content-type')).toContain('application/schema+json');
    const doc = (await res.json()) as { properties: Record<string, { type?: string; enum?: unknown[] }> };
    expect(doc.properties.status!.enum).toContain('ON');
    expect(doc.properties.geometry).toMatchObject({ format: 'geometry-point' });
    const sortables = (await (await get('/ogc/collections/cameras/sortables')).json()) as { properties: Record<string, unknown> };
    expect(Object.keys(sortables.properties)).toContain('installed_on');
    expect(Object.keys(sortables.properties)).not.toContain('status_label');
  });
});
