/**
 * Where each collection's features come from in SQL: a relation, an optional fixed condition and the
 * geometry column. Identifiers here are constants (never user input); property names come from the
 * registry in server/protocol/collections.ts, so a property is always a real column of the relation.
 */
import type { CollectionId } from '../protocol/collections.ts';

export interface LayerSource {
  relation: string;
  where?: string;
  geometryColumn: 'geom';
  /** The table whose rows change (the live feed's source); the relation may be a view over it. */
  table: string;
}

export const LAYER_SOURCES: Readonly<Record<CollectionId, LayerSource>> = {
  districts: { relation: 'admin_units', where: 'level = 2', geometryColumn: 'geom', table: 'admin_units' },
  streets: { relation: 'admin_units', where: 'level = 3', geometryColumn: 'geom', table: 'admin_units' },
  communities: { relation: 'admin_units', where: 'level = 4', geometryColumn: 'geom', table: 'admin_units' },
  grids: { relation: 'grids', geometryColumn: 'geom', table: 'grids' },
  cameras: { relation: 'cameras', geometryColumn: 'geom', table: 'cameras' },
  checkpoints: { relation: 'checkpoints', geometryColumn: 'geom', table: 'checkpoints' },
  'fire-hazards': { relation: 'fire_hazards', geometryColumn: 'geom', table: 'fire_hazards' },
  'rental-housing': { relation: 'rental_housing', geometryColumn: 'geom', table: 'rental_housing' },
  incidents: { relation: 'incidents', geometryColumn: 'geom', table: 'incidents' },
  units: { relation: 'units', geometryColumn: 'geom', table: 'units' },
  depots: { relation: 'depot_features', geometryColumn: 'geom', table: 'depots' },
  'key-places': { relation: 'key_places', geometryColumn: 'geom', table: 'key_places' },
};
