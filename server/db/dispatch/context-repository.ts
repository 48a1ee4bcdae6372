/**
 * What surrounds an incident (GET /api/incidents/{id}/context), each list inside the caller's jurisdiction and
 * nearest first, within the radii of dispatch-config.ts: cameras (which of them see the point is the pure rule's
 * call, server/domain/dispatch/camera-sight.ts), checkpoints and e-gates out to the interception ring, open fire
 * hazards, rental housing (no personal data), key places, and depots with their stock by category.
 */
import { jurisdictionFilter } from '../../auth/jurisdiction.ts';
import type { CollectionId } from '../../protocol/collections.ts';
import type { LngLat } from '../../domain/dispatch/geodesy.ts';
import type { Queryable, Row } from '../core/database.ts';
import { LAYER_SOURCES, scopeConditionSql } from '../features/layer-sources.ts';
import { ident } from '../features/features-sql.ts';

export type Nearby<T> = T & { id: string; distanceMeters: number; lon: number; lat: number };

const DEG_LAT_M = 110_574;

/**
 * Rows of a layer within `meters` of the point (bbox on the GiST index, then the true distance), inside `scope`,
 * nearest first. `columns` are SQL expressions over alias t (constants of this module, never input).
 */
async function nearby<T extends Row>(
  db: Queryable, layer: CollectionId, columns: string, point: LngLat, meters: number, scope: string, limit: number, extra = 'true',
): Promise<Nearby<T>[]> {
  const source = LAYER_SOURCES[layer];
  const j = jurisdictionFilter(scope);
  const params: unknown[] = [point[0], point[1], meters, meters / (111_320 * Math.cos((point[1] * Math.PI) / 180)), meters / DEG_LAT_M, limit];
  const inScope = scopeConditionSql(source, j.column, () => `$${params.push(j.pattern)}`);
  const { rows } = await db.query<Nearby<T>>(
    `WITH p AS (SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS g)
     SELECT * FROM (
       SELECT t.id, ${columns}, ST_X(t.geom) AS lon, ST_Y(t.geom) AS lat, ST_Distance(t.geom::geography, p.g::geography) AS "distanceMeters"
       FROM ${ident(source.relation)} t, p
       WHERE t.geom && ST_MakeEnvelope($1 - $4, $2 - $5, $1 + $4, $2 + $5, 4326) AND ${inScope} AND ${extra}
     ) n WHERE n."distanceMeters" <= $3 ORDER BY n."distanceMeters", n.id LIMIT $6`,
    params,
  );
  return rows;
}

export interface CameraRow extends Row {
  name: string;
  ptz_type: number;
  ptz_type_label: string;
  point_class: number;
  status: string;
  direction_deg: number | null;
  fov_deg: number | null;
}

export const nearbyCameras = (db: Queryable, p: LngLat, m: number, scope: string, limit: number) =>
  nearby<CameraRow>(db, 'cameras', 't.name, t.ptz_type, t.ptz_type_label, t.point_class, t.status, t.direction_deg, t.fov_deg', p, m, scope, limit);

export const nearbyCheckpoints = (db: Queryable, p: LngLat, m: number, scope: string, limit: number) =>
  nearby<{ name: string; type: string; type_label: string; functions: string | null; function_labels: string | null; staffed: boolean; status: string }>(
    db, 'checkpoints', 't.name, t.type, t.type_label, t.functions, t.function_labels, t.staffed, t.status', p, m, scope, limit,
  );

export const nearbyHazards = (db: Queryable, p: LngLat, m: number, scope: string, limit: number) =>
  nearby<{ place_name: string; place_type: string; place_type_label: string; hazard_kind: string; hazard_kind_label: string; grade: string; grade_label: string; status: string; status_label: string }>(
    db, 'fire-hazards', 't.place_name, t.place_type, t.place_type_label, t.hazard_kind, t.hazard_kind_label, t.grade, t.grade_label, t.status, t.status_label', p, m, scope, limit, "t.status <> 'CLOSED'",
  );

export const nearbyRentals = (db: Queryable, p: LngLat, m: number, scope: string, limit: number) =>
  nearby<{ address: string; use: string; use_label: string; tenant_count: number; floating_count: number; registration: string; registration_label: string; hazard_level: string; hazard_level_label: string }>(
    db, 'rental-housing', 't.address, t.use, t.use_label, t.tenant_count, t.floating_count, t.registration, t.registration_label, t.hazard_level, t.hazard_level_label', p, m, scope, limit,
  );

export const nearbyKeyPlaces = (db: Queryable, p: LngLat, m: number, scope: string, limit: number) =>
  nearby<{ name: string; type: string; type_label: string }>(db, 'key-places', 't.name, t.type, t.type_label', p, m, scope, limit);

export interface StockLine {
  category: string;
  label: string;
  items: number;
  quantity: number;
}

/** Depots nearby with their stock summed per category. */
export async function nearbyDepots(db: Queryable, p: LngLat, m: number, scope: string, limit: number) {
  const depots = await nearby<{ name: string; level: string; level_label: string }>(db, 'depots', 't.name, t.level, t.level_label', p, m, scope, limit);
  if (!depots.length) return [];
  const { rows } = await db.query<{ depot_id: string; category: string; category_label: string; items: number; quantity: number }>(
    `SELECT depot_id, category, min(category_label) AS category_label, count(*)::int AS items, sum(quantity)::int AS quantity
     FROM depot_stock WHERE depot_id = ANY($1::text[]) GROUP BY depot_id, category ORDER BY depot_id, category`,
    [depots.map((d) => d.id)],
  );
  return depots.map((d) => ({
    ...d,
    stock: rows.filter((s) => s.depot_id === d.id).map((s): StockLine => ({ category: s.category, label: s.category_label, items: s.items, quantity: s.quantity })),
  }));
}
