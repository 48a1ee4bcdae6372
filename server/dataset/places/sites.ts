/**
 * Places the sites (Voronoi seeds) of units inside a parent with Mitchell's best-candidate sampling:
 * of k acceptable candidates the one farthest from the sites already placed wins, which spreads cells
 * evenly without a grid look. Pure: the caller gives the proposal and acceptance functions.
 */
import { dist2, type LngLat } from '../core/geo.ts';
import type { Rng } from '../core/prng.ts';

export interface SiteSampler {
  /** A candidate point (may fall outside the parent). */
  propose(): LngLat;
  /** Whether the candidate lies in the parent unit. */
  accept(p: LngLat): boolean;
  /** Candidates compared per site (more = more even). */
  candidates: number;
}

const MAX_TRIES_PER_CANDIDATE = 80;

/** Places `count` new sites, appended after `existing` (which also repel). Throws if the parent is unreachable. */
export function placeSites(count: number, sampler: SiteSampler, existing: LngLat[] = []): LngLat[] {
  const placed: LngLat[] = [];
  const all = [...existing];
  for (let n = 0; n < count; n++) {
    let best: LngLat | null = null;
    let bestScore = -1;
    let found = 0;
    for (let tries = 0; found < sampler.candidates && tries < sampler.candidates * MAX_TRIES_PER_CANDIDATE; tries++) {
      const c = sampler.propose();
      if (!sampler.accept(c)) continue;
      found++;
      let score = Infinity;
      for (const s of all) score = Math.min(score, dist2(c, s));
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    if (!best) throw new Error('no acceptable site found: the parent unit is too small for the sampler');
    placed.push(best);
    all.push(best);
  }
  return placed;
}

/** A uniform point in the disc of radius r (degrees) around c. */
export function inDisc(rng: Rng, c: LngLat, r: number): LngLat {
  const a = rng.next() * 2 * Math.PI;
  const d = r * Math.sqrt(rng.next());
  return [c[0] + d * Math.cos(a), c[1] + d * Math.sin(a)];
}

/** A normal scatter of standard deviation sigma (degrees) around c. */
export function scatter(rng: Rng, c: LngLat, sigma: number): LngLat {
  return [c[0] + rng.normal() * sigma, c[1] + rng.normal() * sigma];
}

/** Distance (degrees) from each site to its nearest other site; `fallback` when alone. */
export function nearestNeighbourDistances(sites: readonly LngLat[], fallback: number): number[] {
  return sites.map((s, i) => {
    let best = Infinity;
    for (let j = 0; j < sites.length; j++) if (j !== i) best = Math.min(best, dist2(s, sites[j]!));
    return best === Infinity ? fallback : Math.sqrt(best);
  });
}
