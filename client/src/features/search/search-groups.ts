/**
 * Search results as the list shows them: grouped by what they are — places (district, street, community, grid,
 * key place), then incidents, then facilities and units — in the server's order within a group, at most `perGroup`
 * of a group (the rest counted). Pure.
 */
import { SEARCH_GROUPS, type SearchGroup, type SearchHit } from '../../../../server/protocol/directory.ts';

export interface ResultGroup {
  group: SearchGroup;
  items: SearchHit[];
  /** How many more the server found in this group than are shown. */
  more: number;
}

export function groupResults(items: readonly SearchHit[], perGroup = 8): ResultGroup[] {
  return SEARCH_GROUPS.map((group) => {
    const all = items.filter((h) => (h.group ?? 'asset') === group);
    return { group, items: all.slice(0, perGroup), more: Math.max(0, all.length - perGroup) };
  }).filter((g) => g.items.length > 0);
}

/** Results in the order the list shows them (for Enter and the arrow keys). */
export function shownOrder(groups: readonly ResultGroup[]): SearchHit[] {
  return groups.flatMap((g) => g.items);
}

/** The org-tree level of a place result (the area the map narrows to), null for what is not an area. */
export function areaLevel(hit: Pick<SearchHit, 'collection'>): number | null {
  switch (hit.collection) {
    case 'districts':
      return 2;
    case 'streets':
      return 3;
    case 'communities':
      return 4;
    case 'grids':
      return 5;
    default:
      return null;
  }
}
