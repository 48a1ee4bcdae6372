/**
 * Which filters a layer's tiles get: the panel's per-layer filters plus the org-tree area, expressed in
 * the most specific area property the layer's registry entry can filter on. Pure.
 */
import type { CollectionId } from '../../../server/protocol/collections.ts';

export { areaFilter } from '../state/area-filter.ts';
import { filterPairs } from '../state/filter-values.ts';

/**
 * The query string (sorted, so equal filters give equal URLs and tile caches hit). The tile version goes
 * in the fragment: it changes the URL deck.gl caches tiles by, but is never sent (the tile endpoint
 * rejects unknown parameters); the refetch then revalidates with the server's ETag.
 */
export function tileQuery(filters: Readonly<Record<string, string>>, version: number): string {
  // Several values of a filter are repeated parameters (any of them); the time window is `datetime`.
  const q = new URLSearchParams(filterPairs(filters)).toString();
  return `${q ? `?${q}` : ''}${version > 0 ? `#v${version}` : ''}`;
}

export function tileUrlTemplate(origin: string, layer: CollectionId, filters: Readonly<Record<string, string>>, version: number): string {
  return `${origin}/tiles/${layer}/{z}/{x}/{y}.mvt${tileQuery(filters, version)}`;
}
