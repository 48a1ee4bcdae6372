/**
 * Where each collection's features come from in SQL: a relation, an optional fixed condition and the
 * geometry column. Identifiers here are constants (never user input); property names come from the
 * registry in server/protocol/collections.ts, so a property is always a real column of the relation.
 */
import type { CollectionId } from '../../protocol/collections.ts';
import type { ScopeColumn } from '../../auth/jurisdiction.ts';

export interface LayerSource {
  relation: string;
  where?: string;
  geometryColumn: 'geom';
  /** The table whose rows change (the live feed's source); the relation may be a view over it. */
  table: string;
  /**
   * How jurisdiction applies (server/auth/jurisdiction.ts): `own-code` — an admin unit is inside a scope when
   * its own `code` is; otherwise the admin-code columns the relation has, coarse to fine. A scope finer than
   * the finest column (a street user on a layer known only by district) sees nothing of the layer.
   */
  scope: ScopeSource;
}

export type ScopeSource = { kind: 'own-code' } | { kind: 'columns'; columns: readonly ScopeColumn[] };

const OWN_CODE: ScopeSource = { kind: 'own-code' };
const ALL_CODES: ScopeSource = { kind: 'columns', columns: ['district_code', 'street_code', 'community_code'] };

export const LAYER_SOURCES: Readonly<Record<CollectionId, LayerSource>> = {
  districts: { relation: 'admin_units', where: 'level = 2', geometryColumn: 'geom', table: 'admin_units', scope: OWN_CODE },
  streets: { relation: 'admin_units', where: 'level = 3', geometryColumn: 'geom', table: 'admin_units', scope: OWN_CODE },
  communities: { relation: 'admin_units', where: 'level = 4', geometryColumn: 'geom', table: 'admin_units', scope: OWN_CODE },
  grids: { relation: 'grids', geometryColumn: 'geom', table: 'grids', scope: ALL_CODES },
  cameras: { relation: 'cameras', geometryColumn: 'geom', table: 'cameras', scope: ALL_CODES },
  checkpoints: { relation: 'checkpoints', geometryColumn: 'geom', table: 'checkpoints', scope: ALL_CODES },
  'fire-hazards': { relation: 'fire_hazards', geometryColumn: 'geom', table: 'fire_hazards', scope: ALL_CODES },
  'rental-housing': { relation: 'rental_housing', geometryColumn: 'geom', table: 'rental_housing', scope: ALL_CODES },
  incidents: { relation: 'incidents', geometryColumn: 'geom', table: 'incidents', scope: ALL_CODES },
  units: { relation: 'units', geometryColumn: 'geom', table: 'units', scope: ALL_CODES },
  depots: { relation: 'depot_features', geometryColumn: 'geom', table: 'depots', scope: { kind: 'columns', columns: ['district_code', 'street_code'] } },
  'key-places': { relation: 'key_places', geometryColumn: 'geom', table: 'key_places', scope: ALL_CODES },
};

/** The admin codes of a row (or feature properties) that decide its jurisdiction, per its source's scope rule. */
export function scopeCodesOf(source: LayerSource, row: Readonly<Record<string, unknown>>): (string | null)[] {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return source.scope.kind === 'own-code' ? [text(row.code)] : source.scope.columns.map((c) => text(row[c]));
}
