/**
 * The Router (server/domain/dispatch/router.ts) over an OSRM-compatible HTTP service, set by ROUTER_URL
 * (docs/operations.md "Road routing"). One request per recommendation: the table service from every candidate to
 * the scene,
 *   GET {ROUTER_URL}/table/v1/driving/{lng,lat of the scene};{lng,lat of each unit}?sources=1;2;…&destinations=0
 *       &annotations=distance,duration
 * The road distance replaces straight line × circuity; the ETA is that distance at the unit type's speed (a grid
 * worker on foot is not a car), or OSRM's own duration when it gives no distance. When the service fails, answers
 * badly or takes longer than ROUTER_TIMEOUT_MS, the estimate answers instead, and the service is left alone for
 * `backoffMs` (so a dead router costs one timeout, not one per request). A leg the service cannot route (null)
 * falls back to the estimate alone.
 */
import { estimateLeg, travelSeconds, type RouteLeg, type RouteOrigin, type Router } from '../../domain/dispatch/router.ts';
import type { LngLat } from '../../domain/dispatch/geodesy.ts';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../domain/dispatch/dispatch-config.ts';
import type { Logger } from '../../logger.ts';

export interface OsrmOptions {
  url: string;
  timeoutMs: number;
  backoffMs?: number;
  log: Logger;
  config?: DispatchConfig;
  fetch?: typeof fetch;
}

interface TableAnswer {
  code?: string;
  durations?: (number | null)[][];
  distances?: (number | null)[][];
}

const coord = (p: LngLat) => `${p[0].toFixed(6)},${p[1].toFixed(6)}`;

export function osrmRouter(opts: OsrmOptions): Router & { readonly failures: number } {
  const config = opts.config ?? DISPATCH_CONFIG;
  const doFetch = opts.fetch ?? fetch;
  const base = opts.url.replace(/\/+$/, '');
  let downUntil = 0;
  let failures = 0;
  const estimate = (origins: readonly RouteOrigin[]) => origins.map((o) => estimateLeg(o.straightMeters, o.unitType, config));

  async function ask(origins: readonly RouteOrigin[], destination: LngLat): Promise<TableAnswer> {
    const coords = [destination, ...origins.map((o) => o.position)].map(coord).join(';');
    const sources = origins.map((_, i) => i + 1).join(';');
    const res = await doFetch(`${base}/table/v1/driving/${coords}?sources=${sources}&destinations=0&annotations=distance,duration`, {
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    if (!res.ok) throw new Error(`router answered ${res.status}`);
    const body = (await res.json()) as TableAnswer;
    if (body.code !== 'Ok') throw new Error(`router code ${String(body.code).slice(0, 40)}`);
    return body;
  }

  function legOf(o: RouteOrigin, answer: TableAnswer, i: number): RouteLeg {
    const distance = answer.distances?.[i]?.[0];
    const duration = answer.durations?.[i]?.[0];
    if (typeof distance === 'number' && Number.isFinite(distance)) {
      return { distanceMeters: distance, etaSeconds: travelSeconds(distance, o.unitType, config), source: 'router' };
    }
    if (typeof duration === 'number' && Number.isFinite(duration)) {
      return { distanceMeters: o.straightMeters * config.circuity, etaSeconds: duration, source: 'router' };
    }
    return estimateLeg(o.straightMeters, o.unitType, config);
  }

  return {
    name: 'osrm',
    get failures() {
      return failures;
    },
    async legs(origins, destination) {
      if (!origins.length) return [];
      if (Date.now() < downUntil) return estimate(origins);
      try {
        const answer = await ask(origins, destination);
        return origins.map((o, i) => legOf(o, answer, i));
      } catch (err) {
        failures += 1;
        downUntil = Date.now() + (opts.backoffMs ?? 30_000);
        opts.log.warn({ err: (err as Error).message, url: base }, 'router unavailable: using the estimate');
        return estimate(origins);
      }
    },
  };
}
