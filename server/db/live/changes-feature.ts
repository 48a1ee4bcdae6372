/**
 * Builds a change's GeoJSON Feature from a captured row, the way the OGC items endpoint shows the row:
 * properties = the registry's properties (server/protocol/collections.ts), id = the idProperty,
 * geometry = ST_AsGeoJSON. Values are normalised by the registry type so that a row read through
 * `to_jsonb` (the capture trigger) and one read through the driver serialise the same:
 * date-time → ISO 8601 UTC with milliseconds, date → YYYY-MM-DD. Pure.
 */
import type { Geometry } from 'geojson';
import { COLLECTIONS, type CollectionId, type PropertyType } from '../../protocol/collections.ts';
import type { LiveFeature } from '../../protocol/live.ts';

export function normaliseProperty(value: unknown, type: PropertyType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'date-time': {
      const d = value instanceof Date ? value : new Date(String(value));
      return Number.isNaN(d.getTime()) ? String(value) : d.toISOString();
    }
    case 'date': {
      if (value instanceof Date) {
        const y = value.getFullYear();
        const m = String(value.getMonth() + 1).padStart(2, '0');
        const day = String(value.getDate()).padStart(2, '0');
        return `${y}-${m}-${day}`;
      }
      return String(value).slice(0, 10);
    }
    case 'integer':
    case 'number':
      return typeof value === 'number' ? value : Number(value);
    case 'boolean':
      return Boolean(value);
    case 'object':
      return typeof value === 'string' ? JSON.parse(value) : value;
    default:
      return String(value);
  }
}

export function toLiveFeature(layer: CollectionId, row: Record<string, unknown>, geometry: Geometry): LiveFeature {
  const def = COLLECTIONS[layer];
  const properties: Record<string, unknown> = {};
  for (const p of def.properties) properties[p.name] = normaliseProperty(row[p.name], p.type);
  return { type: 'Feature', id: String(row[def.idProperty]), geometry, properties };
}
