/**
 * What selects features, as the repositories take it: the parsed form of an items or tiles request (the parsing,
 * with its HTTP errors, is server/http/ogc/ogc-params.ts). Pure types and a cache key; no I/O.
 */
import type { PropertyDef } from '../../protocol/collections.ts';
import type { Bbox } from '../../protocol/geo.ts';
import type { DatetimeRange } from './datetime.ts';

export type FilterValue = string | number | boolean;

/** Equality on one registry property; several values mean any of them. */
export interface PropertyFilter {
  name: string;
  type: PropertyDef['type'];
  values: FilterValue[];
}

export interface ItemsQuery {
  limit: number;
  offset: number;
  bbox?: Bbox;
  datetime?: DatetimeRange & { property: string };
  filters: PropertyFilter[];
}

/** A stable text key of everything that selects features (not paging): for caching counts. */
export function selectionKey(
  collection: string,
  q: { bbox?: Bbox; datetime?: ItemsQuery['datetime']; filters: readonly PropertyFilter[]; scope?: string },
): string {
  return JSON.stringify([collection, q.bbox ?? null, q.datetime ?? null, q.filters.map((f) => [f.name, [...f.values].sort()]), q.scope ?? null]);
}
