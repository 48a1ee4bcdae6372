/**
 * Where each collection's features come from in SQL: a relation, an optional fixed condition and the
 * geometry column. Identifiers here are constants (never user input); property names come from the
 * registry in server/protocol/collections.ts, so a property is always a real column of the relation.
 */
import type { CollectionId } from '../../protocol/collections.ts';
import { COLLECTIONS } from '../../protocol/collections.ts';
import { adminCodesOf, type AdminCodes, type ScopeColumn } from '../../auth/jurisdiction.ts';

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
  /**
   * The stored ST_IsValid(geom) of a polygon table (migration 032): reads use ST_MakeValid(geom) where it is
   * false, so one invalid row cannot make GEOS fail a whole tile or bbox query. Point tables have none.
   */
  validity?: 'geom_valid';
  /**
   * Where a written row's admin codes come from: `geometry` — derived from its geometry in the write's
   * transaction (server/db/features/admin-codes.ts; codes in the body are replaced); `organisation` — the codes
   * name who commands the feature, not where it is (units move across districts), so they are taken from the
   * body, must nest and must lie inside the writer's jurisdiction; `none` — not writable (admin units).
   */
  placement: 'geometry' | 'organisation' | 'none';
}

export type ScopeSource = { kind: 'own-code' } | { kind: 'columns'; columns: readonly ScopeColumn[] };

const OWN_CODE: ScopeSource = { kind: 'own-code' };
const ALL_CODES: ScopeSource = { kind: 'columns', columns: ['district_code', 'street_code', 'community_code'] };

export const LAYER_SOURCES: Readonly<Record<CollectionId, LayerSource>> = {
  districts: { relation: 'admin_units', where: 'level = 2', geometryColumn: 'geom', table: 'admin_units', scope: OWN_CODE, validity: 'geom_valid', placement: 'none' },
  streets: { relation: 'admin_units', where: 'level = 3', geometryColumn: 'geom', table: 'admin_units', scope: OWN_CODE, validity: 'geom_valid', placement: 'none' },
  communities: { relation: 'admin_units', where: 'level = 4', geometryColumn: 'geom', table: 'admin_units', scope: OWN_CODE, validity: 'geom_valid', placement: 'none' },
  grids: { relation: 'grids', geometryColumn: 'geom', table: 'grids', scope: ALL_CODES, validity: 'geom_valid', placement: 'geometry' },
  cameras: { relation: 'cameras', geometryColumn: 'geom', table: 'cameras', scope: ALL_CODES, placement: 'geometry' },
  checkpoints: { relation: 'checkpoints', geometryColumn: 'geom', table: 'checkpoints', scope: ALL_CODES, placement: 'geometry' },
  'fire-hazards': { relation: 'fire_hazards', geometryColumn: 'geom', table: 'fire_hazards', scope: ALL_CODES, placement: 'geometry' },
  'rental-housing': { relation: 'rental_housing', geometryColumn: 'geom', table: 'rental_housing', scope: ALL_CODES, placement: 'geometry' },
  incidents: { relation: 'incidents', geometryColumn: 'geom', table: 'incidents', scope: ALL_CODES, placement: 'geometry' },
  units: { relation: 'units', geometryColumn: 'geom', table: 'units', scope: ALL_CODES, placement: 'organisation' },
  depots: { relation: 'depot_features', geometryColumn: 'geom', table: 'depots', scope: { kind: 'columns', columns: ['district_code', 'street_code'] }, placement: 'geometry' },
  'key-places': { relation: 'key_places', geometryColumn: 'geom', table: 'key_places', scope: ALL_CODES, placement: 'geometry' },
  // Raised by the analysis only (server/db/analysis/warnings-repository.ts); acknowledged and lifted by command.
  warnings: { relation: 'warnings', geometryColumn: 'geom', table: 'warnings', scope: ALL_CODES, placement: 'none' },
};

/**
 * The admin codes of a row (or feature properties) that decide its jurisdiction, per its source's scope rule:
 * an admin unit stands for itself and its ancestors; other rows by the code columns the source declares (a
 * level the source does not declare is null, so a scope at that level never holds the row — as in scopeWhere).
 */
export function scopeCodesOf(source: LayerSource, row: Readonly<Record<string, unknown>>): AdminCodes {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  if (source.scope.kind === 'own-code') return adminCodesOf([text(row.code)]);
  const cols = source.scope.columns;
  const at = (c: ScopeColumn) => (cols.includes(c) ? text(row[c]) : null);
  return { district_code: at('district_code'), street_code: at('street_code'), community_code: at('community_code') };
}

/**
 * The SQL condition "the row's code at `column` starts with the bound pattern" for a source (the SQL form of
 * inJurisdiction), or `false` when the source has no code at that level. `pattern()` gives the pattern's
 * placeholder ($n) and is called only when the condition uses it.
 */
export function scopeConditionSql(source: LayerSource, column: ScopeColumn, pattern: () => string, alias = 't'): string {
  if (source.scope.kind === 'own-code') return `${alias}.code LIKE ${pattern()}::text`;
  if (!source.scope.columns.includes(column)) return 'false';
  return `${alias}."${column}" LIKE ${pattern()}::text`;
}

export type PlaceColumn = ScopeColumn | 'grid_code';
const PLACE_COLUMNS: readonly PlaceColumn[] = ['district_code', 'street_code', 'community_code', 'grid_code'];

/** The admin-code columns a collection's rows carry (from the registry), coarse to fine. */
export function placeColumnsOf(id: CollectionId): PlaceColumn[] {
  const names = new Set(COLLECTIONS[id].properties.map((p) => p.name));
  return PLACE_COLUMNS.filter((c) => names.has(c));
}
