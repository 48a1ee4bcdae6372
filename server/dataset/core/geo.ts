/**
 * Planar geometry helpers in degrees ([lng, lat], EPSG:4326). The partitions are Voronoi cells built by
 * PostGIS in the same planar degree space, so "nearest seed" here and the SQL cells agree exactly.
 */
export type LngLat = readonly [number, number];
export type Ring = readonly LngLat[];
export type MultiPolygonCoords = readonly (readonly Ring[])[];

/** Metres per degree of latitude; longitude degrees shrink by cos(lat). */
export const METRES_PER_DEG_LAT = 111_320;
export const metresToDegLat = (m: number) => m / METRES_PER_DEG_LAT;
export const metresToDegLng = (m: number, lat: number) => m / (METRES_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180));

export function dist2(a: LngLat, b: LngLat): number {
  const dx = a[0] - b[0];
  const dy = a[1] - b[1];
  return dx * dx + dy * dy;
}

/** Index of the nearest of `sites` to p (planar degrees); ties go to the lower index. */
export function nearestIndex(p: LngLat, sites: readonly LngLat[]): number {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < sites.length; i++) {
    const d = dist2(p, sites[i]!);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

export interface BBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

interface Edge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const STRIPS = 128;

/**
 * Point-in-multipolygon with the edges bucketed into horizontal strips, so one test looks at a few
 * dozen edges instead of thousands (even-odd rule, holes included).
 */
export class PolygonIndex {
  readonly bbox: BBox;
  private readonly strips: Edge[][];
  private readonly stripHeight: number;

  constructor(polygons: MultiPolygonCoords) {
    const edges: Edge[] = [];
    const bbox = { minLng: Infinity, minLat: Infinity, maxLng: -Infinity, maxLat: -Infinity };
    for (const polygon of polygons) {
      for (const ring of polygon) {
        for (let i = 0; i < ring.length - 1; i++) {
          const [x1, y1] = ring[i]!;
          const [x2, y2] = ring[i + 1]!;
          edges.push({ x1, y1, x2, y2 });
          bbox.minLng = Math.min(bbox.minLng, x1);
          bbox.maxLng = Math.max(bbox.maxLng, x1);
          bbox.minLat = Math.min(bbox.minLat, y1);
          bbox.maxLat = Math.max(bbox.maxLat, y1);
        }
      }
    }
    this.bbox = bbox;
    this.stripHeight = (bbox.maxLat - bbox.minLat) / STRIPS || 1;
    this.strips = Array.from({ length: STRIPS }, () => []);
    for (const e of edges) {
      const a = this.stripOf(Math.min(e.y1, e.y2));
      const b = this.stripOf(Math.max(e.y1, e.y2));
      for (let s = a; s <= b; s++) this.strips[s]!.push(e);
    }
  }

  private stripOf(lat: number): number {
    return Math.min(STRIPS - 1, Math.max(0, Math.floor((lat - this.bbox.minLat) / this.stripHeight)));
  }

  contains(p: LngLat): boolean {
    const [x, y] = p;
    const b = this.bbox;
    if (x < b.minLng || x > b.maxLng || y < b.minLat || y > b.maxLat) return false;
    let inside = false;
    for (const e of this.strips[this.stripOf(y)]!) {
      if (e.y1 > y !== e.y2 > y && x < ((e.x2 - e.x1) * (y - e.y1)) / (e.y2 - e.y1) + e.x1) inside = !inside;
    }
    return inside;
  }
}

/** A point at `metres` from `origin` in direction `bearingDeg` (0 = north, clockwise). */
export function offset(origin: LngLat, metres: number, bearingDeg: number): [number, number] {
  const rad = (bearingDeg * Math.PI) / 180;
  return [
    origin[0] + metresToDegLng(metres * Math.sin(rad), origin[1]),
    origin[1] + metresToDegLat(metres * Math.cos(rad)),
  ];
}

/** Rounds a coordinate to 6 decimals (≈0.1 m): stable text in the database and in tests. */
export const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
