/**
 * The query of GET /api/counts, parsed and validated from the registry (docs/api.md "Counts"). Pure; throws
 * AppError (400) with a machine-readable code.
 *   area=<code>                       a district/street/community (6/9/12 digits) or grid (15 digits): every layer
 *                                     narrowed by the same rule as the map's tiles (domain/features/area-filter.ts)
 *   <layer>.<property>=<value>        an equality filter of that layer (repeat for any of several values), as on
 *                                     /ogc/collections/<layer>/items
 *   <layer>.datetime=<interval>       the layer's time window (incidents: reported_at), as items' `datetime`
 */
import { badRequest } from '../../errors.ts';
import { COLLECTIONS, isCollectionId, type CollectionId } from '../../protocol/collections.ts';
import { AREA_CODE, areaFilter } from '../../domain/features/area-filter.ts';
import type { PropertyFilter } from '../../domain/features/feature-query.ts';
import { parseFilters, parseDatetimeParam, type RawQuery } from '../ogc/ogc-params.ts';
import type { CountSelection } from '../../db/platform/counts-repository.ts';

export interface CountsQuery {
  area: string | null;
  /** Per layer: what the request narrowed it by (the area's filter merged in). Layers not named are unfiltered. */
  selections: Partial<Record<CollectionId, CountSelection>>;
  /** Layers whose count the request narrowed (by area or its own filters). */
  narrowed: CollectionId[];
}

const NONE = new Set<string>();

export function parseCountsQuery(query: RawQuery, collections: readonly CollectionId[]): CountsQuery {
  const byLayer = new Map<CollectionId, RawQuery>();
  let area: string | null = null;
  for (const [name, raw] of Object.entries(query)) {
    if (name === 'area') {
      if (typeof raw !== 'string' || !AREA_CODE.test(raw)) throw badRequest('INVALID_PARAMETER', '"area" is one admin code of 6, 9 or 12 digits or a 15-digit grid code', { parameter: 'area' });
      area = raw;
      continue;
    }
    const dot = name.indexOf('.');
    const layer = dot > 0 ? name.slice(0, dot) : '';
    if (!isCollectionId(layer)) {
      throw badRequest('UNKNOWN_PARAMETER', `Unknown query parameter "${name.slice(0, 60)}" (use area=, <layer>.<property>= or <layer>.datetime=)`, { parameter: name.slice(0, 60) });
    }
    const sub = byLayer.get(layer) ?? {};
    sub[name.slice(dot + 1)] = raw;
    byLayer.set(layer, sub);
  }
  const selections: CountsQuery['selections'] = {};
  const narrowed: CollectionId[] = [];
  for (const id of collections) {
    const own = byLayer.get(id);
    const def = COLLECTIONS[id];
    const { datetime: timeText, ...rest } = own ?? {};
    if (timeText !== undefined && typeof timeText !== 'string') throw badRequest('INVALID_PARAMETER', `"${id}.datetime" may be given only once`, { parameter: `${id}.datetime` });
    const filters = own ? prefixed(id, () => parseFilters(def, rest, NONE)) : [];
    const datetime = prefixed(id, () => parseDatetimeParam(def, timeText as string | undefined, `${id}.datetime`));
    const merged = mergeArea(filters, areaFilter(id, area), id);
    if (merged.length === 0 && !datetime) continue;
    selections[id] = datetime ? { filters: merged, datetime } : { filters: merged };
    narrowed.push(id);
  }
  // A layer this caller has no count of (incidents without incidents:read) was validated above only if counted;
  // its parameters are checked against the registry all the same, and otherwise ignored (there is no count).
  for (const [layer, sub] of byLayer) {
    if (collections.includes(layer)) continue;
    const { datetime: t, ...rest } = sub;
    parseFilters(COLLECTIONS[layer], rest, NONE);
    parseDatetimeParam(COLLECTIONS[layer], typeof t === 'string' ? t : undefined, `${layer}.datetime`);
  }
  return { area, selections, narrowed };
}

/** The area's filter on top of the layer's own: both hold (on the same property the conditions are ANDed). */
function mergeArea(filters: PropertyFilter[], areaProps: Record<string, string>, layer: CollectionId): PropertyFilter[] {
  const out = [...filters];
  for (const [name, value] of Object.entries(areaProps)) {
    const type = COLLECTIONS[layer].properties.find((p) => p.name === name)!.type;
    out.push({ name, type, values: [value] });
  }
  return out;
}

/** Runs a parser, naming the layer in its error (the parameter is `<layer>.<name>`). */
function prefixed<T>(layer: CollectionId, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    const e = err as { details?: unknown; message?: string };
    if (e.details && typeof e.details === 'object' && !Array.isArray(e.details)) (e.details as Record<string, unknown>).layer = layer;
    throw err;
  }
}
