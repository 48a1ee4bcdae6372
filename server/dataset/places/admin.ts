/**
 * The administrative plan: real districts and codes, generated sites for streets and communities.
 * Polygons below the district level are the Voronoi cells of these sites clipped to the parent (built
 * in PostGIS by the loader); urban 街道 are small and dense around the centre or county seat, rural
 * 镇/乡 large and spread. 高新区 is a generated polygon carved out of the urban districts.
 */
import { CITY_CENTRE, HIGH_TECH_CODE, HIGH_TECH_NAME, HIGH_TECH_SHAPE, URBAN_DISTRICTS } from '../core/constants.ts';
import { PolygonIndex, type LngLat, type MultiPolygonCoords } from '../core/geo.ts';
import type { DatasetInputs } from '../core/inputs.ts';
import { Locator } from '../core/locator.ts';
import { createRng, type Rng } from '../core/prng.ts';
import { inDisc, nearestNeighbourDistances, placeSites, scatter } from './sites.ts';

export interface DistrictPlan {
  code: string;
  name: string;
  /** Real polygon from data/derived (generated = false), or the generated 高新区 outline. */
  polygons: MultiPolygonCoords;
  generated: boolean;
  /** Where its 街道 cluster. */
  centre: LngLat;
}

export interface StreetPlan {
  code: string;
  name: string;
  districtCode: string;
  site: LngLat;
  urban: boolean;
  /** Typical distance to the neighbouring street sites (degrees). */
  spacing: number;
}

export interface CommunityPlan {
  code: string;
  name: string;
  streetCode: string;
  districtCode: string;
  site: LngLat;
  urban: boolean;
  spacing: number;
}

export interface AdminPlan {
  districts: DistrictPlan[];
  streets: StreetPlan[];
  communities: CommunityPlan[];
  locator: Locator;
}

export const isUrbanStreet = (name: string) => name.endsWith('街道') || name.endsWith('办公室');
export const isUrbanCommunity = (name: string) => /社区|居委会|居民委员会/.test(name);

/** The generated 高新区 outline: a jittered ellipse (the loader clips it to the urban districts). */
export function highTechOutline(rng: Rng): MultiPolygonCoords {
  const { centre, radiusLngDeg, radiusLatDeg, vertices } = HIGH_TECH_SHAPE;
  const ring: LngLat[] = [];
  for (let i = 0; i < vertices; i++) {
    const a = (2 * Math.PI * i) / vertices;
    const k = rng.range(0.85, 1.1);
    ring.push([centre[0] + radiusLngDeg * k * Math.cos(a), centre[1] + radiusLatDeg * k * Math.sin(a)]);
  }
  ring.push(ring[0]!);
  return [[ring]];
}

function planDistricts(inputs: DatasetInputs, rng: Rng): DistrictPlan[] {
  const real = inputs.districts.map((d) => ({
    code: d.code,
    name: d.name,
    polygons: d.polygons,
    generated: false,
    centre: URBAN_DISTRICTS.includes(d.code) ? CITY_CENTRE : d.seat,
  }));
  const name = inputs.divisions.districts.find((d) => d.code === HIGH_TECH_CODE)?.name ?? HIGH_TECH_NAME;
  const highTech = { code: HIGH_TECH_CODE, name, polygons: highTechOutline(rng), generated: true, centre: HIGH_TECH_SHAPE.centre };
  return [highTech, ...real];
}

function createLocator(districts: DistrictPlan[]): Locator {
  const indexes = new Map(districts.map((d) => [d.code, new PolygonIndex(d.polygons)]));
  const urbanReal = URBAN_DISTRICTS.filter((c) => c !== HIGH_TECH_CODE).map((c) => indexes.get(c)!);
  return new Locator(
    districts.map((d) => ({ code: d.code, index: indexes.get(d.code)!, within: d.code === HIGH_TECH_CODE ? urbanReal : undefined })),
  );
}

function planStreets(inputs: DatasetInputs, districts: DistrictPlan[], locator: Locator, rng: Rng): StreetPlan[] {
  const out: StreetPlan[] = [];
  for (const d of districts) {
    const streets = inputs.divisions.streets.filter((s) => s.districtCode === d.code);
    const urban = streets.filter((s) => isUrbanStreet(s.name));
    const rural = streets.filter((s) => !isUrbanStreet(s.name));
    const bbox = new PolygonIndex(d.polygons).bbox;
    const inside = (p: LngLat) => locator.district(p) === d.code;
    const sigma = URBAN_DISTRICTS.includes(d.code) ? 0.03 : 0.018;
    const urbanSites = placeSites(urban.length, { propose: () => scatter(rng, d.centre, sigma), accept: inside, candidates: 6 });
    const nearCentre = (p: LngLat) => Math.hypot(p[0] - d.centre[0], p[1] - d.centre[1]) < sigma * 1.5;
    const ruralSites = placeSites(
      rural.length,
      {
        propose: () => [rng.range(bbox.minLng, bbox.maxLng), rng.range(bbox.minLat, bbox.maxLat)],
        accept: (p) => inside(p) && !(urban.length > 0 && nearCentre(p)),
        candidates: 10,
      },
      urbanSites,
    );
    const sites = [...urbanSites, ...ruralSites];
    const spacing = nearestNeighbourDistances(sites, Math.max(bbox.maxLng - bbox.minLng, bbox.maxLat - bbox.minLat) / 2);
    [...urban, ...rural].forEach((s, i) => {
      locator.add(d.code, s.code, sites[i]!);
      out.push({ code: s.code, name: s.name, districtCode: d.code, site: sites[i]!, urban: isUrbanStreet(s.name), spacing: spacing[i]! });
    });
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

function planCommunities(inputs: DatasetInputs, streets: StreetPlan[], locator: Locator, rng: Rng): CommunityPlan[] {
  const out: CommunityPlan[] = [];
  for (const s of streets) {
    const members = inputs.divisions.communities.filter((c) => c.streetCode === s.code);
    const urban = members.filter((c) => isUrbanCommunity(c.name));
    const villages = members.filter((c) => !isUrbanCommunity(c.name));
    const inside = (p: LngLat) => locator.street(p) === s.code;
    const reach = s.spacing * 1.3;
    // Town communities (城关社区) gather around the town centre; villages spread over the township.
    const urbanReach = s.urban ? reach : reach * 0.3;
    const urbanSites = placeSites(urban.length, { propose: () => inDisc(rng, s.site, urbanReach), accept: inside, candidates: 6 });
    const villageSites = placeSites(villages.length, { propose: () => inDisc(rng, s.site, reach), accept: inside, candidates: 6 }, urbanSites);
    const sites = [...urbanSites, ...villageSites];
    const spacing = nearestNeighbourDistances(sites, s.spacing / 2);
    [...urban, ...villages].forEach((c, i) => {
      locator.add(s.code, c.code, sites[i]!);
      out.push({
        code: c.code,
        name: c.name,
        streetCode: s.code,
        districtCode: s.districtCode,
        site: sites[i]!,
        urban: isUrbanCommunity(c.name),
        spacing: spacing[i]!,
      });
    });
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

export function planAdmin(inputs: DatasetInputs, seed: number): AdminPlan {
  const rng = createRng(seed, 'admin');
  const districts = planDistricts(inputs, rng);
  const locator = createLocator(districts);
  const streets = planStreets(inputs, districts, locator, rng);
  const communities = planCommunities(inputs, streets, locator, rng);
  return { districts, streets, communities, locator };
}
