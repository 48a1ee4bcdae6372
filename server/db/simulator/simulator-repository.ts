/** What the simulator reads to start from the current city state (its writes go through features-write-repository). */
import type { Queryable } from '../core/database.ts';
import { ACTIVE_STATUSES } from '../../domain/incidents/lifecycle.ts';

export interface SimUnitRow {
  id: string;
  type: string;
  status: string;
  district_code: string;
  lng: number;
  lat: number;
  /** Patrol area [minLng, minLat, maxLng, maxLat]: the grid of a grid worker, else the district, else 2 km around. */
  area: [number, number, number, number];
}

export async function loadUnits(db: Queryable): Promise<SimUnitRow[]> {
  const { rows } = await db.query<{ id: string; type: string; status: string; district_code: string; lng: number; lat: number; x0: number; y0: number; x1: number; y1: number }>(
    `SELECT u.id, u.type, u.status, u.district_code, ST_X(u.geom) AS lng, ST_Y(u.geom) AS lat,
            ST_XMin(a) AS x0, ST_YMin(a) AS y0, ST_XMax(a) AS x1, ST_YMax(a) AS y1
     FROM units u
     LEFT JOIN grid_workers gw ON gw.id = u.grid_worker_id
     LEFT JOIN grids g ON g.code = gw.grid_code
     LEFT JOIN admin_units d ON d.code = u.district_code
     CROSS JOIN LATERAL (SELECT COALESCE(g.geom, d.geom, ST_Expand(u.geom, 0.02))::box2d AS a) box
     ORDER BY u.id`,
  );
  return rows.map((r) => ({ id: r.id, type: r.type, status: r.status, district_code: r.district_code, lng: r.lng, lat: r.lat, area: [r.x0, r.y0, r.x1, r.y1] }));
}

export async function loadCameraStatus(db: Queryable): Promise<{ id: string; status: string }[]> {
  return (await db.query<{ id: string; status: string }>('SELECT id, status FROM cameras ORDER BY id')).rows;
}

export async function loadOpenFireHazards(db: Queryable): Promise<{ id: string; status: string }[]> {
  return (await db.query<{ id: string; status: string }>(`SELECT id, status FROM fire_hazards WHERE status <> 'CLOSED' ORDER BY id`)).rows;
}

export interface SimIncidentRow {
  id: string;
  status: string;
  district_code: string;
  assigned_unit_id: string | null;
  lng: number;
  lat: number;
}

/** The incidents in hand (the lifecycle's active statuses: open and not suspended), newest first. */
export async function loadOpenIncidents(db: Queryable, limit = 20_000): Promise<SimIncidentRow[]> {
  return (
    await db.query<SimIncidentRow & Record<string, unknown>>(
      `SELECT id, status, district_code, assigned_unit_id, ST_X(geom) AS lng, ST_Y(geom) AS lat FROM incidents WHERE status = ANY($1::text[])
       ORDER BY reported_at DESC LIMIT $2`,
      [ACTIVE_STATUSES, limit],
    )
  ).rows;
}

export interface Hotspot {
  lng: number;
  lat: number;
  weight: number;
  district_code: string;
  street_code: string | null;
  community_code: string | null;
  grid_code: string | null;
}

/** Where incidents cluster: recent incident locations, else the most populous communities. */
export async function loadHotspots(db: Queryable, limit = 60): Promise<Hotspot[]> {
  const recent = await db.query<Hotspot & Record<string, unknown>>(
    `SELECT ST_X(geom) AS lng, ST_Y(geom) AS lat, 1::float8 AS weight, district_code, street_code, community_code, grid_code
     FROM (SELECT * FROM incidents ORDER BY reported_at DESC LIMIT 5000) i ORDER BY random() LIMIT $1`,
    [limit],
  );
  if (recent.rows.length >= 10) return recent.rows;
  const communities = await db.query<Hotspot & Record<string, unknown>>(
    `SELECT ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat,
            GREATEST(COALESCE(population, 1000), 1)::float8 AS weight, district_code, street_code, code AS community_code, NULL AS grid_code
     FROM admin_units WHERE level = 4 ORDER BY population DESC NULLS LAST LIMIT $1`,
    [limit],
  );
  return communities.rows;
}
