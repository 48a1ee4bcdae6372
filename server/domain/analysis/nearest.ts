/**
 * Nearest-target search on the sphere for many origins (grid centres → units): targets are bucketed in a
 * 0.05° lattice and each origin searches rings of buckets outwards until no unvisited bucket can hold a nearer
 * target. Distances are haversine metres. Travel minutes = metres × road circuity ÷ speed. Pure.
 */
import { EARTH_RADIUS_M } from './hex-lattice.ts';
import { ROAD_CIRCUITY } from './model-config.ts';

export interface Target {
  id: string;
  lng: number;
  lat: number;
}

const RAD = Math.PI / 180;
const BUCKET_DEG = 0.05;
/** Metres of one bucket step, conservative (the shorter, east-west side at 60° latitude). */
const BUCKET_MIN_M = BUCKET_DEG * RAD * EARTH_RADIUS_M * Math.cos(60 * RAD);

export function haversine(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export interface Nearest {
  id: string;
  metres: number;
}

export class NearestIndex {
  private readonly buckets = new Map<number, Target[]>();
  private readonly maxRing: number;

  constructor(readonly targets: readonly Target[]) {
    let minI = Infinity, maxI = -Infinity, minJ = Infinity, maxJ = -Infinity;
    for (const t of targets) {
      const i = Math.floor(t.lng / BUCKET_DEG);
      const j = Math.floor(t.lat / BUCKET_DEG);
      const key = i * 100_000 + j;
      const list = this.buckets.get(key);
      if (list) list.push(t);
      else this.buckets.set(key, [t]);
      minI = Math.min(minI, i); maxI = Math.max(maxI, i); minJ = Math.min(minJ, j); maxJ = Math.max(maxJ, j);
    }
    this.maxRing = targets.length ? Math.max(maxI - minI, maxJ - minJ) + 2 : 0;
  }

  /** The nearest target, or null when there is none. */
  nearest(lng: number, lat: number): Nearest | null {
    if (!this.targets.length) return null;
    const ci = Math.floor(lng / BUCKET_DEG);
    const cj = Math.floor(lat / BUCKET_DEG);
    // The best so far in two locals, not an object per improvement: this runs for every grid of a grading.
    let bestId: string | null = null;
    let bestM = Infinity;
    for (let ring = 0; ring <= this.maxRing + Math.abs(ci) + Math.abs(cj); ring++) {
      // Any target in ring k is at least (k − 1) bucket steps away.
      if (bestId !== null && (ring - 1) * BUCKET_MIN_M > bestM) break;
      for (let i = ci - ring; i <= ci + ring; i++) {
        for (let j = cj - ring; j <= cj + ring; j++) {
          if (Math.max(Math.abs(i - ci), Math.abs(j - cj)) !== ring) continue;
          const bucket = this.buckets.get(i * 100_000 + j);
          if (!bucket) continue;
          for (const t of bucket) {
            const d = haversine(lng, lat, t.lng, t.lat);
            if (bestId === null || d < bestM) {
              bestId = t.id;
              bestM = d;
            }
          }
        }
      }
      if (ring > this.maxRing && bestId !== null) break;
    }
    return bestId === null ? null : { id: bestId, metres: bestM };
  }
}

/** Travel minutes over `metres` of straight line. */
export const travelMinutes = (metres: number, circuity: number, speedKmh: number): number => (metres * circuity) / 1000 / speedKmh * 60;

/** Minutes by road (the model's ROAD_CIRCUITY) to a nearest unit found by NearestIndex; null when there is none. */
export const minutesToNearest = (n: Nearest | null, speedKmh: number): number | null => (n ? travelMinutes(n.metres, ROAD_CIRCUITY, speedKmh) : null);
