/**
 * What a read of a layer asks for, once parsed (http/ogc/ogc-params.ts parses it from a request; the
 * repositories in db/features and db/tiles turn it into SQL). Pure types and the cache key of a selection.
 */
import type { PropertyDef } from '../../protocol/collections.ts';
import type { Bbox } from '../geo/bbox.ts';

export type FilterValue = string | number | boolean;

/** Equality on one registry property; several values mean any of them. */
export interface PropertyFilter {
  name: string;
  type: PropertyDef['type'];
  values: FilterValue[];
}

/** Inclusive bounds as ISO instants (UTC, millisecond precision); an absent bound is open. */
export interface DatetimeRange {
  start?: string;
  end?: string;
}

export interface ItemsQuery {
  limit: number;
  offset: number;
  bbox?: Bbox;
  datetime?: DatetimeRange & { property: string };
  filters: PropertyFilter[];
}

/** The cache key of a selection (collection, area, time, filters, jurisdiction). */
export function selectionKey(
  collection: string,
  q: { bbox?: Bbox; datetime?: ItemsQuery['datetime']; filters: readonly PropertyFilter[]; scope?: string },
): string {
  return JSON.stringify([collection, q.bbox ?? null, q.datetime ?? null, q.filters.map((f) => [f.name, [...f.values].sort()]), q.scope ?? null]);
}
