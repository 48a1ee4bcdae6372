/** What every layer generator shares: the plan, the sampler, the clock, the gazetteer. */
import type { AdminPlan } from '../places/admin.ts';
import type { GridPlan } from '../places/grids.ts';
import type { KeyPlace } from '../places/key-places.ts';
import type { Place } from './locator.ts';
import { address } from './names.ts';
import type { Rng } from './prng.ts';
import type { PointSampler } from './sampling.ts';

export interface GenContext {
  seed: number;
  scale: number;
  /** The load time: incident history ends here, ages and statuses are relative to it. */
  now: Date;
  admin: AdminPlan;
  /** All grids with final codes (comprehensive and dedicated). */
  grids: readonly GridPlan[];
  sampler: PointSampler;
  /** Code → name for every admin unit. */
  names: ReadonlyMap<string, string>;
  urbanCommunities: ReadonlySet<string>;
  keyPlaces: readonly KeyPlace[];
}

/** A generated row: column name → value; point rows also carry lng/lat (EPSG:4326). */
export type Row = Record<string, string | number | boolean | null | readonly object[]>;

/** Big layers stream [table, row] pairs so scale 10 never holds a whole layer in memory. */
export type RowStream = Generator<readonly [string, Row]>;

/** n × scale, rounded, never below `min` when n > 0. */
export const scaled = (ctx: GenContext, n: number, min = 1) => (n <= 0 ? 0 : Math.max(min, Math.round(n * ctx.scale)));

export function addressOf(ctx: GenContext, rng: Rng, place: Place): string {
  const n = (code: string) => ctx.names.get(code) ?? '';
  return address(rng, n(place.districtCode), n(place.streetCode), n(place.communityCode), ctx.urbanCommunities.has(place.communityCode));
}

/** The columns every located row carries. */
export function placeColumns(place: Place) {
  return {
    district_code: place.districtCode,
    street_code: place.streetCode,
    community_code: place.communityCode,
    grid_code: place.gridCode,
  };
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
