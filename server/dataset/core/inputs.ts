/** The real inputs the generator starts from (data/derived/, read by the loader or a test). */
import type { LngLat, MultiPolygonCoords } from './geo.ts';

export interface DistrictInput {
  code: string;
  name: string;
  /** The county seat / centre point given by the source file. */
  seat: LngLat;
  polygons: MultiPolygonCoords;
}

export interface DivisionsInput {
  districts: readonly { code: string; name: string }[];
  streets: readonly { code: string; name: string; districtCode: string }[];
  communities: readonly { code: string; name: string; streetCode: string }[];
}

export interface DatasetInputs {
  /** The nine real county-level polygons (410571 高新区 has none in the source). */
  districts: readonly DistrictInput[];
  divisions: DivisionsInput;
  /** Provenance of the district polygons, recorded in admin_units.geom_source. */
  districtSource: string;
}

export interface GeoJsonDistricts {
  source: { package: string; version: string; license: string; file: string };
  features: { properties: { code: string; name: string; seat: [number, number] }; geometry: { coordinates: MultiPolygonCoords } }[];
}

/** Turns the derived GeoJSON into generator inputs. */
export function districtsFromGeoJson(fc: GeoJsonDistricts): DistrictInput[] {
  return fc.features.map((f) => ({
    code: f.properties.code,
    name: f.properties.name,
    seat: f.properties.seat,
    polygons: f.geometry.coordinates,
  }));
}

export const sourceLabel = (fc: GeoJsonDistricts) =>
  `${fc.source.package}@${fc.source.version} ${fc.source.file} (${fc.source.license})`;
