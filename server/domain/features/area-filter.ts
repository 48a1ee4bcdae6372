/**
 * Which equality filters narrow a layer to a chosen area (the org tree's district, street, community or grid):
 * the area code expressed in the most specific area property the layer's registry entry can filter on. Pure.
 * The client's tiles (client/src/state/area-filter.ts re-exports this) and GET /api/counts?area= use the same
 * rule, so a count is what the map draws for that area.
 */
import { COLLECTIONS, type CollectionId } from '../../protocol/collections.ts';

/** Area properties from the most specific, with how many digits of the area code each takes. */
const AREA_PROPS: readonly { name: string; digits: number }[] = [
  { name: 'grid_code', digits: 15 },
  { name: 'community_code', digits: 12 },
  { name: 'street_code', digits: 9 },
  { name: 'district_code', digits: 6 },
];

/** A district, street, community (6/9/12 digits) or grid (15 digits) code. */
export const AREA_CODE = /^[0-9]{6}([0-9]{3}([0-9]{3}([0-9]{3})?)?)?$/;

/** Whether a code is the whole city (6 digits ending in 00): no narrowing. */
export function isCityCode(code: string): boolean {
  return code.length <= 6 && code.endsWith('00');
}

export function areaFilter(layer: CollectionId, areaCode: string | null): Record<string, string> {
  if (!areaCode || isCityCode(areaCode)) return {};
  const filterable = new Set(COLLECTIONS[layer].properties.filter((p) => p.filterable).map((p) => p.name));
  if (layer === 'grids' && areaCode.length === 15) return { code: areaCode };
  for (const prop of AREA_PROPS) {
    if (prop.digits <= areaCode.length && filterable.has(prop.name)) return { [prop.name]: areaCode.slice(0, prop.digits) };
  }
  return {};
}
