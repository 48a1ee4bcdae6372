/**
 * What a reader may filter and sort a collection by (OGC API - Features Part 3 queryables, and sortables):
 * built from the registry, the same for every collection. `hidden` names properties this reader receives
 * masked (LAYER_PERSONAL for a masked view): they are neither queryable nor sortable, or a filter or an order
 * would tell what the mask hides. Pure.
 */
import type { CollectionDef, PropertyDef, PropertyType } from '../../protocol/collections.ts';

/** The name of the primary geometry in filters (the `geometry` queryable). */
export const GEOMETRY_QUERYABLE = 'geometry';

export interface Queryable {
  name: string;
  type: Exclude<PropertyType, 'object'> | 'geometry';
  prop?: PropertyDef;
}

export function queryables(def: CollectionDef, hidden: ReadonlySet<string> = new Set()): Map<string, Queryable> {
  const out = new Map<string, Queryable>([[GEOMETRY_QUERYABLE, { name: GEOMETRY_QUERYABLE, type: 'geometry' }]]);
  // A JSON object property (risk factors, evidence) is data to read, not a value to compare: not queryable.
  for (const p of def.properties) if (!hidden.has(p.name) && p.type !== 'object') out.set(p.name, { name: p.name, type: p.type, prop: p });
  return out;
}

/** Sortable: every scalar property except labels (a label sorts like its code) and hidden ones. */
export function sortables(def: CollectionDef, hidden: ReadonlySet<string> = new Set()): PropertyDef[] {
  return def.properties.filter((p) => !hidden.has(p.name) && !p.name.endsWith('_label') && p.type !== 'object');
}

/** JSON Schema (2020-12) of one property, as /queryables and /sortables give it. */
function propertySchema(p: PropertyDef, lang: 'zh' | 'en' = 'zh'): Record<string, unknown> {
  const base: Record<string, unknown> = { title: p.title[lang], description: p.title.en };
  switch (p.type) {
    case 'date-time':
      return { ...base, type: 'string', format: 'date-time' };
    case 'date':
      return { ...base, type: 'string', format: 'date' };
    case 'integer':
      return { ...base, type: 'integer', ...(p.codes ? { enum: Object.keys(p.codes).map(Number) } : {}) };
    case 'number':
      return { ...base, type: 'number' };
    case 'boolean':
      return { ...base, type: 'boolean' };
    default:
      return { ...base, type: 'string', ...(p.codes ? { enum: Object.keys(p.codes) } : {}) };
  }
}

/** The /queryables (or /sortables) document of a collection. */
export function schemaDocument(id: string, self: string, title: string, def: CollectionDef, props: readonly PropertyDef[], withGeometry: boolean) {
  const properties: Record<string, unknown> = {};
  if (withGeometry) {
    properties[GEOMETRY_QUERYABLE] = {
      title: '几何',
      description: 'The feature geometry (CRS84 unless filter-crs says otherwise)',
      format: def.geometryType === 'Point' ? 'geometry-point' : 'geometry-multipolygon',
      'x-ogc-role': 'primary-geometry',
    };
  }
  for (const p of props) properties[p.name] = propertySchema(p);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: self,
    type: 'object',
    title,
    description: `${id}: ${def.title.zh} ${def.title.en}`,
    properties,
    additionalProperties: false,
  };
}
