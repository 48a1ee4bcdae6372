/**
 * Attributes a point to district / street / community / comprehensive grid.
 * Districts are point-in-polygon tests (高新区 first: it is carved out of the urban districts); below
 * that every level is a Voronoi partition of its parent, so the unit is the one with the nearest site.
 * The loader builds the same cells in PostGIS (ST_VoronoiPolygons clipped to the parent).
 */
import { nearestIndex, PolygonIndex, type LngLat } from './geo.ts';

export interface Place {
  districtCode: string;
  streetCode: string;
  communityCode: string;
  /** The comprehensive grid (grids partition communities; dedicated grids overlay them). */
  gridCode: string;
}

interface Node {
  code: string;
  site: LngLat;
  children: Node[];
  childSites: LngLat[];
}

export interface LocatorDistrict {
  code: string;
  index: PolygonIndex;
  /** 高新区: also requires being inside one of these districts. */
  within?: readonly PolygonIndex[];
}

export class Locator {
  private readonly districts: LocatorDistrict[];
  private readonly byDistrict = new Map<string, Node>();
  private readonly nodes = new Map<string, Node>();

  /** `districts` in priority order (the first match wins). */
  constructor(districts: LocatorDistrict[]) {
    this.districts = districts;
    for (const d of districts) {
      const node: Node = { code: d.code, site: [0, 0], children: [], childSites: [] };
      this.byDistrict.set(d.code, node);
      this.nodes.set(d.code, node);
    }
  }

  /** Registers a unit under its parent (a district, street or community code). */
  add(parentCode: string, code: string, site: LngLat): void {
    const parent = this.nodes.get(parentCode);
    if (!parent) throw new Error(`unknown parent ${parentCode}`);
    const node: Node = { code, site, children: [], childSites: [] };
    parent.children.push(node);
    parent.childSites.push(site);
    this.nodes.set(code, node);
  }

  /** Replaces the code of a registered unit (grid codes are assigned after their sites). */
  rename(oldCode: string, newCode: string): void {
    const node = this.nodes.get(oldCode);
    if (!node) throw new Error(`unknown unit ${oldCode}`);
    this.nodes.delete(oldCode);
    node.code = newCode;
    this.nodes.set(newCode, node);
  }

  district(p: LngLat): string | null {
    for (const d of this.districts) {
      if (d.index.contains(p) && (!d.within || d.within.some((w) => w.contains(p)))) return d.code;
    }
    return null;
  }

  /** The chain of codes under `fromCode` down to `depth` more levels (nearest site at each level). */
  private descend(fromCode: string, p: LngLat, depth: number): string[] {
    const codes: string[] = [];
    let node = this.nodes.get(fromCode);
    for (let i = 0; i < depth && node && node.children.length > 0; i++) {
      node = node.children[nearestIndex(p, node.childSites)]!;
      codes.push(node.code);
    }
    return codes;
  }

  street(p: LngLat): string | null {
    const d = this.district(p);
    return d ? (this.descend(d, p, 1)[0] ?? null) : null;
  }

  community(p: LngLat): string | null {
    const d = this.district(p);
    return d ? (this.descend(d, p, 2)[1] ?? null) : null;
  }

  /** Full attribution, or null outside Anyang (or where a level has no units yet). */
  locate(p: LngLat): Place | null {
    const d = this.district(p);
    if (!d) return null;
    const [streetCode, communityCode, gridCode] = this.descend(d, p, 3);
    if (!streetCode || !communityCode || !gridCode) return null;
    return { districtCode: d, streetCode, communityCode, gridCode };
  }
}
