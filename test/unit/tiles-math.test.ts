import { describe, expect, it } from 'vitest';
import {
  MERCATOR_HALF, isBboxError, tileEdgeLat, tileEdgeLng, isTileError, lngLatToMercator, mercatorToLngLat, parseBbox, parseTileCoord,
  splitAntimeridian, tileBoundsMercator, tileForLngLat,
} from '../../server/domain/geo/bbox.ts';
import { tileMode } from '../../server/db/tiles/tiles-sql.ts';
import { COLLECTIONS } from '../../server/protocol/collections.ts';

describe('parseTileCoord', () => {
  it('accepts z 0..22 with x and y inside the zoom', () => {
    expect(parseTileCoord('0', '0', '0')).toEqual({ z: 0, x: 0, y: 0 });
    expect(parseTileCoord('22', String(2 ** 22 - 1), '0')).toEqual({ z: 22, x: 2 ** 22 - 1, y: 0 });
  });
  it.each([['23', '0', '0'], ['1', '2', '0'], ['1', '0', '2'], ['-1', '0', '0'], ['1.0', '0', '0'], ['', '0', '0'], ['1e1', '0', '0'], ['99999999999', '0', '0']])(
    'rejects %s/%s/%s',
    (z, x, y) => expect(isTileError(parseTileCoord(z, x, y))).toBe(true),
  );
});

describe('tile maths', () => {
  it('matches ST_TileEnvelope for the world and a quadrant', () => {
    expect(tileBoundsMercator({ z: 0, x: 0, y: 0 })).toEqual([-MERCATOR_HALF, -MERCATOR_HALF, MERCATOR_HALF, MERCATOR_HALF]);
    expect(tileBoundsMercator({ z: 1, x: 1, y: 0 })).toEqual([0, 0, MERCATOR_HALF, MERCATOR_HALF]);
  });
  it('round-trips lng/lat through Web Mercator', () => {
    const [x, y] = lngLatToMercator(114.35, 36.1);
    const [lng, lat] = mercatorToLngLat(x, y);
    expect(lng).toBeCloseTo(114.35, 10);
    expect(lat).toBeCloseTo(36.1, 10);
  });
  it('finds the tile of a point, the left edge belonging to the right tile', () => {
    expect(tileForLngLat(114.35, 36.1, 14)).toEqual({ z: 14, x: 13396, y: 6428 });
    expect(tileForLngLat((13396 / 2 ** 14) * 360 - 180, 36.09, 14).x).toBe(13396);
    expect(tileForLngLat(180, -90, 3)).toEqual({ z: 3, x: 7, y: 7 });
  });
  it('gives tile edges that agree with the Mercator bounds and are exact at shared edges', () => {
    const [x1, y1, x2, y2] = tileBoundsMercator({ z: 14, x: 13396, y: 6428 });
    expect(tileEdgeLng(13396, 14)).toBeCloseTo(mercatorToLngLat(x1, 0)[0], 9);
    expect(tileEdgeLng(13397, 14)).toBeCloseTo(mercatorToLngLat(x2, 0)[0], 9);
    expect(tileEdgeLat(6428, 14)).toBeCloseTo(mercatorToLngLat(0, y2)[1], 9);
    expect(tileEdgeLat(6429, 14)).toBeCloseTo(mercatorToLngLat(0, y1)[1], 9);
    // A bin edge at zoom z+5 is the very same number as the tile edge it coincides with.
    expect(tileEdgeLat(6429 * 32, 19)).toBe(tileEdgeLat(6429, 14));
    expect(tileEdgeLat(0, 0)).toBeCloseTo(85.0511287798, 9);
  });

  it('aggregates points below minZoom and leaves polygon layers empty there', () => {
    expect(tileMode(COLLECTIONS.cameras, 10)).toBe('bins');
    expect(tileMode(COLLECTIONS.cameras, 11)).toBe('features');
    expect(tileMode(COLLECTIONS.grids, 9)).toBe('empty');
    expect(tileMode(COLLECTIONS.units, 0)).toBe('features');
  });
});

describe('parseBbox', () => {
  it('reads 4 numbers, or 6 with heights dropped', () => {
    expect(parseBbox('114.3, 36.0, 114.4, 36.1')).toEqual([114.3, 36.0, 114.4, 36.1]);
    expect(parseBbox('114.3,36.0,0,114.4,36.1,100')).toEqual([114.3, 36.0, 114.4, 36.1]);
  });
  it.each(['1,2,3', '1,2,3,4,5', 'a,b,c,d', '1,2,3,', '0,10,1,5', '-181,0,0,1', '0,-91,1,1', '1,2,3,0x10'])('rejects %j', (text) => {
    expect(isBboxError(parseBbox(text))).toBe(true);
  });
  it('splits a box across the antimeridian', () => {
    expect(splitAntimeridian([170, 0, -170, 10])).toEqual([[170, 0, 180, 10], [-180, 0, -170, 10]]);
    expect(splitAntimeridian([1, 2, 3, 4])).toEqual([[1, 2, 3, 4]]);
  });
});
