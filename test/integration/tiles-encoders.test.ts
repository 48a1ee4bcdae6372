/**
 * The two tile encoders must return equivalent tiles: run both on the same PostGIS database (the JS one is
 * what embedded PGlite uses) and compare decoded features for several tiles of every collection.
 * PostGIS only: ST_AsMVT does not exist in embedded PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_IDS, COLLECTIONS, type CollectionDef } from '../../server/protocol/collections.ts';
import { tileForLngLat, type TileCoord } from '../../server/domain/geo/bbox.ts';
import { postgisTileEncoder } from '../../server/db/tiles/tile-encoder-postgis.ts';
import { jsTileEncoder } from '../../server/db/tiles/tile-encoder-js.ts';
import { LAYER_SOURCES } from '../../server/db/features/layer-sources.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { loadOgcFixtures } from './ogc-fixtures.ts';
import { decodeTile, ringArea, type DecodedFeature } from './tiles-decode.ts';

const postgis = Boolean(process.env.TEST_DATABASE_URL);
let t: TestDatabase;

beforeAll(async () => {
  if (!postgis) return;
  t = await openTestDatabase();
  await loadOgcFixtures(t.db);
});
afterAll(async () => t?.dispose());

/** Tiles at several zooms (aggregated ones included) around every fixture feature of a collection. */
async function tilesFor(def: CollectionDef): Promise<TileCoord[]> {
  const source = LAYER_SOURCES[def.id];
  const { rows } = await t.db.query<{ lng: number; lat: number }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM ${source.relation}${source.where ? ` WHERE ${source.where}` : ''}) s`,
  );
  const zooms = [def.minZoom - 3, def.minZoom, 12, 14, 16].filter((z) => z >= 0);
  const seen = new Map<string, TileCoord>();
  for (const r of rows) for (const z of zooms) {
    const c = tileForLngLat(r.lng, r.lat, z);
    seen.set(`${c.z}/${c.x}/${c.y}`, c);
  }
  return [...seen.values()];
}

const keyOf = (def: CollectionDef, f: DecodedFeature) => String(f.properties[def.idProperty] ?? `cell:${f.id}`);

function bboxOf(f: DecodedFeature): number[] {
  const pts = f.rings.flat();
  return [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))];
}

function expectSameGeometry(where: string, a: DecodedFeature, b: DecodedFeature): void {
  expect(b.type, where).toBe(a.type);
  if (a.type === 1) {
    expect(b.rings.flat().length, where).toBe(a.rings.flat().length);
    a.rings.flat().forEach((p, i) => {
      const q = b.rings.flat()[i]!;
      expect(Math.abs(p[0] - q[0]) + Math.abs(p[1] - q[1]), where).toBeLessThanOrEqual(2);
    });
    return;
  }
  // Polygons: same extent within a pixel (16 units of a 256-px tile) and the same area within 1 %.
  bboxOf(a).forEach((v, i) => expect(Math.abs(v - bboxOf(b)[i]!), where).toBeLessThanOrEqual(16));
  const area = (f: DecodedFeature) => f.rings.reduce((s, r) => s + ringArea(r), 0);
  expect(Math.abs(area(a) - area(b)), where).toBeLessThanOrEqual(Math.max(256, Math.abs(area(a)) * 0.01));
  expect(ringArea(b.rings[0]!), where).toBeGreaterThan(0);
}

describe.skipIf(!postgis)('tile encoders agree (PostGIS only: embedded PGlite has no ST_AsMVT)', () => {
  it.each([...COLLECTION_IDS])('%s: ST_AsMVT and the JS encoder give the same features', async (id) => {
    const def = COLLECTIONS[id];
    const a = postgisTileEncoder(t.db);
    const b = jsTileEncoder(t.db);
    const tiles = await tilesFor(def);
    expect(tiles.length).toBeGreaterThan(0);
    let compared = 0;
    for (const tile of tiles) {
      const where = `${id} ${tile.z}/${tile.x}/${tile.y}`;
      const [ta, tb] = await Promise.all([a.encode({ def, tile, filters: [] }), b.encode({ def, tile, filters: [] })]);
      expect(tb.length === 0, where).toBe(ta.length === 0);
      if (ta.length === 0) continue;
      const la = decodeTile(ta)[id]!;
      const lb = decodeTile(tb)[id]!;
      expect(Object.keys(decodeTile(tb)), where).toEqual([id]);
      expect(lb.extent, where).toBe(la.extent);
      const fa = [...la.features].sort((x, y) => keyOf(def, x).localeCompare(keyOf(def, y)));
      const fb = [...lb.features].sort((x, y) => keyOf(def, x).localeCompare(keyOf(def, y)));
      expect(fb.map((f) => keyOf(def, f)), where).toEqual(fa.map((f) => keyOf(def, f)));
      fa.forEach((f, i) => {
        expect(fb[i]!.properties, where).toEqual(f.properties);
        expect(fb[i]!.id, where).toBe(f.id);
        expectSameGeometry(`${where} ${keyOf(def, f)}`, f, fb[i]!);
      });
      compared += fa.length;
    }
    expect(compared).toBeGreaterThan(0);
  });
});
