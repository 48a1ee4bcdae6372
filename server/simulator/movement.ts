/**
 * Unit movement (pure): units drive along a street-grid route (first along one axis, then the other, as
 * in Anyang's grid of streets) towards a waypoint inside their patrol area, at a speed of their type;
 * at the waypoint they pick the next one. Grid workers walk or ride an e-bike inside their grid.
 */
import type { RandomFn } from './random.ts';
import { uniform } from './random.ts';

export type LngLat = [number, number];
import type { Bbox } from '../protocol/geo.ts';

export interface MovingUnit {
  id: string;
  type: string;
  position: LngLat;
  waypoint: LngLat;
  /** Corner of the current L-shaped route leg. */
  corner: LngLat;
  area: Bbox;
  speedKmh: number;
  headingDeg: number;
  /** On a mission: stop at the waypoint (the scene) instead of picking the next one. */
  hold?: boolean;
}

const SPEED_KMH: Record<string, [number, number]> = {
  POLICE_PATROL: [20, 45],
  FIRE_RESCUE: [30, 55],
  MEDICAL: [30, 55],
  GRID_WORKER: [3.5, 14],
  RESCUE_TEAM: [20, 45],
  SOCIAL_RESCUE: [15, 40],
  VOLUNTEER: [3, 6],
};

const M_PER_DEG_LAT = 111_320;
const mPerDegLng = (lat: number) => M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);

export function distanceM(a: LngLat, b: LngLat): number {
  const dx = (b[0] - a[0]) * mPerDegLng((a[1] + b[1]) / 2);
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
  return Math.hypot(dx, dy);
}

export function bearingDeg(a: LngLat, b: LngLat): number {
  const dx = (b[0] - a[0]) * mPerDegLng((a[1] + b[1]) / 2);
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
  return ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
}

export function randomPointIn(rng: RandomFn, area: Bbox): LngLat {
  return [uniform(rng, area[0], area[2]), uniform(rng, area[1], area[3])];
}

function newLeg(rng: RandomFn, u: Pick<MovingUnit, 'position' | 'area' | 'type'>): Pick<MovingUnit, 'waypoint' | 'corner' | 'speedKmh'> {
  const waypoint = randomPointIn(rng, u.area);
  const corner: LngLat = rng() < 0.5 ? [waypoint[0], u.position[1]] : [u.position[0], waypoint[1]];
  const [lo, hi] = SPEED_KMH[u.type] ?? [10, 30];
  return { waypoint, corner, speedKmh: Math.round(uniform(rng, lo, hi) * 10) / 10 };
}

export function startUnit(rng: RandomFn, id: string, type: string, position: LngLat, area: Bbox): MovingUnit {
  const leg = newLeg(rng, { position, area, type });
  return { id, type, position, area, ...leg, headingDeg: bearingDeg(position, leg.corner) };
}

/** Moves a unit for `seconds` along its route; returns the new state. */
export function advance(rng: RandomFn, u: MovingUnit, seconds: number): MovingUnit {
  let budget = (u.speedKmh / 3.6) * seconds;
  let next = { ...u };
  for (let guard = 0; budget > 0 && guard < 8; guard++) {
    const target = distanceM(next.position, next.corner) > 0.5 ? next.corner : next.waypoint;
    const d = distanceM(next.position, target);
    if (d <= budget) {
      budget -= d;
      // Past the corner the route goes on to the waypoint (without this the unit would turn back to the corner).
      next = { ...next, position: target, corner: target === next.corner ? next.waypoint : next.corner };
      if (target === next.waypoint || distanceM(target, next.waypoint) < 0.5) {
        if (next.hold) break; // arrived: wait on scene
        next = { ...next, ...newLeg(rng, next) };
      }
      continue;
    }
    const f = budget / d;
    const position: LngLat = [next.position[0] + (target[0] - next.position[0]) * f, next.position[1] + (target[1] - next.position[1]) * f];
    next = { ...next, position, headingDeg: Math.round(bearingDeg(next.position, target)) };
    budget = 0;
  }
  return next;
}

/** Sends a unit to a scene along an L-shaped street route at `speedKmh`; it waits there (hold) until released. */
export function headTo(u: MovingUnit, scene: LngLat, speedKmh: number): MovingUnit {
  const corner: LngLat = [scene[0], u.position[1]];
  return { ...u, waypoint: scene, corner, speedKmh, hold: true, headingDeg: Math.round(bearingDeg(u.position, corner)) };
}

/** Ends a mission: the unit drives back into its patrol area and patrols again. */
export function release(rng: RandomFn, u: MovingUnit): MovingUnit {
  return { ...u, hold: false, ...newLeg(rng, u) };
}
