/**
 * Which filters a layer's tiles get: the panel's per-layer filters plus the org-tree area, expressed in
 * the most specific area property the layer's registry entry can filter on. Pure.
 */
import { COLLECTIONS, type CollectionId } from '../../../server/protocol/collections.ts';

/** Area properties from the most specific, with how many digits of the area code each takes. */
const AREA_PROPS: readonly { name: string; digits: number }[] = [
  { name: 'grid_code', digits: 15 },
  { name: 'community_code', digits: 12 },
  { name: 'street_code', digits: 9 },
  { name: 'district_code', digits: 6 },
];

export function areaFilter(layer: CollectionId, areaCode: string | null): Record<string, string> {
  if (!areaCode || areaCode.length <= 6 && areaCode.endsWith('00')) return {};
  const filterable = new Set(COLLECTIONS[layer].properties.filter((p) => p.filterable).map((p) => p.name));
  if (layer === 'grids' && areaCode.length === 15) return { code: areaCode };
  for (const prop of AREA_PROPS) {
    if (prop.digits <= areaCode.length && filterable.has(prop.name)) return { [prop.name]: areaCode.slice(0, prop.digits) };
  }
  return {};
}

/**
 * The query string (sorted, so equal filters give equal URLs and tile caches hit). The tile version goes
 * in the fragment: it changes the URL deck.gl caches tiles by, but is never sent (the tile endpoint
 * rejects unknown parameters); the refetch then revalidates with the server's ETag.
 */
export function tileQuery(filters: Readonly<Record<string, string>>, version: number): string {
  const q = new URLSearchParams(Object.entries(filters).sort(([a], [b]) => a.localeCompare(b))).toString();
  return `${q ? `?${q}` : ''}${version > 0 ? `#v${version}` : ''}`;
}

export function tileUrlTemplate(origin: string, layer: CollectionId, filters: Readonly<Record<string, string>>, version: number): string {
  return `${origin}/tiles/${layer}/{z}/{x}/{y}.mvt${tileQuery(filters, version)}`;
}
