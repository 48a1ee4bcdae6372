/**
 * The coordinate reference systems of OGC API - Features Part 2 that this server offers, by URI, with their
 * axis order, and the conversion of a bbox given in one of them to lng/lat (CRS84, the storage CRS). Pure.
 *
 *  - CRS84 (storage; lng, lat)              http://www.opengis.net/def/crs/OGC/1.3/CRS84
 *  - EPSG:4326 (WGS 84; lat, lng per EPSG)  http://www.opengis.net/def/crs/EPSG/0/4326
 *  - EPSG:4490 (CGCS2000; lat, lng)         http://www.opengis.net/def/crs/EPSG/0/4490
 *  - EPSG:3857 (Web Mercator; x, y metres)  http://www.opengis.net/def/crs/EPSG/0/3857
 *
 * CGCS2000 and WGS 84 differ by centimetres (their ellipsoids differ in the flattening's 10th digit and both
 * frames are ITRF-aligned; EPSG's transformation 4490→4326 is the null transformation), far below the
 * 7-decimal (≈1 cm) precision of the answers, so 4490 coordinates are 4326 coordinates, axis order included.
 */
import { lngLatToMercator, mercatorToLngLat, MERCATOR_HALF, type Bbox } from './bbox.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const EPSG_4326 = 'http://www.opengis.net/def/crs/EPSG/0/4326';
export const EPSG_4490 = 'http://www.opengis.net/def/crs/EPSG/0/4490';
export const EPSG_3857 = 'http://www.opengis.net/def/crs/EPSG/0/3857';

export interface Crs {
  uri: string;
  /** How coordinates are written: lng,lat; lat,lng (EPSG geographic); or projected metres. */
  axes: 'lnglat' | 'latlng' | 'mercator';
  /** Decimals of answers in this CRS (≈1 cm). */
  decimals: number;
}

export const CRS_LIST: readonly Crs[] = [
  { uri: CRS84, axes: 'lnglat', decimals: 7 },
  { uri: EPSG_4326, axes: 'latlng', decimals: 7 },
  { uri: EPSG_4490, axes: 'latlng', decimals: 7 },
  { uri: EPSG_3857, axes: 'mercator', decimals: 2 },
];

const SHORT: Record<string, string> = {
  'EPSG:4326': EPSG_4326,
  'EPSG:4490': EPSG_4490,
  'EPSG:3857': EPSG_3857,
  'OGC:CRS84': CRS84,
  CRS84,
};

/** The CRS a parameter value names (full URI, `[EPSG:4326]` safe-CURIE, or `EPSG:4326`), or undefined. */
export function crsOf(text: string): Crs | undefined {
  const t = text.trim().replace(/^\[(.*)\]$/, '$1');
  const uri = SHORT[t.toUpperCase()] ?? t.replace(/^https:/, 'http:');
  return CRS_LIST.find((c) => c.uri === uri);
}

/** A bbox given in `crs` as a CRS84 [minLng, minLat, maxLng, maxLat]; a reason string when it is not one. */
export function bboxToLngLat(values: readonly number[], crs: Crs): Bbox | string {
  if (values.length !== 4) return 'bbox has 4 numbers (2D)';
  if (!values.every(Number.isFinite)) return 'bbox values are finite numbers';
  let [a, b, c, d] = values as [number, number, number, number];
  if (crs.axes === 'latlng') [a, b, c, d] = [b, a, d, c];
  if (crs.axes === 'mercator') {
    if (a > c || b > d) return 'bbox minimums exceed its maximums';
    const lim = (v: number) => Math.max(-MERCATOR_HALF, Math.min(MERCATOR_HALF, v));
    const [lng1, lat1] = mercatorToLngLat(lim(a), lim(b));
    const [lng2, lat2] = mercatorToLngLat(lim(c), lim(d));
    return [lng1, lat1, lng2, lat2];
  }
  if (b > d) return 'bbox minimum latitude exceeds its maximum';
  if (a < -180 || c > 180 || a > 180 || c < -180 || b < -90 || d > 90) return 'bbox is outside -180..180, -90..90';
  return [a, b, c, d];
}

/** A lng/lat position in `crs` (used for extents and tests). */
export function fromLngLat(lng: number, lat: number, crs: Crs): [number, number] {
  if (crs.axes === 'latlng') return [lat, lng];
  if (crs.axes === 'mercator') return lngLatToMercator(lng, lat);
  return [lng, lat];
}
