/** The pure rules of a written geometry (server/domain/geo/geometry-rules.ts; issue 9 §2). */
import { describe, expect, it } from 'vitest';
import { checkGeometry, GEOMETRY_LIMITS, validityProblem, type GeometryReason } from '../../server/domain/geo/geometry-rules.ts';

const square = (x = 114.38, y = 36.09, d = 0.01) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
const polygon = (ring: unknown[] = square()) => ({ type: 'Polygon', coordinates: [ring] });
const reasonOf = (input: unknown, declared: 'Point' | 'MultiPolygon' = 'MultiPolygon') => {
  const r = checkGeometry(input, declared);
  return r.ok ? 'ok' : r.problem.reason;
};

describe('checkGeometry accepts', () => {
  it('a Point on a point layer, and a Polygon or MultiPolygon on a polygon layer, rebuilt without foreign members', () => {
    expect(checkGeometry({ type: 'Point', coordinates: [114.39, 36.1], crs: { type: 'name' } }, 'Point')).toEqual({
      ok: true, geometry: { type: 'Point', coordinates: [114.39, 36.1] }, positions: 1,
    });
    const p = checkGeometry({ ...polygon(), bbox: [0, 0, 1, 1] }, 'MultiPolygon');
    expect(p).toEqual({ ok: true, geometry: polygon(), positions: 5 });
    expect(reasonOf({ type: 'MultiPolygon', coordinates: [[square()], [square(114.5, 36.2)]] })).toBe('ok');
  });

  it('a polygon with a hole, and positions up to the margin beyond the city bounds', () => {
    expect(reasonOf({ type: 'Polygon', coordinates: [square(114.3, 36.0, 0.1), square(114.32, 36.02, 0.01)] })).toBe('ok');
    const [minLng, minLat] = GEOMETRY_LIMITS.bounds;
    expect(reasonOf({ type: 'Point', coordinates: [minLng - GEOMETRY_LIMITS.marginDeg + 0.001, minLat] }, 'Point')).toBe('ok');
  });
});

describe('checkGeometry refuses, naming the reason', () => {
  const cases: Array<[string, unknown, GeometryReason, ('Point' | 'MultiPolygon')?]> = [
    ['null', null, 'NOT_AN_OBJECT'],
    ['an array', [114, 36], 'NOT_AN_OBJECT'],
    ['a string', 'POINT(114 36)', 'NOT_AN_OBJECT'],
    ['no type', { coordinates: [114, 36] }, 'UNKNOWN_TYPE'],
    ['a Feature as geometry', { type: 'Feature', geometry: polygon() }, 'UNKNOWN_TYPE'],
    ['a made-up type', { type: 'Circle', coordinates: [114, 36] }, 'UNKNOWN_TYPE'],
    ['a Polygon on a point layer', polygon(), 'WRONG_TYPE', 'Point'],
    ['a Point on a polygon layer', { type: 'Point', coordinates: [114.39, 36.1] }, 'WRONG_TYPE'],
    ['a LineString', { type: 'LineString', coordinates: [[114, 36], [114.1, 36.1]] }, 'WRONG_TYPE'],
    ['a GeometryCollection', { type: 'GeometryCollection', geometries: [polygon()] }, 'WRONG_TYPE'],
    ['no coordinates', { type: 'Polygon' }, 'BAD_COORDINATES'],
    ['coordinates as an object', { type: 'Polygon', coordinates: { 0: square() } }, 'BAD_COORDINATES'],
    ['a ring that is a number', { type: 'Polygon', coordinates: [7] }, 'BAD_COORDINATES'],
    ['an empty Polygon', { type: 'Polygon', coordinates: [] }, 'EMPTY'],
    ['an empty MultiPolygon', { type: 'MultiPolygon', coordinates: [] }, 'EMPTY'],
    ['a MultiPolygon with an empty polygon', { type: 'MultiPolygon', coordinates: [[]] }, 'EMPTY'],
    ['an empty Point', { type: 'Point', coordinates: [] }, 'EMPTY', 'Point'],
    ['an empty ring', { type: 'Polygon', coordinates: [[]] }, 'RING_TOO_SHORT'],
    ['a 3-position ring', polygon([[114.38, 36.09], [114.39, 36.09], [114.38, 36.09]]), 'RING_TOO_SHORT'],
    ['an unclosed ring', polygon(square().slice(0, 4).concat([[114.38, 36.095]])), 'RING_NOT_CLOSED'],
    ['an unclosed 4-position ring', polygon(square().slice(0, 4)), 'RING_NOT_CLOSED'],
    ['a position with altitude', { type: 'Point', coordinates: [114.39, 36.1, 80] }, 'BAD_POSITION', 'Point'],
    ['a string coordinate', { type: 'Point', coordinates: ['114.39', 36.1] }, 'BAD_POSITION', 'Point'],
    ['nested garbage', { type: 'Polygon', coordinates: [[[[[114.38]]], [[36.09]], {}, null, [true, false]]] }, 'BAD_POSITION'],
    ['NaN', { type: 'Point', coordinates: [Number.NaN, 36.1] }, 'NOT_FINITE', 'Point'],
    ['Infinity (JSON 1e309)', { type: 'Point', coordinates: [JSON.parse('1e309') as number, 36.1] }, 'NOT_FINITE', 'Point'],
    ['1e308', { type: 'Point', coordinates: [1e308, 36.1] }, 'OUT_OF_RANGE', 'Point'],
    ['latitude 91', polygon([[114, 36], [114.1, 36], [114.1, 91], [114, 36]]), 'OUT_OF_RANGE'],
    ['the whole world', polygon([[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]), 'OUTSIDE_CITY'],
    ['Beijing', { type: 'Point', coordinates: [116.4, 39.9] }, 'OUTSIDE_CITY', 'Point'],
    ['null island', { type: 'Point', coordinates: [0, 0] }, 'OUTSIDE_CITY', 'Point'],
  ];
  it.each(cases)('%s → %s', (_name, input, reason, declared) => {
    expect(reasonOf(input, declared ?? 'MultiPolygon')).toBe(reason);
  });

  it('says where: the path of the bad position and human words', () => {
    const r = checkGeometry({ type: 'MultiPolygon', coordinates: [[square()], [square().slice(0, 4)]] }, 'MultiPolygon');
    expect(r).toMatchObject({ ok: false, problem: { reason: 'RING_NOT_CLOSED', path: 'coordinates.1.0' } });
    expect(!r.ok && r.problem.message).toMatch(/^Invalid geometry: a ring does not end where it starts \(at coordinates\.1\.0: starts at \[114\.38, 36\.09\], ends at/);
  });

  it('stops at the position limit (100,000 vertices) without walking them all', () => {
    const ring = Array.from({ length: 100_000 }, (_, i) => [114.3 + (i % 1000) / 1e4, 36 + Math.floor(i / 1000) / 1e4]);
    ring.push(ring[0]!);
    expect(reasonOf(polygon(ring))).toBe('TOO_MANY_POSITIONS');
    const many = { type: 'MultiPolygon', coordinates: Array.from({ length: 3_000 }, () => [square()]) };
    expect(reasonOf(many)).toBe('TOO_MANY_POSITIONS');
  });

  it('refuses more bytes than allowed even under the position limit', () => {
    const limits = { ...GEOMETRY_LIMITS, maxBytes: 200 };
    const digits = (x: number) => x + 1.234567890123e-9;
    const ring = square().map(([x, y]) => [digits(x!), digits(y!)]);
    ring[4] = ring[0]!;
    const r = checkGeometry(polygon(ring), 'MultiPolygon', limits);
    expect(r.ok ? 'ok' : r.problem.reason).toBe('TOO_LARGE');
  });
});

describe('validityProblem', () => {
  it('reads ST_IsValidReason: self-intersections with their place, everything else as NOT_VALID', () => {
    expect(validityProblem('Self-intersection[114.385 36.095]')).toMatchObject({ reason: 'SELF_INTERSECTION', location: [114.385, 36.095] });
    expect(validityProblem('Ring Self-intersection[114.38 36.09]').reason).toBe('SELF_INTERSECTION');
    expect(validityProblem('Too few points in geometry component[114.38 36.09]')).toMatchObject({ reason: 'NOT_VALID', location: [114.38, 36.09] });
    const holeOutside = validityProblem('Hole lies outside shell[114.5 36.2]');
    expect(holeOutside.message).toBe('Invalid geometry: the geometry is not valid per OGC Simple Features (Hole lies outside shell at [114.5, 36.2])');
    expect(validityProblem('IllegalArgumentException: Points of LinearRing do not form a closed linestring')).toMatchObject({ reason: 'NOT_VALID' });
  });
});
