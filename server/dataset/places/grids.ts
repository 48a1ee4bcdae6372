/**
 * Grids (Art. 13): comprehensive grids partition each community — urban ones sized by the household
 * rule (300-500 households, ≤ 2,500 people), rural ones one per natural village — and dedicated grids
 * overlay key places. Codes: 12-digit community code + 3-digit sequence in reading order (rows north →
 * south, west → east within a row). Households and population are GENERATED, totalling the city's.
 */
import type { AdminPlan, CommunityPlan } from './admin.ts';
import { GRID_RULES, HOUSEHOLDS, TOTAL_HOUSEHOLDS, TOTAL_POPULATION } from '../core/constants.ts';
import type { LngLat } from '../core/geo.ts';
import { createRng, type Rng } from '../core/prng.ts';
import { inDisc, nearestNeighbourDistances, placeSites } from './sites.ts';

export type GridType = 'COMPREHENSIVE' | 'DEDICATED';

export interface GridPlan {
  code: string;
  name: string;
  type: GridType;
  communityCode: string;
  streetCode: string;
  districtCode: string;
  /** The Voronoi site (comprehensive) or the key place (dedicated); lies inside the grid. */
  site: LngLat;
  households: number;
  population: number;
  /** Typical half-spacing to neighbouring grid sites (degrees): how far points scatter around the site. */
  radius: number;
  urban: boolean;
  dedicatedTo?: string;
  /** Dedicated grids: radius of the area around the key place (metres). */
  bufferMetres?: number;
}

/** Reading order of sites: rows of equal height from the northernmost site, west → east in a row. */
export function readingOrder(sites: readonly LngLat[]): number[] {
  const n = sites.length;
  if (n === 0) return [];
  const lats = sites.map((s) => s[1]);
  const top = Math.max(...lats);
  const bottom = Math.min(...lats);
  const rows = Math.max(1, Math.round(Math.sqrt(n)));
  const height = (top - bottom) / rows || 1;
  const row = (s: LngLat) => Math.min(rows - 1, Math.floor((top - s[1]) / height));
  return sites
    .map((s, i) => ({ i, r: row(s), lng: s[0] }))
    .sort((a, b) => a.r - b.r || a.lng - b.lng || a.i - b.i)
    .map((x) => x.i);
}

/** Splits a total into n parts of near-equal size, jittered by pairwise transfers within [lo, hi]. */
export function splitHouseholds(rng: Rng, total: number, n: number, lo: number, hi: number): number[] {
  const parts = Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
  for (let i = 0; i + 1 < n; i += 2) {
    const room = Math.min(hi - Math.max(parts[i]!, parts[i + 1]!), Math.min(parts[i]!, parts[i + 1]!) - lo, 40);
    if (room <= 0) continue;
    const delta = rng.int(-room, room);
    parts[i] = parts[i]! + delta;
    parts[i + 1] = parts[i + 1]! - delta;
  }
  return parts;
}

/** Community households: urban drawn, villages drawn then scaled so the city totals TOTAL_HOUSEHOLDS. */
function communityHouseholds(rng: Rng, communities: readonly CommunityPlan[]): Map<string, number> {
  const raw = communities.map((c) => (c.urban ? rng.int(...HOUSEHOLDS.urbanCommunity) : rng.int(...HOUSEHOLDS.villageRaw)));
  const urbanSum = raw.reduce((s, h, i) => s + (communities[i]!.urban ? h : 0), 0);
  const villageSum = raw.reduce((s, h, i) => s + (communities[i]!.urban ? 0 : h), 0);
  const factor = (TOTAL_HOUSEHOLDS - urbanSum) / villageSum;
  const result = raw.map((h, i) => (communities[i]!.urban ? h : Math.round(h * factor)));
  const lastVillage = communities.map((c) => c.urban).lastIndexOf(false);
  result[lastVillage]! += TOTAL_HOUSEHOLDS - result.reduce((s, h) => s + h, 0);
  return new Map(communities.map((c, i) => [c.code, result[i]!]));
}

function gridCount(rng: Rng, c: CommunityPlan, households: number): number {
  if (!c.urban) return Number(rng.weighted(GRID_RULES.naturalVillages));
  return Math.max(1, Math.ceil(households / GRID_RULES.urbanMaxHouseholds));
}

function gridHouseholds(rng: Rng, c: CommunityPlan, households: number, n: number): number[] {
  if (c.urban) return splitHouseholds(rng, households, n, GRID_RULES.urbanMinHouseholds, GRID_RULES.urbanMaxHouseholds);
  const weights = Array.from({ length: n }, () => rng.range(0.6, 1.4));
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((households * w) / sum));
  parts[0]! += households - parts.reduce((a, b) => a + b, 0);
  return parts;
}

/** Comprehensive grids with provisional codes (`<community>#<i>`), registered in the locator. */
export function planComprehensiveGrids(admin: AdminPlan, seed: number): GridPlan[] {
  const rng = createRng(seed, 'grids');
  const households = communityHouseholds(rng, admin.communities);
  const grids: GridPlan[] = [];
  for (const c of admin.communities) {
    const total = households.get(c.code)!;
    const n = gridCount(rng, c, total);
    const inside = (p: LngLat) => admin.locator.community(p) === c.code;
    const sites = n === 1 ? [c.site] : placeSites(n, { propose: () => inDisc(rng, c.site, c.spacing), accept: inside, candidates: 8 });
    const parts = gridHouseholds(rng, c, total, n);
    const spacing = nearestNeighbourDistances(sites, c.spacing);
    sites.forEach((site, i) => {
      const code = `${c.code}#${i}`;
      admin.locator.add(c.code, code, site);
      const ratio = c.urban ? rng.range(...HOUSEHOLDS.urbanPersonsPerHousehold) : rng.range(2.8, 3.5);
      const population = Math.round(parts[i]! * ratio);
      grids.push({
        code,
        name: '',
        type: 'COMPREHENSIVE',
        communityCode: c.code,
        streetCode: c.streetCode,
        districtCode: c.districtCode,
        site,
        households: parts[i]!,
        population: c.urban ? Math.min(population, GRID_RULES.urbanMaxPopulation) : population,
        radius: Math.max(0.0008, spacing[i]! / 2),
        urban: c.urban,
      });
    });
  }
  scaleRuralPopulation(grids);
  return grids;
}

/** Scales rural population so the city totals TOTAL_POPULATION exactly (urban grids keep their caps). */
function scaleRuralPopulation(grids: GridPlan[]): void {
  const urban = grids.filter((g) => g.urban).reduce((s, g) => s + g.population, 0);
  const rural = grids.filter((g) => !g.urban);
  const ruralSum = rural.reduce((s, g) => s + g.population, 0);
  const factor = (TOTAL_POPULATION - urban) / ruralSum;
  for (const g of rural) g.population = Math.round(g.population * factor);
  const diff = TOTAL_POPULATION - grids.reduce((s, g) => s + g.population, 0);
  rural[rural.length - 1]!.population += diff;
}
