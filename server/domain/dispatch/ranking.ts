/**
 * Ranking units for an incident (issue 11 "Recommendation"). Pure.
 *
 * Candidates come from a KNN query per capable unit type (nearest first by planar degrees, which the GiST index
 * orders by). Within one type the ETA grows with the distance, so the best `limit` of each type, merged, are the
 * best `limit` overall — provided each type's KNN fetched enough: `knnIsComplete` proves it with a lower bound of
 * the true distance of every unit the KNN did not return. Then the legs (router or estimate) order the merged list
 * by ETA; ties by distance, then id, so the order is total and repeatable.
 */
import { EARTH_RADIUS_M } from './geodesy.ts';
import type { RouteLeg } from './router.ts';

/** Candidates to fetch per type for a wanted `limit` (the extra ones usually make the bound hold at once). */
export const candidatesPerType = (limit: number): number => limit * 2 + 3;


/**
 * A lower bound of the true distance (metres) of any point whose planar distance from `origin` (in degrees of
 * EPSG:4326) is at least `planarDeg`: along a segment of planar length d, |latitude| never exceeds |lat0| + d, and a
 * degree of longitude shrinks with cos(latitude). The 0.99 covers spheroid vs sphere (< 0.5 %).
 */
export function planarLowerBoundMeters(planarDeg: number, originLat: number): number {
  const maxLat = Math.min(89, Math.abs(originLat) + planarDeg);
  return 0.99 * EARTH_RADIUS_M * (planarDeg * Math.PI / 180) * Math.cos((maxLat * Math.PI) / 180);
}

export interface KnnRow {
  /** Planar distance in degrees (the KNN order). */
  planarDeg: number;
  /** True distance in metres. */
  meters: number;
}

/**
 * Whether one type's KNN answer holds its true `limit` nearest: it returned fewer rows than asked (all there are),
 * or the `limit`-th smallest true distance is no more than the lower bound of every unit beyond the last row.
 */
export function knnIsComplete(rows: readonly KnnRow[], asked: number, limit: number, originLat: number): boolean {
  if (rows.length < asked) return true;
  if (limit <= 0) return true;
  const sorted = rows.map((r) => r.meters).sort((a, b) => a - b);
  const kth = sorted[Math.min(limit, sorted.length) - 1]!;
  const lastPlanar = Math.max(...rows.map((r) => r.planarDeg));
  return kth <= planarLowerBoundMeters(lastPlanar, originLat);
}

export interface Ranked<T> {
  item: T;
  leg: RouteLeg;
}

export interface RankInput {
  /** The unit's id (the last tie-break). */
  id: string;
  /** Straight-line metres. */
  meters: number;
}

/** Orders by ETA, then straight distance, then id; keeps the first `limit`. The items are kept as they are (no copies). */
export function rankByEta<T extends RankInput>(items: readonly T[], legs: readonly RouteLeg[], limit: number): Ranked<T>[] {
  return items
    .map((item, i) => ({ item, leg: legs[i]! }))
    .sort((a, b) => a.leg.etaSeconds - b.leg.etaSeconds || a.item.meters - b.item.meters || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0))
    .slice(0, Math.max(0, limit));
}
