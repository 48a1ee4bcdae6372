/**
 * Bounding boxes and Web Mercator tile maths. Pure: no I/O.
 * Units are in the names: lng/lat in degrees (EPSG:4326 / CRS84 axis order), x/y in metres (EPSG:3857).
 */

import type { Bbox } from '../../protocol/geo.ts';

export type { Bbox };

/** Half the width of the Web Mercator square, metres. */
export const MERCATOR_HALF = 20037508.342789244;

export const MAX_TILE_ZOOM = 22;

export type BboxError = { reason: string };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses an OGC `bbox` value: 4 numbers (or 6 with heights, which are ignored) separated by commas.
 * Returns the box or the reason it is invalid.
 */
export function parseBbox(text: string): Bbox | BboxError {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length !== 4 && parts.length !== 6) {
    return { reason: `bbox needs 4 numbers (minLng,minLat,maxLng,maxLat), got ${parts.length}` };
  }
  if (!parts.every((s) => NUMBER.test(s))) return { reason: 'bbox values must be decimal numbers' };
  const n = parts.map(Number);
  const [minLng, minLat, maxLng, maxLat] = parts.length === 6 ? [n[0]!, n[1]!, n[3]!, n[4]!] : [n[0]!, n[1]!, n[2]!, n[3]!];
  if (![minLng, maxLng].every((v) => v >= -180 && v <= 180)) return { reason: 'bbox longitudes must be within [-180, 180]' };
  if (![minLat, maxLat].every((v) => v >= -90 && v <= 90)) return { reason: 'bbox latitudes must be within [-90, 90]' };
  if (minLat > maxLat) return { reason: 'bbox minLat must not exceed maxLat' };
  return [minLng, minLat, maxLng, maxLat];
}

export function isBboxError(v: Bbox | BboxError): v is BboxError {
  return !Array.isArray(v);
}

/** Splits a box that crosses the antimeridian into two that do not. */
export function splitAntimeridian(b: Bbox): Bbox[] {
  if (b[0] <= b[2]) return [b];
  return [
    [b[0], b[1], 180, b[3]],
    [-180, b[1], b[2], b[3]],
  ];
}

export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

export type TileError = { reason: string };

const INTEGER = /^\d{1,8}$/;

/** Validates z/x/y path segments: z in 0..22, x and y in 0..2^z-1. */
export function parseTileCoord(z: string, x: string, y: string): TileCoord | TileError {
  if (!INTEGER.test(z) || !INTEGER.test(x) || !INTEGER.test(y)) return { reason: 'z, x and y must be non-negative integers' };
  const tz = Number(z);
  if (tz > MAX_TILE_ZOOM) return { reason: `z must be within 0..${MAX_TILE_ZOOM}` };
  const n = 2 ** tz;
  const tx = Number(x);
  const ty = Number(y);
  if (tx >= n || ty >= n) return { reason: `x and y must be within 0..${n - 1} at zoom ${tz}` };
  return { z: tz, x: tx, y: ty };
}

export function isTileError(v: TileCoord | TileError): v is TileError {
  return 'reason' in v;
}

/** The tile's square in EPSG:3857 metres: [minX, minY, maxX, maxY]. Same as PostGIS ST_TileEnvelope. */
export function tileBoundsMercator({ z, x, y }: TileCoord): [number, number, number, number] {
  const size = (2 * MERCATOR_HALF) / 2 ** z;
  const minX = -MERCATOR_HALF + x * size;
  const maxY = MERCATOR_HALF - y * size;
  return [minX, maxY - size, minX + size, maxY];
}

/** The width of one tile in metres at zoom z. */
export function tileSizeMetres(z: number): number {
  return (2 * MERCATOR_HALF) / 2 ** z;
}

/** Longitude/latitude of a Web Mercator point. */
export function mercatorToLngLat(x: number, y: number): [number, number] {
  const lng = (x / MERCATOR_HALF) * 180;
  const lat = (Math.atan(Math.exp((y / MERCATOR_HALF) * Math.PI)) * 360) / Math.PI - 90;
  return [lng, lat];
}

/** Web Mercator metres of a longitude/latitude (latitude clamped to the Mercator square). */
export function lngLatToMercator(lng: number, lat: number): [number, number] {
  const clamped = Math.max(-85.05112878, Math.min(85.05112878, lat));
  const x = (lng / 180) * MERCATOR_HALF;
  const y = (Math.log(Math.tan(((90 + clamped) * Math.PI) / 360)) / Math.PI) * MERCATOR_HALF;
  return [x, y];
}

/** The tile containing a point at zoom z. */
export function tileForLngLat(lng: number, lat: number, z: number): TileCoord {
  const [mx, my] = lngLatToMercator(lng, lat);
  const n = 2 ** z;
  const size = (2 * MERCATOR_HALF) / n;
  const x = Math.min(n - 1, Math.max(0, Math.floor((mx + MERCATOR_HALF) / size)));
  const y = Math.min(n - 1, Math.max(0, Math.floor((MERCATOR_HALF - my) / size)));
  return { z, x, y };
}

/** Longitude of the west edge of tile column x at zoom z (x may be 2^z: the east edge of the world). */
export function tileEdgeLng(x: number, z: number): number {
  return (x / 2 ** z) * 360 - 180;
}

/** Latitude of the north edge of tile row y at zoom z (y may be 2^z: the south edge of the world). */
export function tileEdgeLat(y: number, z: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;
}
