/**
 * TileJSON 3.0.0 documents for the vector tiles of a collection. Pure: the absolute tiles base URL and
 * the filter query string come from the request.
 */
import type { CollectionDef, PropertyDef } from '../../protocol/collections.ts';
import { CITY_BOUNDS } from '../../protocol/geo.ts';

/** Clients over-zoom past this; the server still answers tiles up to z22. */
export const TILEJSON_MAXZOOM = 16;

const FIELD_TYPE: Record<PropertyDef['type'], string> = {
  string: 'String',
  integer: 'Number',
  number: 'Number',
  boolean: 'Boolean',
  'date-time': 'String',
  date: 'String',
  object: 'String',
};

export function tileJson(tilesBase: string, def: CollectionDef, filterQuery: string) {
  const fields: Record<string, string> = {};
  for (const p of def.properties) fields[p.name] = `${FIELD_TYPE[p.type]} — ${p.title.zh} ${p.title.en}`;
  const aggregated = def.geometryType === 'Point' && def.minZoom > 0;
  if (aggregated) {
    fields.count = `Number — features in the cell (aggregated tiles below z${def.minZoom} only)`;
    fields.aggregated = 'Boolean — true on aggregated cells';
  }
  const [w, s, e, n] = CITY_BOUNDS;
  return {
    tilejson: '3.0.0',
    name: `${def.title.zh} ${def.title.en}`,
    description: def.description,
    version: '1.0.0',
    attribution: '平安安阳 Ping\'an Anyang',
    scheme: 'xyz',
    tiles: [`${tilesBase}/${encodeURIComponent(def.id)}/{z}/{x}/{y}.mvt${filterQuery}`],
    minzoom: aggregated ? 0 : def.minZoom,
    maxzoom: TILEJSON_MAXZOOM,
    bounds: [w, s, e, n],
    center: [Math.round(((w + e) / 2) * 1e4) / 1e4, Math.round(((s + n) / 2) * 1e4) / 1e4, Math.max(9, def.minZoom)],
    vector_layers: [
      {
        id: def.id,
        description: aggregated
          ? `${def.title.en}. Below z${def.minZoom} each feature is an aggregated cell: a point with count and aggregated=true.`
          : def.title.en,
        minzoom: aggregated ? 0 : def.minZoom,
        maxzoom: TILEJSON_MAXZOOM,
        fields,
      },
    ],
    /** Not TileJSON: the zoom from which tiles carry individual features rather than aggregated cells. */
    'x-feature-minzoom': def.minZoom,
    'x-id-property': def.idProperty,
  };
}
