/**
 * Where generated points go: population-weighted over comprehensive grids (with an urban boost per
 * layer), around a given place, or along a main-road corridor. Every point is attributed by the locator
 * and resampled until it falls inside Anyang.
 */
import type { AdminPlan } from '../places/admin.ts';
import { CORRIDORS } from './constants.ts';
import { metresToDegLat, metresToDegLng, round6, type LngLat } from './geo.ts';
import type { GridPlan } from '../places/grids.ts';
import type { Place } from './locator.ts';
import { WeightedIndex, type Rng } from './prng.ts';

export interface LocatedPoint {
  lng: number;
  lat: number;
  place: Place;
}

const MAX_TRIES = 200;

export class PointSampler {
  private readonly corridorIndex: WeightedIndex;
  private readonly segments: { a: LngLat; b: LngLat; corridor: string }[] = [];
  private readonly weightCache = new Map<number, WeightedIndex>();

  constructor(
    readonly admin: AdminPlan,
    /** Comprehensive grids with final codes. */
    readonly grids: readonly GridPlan[],
  ) {
    for (const c of CORRIDORS) {
      for (let i = 0; i + 1 < c.path.length; i++) this.segments.push({ a: c.path[i]!, b: c.path[i + 1]!, corridor: c.name });
    }
    this.corridorIndex = new WeightedIndex(this.segments.map((s) => Math.hypot(s.b[0] - s.a[0], s.b[1] - s.a[1])));
  }

  private weights(urbanBoost: number): WeightedIndex {
    let w = this.weightCache.get(urbanBoost);
    if (!w) {
      w = new WeightedIndex(this.grids.map((g) => g.population * (g.urban ? urbanBoost : 1)));
      this.weightCache.set(urbanBoost, w);
    }
    return w;
  }

  /** Attributes p, or null outside Anyang. */
  locate(p: LngLat): LocatedPoint | null {
    // Attribute the stored (rounded) coordinate, so the database and the generator agree.
    const lng = round6(p[0]);
    const lat = round6(p[1]);
    const place = this.admin.locator.locate([lng, lat]);
    return place ? { lng, lat, place } : null;
  }

  private retry(rng: Rng, propose: () => LngLat): LocatedPoint {
    for (let i = 0; i < MAX_TRIES; i++) {
      const hit = this.locate(propose());
      if (hit) return hit;
    }
    throw new Error('could not place a point inside Anyang');
  }

  /** A grid picked by population (urban grids × urbanBoost), then a point scattered around its site. */
  byPopulation(rng: Rng, urbanBoost = 1): LocatedPoint {
    const g = this.grids[this.weights(urbanBoost).pick(rng)]!;
    return this.retry(rng, () => [g.site[0] + rng.normal() * g.radius * 0.7, g.site[1] + rng.normal() * g.radius * 0.7]);
  }

  /** A point scattered (normal, sigma in metres) around centre. */
  around(rng: Rng, centre: LngLat, sigmaMetres: number): LocatedPoint {
    return this.retry(rng, () => [
      centre[0] + rng.normal() * metresToDegLng(sigmaMetres, centre[1]),
      centre[1] + rng.normal() * metresToDegLat(sigmaMetres),
    ]);
  }

  /** A point on a main road (length-weighted), offset up to `lateralMetres` from its line. */
  alongCorridor(rng: Rng, lateralMetres = 40): LocatedPoint & { corridor: string } {
    for (let i = 0; i < MAX_TRIES; i++) {
      const s = this.segments[this.corridorIndex.pick(rng)]!;
      const t = rng.next();
      const base: LngLat = [s.a[0] + (s.b[0] - s.a[0]) * t, s.a[1] + (s.b[1] - s.a[1]) * t];
      const off = rng.range(-lateralMetres, lateralMetres);
      const hit = this.locate([base[0] + metresToDegLng(off, base[1]), base[1] + metresToDegLat(off)]);
      if (hit) return { ...hit, corridor: s.corridor };
    }
    throw new Error('no corridor point inside Anyang');
  }

  /** Points where the corridors cross a district border or leave the city (checkpoint sites). */
  corridorCrossings(): { point: LocatedPoint; corridor: string; from: string | null; to: string | null }[] {
    const out: { point: LocatedPoint; corridor: string; from: string | null; to: string | null }[] = [];
    for (const s of this.segments) {
      const steps = Math.ceil(Math.hypot(s.b[0] - s.a[0], s.b[1] - s.a[1]) / 0.002);
      let prev: string | null = this.admin.locator.district(s.a);
      for (let k = 1; k <= steps; k++) {
        const t = k / steps;
        const p: LngLat = [s.a[0] + (s.b[0] - s.a[0]) * t, s.a[1] + (s.b[1] - s.a[1]) * t];
        const d = this.admin.locator.district(p);
        if (d !== prev) {
          const inside = this.locate(d ? p : [s.a[0] + (s.b[0] - s.a[0]) * ((k - 1) / steps), s.a[1] + (s.b[1] - s.a[1]) * ((k - 1) / steps)]);
          if (inside) out.push({ point: inside, corridor: s.corridor, from: prev, to: d });
          prev = d;
        }
      }
    }
    return out;
  }
}
