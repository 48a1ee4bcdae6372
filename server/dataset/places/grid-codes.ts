/**
 * Final grid codes: per community, comprehensive and dedicated grids together are numbered 001, 002, …
 * in reading order of their sites (north → south rows, west → east within a row).
 */
import type { AdminPlan } from './admin.ts';
import { metresToDegLat } from '../core/geo.ts';
import { readingOrder, type GridPlan } from './grids.ts';
import type { KeyPlace } from './key-places.ts';
import { stem } from '../core/names.ts';

export function dedicatedGrids(places: readonly KeyPlace[]): GridPlan[] {
  return places
    .filter((p) => p.dedicatedMetres)
    .map((p) => ({
      code: `${p.point.place.communityCode}#D${p.id}`,
      name: `${p.name}专属网格`,
      type: 'DEDICATED' as const,
      communityCode: p.point.place.communityCode,
      streetCode: p.point.place.streetCode,
      districtCode: p.point.place.districtCode,
      site: [p.point.lng, p.point.lat] as const,
      households: 0,
      population: 0,
      radius: metresToDegLat(p.dedicatedMetres!),
      urban: true,
      dedicatedTo: p.id,
      bufferMetres: p.dedicatedMetres,
    }));
}

/**
 * Assigns the 15-digit codes and names; renames comprehensive grids in the locator.
 * Returns all grids by code and the provisional → final code map.
 */
export function assignGridCodes(
  admin: AdminPlan,
  comprehensive: GridPlan[],
  dedicated: GridPlan[],
): { grids: GridPlan[]; renamed: Map<string, string> } {
  const renamed = new Map<string, string>();
  const byCommunity = new Map<string, GridPlan[]>();
  for (const g of [...comprehensive, ...dedicated]) {
    const list = byCommunity.get(g.communityCode) ?? [];
    list.push(g);
    byCommunity.set(g.communityCode, list);
  }
  const names = new Map(admin.communities.map((c) => [c.code, stem(c.name)]));
  const all: GridPlan[] = [];
  for (const [community, grids] of byCommunity) {
    if (grids.length > 999) throw new Error(`community ${community} has more than 999 grids`);
    let comprehensiveNo = 0;
    readingOrder(grids.map((g) => g.site)).forEach((idx, seq) => {
      const g = grids[idx]!;
      const code = `${community}${String(seq + 1).padStart(3, '0')}`;
      if (g.type === 'COMPREHENSIVE') {
        admin.locator.rename(g.code, code);
        comprehensiveNo++;
        g.name = `${names.get(community)}第${comprehensiveNo}网格`;
      }
      renamed.set(g.code, code);
      g.code = code;
      all.push(g);
    });
  }
  return { grids: all.sort((a, b) => a.code.localeCompare(b.code)), renamed };
}
