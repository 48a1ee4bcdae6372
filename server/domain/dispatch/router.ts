/**
 * The Router interface: road distance and travel time from units to a scene. The default is the estimate
 * (straight line × the circuity factor ÷ the unit type's speed, dispatch-config.ts); an OSRM-compatible service set by
 * ROUTER_URL implements the same interface (server/services/dispatch/osrm-router.ts) and falls back to the estimate
 * when it is down or slow. Recommendations rank on whatever the router answers. Pure (the interface and the estimate).
 */
import { DISPATCH_CONFIG, type DispatchConfig, type UnitType } from './dispatch-config.ts';
import type { LngLat } from './geodesy.ts';

export interface RouteOrigin {
  position: LngLat;
  unitType: UnitType;
  /** The straight-line distance to the destination (metres), as the database measured it. */
  straightMeters: number;
}

export interface RouteLeg {
  /** Road distance (metres). */
  distanceMeters: number;
  etaSeconds: number;
  /** `estimate`: straight line × circuity ÷ speed; `router`: the road network's distance at the unit type's speed. */
  source: 'estimate' | 'router';
}

export interface Router {
  readonly name: string;
  /**
   * Present when every ETA is the straight-line distance times a factor of the unit type (the estimate): the seconds
   * per straight metre. Then each type's `limit` nearest hold the best `limit`, and a unit whose ETA is provably
   * worse than `limit` others' need not even be measured exactly. A road router may reorder them, and has none.
   */
  readonly secondsPerStraightMetre?: (unitType: UnitType) => number;
  /** One leg per origin, in order, to the destination. Never rejects: a router that fails answers the estimate. */
  legs(origins: readonly RouteOrigin[], destination: LngLat): Promise<RouteLeg[]>;
}

/** Seconds to cover `roadMeters` at the unit type's speed. */
export function travelSeconds(roadMeters: number, unitType: UnitType, config: DispatchConfig = DISPATCH_CONFIG): number {
  return roadMeters / ((config.speedKmh[unitType] * 1000) / 3600);
}

/** The estimate: road distance = straight line × circuity; ETA at the unit type's speed. */
export function estimateLeg(straightMeters: number, unitType: UnitType, config: DispatchConfig = DISPATCH_CONFIG): RouteLeg {
  const distanceMeters = straightMeters * config.circuity;
  return { distanceMeters, etaSeconds: travelSeconds(distanceMeters, unitType, config), source: 'estimate' };
}

/** The router that only estimates (the default when ROUTER_URL is unset). */
export function estimateRouter(config: DispatchConfig = DISPATCH_CONFIG): Router {
  return {
    name: 'estimate',
    secondsPerStraightMetre: (unitType) => estimateLeg(1, unitType, config).etaSeconds,
    legs: async (origins) => origins.map((o) => estimateLeg(o.straightMeters, o.unitType, config)),
  };
}
