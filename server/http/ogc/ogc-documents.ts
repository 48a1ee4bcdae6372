/**
 * The JSON documents of OGC API - Features Part 1 (landing page, conformance, collections), built from the
 * registry. Pure: the base URL and the measured extents are passed in.
 */
import type { CollectionDef } from '../../protocol/collections.ts';
import type { Bbox } from '../../domain/geo/bbox.ts';
import { GEOJSON, JSON_TYPE, OPENAPI, type Link } from './ogc-links.ts';
import { CRS84, CRS_LIST } from '../../domain/geo/crs.ts';

export { CRS84 };

/**
 * Only what is implemented and tested (test/unit/ogc-cql2*.test.ts, test/integration/ogc-clients.test.ts).
 * Not declared: CQL2 temporal-functions (all 15 T_ functions; only T_INTERSECTS, T_AFTER, T_BEFORE are here),
 * spatial-functions (only S_INTERSECTS), arithmetic, array functions, case-/accent-insensitive comparison.
 */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-json',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus',
  'http://www.opengis.net/spec/cql2/1.0/conf/property-property',
] as const;

export const SERVICE_TITLE = '平安安阳 Ping\'an Anyang — OGC API - Features';

export function landingPage(base: string) {
  return {
    title: SERVICE_TITLE,
    description: 'Layers of the Anyang social-governance map (admin units, grids, cameras, checkpoints, hazards, incidents, units ...) as GeoJSON.',
    links: [
      { href: `${base}/`, rel: 'self', type: JSON_TYPE, title: 'This document' },
      { href: `${base}/api`, rel: 'service-desc', type: OPENAPI, title: 'The API definition (OpenAPI 3.0)' },
      { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes implemented' },
      { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'The feature collections' },
    ] satisfies Link[],
  };
}

export function conformance() {
  return { conformsTo: [...CONFORMANCE] };
}

export interface ExtentInfo {
  bbox: Bbox | null;
  interval: [string | null, string | null] | null;
}

/** `tilesBase` (e.g. http://host/tiles) adds a link to the collection's TileJSON. */
export function collectionDoc(base: string, def: CollectionDef, extent: ExtentInfo, tilesBase?: string) {
  const self = `${base}/collections/${encodeURIComponent(def.id)}`;
  return {
    id: def.id,
    title: `${def.title.zh} ${def.title.en}`,
    description: `${def.description} Filterable: ${def.properties.filter((p) => p.filterable).map((p) => p.name).join(', ')}.`,
    itemType: 'feature',
    crs: CRS_LIST.map((c) => c.uri),
    storageCrs: CRS84,
    extent: {
      spatial: { bbox: extent.bbox ? [[...extent.bbox]] : [[-180, -90, 180, 90]], crs: CRS84 },
      ...(extent.interval
        ? { temporal: { interval: [extent.interval], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } }
        : {}),
    },
    links: [
      { href: self, rel: 'self', type: JSON_TYPE, title: 'This collection' },
      { href: `${self}/items`, rel: 'items', type: GEOJSON, title: `${def.title.en} as GeoJSON` },
      { href: `${self}/queryables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: 'application/schema+json', title: 'Queryables (filter)' },
      { href: `${self}/sortables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/sortables', type: 'application/schema+json', title: 'Sortables (sortby)' },
      ...(tilesBase
        ? [{ href: `${tilesBase}/${encodeURIComponent(def.id)}.json`, rel: 'alternate', type: 'application/vnd.mapbox.tile+json', title: 'Vector tiles (TileJSON 3.0.0)' }]
        : []),
    ] satisfies Link[],
  };
}

export function collectionsDoc(base: string, docs: ReturnType<typeof collectionDoc>[]) {
  return {
    links: [{ href: `${base}/collections`, rel: 'self', type: JSON_TYPE, title: 'The feature collections' }] satisfies Link[],
    collections: docs,
  };
}
