/**
 * Bad geometries for the geometry-validity fuzz (test/integration/geometry-fuzz.test.ts; issue 9 §2): named
 * cases a reviewer can read (unclosed, self-crossing, world-sized, NaN, 1e308, 100,000 vertices, wrong types,
 * empty, nested garbage, the OGC validity classes) and seeded fast-check garbage. Every one must be refused.
 * A case is the raw JSON text of the geometry member, so that NaN and 1e309 can be sent as JSON cannot say them.
 */
import fc from 'fast-check';

export interface GeometryCase {
  name: string;
  /** JSON text of the `geometry` member. */
  geometry: string;
}

type P = [number, number];
const X = 114.38;
const Y = 36.09;
const square = (x = X, y = Y, d = 0.01): P[] => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
const poly = (...rings: P[][]) => JSON.stringify({ type: 'Polygon', coordinates: rings });
const multi = (...polygons: P[][][]) => JSON.stringify({ type: 'MultiPolygon', coordinates: polygons });

/** A ring of n positions (closed) on a small circle: valid in shape, too long in count. */
function bigRing(n: number, decimals: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n - 1; i++) {
    const a = (2 * Math.PI * i) / (n - 1);
    parts.push(`[${(X + 0.01 * Math.cos(a)).toFixed(decimals)},${(Y + 0.01 * Math.sin(a)).toFixed(decimals)}]`);
  }
  parts.push(parts[0]!);
  return `{"type":"Polygon","coordinates":[[${parts.join(',')}]]}`;
}

/** Bad geometries for a polygon layer (grids). */
export function polygonCases(): GeometryCase[] {
  const c = (name: string, geometry: string): GeometryCase => ({ name, geometry });
  return [
    c('unclosed ring (the issue reproduction)', poly(square().slice(0, 4))),
    c('unclosed ring of 5', poly([...square().slice(0, 4), [X, Y + 0.005]])),
    c('self-crossing bow tie', poly([[X, Y], [X + 0.01, Y + 0.01], [X + 0.01, Y], [X, Y + 0.01], [X, Y]])),
    c('self-crossing figure eight in a MultiPolygon', multi([[[X, Y], [X + 0.02, Y + 0.01], [X + 0.02, Y], [X, Y + 0.01], [X, Y]]])),
    c('ring touching itself (ring self-intersection)', poly([[X, Y], [X + 0.02, Y], [X + 0.01, Y + 0.01], [X + 0.02, Y + 0.02], [X, Y + 0.02], [X + 0.01, Y + 0.01], [X, Y]])),
    c('spike', poly([[X, Y], [X + 0.01, Y], [X + 0.01, Y + 0.01], [X + 0.01, Y + 0.02], [X + 0.01, Y + 0.01], [X, Y + 0.01], [X, Y]])),
    c('all positions the same', poly([[X, Y], [X, Y], [X, Y], [X, Y]])),
    c('collinear ring (no area)', poly([[X, Y], [X + 0.01, Y], [X + 0.02, Y], [X, Y]])),
    c('hole outside its shell', poly(square(), square(X + 0.1, Y + 0.1, 0.002))),
    c('hole crossing its shell', poly(square(), square(X + 0.005, Y + 0.005, 0.01))),
    c('overlapping MultiPolygon parts', multi([square()], [square(X + 0.005, Y + 0.005)])),
    c('whole world', poly([[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]])),
    c('whole world, counter-clockwise, as MultiPolygon', multi([[[-180, -90], [-180, 90], [180, 90], [180, -90], [-180, -90]]])),
    c('China-sized', poly(square(73, 18, 60))),
    c('Beijing', poly(square(116.3, 39.9))),
    c('one corner far away', poly([[X, Y], [X + 0.01, Y], [120, 40], [X, Y + 0.01], [X, Y]])),
    c('NaN (not JSON)', `{"type":"Polygon","coordinates":[[[NaN,${Y}],[${X + 0.01},${Y}],[${X},${Y + 0.01}],[NaN,${Y}]]]}`),
    c('1e309 (Infinity once parsed)', `{"type":"Polygon","coordinates":[[[1e309,${Y}],[${X + 0.01},${Y}],[${X},${Y + 0.01}],[1e309,${Y}]]]}`),
    c('1e308', poly([[1e308, Y], [X + 0.01, Y], [X, Y + 0.01], [1e308, Y]])),
    c('-1e308 latitude', poly([[X, -1e308], [X + 0.01, Y], [X, Y + 0.01], [X, -1e308]])),
    c('100,000 vertices (compact, under the body limit)', bigRing(100_000, 3)),
    c('100,000 vertices (full precision, over the body limit)', bigRing(100_000, 15)),
    c('10,001 vertices', bigRing(10_001, 5)),
    c('LineString', JSON.stringify({ type: 'LineString', coordinates: square() })),
    c('Point on a polygon layer', JSON.stringify({ type: 'Point', coordinates: [X, Y] })),
    c('GeometryCollection', JSON.stringify({ type: 'GeometryCollection', geometries: [JSON.parse(poly(square()))] })),
    c('Feature instead of a geometry', JSON.stringify({ type: 'Feature', geometry: JSON.parse(poly(square())), properties: {} })),
    c('empty Polygon', poly()),
    c('empty MultiPolygon', multi()),
    c('empty ring', JSON.stringify({ type: 'Polygon', coordinates: [[]] })),
    c('null', 'null'),
    c('a number', '42'),
    c('WKT text', JSON.stringify('POLYGON((114.38 36.09,114.39 36.09,114.39 36.1,114.38 36.09))')),
    c('positions with altitude', JSON.stringify({ type: 'Polygon', coordinates: [square().map(([x, y]) => [x, y, 10])] })),
    c('string coordinates', JSON.stringify({ type: 'Polygon', coordinates: [square().map(([x, y]) => [String(x), String(y)])] })),
    c('nested garbage', JSON.stringify({ type: 'Polygon', coordinates: [[[[[[X]]]], {}, null, [true, Y], [[X, Y]]]] })),
    c('deeply nested arrays', `{"type":"MultiPolygon","coordinates":${'['.repeat(2000)}${']'.repeat(2000)}}`),
    c('coordinates as an object', JSON.stringify({ type: 'Polygon', coordinates: { 0: square() } })),
    c('crs member naming another CRS, outside the city in 4326', JSON.stringify({ type: 'Polygon', crs: { type: 'name', properties: { name: 'EPSG:3857' } }, coordinates: [square(12_733_000, 4_313_000, 1000)] })),
  ];
}

/** Bad geometries for a point layer (incidents, cameras). */
export function pointCases(): GeometryCase[] {
  const c = (name: string, geometry: string): GeometryCase => ({ name, geometry });
  const pt = (coordinates: unknown) => JSON.stringify({ type: 'Point', coordinates });
  return [
    c('NaN (not JSON)', `{"type":"Point","coordinates":[NaN,${Y}]}`),
    c('1e309', `{"type":"Point","coordinates":[1e309,${Y}]}`),
    c('1e308', pt([1e308, Y])),
    c('null island', pt([0, 0])),
    c('outside the city', pt([116.4, 39.9])),
    c('latitude 91', pt([X, 91])),
    c('empty Point', pt([])),
    c('one number', pt([X])),
    c('altitude', pt([X, Y, 100])),
    c('strings', pt([String(X), String(Y)])),
    c('Polygon on a point layer', poly(square())),
    c('MultiPoint', JSON.stringify({ type: 'MultiPoint', coordinates: [[X, Y]] })),
    c('nested garbage', pt([[X, Y]])),
    c('null', 'null'),
  ];
}

const anyNumber = fc.oneof(
  fc.double({ min: 113, max: 115.5, noNaN: true }),
  fc.double({ min: 35, max: 37, noNaN: true }),
  fc.constantFrom(0, -0, 1e308, -1e308, 180.0000001, -90.5, 5e-324),
);
const garbageLeaf = fc.oneof(anyNumber, fc.string({ maxLength: 4 }), fc.constant(null), fc.boolean(), fc.constant({}));
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, garbageLeaf, fc.array(tie('tree'), { maxLength: 6 })),
}));
const positionish = fc.oneof({ weight: 6, arbitrary: fc.tuple(anyNumber, anyNumber) }, { weight: 1, arbitrary: tree });
const ringish = fc.oneof(
  fc.array(positionish, { minLength: 0, maxLength: 7 }),
  fc.array(positionish, { minLength: 3, maxLength: 6 }).map((r) => [...r, r[0]]),
);

/**
 * Seeded garbage geometries: a GeoJSON-looking object with a type (known, wrong or made up) and coordinates
 * of random depth, rings of random positions, numbers near and far from the city. Each must be refused:
 * the seed makes a failure reproducible. (Random rings of random positions are almost never a valid,
 * in-city polygon; the test asks PostGIS, and a valid one is not counted as a failure.)
 */
export function garbageCases(seed: number, n: number, accepted: readonly string[]): GeometryCase[] {
  // Mostly a type the layer takes, so that the coordinates are what is judged.
  const type = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...accepted) },
    { weight: 1, arbitrary: fc.constantFrom('Polygon', 'MultiPolygon', 'Point', 'LineString', 'GeometryCollection', 'polygon', '', 'Polygon ') },
  );
  const coordinates = fc.oneof(tree, fc.array(ringish, { maxLength: 3 }), fc.array(fc.array(ringish, { maxLength: 2 }), { maxLength: 3 }), positionish);
  const geometry = fc.record({ type, coordinates }, { requiredKeys: [] });
  return fc.sample(geometry, { seed, numRuns: n }).map((g, i) => ({ name: `garbage #${i}`, geometry: JSON.stringify(g) }));
}
