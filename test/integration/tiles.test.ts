import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileForLngLat } from '../../server/domain/geo/bbox.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { CAMERA_COUNT, EDGE_LNG, GENERATED_CAMERAS, loadOgcFixtures } from './ogc-fixtures.ts';
import { startOgcServer, type RunningServer } from './ogc-server.ts';
import { decodeTile, ringArea } from './tiles-decode.ts';

let t: TestDatabase;
let server: RunningServer;
let tiles: string;

beforeAll(async () => {
  t = await openTestDatabase();
  await loadOgcFixtures(t.db);
  server = await startOgcServer(t.db, 8123);
  tiles = `${server.base}/tiles`;
});
afterAll(async () => {
  await server?.close();
  await t?.dispose();
});

async function tile(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${tiles}/${path}`, { headers: { ...server.headers, ...headers } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, layers: res.status === 200 ? decodeTile(bytes) : {} };
}
const at = (lng: number, lat: number, z: number) => {
  const c = tileForLngLat(lng, lat, z);
  return `${c.z}/${c.x}/${c.y}`;
};
const errorCode = async (path: string) => {
  const res = await fetch(`${tiles}/${path}`, { headers: server.headers });
  return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
};

describe('vector tiles', () => {
  it('serves one layer named after the collection, extent 4096, the slim tile properties (id and styling fields), no null properties', async () => {
    const { res, layers } = await tile(`cameras/${at(114.3601, 36.0802, 14)}.mvt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(Object.keys(layers)).toEqual(['cameras']);
    const layer = layers.cameras!;
    expect(layer).toMatchObject({ extent: 4096, version: 2 });
    const quoted = layer.features.find((f) => f.properties.id === '41050000001310000002')!;
    expect(quoted.type).toBe(1);
    // Only what the client's styles read (collections.ts tileProperties): the card fetches the rest by id.
    expect(quoted.properties).toEqual({ id: '41050000001310000002', status: 'OFF', ptz_type: 3 });
  });

  it('draws a point on a tile edge in both tiles that share the edge (buffer 64)', async () => {
    const right = await tile(`cameras/14/13396/6428.mvt`);
    const left = await tile(`cameras/14/13395/6428.mvt`);
    const find = (l: typeof right.layers) => l.cameras?.features.find((f) => f.properties.id === '41050000001310000003');
    expect(EDGE_LNG).toBe(114.345703125);
    expect(find(right.layers)?.rings[0]![0]![0]).toBe(0);
    expect(find(left.layers)?.rings[0]![0]![0]).toBe(4096);
  });

  it('answers 204 for an empty tile and for polygon layers below their minZoom', async () => {
    expect((await tile('cameras/14/0/0.mvt')).res.status).toBe(204);
    const below = await tile(`communities/${at(114.345, 36.09, 8)}.mvt`);
    expect(below.res.status).toBe(204);
    expect(below.res.headers.get('cache-control')).toBeTruthy();
    expect((await tile(`communities/${at(114.345, 36.09, 9)}.mvt`)).res.status).toBe(200);
  });

  it('supports ETag / If-None-Match with 304', async () => {
    const path = `cameras/${at(114.352, 36.0951, 15)}.mvt`;
    const first = await tile(path);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await tile(path, { 'If-None-Match': etag });
    expect(again.res.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    expect((await tile(path, { 'If-None-Match': '"other"' })).res.status).toBe(200);
  });

  it('applies registry filters to tiles', async () => {
    const off = await tile(`cameras/${at(114.352, 36.0951, 13)}.mvt?status=OFF`);
    const statuses = new Set(off.layers.cameras!.features.map((f) => f.properties.status));
    expect([...statuses]).toEqual(['OFF']);
    expect((await errorCode(`cameras/13/0/0.mvt?status=off`))).toEqual({ status: 400, code: 'INVALID_FILTER' });
    expect((await errorCode(`cameras/13/0/0.mvt?limit=5`))).toEqual({ status: 400, code: 'UNKNOWN_PARAMETER' });
  });

  it('aggregates a dense point layer below its minZoom into counted cells that add up', async () => {
    const all = await tile(`cameras/${at(114.35, 36.1, 5)}.mvt`);
    const cells = all.layers.cameras!.features;
    expect(cells.every((f) => f.properties.aggregated === true && typeof f.id === 'number')).toBe(true);
    expect(cells.reduce((s, f) => s + Number(f.properties.count), 0)).toBe(CAMERA_COUNT);
    const off = await tile(`cameras/${at(114.35, 36.1, 5)}.mvt?status=OFF`);
    expect(off.layers.cameras!.features.reduce((s, f) => s + Number(f.properties.count), 0)).toBe(2 + GENERATED_CAMERAS / 3);
    // z10 splits the city over several tiles: each point counts once, edge points included.
    const nw = tileForLngLat(113.8, 36.2, 10);
    const se = tileForLngLat(114.6, 35.5, 10);
    let total = 0;
    for (let x = nw.x; x <= se.x; x++) {
      for (let y = nw.y; y <= se.y; y++) {
        const { layers } = await tile(`cameras/10/${x}/${y}.mvt`);
        total += (layers.cameras?.features ?? []).reduce((s, f) => s + Number(f.properties.count), 0);
      }
    }
    expect(total).toBe(CAMERA_COUNT);
  });

  it('encodes polygons with positive-area (MVT) exterior rings and negative holes', async () => {
    const { layers } = await tile(`districts/${at(114.37, 36.06, 11)}.mvt`);
    const wenfeng = layers.districts!.features.find((f) => f.properties.code === '410502')!;
    expect(wenfeng.type).toBe(3);
    expect(wenfeng.properties.name).toBe('文峰区');
    const areas = wenfeng.rings.map(ringArea);
    expect(areas[0]).toBeGreaterThan(0);
    expect(areas.some((a) => a < 0)).toBe(true);
  });

  it('compresses with gzip when the client accepts it, with its own ETag', async () => {
    // Slim tiles of the few fixture points stay under the 1 KB gzip threshold: a block of 300 key places does not.
    await t.db.query(`INSERT INTO key_places (id, name, type, type_label, district_code, geom)
      SELECT 'KP-GZ' || i, '压缩测试' || i, 'MARKET', '集贸市场', '410502', ST_SetSRID(ST_MakePoint(114.3801 + (i % 20) * 0.0001, 36.0701 + (i / 20) * 0.0001), 4326)
      FROM generate_series(1, 300) i`);
    try {
      const path = `key-places/${at(114.381, 36.0708, 15)}.mvt`;
      const zipped = await fetch(`${tiles}/${path}`, { headers: { ...server.headers, 'Accept-Encoding': 'gzip' } });
      const plain = await fetch(`${tiles}/${path}`, { headers: { ...server.headers, 'Accept-Encoding': 'identity' } });
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(zipped.headers.get('etag')).not.toBe(plain.headers.get('etag'));
      const bytes = Buffer.from(await plain.arrayBuffer());
      expect(bytes.length).toBeGreaterThan(1024);
      expect(Buffer.from(await zipped.arrayBuffer())).toEqual(bytes);
    } finally {
      await t.db.query(`DELETE FROM key_places WHERE id LIKE 'KP-GZ%'`);
    }
  });

  it('aggregates a point tile that would carry more than 8,000 features', async () => {
    await t.db.query(`INSERT INTO key_places (id, name, type, type_label, district_code, geom)
      SELECT 'KP-X' || i, '密集场所' || i, 'MARKET', '集贸市场', '410502', ST_SetSRID(ST_MakePoint(114.330 + (i % 100) * 0.0001, 36.052 + (i / 100) * 0.0001), 4326)
      FROM generate_series(1, 8001) i`);
    try {
      const dense = await tile(`key-places/${at(114.335, 36.056, 14)}.mvt`);
      const cells = dense.layers['key-places']!.features;
      expect(cells.every((f) => f.properties.aggregated === true)).toBe(true);
      expect(cells.reduce((s, f) => s + Number(f.properties.count), 0)).toBe(8001);
      const detail = await tile(`key-places/${at(114.335, 36.056, 18)}.mvt`);
      expect(detail.layers['key-places']!.features.every((f) => f.properties.aggregated === undefined)).toBe(true);
    } finally {
      await t.db.query(`DELETE FROM key_places WHERE id LIKE 'KP-X%'`);
    }
  });

  it('validates z/x/y and the collection', async () => {
    expect(await errorCode('cameras/23/0/0.mvt')).toEqual({ status: 400, code: 'INVALID_TILE' });
    expect(await errorCode('cameras/1/2/0.mvt')).toEqual({ status: 400, code: 'INVALID_TILE' });
    expect(await errorCode('cameras/1/0/2.mvt')).toEqual({ status: 400, code: 'INVALID_TILE' });
    expect(await errorCode('cameras/-1/0/0.mvt')).toEqual({ status: 400, code: 'INVALID_TILE' });
    expect(await errorCode('cameras/1/0/abc.mvt')).toEqual({ status: 400, code: 'INVALID_TILE' });
    expect(await errorCode('cameras/1e1/0/0.mvt')).toEqual({ status: 400, code: 'INVALID_TILE' });
    expect(await errorCode('cameras/99999999999999/0/0.mvt')).toEqual({ status: 400, code: 'INVALID_TILE' });
    expect(await errorCode('cameras/1/0/0.png')).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await errorCode('nope/1/0/0.mvt')).toEqual({ status: 404, code: 'COLLECTION_NOT_FOUND' });
    expect(await errorCode(`${encodeURIComponent('摄像机')}/1/0/0.mvt`)).toEqual({ status: 404, code: 'COLLECTION_NOT_FOUND' });
  });
});

describe('TileJSON', () => {
  it('describes the tiles with an absolute URL that keeps the filters, Anyang bounds and the layer fields', async () => {
    const res = await fetch(`${tiles}/cameras.json?status=OFF`, { headers: server.headers });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, any>;
    expect(doc).toMatchObject({ tilejson: '3.0.0', minzoom: 0, maxzoom: 16, scheme: 'xyz' });
    expect(doc.tiles).toEqual([`${tiles}/cameras/{z}/{x}/{y}.mvt?status=OFF`]);
    expect(doc.bounds).toEqual([113.6, 35.2, 115.0, 36.4]);
    expect(doc.vector_layers[0].id).toBe('cameras');
    expect(Object.keys(doc.vector_layers[0].fields)).toEqual(expect.arrayContaining(['id', 'name', 'status', 'count', 'aggregated']));
    const grids = (await (await fetch(`${tiles}/grids.json`, { headers: server.headers })).json()) as Record<string, any>;
    expect(grids.minzoom).toBe(10);
    expect(grids.vector_layers[0].fields).not.toHaveProperty('count');
  });

  it('rejects unknown collections and bad filters', async () => {
    expect(await errorCode('nope.json')).toEqual({ status: 404, code: 'COLLECTION_NOT_FOUND' });
    expect(await errorCode('cameras.json?status=x')).toEqual({ status: 400, code: 'INVALID_FILTER' });
  });
});
