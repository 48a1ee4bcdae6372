import { CONFORMANCE } from '../../server/http/ogc/ogc-documents.ts';
import { CRS_LIST } from '../../server/domain/geo/crs.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '@placemarkio/check-geojson';
import { COLLECTION_IDS, COLLECTIONS } from '../../server/protocol/collections.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { CAMERA_COUNT, GENERATED_CAMERAS, loadOgcFixtures } from './ogc-fixtures.ts';
import { startOgcServer, type RunningServer } from './ogc-server.ts';

let t: TestDatabase;
let server: RunningServer;
let ogc: string;

beforeAll(async () => {
  t = await openTestDatabase();
  await loadOgcFixtures(t.db);
  server = await startOgcServer(t.db, 8121);
  ogc = `${server.base}/ogc`;
});
afterAll(async () => {
  await server?.close();
  await t?.dispose();
});

type Json = Record<string, any>;
async function get(url: string): Promise<{ status: number; type: string; body: Json; text: string }> {
  const res = await fetch(url, { headers: server.headers });
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: left empty, the test asserts on text */
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', body, text };
}
const items = (collection: string, query = '') => get(`${ogc}/collections/${collection}/items${query}`);
const ids = (body: Json) => (body.features as Json[]).map((f) => f.id);

describe('OGC API - Features: capabilities', () => {
  it('serves a landing page whose links resolve (self, service-desc, conformance, data)', async () => {
    const { status, body } = await get(ogc);
    expect(status).toBe(200);
    const rels = Object.fromEntries((body.links as Json[]).map((l) => [l.rel, l]));
    expect(Object.keys(rels).sort()).toEqual(['conformance', 'data', 'self', 'service-desc']);
    const api = await get(rels['service-desc'].href);
    expect(api.type).toContain('application/vnd.oai.openapi+json');
    expect(api.body.openapi).toMatch(/^3\.0\./);
    expect(Object.keys(api.body.paths)).toContain('/collections/cameras/items');
    expect((await get(rels.conformance.href)).body.conformsTo).toEqual([...CONFORMANCE]);
    expect(CONFORMANCE).toEqual(expect.arrayContaining([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
      'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
      'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
    ]));
    expect((await get(rels.data.href)).status).toBe(200);
  });

  it('lists every registry collection with CRS84, itemType and the real extent of its data', async () => {
    const { body } = await get(`${ogc}/collections`);
    expect(body.collections.map((c: Json) => c.id)).toEqual([...COLLECTION_IDS]);
    const cameras = body.collections.find((c: Json) => c.id === 'cameras');
    expect(cameras.itemType).toBe('feature');
    expect(cameras.crs).toEqual(CRS_LIST.map((c) => c.uri));
    expect(cameras.storageCrs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    expect(cameras.extent.spatial.bbox[0]).toEqual([113.82, 35.57, 114.52, 36.15]);
    const incidents = (await get(`${ogc}/collections/incidents`)).body;
    expect(incidents.extent.temporal.interval).toEqual([['2026-03-01T01:00:00Z', '2026-03-15T23:59:59Z']]);
    expect(incidents.links.find((l: Json) => l.rel === 'items').type).toBe('application/geo+json');
  });

  it('answers 404 COLLECTION_NOT_FOUND for an unknown collection, also with unicode in the path', async () => {
    for (const id of ['nope', encodeURIComponent('摄像机')]) {
      const r = await get(`${ogc}/collections/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('COLLECTION_NOT_FOUND');
      expect((await items(id)).status).toBe(404);
    }
    // A control character is in no path at all (server/auth/route-path.ts): refused before any router.
    const nul = await get(`${ogc}/collections/cameras%00`);
    expect([nul.status, nul.body.error.code]).toEqual([400, 'INVALID_PATH']);
  });
});

describe('OGC API - Features: items', () => {
  it('returns valid RFC 7946 GeoJSON with ids, counts, timeStamp, Chinese text and nulls', async () => {
    const r = await items('cameras');
    expect(r.status).toBe(200);
    expect(r.type).toContain('application/geo+json');
    check(r.text);
    expect(r.body).toMatchObject({ type: 'FeatureCollection', numberMatched: CAMERA_COUNT, numberReturned: CAMERA_COUNT });
    expect(r.body.crs).toBeUndefined();
    expect(Date.parse(r.body.timeStamp)).not.toBeNaN();
    expect(ids(r.body)).toEqual([...ids(r.body)].sort());
    const quoted = r.body.features.find((f: Json) => f.id === '41050000001310000002');
    expect(quoted.properties).toMatchObject({ name: '文峰区 "引号" \\ 反斜杠 ✓', status: 'OFF', direction_deg: null, installed_on: null, address: null });
    expect(quoted.geometry).toEqual({ type: 'Point', coordinates: [114.3601, 36.0802] });
    const first = r.body.features.find((f: Json) => f.id === '41050000001310000001');
    expect(first.properties).toMatchObject({ ptz_type: 1, installed_on: '2021-06-01', updated_at: '2026-01-01T00:00:00.000Z', generated: true });
  });

  it('keeps the right-hand rule: counter-clockwise exteriors and clockwise holes, even when stored otherwise', async () => {
    const r = await get(`${ogc}/collections/districts/items/410502`);
    check(r.text);
    const [polygon] = r.body.geometry.coordinates as number[][][][];
    const signedArea = (ring: number[][]) => ring.slice(1).reduce((s, p, i) => s + (ring[i]![0]! * p[1]! - p[0]! * ring[i]![1]!), 0) / 2;
    expect(signedArea(polygon![0]!)).toBeGreaterThan(0);
    expect(signedArea(polygon![1]!)).toBeLessThan(0);
    expect(r.body.properties).toMatchObject({ name: '文峰区', households: 123456, population: null, level: 2 });
  });

  it('serves every collection as valid GeoJSON whose feature id is the registry idProperty', async () => {
    for (const id of COLLECTION_IDS) {
      const r = await items(id);
      expect(r.status, id).toBe(200);
      check(r.text);
      expect(r.body.numberMatched, id).toBeGreaterThan(0);
      for (const f of r.body.features as Json[]) {
        expect(f.id).toBe(f.properties[COLLECTIONS[id].idProperty]);
        expect(Object.keys(f.properties).sort()).toEqual(COLLECTIONS[id].properties.map((p) => p.name).sort());
      }
    }
    expect((await items('depots')).body.features[0].properties).toMatchObject({ stock_items: 2, stock_quantity: 5040 });
    expect((await items('units')).body.features[0].properties).toMatchObject({ speed_kmh: 12.3, position_at: '2026-03-01T08:00:00.123Z' });
  });

  it('pages with stable order through next links, and prev goes back', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${ogc}/collections/cameras/items?limit=25&status=ON&status=OFF`;
    let pages = 0;
    while (url) {
      const r = await get(url);
      expect(r.body.numberMatched).toBe(CAMERA_COUNT);
      seen.push(...ids(r.body));
      url = (r.body.links as Json[]).find((l) => l.rel === 'next')?.href;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...new Set(seen)].sort());
    expect(seen).toHaveLength(CAMERA_COUNT);
    const second = await items('cameras', '?limit=25&offset=25');
    const prev = (second.body.links as Json[]).find((l) => l.rel === 'prev');
    expect(ids((await get(prev!.href)).body)).toEqual(seen.slice(0, 25));
  });

  it('answers an offset past the end with an empty page, the true count and a prev link', async () => {
    const r = await items('cameras', '?offset=5000');
    expect(r.body).toMatchObject({ numberMatched: CAMERA_COUNT, numberReturned: 0, features: [] });
    expect((r.body.links as Json[]).map((l) => l.rel)).toContain('prev');
  });

  it('filters by bbox (and splits one crossing the antimeridian)', async () => {
    const r = await items('cameras', '?bbox=114.3,36.0,114.45,36.12');
    expect(r.body.numberMatched).toBe(3 + GENERATED_CAMERAS);
    expect((await items('cameras', '?bbox=113.8,36.0,113.9,36.1')).body.features.map((f: Json) => f.properties.name)).toEqual(['林州市红旗渠']);
    expect((await items('cameras', '?bbox=170,0,-170,10')).body.numberMatched).toBe(0);
    expect((await items('districts', '?bbox=114.31,36.01,114.32,36.02')).body.features.map((f: Json) => f.id)).toEqual(['410502']);
  });

  it('filters by typed registry properties', async () => {
    expect((await items('cameras', '?status=OFF')).body.numberMatched).toBe(2 + GENERATED_CAMERAS / 3);
    expect(ids((await items('cameras', '?point_class=2&district_code=410503')).body)).toEqual(['41050000001310000004']);
    expect(ids((await items('checkpoints', '?staffed=false')).body)).toEqual(['CP-0002']);
    expect(ids((await items('incidents', '?supervised=true')).body)).toEqual(['EV-0002']);
    expect((await items('districts', `?name=${encodeURIComponent('北关区')}`)).body.features[0].id).toBe('410503');
  });

  it('filters by datetime on the collection\'s own time property', async () => {
    expect(ids((await items('incidents', '?datetime=2026-03-01T00:00:00Z/2026-03-02T23:59:59Z')).body)).toEqual(['EV-0001', 'EV-0002']);
    expect(ids((await items('incidents', '?datetime=../2026-03-01T12:00:00%2B08:00')).body)).toEqual(['EV-0001']);
    expect(ids((await items('incidents', '?datetime=2026-03-15T23:59:59Z')).body)).toEqual(['EV-0003']);
    expect(ids((await items('incidents', '?datetime=2026-03-15')).body)).toEqual(['EV-0003']);
    expect(ids((await items('fire-hazards', '?datetime=2026-02-01T00:00:00Z/..')).body)).toEqual(['FH-0002']);
    expect((await items('cameras', '?datetime=2026-01-15T00:00:00Z/..')).body.numberMatched).toBe(GENERATED_CAMERAS);
  });

  it('returns one feature, or 404 FEATURE_NOT_FOUND', async () => {
    const r = await get(`${ogc}/collections/cameras/items/41050000001310000003`);
    expect(r.status).toBe(200);
    expect(r.type).toContain('application/geo+json');
    check(r.text);
    expect(r.body).toMatchObject({ type: 'Feature', id: '41050000001310000003', properties: { name: '瓦图边缘' } });
    for (const id of ['nope', encodeURIComponent('摄像机'), 'x'.repeat(300)]) {
      const miss = await get(`${ogc}/collections/cameras/items/${id}`);
      expect(miss.status).toBe(404);
      expect(miss.body.error.code).toBe('FEATURE_NOT_FOUND');
    }
    expect((await get(`${ogc}/collections/cameras/items/%00`)).status).toBe(400); // INVALID_PATH
  });
});

describe('OGC API - Features: bad input is a 4xx with a code, never a 500', () => {
  const cases: [string, string, string][] = [
    ['cameras', '?bbox=1,2,3', 'INVALID_BBOX'],
    ['cameras', '?bbox=a,b,c,d', 'INVALID_BBOX'],
    ['cameras', '?bbox=0,95,1,96', 'INVALID_BBOX'],
    ['cameras', '?bbox=0,10,1,5', 'INVALID_BBOX'],
    ['cameras', '?bbox=1,2,3,4&bbox=1,2,3,4', 'INVALID_PARAMETER'],
    ['cameras', '?limit=abc', 'INVALID_LIMIT'],
    ['cameras', '?limit=0', 'INVALID_LIMIT'],
    ['cameras', '?limit=10001', 'INVALID_LIMIT'],
    ['cameras', '?limit=1e9', 'INVALID_LIMIT'],
    ['cameras', '?limit=-1', 'INVALID_LIMIT'],
    ['cameras', '?offset=99999999999', 'INVALID_OFFSET'],
    ['cameras', '?offset=1.5', 'INVALID_OFFSET'],
    ['cameras', '?status=on', 'INVALID_FILTER'],
    ['cameras', '?status=', 'INVALID_FILTER'],
    ['cameras', '?status=%00', 'INVALID_FILTER'],
    ['cameras', '?point_class=one', 'INVALID_FILTER'],
    ['cameras', '?point_class=99999999999999999999', 'INVALID_FILTER'],
    ['checkpoints', '?staffed=yes', 'INVALID_FILTER'],
    ['cameras', '?status[]=x', 'UNKNOWN_PARAMETER'],
    ['cameras', '?name=x', 'UNKNOWN_PARAMETER'],
    ['cameras', `?${encodeURIComponent('状态')}=ON`, 'UNKNOWN_PARAMETER'],
    ['cameras', '?datetime=yesterday', 'INVALID_DATETIME'],
    ['cameras', '?datetime=2026-02-30', 'INVALID_DATETIME'],
    ['cameras', '?datetime=2026-03-02T00:00:00Z/2026-03-01T00:00:00Z', 'INVALID_DATETIME'],
    ['cameras', '?datetime=../..', 'INVALID_DATETIME'],
    // Regression (issue 9 §6): PostgreSQL has no year 0; these answered 500.
    ['incidents', '?datetime=0000-01-01T00:00:00Z', 'INVALID_DATETIME'],
    ['incidents', '?datetime=0001-01-01T00:00:00%2B08:00/..', 'INVALID_DATETIME'],
    ['districts', '?datetime=2026-03-01', 'INVALID_DATETIME'],
    ['cameras', '?f=html', 'INVALID_PARAMETER'],
  ];
  it.each(cases)('%s%s → 400 %s', async (collection, query, code) => {
    const r = await items(collection, query);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
  });

  it('accepts the limits themselves and f=json', async () => {
    for (const q of ['?limit=10000', '?limit=1', '?offset=10000000', '?f=json', '?bbox=-180,-90,180,90', '?bbox=114,36,0,114.5,36.5,100']) {
      expect((await items('cameras', q)).status, q).toBe(200);
    }
  });

  it('survives odd encodings', async () => {
    for (const q of ['?status=%FF', '?%FF=1', '?bbox=%E2%80%8B1,2,3,4', `?district_code=${'9'.repeat(500)}`]) {
      const r = await items('cameras', q);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toMatch(/^[A-Z_]+$/);
    }
  });
});
