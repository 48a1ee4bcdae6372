/**
 * What selects features, as the repositories take it: the parsed form of an items or tiles request (the parsing,
 * with its HTTP errors, is server/http/ogc/ogc-params.ts). Pure types and a cache key; no I/O.
 */
import type { PropertyDef } from '../../protocol/collections.ts';
import type { Bbox } from '../../protocol/geo.ts';
import type { DatetimeRange } from './datetime.ts';
import type { Expr } from './cql2/cql2-ast.ts';
import type { Queryable } from './queryables.ts';
import type { Crs } from '../geo/crs.ts';

export type FilterValue = string | number | boolean;

/** Equality on one registry property; several values mean any of them. */
export interface PropertyFilter {
  name: string;
  type: PropertyDef['type'];
  values: FilterValue[];
}

/** A CQL2 filter (checked against `queryables`) and the CRS of its geometry literals. */
export interface CqlFilter {
  expr: Expr;
  queryables: ReadonlyMap<string, Queryable>;
  crs: Crs;
}

/** One key of `sortby`: a sortable property and its direction. */
export interface SortKey {
  name: string;
  desc: boolean;
}

export interface ItemsQuery {
  limit: number;
  offset: number;
  /** Always CRS84 here: a bbox in another bbox-crs is converted when parsed. */
  bbox?: Bbox;
  datetime?: DatetimeRange & { property: string };
  filters: PropertyFilter[];
  filter?: CqlFilter;
  /** Order of the page (the id breaks ties; default: by id). */
  sortby?: SortKey[];
  /** The properties the answer carries (default: all). */
  properties?: string[];
  skipGeometry?: boolean;
  /** The CRS of the answer's geometries (default CRS84). */
  crs?: Crs;
}

/** A stable text key of everything that selects features (not paging): for caching counts. */
export function selectionKey(
  collection: string,
  q: { bbox?: Bbox; datetime?: ItemsQuery['datetime']; filters: readonly PropertyFilter[]; filter?: CqlFilter; scope?: string },
): string {
  const filter = q.filter ? [q.filter.crs.uri, q.filter.expr] : null;
  return JSON.stringify([collection, q.bbox ?? null, q.datetime ?? null, q.filters.map((f) => [f.name, [...f.values].sort()]), filter, q.scope ?? null]);
}
