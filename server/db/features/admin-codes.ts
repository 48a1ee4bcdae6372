/**
 * Where a written feature lies: its admin codes derived from its geometry, in the write's transaction, against
 * the admin_units and grids tables (docs/security.md "Jurisdiction"). Codes sent in a body are never trusted:
 * for layers placed by geometry (layer-sources `placement: 'geometry'`) they are replaced by these.
 *
 *  - the community: for a point, the community polygon that contains it (on a shared edge, the lowest code);
 *    for a polygon, the community it overlaps most; a geometry outside every community (just over the city's
 *    edge, inside the geometry check's margin) takes the nearest one. Street and district are the community's
 *    own prefixes (statistical division codes nest: 410502 › 410502001 › 410502001001), so the codes always nest.
 *  - the grid (layers that carry grid_code): the comprehensive grid of that community that holds the geometry
 *    (else any of its grids that does, else none).
 * One statement per write (≈0.5 ms for a point on the full dataset).
 */
import type { CollectionDef } from '../../protocol/collections.ts';
import type { Queryable } from '../core/database.ts';
import { LAYER_SOURCES, placeColumnsOf, type PlaceColumn } from './layer-sources.ts';

export type DerivedCodes = Partial<Record<PlaceColumn, string | null>>;

const geometryOf = (def: CollectionDef) =>
  def.geometryType === 'MultiPolygon' ? 'ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))' : 'ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)';

/** The community that holds the geometry `g` most (see the header); polygons rank by shared area. */
function communitySql(def: CollectionDef): string {
  const rank = def.geometryType === 'Point' ? 'a.code' : 'ST_Area(ST_Intersection(a.geom, g.geom)) DESC, a.code';
  return `COALESCE(
      (SELECT a.code FROM admin_units a WHERE a.level = 4 AND ST_Intersects(a.geom, g.geom) ORDER BY ${rank} LIMIT 1),
      (SELECT a.code FROM admin_units a WHERE a.level = 4 ORDER BY a.geom <-> g.geom, a.code LIMIT 1))`;
}

const GRID_SQL = `(SELECT gr.code FROM grids gr WHERE gr.community_code = c.community AND ST_Intersects(gr.geom, c.geom)
    ORDER BY (gr.type = 'COMPREHENSIVE') DESC, gr.code LIMIT 1)`;

/**
 * The admin codes of `geometry` (GeoJSON text of a geometry the geometry step accepted) for the columns the collection
 * carries. A city without admin units (an empty database) gives null codes: such a feature lies in no scope,
 * and a scoped write refuses it.
 */
export async function deriveAdminCodes(db: Queryable, def: CollectionDef, geojson: string): Promise<DerivedCodes> {
  const columns = placeColumnsOf(def.id);
  if (columns.length === 0) return {};
  const { rows } = await db.query<{ community: string | null; grid: string | null }>(
    `SELECT c.community, ${columns.includes('grid_code') ? GRID_SQL : 'NULL::text'} AS grid
     FROM (SELECT ${communitySql(def)} AS community, g.geom FROM (SELECT ${geometryOf(def)} AS geom) g) c`,
    [geojson],
  );
  const community = rows[0]?.community ?? null;
  const all: Record<PlaceColumn, string | null> = {
    district_code: community?.slice(0, 6) ?? null,
    street_code: community?.slice(0, 9) ?? null,
    community_code: community,
    grid_code: rows[0]?.grid ?? null,
  };
  return Object.fromEntries(columns.map((c) => [c, all[c]]));
}

/** The codes of a row nest (street inside district, community inside street, grid inside community): the first break, or null. */
export function nestingProblem(row: Readonly<Record<string, unknown>>): string | null {
  const chain: PlaceColumn[] = ['district_code', 'street_code', 'community_code', 'grid_code'];
  let parent: { column: PlaceColumn; code: string } | null = null;
  for (const column of chain) {
    const code = row[column];
    if (typeof code !== 'string') continue;
    if (parent && !code.startsWith(parent.code)) return `${column} ${code} does not lie inside ${parent.column} ${parent.code}`;
    parent = { column, code };
  }
  return null;
}

/**
 * The properties of a write with their admin codes placed (layer-sources `placement`): for `geometry`, the codes
 * in `props` are dropped and, when the write sets a geometry, replaced by the derived ones (a write that keeps
 * its geometry keeps its codes); for `organisation`, the given codes must nest. Throws PlacementError.
 */
export async function placeFeature(
  db: Queryable,
  def: CollectionDef,
  props: Readonly<Record<string, unknown>>,
  geojson: string | undefined,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...props };
  const placement = LAYER_SOURCES[def.id].placement;
  if (placement === 'organisation') {
    const problem = nestingProblem(out);
    if (problem) throw new PlacementError(`Admin codes do not nest: ${problem}`);
    return out;
  }
  if (placement !== 'geometry') return out;
  for (const c of placeColumnsOf(def.id)) delete out[c];
  if (geojson === undefined) return out;
  const codes = await deriveAdminCodes(db, def, geojson);
  if (Object.keys(codes).length > 0 && Object.values(codes).every((c) => c === null)) throw new PlacementError('The geometry lies in no admin unit of the city');
  return { ...out, ...codes };
}

export class PlacementError extends Error {
  override name = 'PlacementError';
}
