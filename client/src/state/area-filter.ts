/**
 * Which filters a layer gets for the org-tree area: the area code expressed in the most specific area
 * property the layer's registry entry can filter on. Pure. (Used by the state's selectors and the tiles.)
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
