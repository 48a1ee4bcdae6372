/**
 * The geometry step of a write (docs/security.md "Geometry"): one function every write path calls before its
 * INSERT / UPDATE, apart from whatever else the write decides (properties, jurisdiction), so that it stays a step
 * of its own.
 *
 *  1. the pure rules (server/domain/geo/geometry-rules.ts): shape, type, finite, closed, limits, city bounds;
 *  2. polygons only: validity per OGC Simple Features, in SQL on the caller's connection (inside the write's
 *     transaction): ST_IsValid, and ST_IsValidReason for the 400. With `repair`, an invalid polygon is replaced
 *     by ST_MakeValid's polygonal part (and the write says so); a repair that leaves nothing is refused.
 * A Point that passed the pure rules is valid by construction (finite coordinates), so points cost no query.
 */
import type { CollectionDef } from '../../protocol/collections.ts';
import {
  checkGeometry, GEOMETRY_REASONS, validityProblem, type AcceptedGeometry, type GeometryProblem,
} from '../../domain/geo/geometry-rules.ts';
import type { Queryable } from '../core/database.ts';

/** A refused geometry: the write answers 400 INVALID_GEOMETRY with `details` = the problem. */
export class GeometryError extends Error {
  override name = 'GeometryError';
  constructor(readonly problem: GeometryProblem & { validity?: string; location?: [number, number] }) {
    super(problem.message);
  }
}

/** What a write reports when it repaired a geometry at the caller's request. */
export interface GeometryRepair {
  /** PostGIS's ST_IsValidReason of the geometry as sent. */
  validity: string;
}

/** A caller's repair request: present = repair an invalid polygon; `onRepaired` hears what was done. */
export interface RepairRequest {
  onRepaired(repair: GeometryRepair): void;
}

/** The GeoJSON text the write stores, ready for ST_GeomFromGeoJSON. */
export interface PreparedGeometry {
  geojson: string;
}

type ValidityRow = { valid: boolean; validity: string | null; repaired: string | null };

const VALIDITY_SQL = `SELECT ST_IsValid(g) AS valid, CASE WHEN ST_IsValid(g) THEN NULL ELSE ST_IsValidReason(g) END AS validity,
    CASE WHEN $2::boolean AND NOT ST_IsValid(g) THEN ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3)), 15) END AS repaired
  FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS g) s`;

/** ST_IsValid in the database (GEOS): the validity rule the pure module cannot decide. */
async function checkValidity(db: Queryable, geometry: AcceptedGeometry, repair: RepairRequest | undefined): Promise<PreparedGeometry> {
  const geojson = JSON.stringify(geometry);
  const { rows } = await db.query<ValidityRow>(VALIDITY_SQL, [geojson, repair !== undefined]);
  const r = rows[0];
  // PGlite's GEOS build can lose the statement on input GEOS cannot read (no row comes back): not judged, not stored.
  if (!r) throw new GeometryError({ reason: 'NOT_VALID', message: `Invalid geometry: ${GEOMETRY_REASONS.NOT_VALID} (PostGIS could not read it)` });
  if (r.valid) return { geojson };
  const validity = r.validity ?? 'invalid';
  if (!repair) throw new GeometryError({ ...validityProblem(validity), validity });
  const repaired = r.repaired ? (JSON.parse(r.repaired) as { coordinates: unknown[] }) : undefined;
  if (!repaired || repaired.coordinates.length === 0) {
    throw new GeometryError({ reason: 'NOT_VALID', message: `Invalid geometry: ${GEOMETRY_REASONS.NOT_VALID} (${validity}), and repairing it leaves no area`, validity });
  }
  repair.onRepaired({ validity });
  return { geojson: r.repaired! };
}

/**
 * The geometry a write stores, or a GeometryError naming the problem. `repair` (the caller asked for it) lets an
 * invalid polygon be stored as ST_MakeValid made it; the pure rules are never waived.
 */
export async function prepareGeometry(db: Queryable, def: CollectionDef, input: unknown, repair?: RepairRequest): Promise<PreparedGeometry> {
  const checked = checkGeometry(input, def.geometryType);
  if (!checked.ok) throw new GeometryError(checked.problem);
  if (checked.geometry.type === 'Point') return { geojson: JSON.stringify(checked.geometry) };
  return checkValidity(db, checked.geometry, repair);
}

/** The polygon tables that carry `geom_valid` (migration 032). */
const CHECKED_TABLES = ['grids', 'admin_units'] as const;

/**
 * Rows stored invalid, per table, with a few of their ids: what the reads are repairing on the fly (logged at
 * startup; migration 032 repaired what existed when it ran). Uses the partial index on `geom_valid IS NOT TRUE`.
 */
export async function invalidStoredGeometries(db: Queryable): Promise<Array<{ table: string; count: number; sample: string[] }>> {
  const out = [];
  for (const table of CHECKED_TABLES) {
    const { rows } = await db.query<{ code: string }>(`SELECT code FROM ${table} WHERE geom_valid IS NOT TRUE ORDER BY code LIMIT 1000`);
    if (rows.length) out.push({ table, count: rows.length, sample: rows.slice(0, 5).map((r) => r.code) });
  }
  return out;
}
