/**
 * The SQL of recommendations (server/domain/dispatch/ranking.ts explains the method):
 *   candidateUnits  per capable unit type, the nearest AVAILABLE units not out on an incident, inside the area the
 *                   caller may send from, by KNN on the GiST index (planar degrees), with their true distance
 *                   (ST_Distance on geography); a type whose answer cannot prove it holds its true nearest is asked
 *                   again for more
 *   coverageInputs  the grid centres around each candidate (in memory: grid-centres.ts) and the other available
 *                   units of its type around it (for the coverage cost, server/domain/dispatch/coverage.ts)
 */
import type { Queryable } from '../core/database.ts';
import { candidatesPerType, knnIsComplete } from '../../domain/dispatch/ranking.ts';
import { coverageRadiusMeters, type UnitType } from '../../domain/dispatch/dispatch-config.ts';
import type { GridPoint, UnitPoint } from '../../domain/dispatch/coverage.ts';
import type { GridCentreIndex } from './grid-centres.ts';
import type { LngLat } from '../../domain/dispatch/geodesy.ts';
import { jurisdictionFilter } from '../../auth/jurisdiction.ts';
import { LAYER_SOURCES, scopeConditionSql } from '../features/layer-sources.ts';

export type CandidateRow = {
  id: string;
  name: string;
  callsign: string | null;
  type: UnitType;
  status: string;
  version: number;
  district_code: string;
  lon: number;
  lat: number;
  planar_deg: number;
  meters: number;
};

/** Where the units may come from: inside a (district or finer) jurisdiction, or from a list of districts. */
export type UnitArea = { kind: 'scope'; scope: string } | { kind: 'districts'; districts: readonly string[] };

function areaSql(area: UnitArea, params: unknown[]): string {
  if (area.kind === 'districts') return `u.district_code = ANY($${params.push(area.districts)}::text[])`;
  const j = jurisdictionFilter(area.scope);
  return scopeConditionSql(LAYER_SOURCES.units, j.column, () => `$${params.push(j.pattern)}`, 'u');
}

async function knn(db: Queryable, point: LngLat, types: readonly string[], k: number, area: UnitArea): Promise<CandidateRow[]> {
  const params: unknown[] = [point[0], point[1], types, k];
  const where = areaSql(area, params);
  const { rows } = await db.query<CandidateRow>(
    `WITH p AS (SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS g)
     SELECT c.* FROM p, unnest($3::text[]) AS t(type)
     CROSS JOIN LATERAL (
       SELECT u.id, u.name, u.callsign, u.type, u.status, u.version, u.district_code, ST_X(u.geom) AS lon, ST_Y(u.geom) AS lat,
              u.geom <-> p.g AS planar_deg, ST_Distance(u.geom::geography, p.g::geography) AS meters
       FROM units u
       WHERE u.type = t.type AND u.status = 'AVAILABLE' AND ${where}
         AND NOT EXISTS (SELECT 1 FROM incident_assignments a WHERE a.unit_id = u.id AND a.released_at IS NULL)
       ORDER BY u.geom <-> p.g
       LIMIT $4) c`,
    params,
  );
  return rows;
}

/**
 * Per type, at least its true `limit` nearest candidates (by metres); asks a type again with four times as many
 * until the KNN bound proves it complete.
 */
export async function candidateUnits(db: Queryable, point: LngLat, types: readonly UnitType[], limit: number, area: UnitArea): Promise<CandidateRow[]> {
  let k = candidatesPerType(limit);
  let pending: readonly string[] = types;
  const out: CandidateRow[] = [];
  while (pending.length) {
    const rows = await knn(db, point, pending, k, area);
    const again: string[] = [];
    for (const type of pending) {
      const mine = rows.filter((r) => r.type === type);
      if (knnIsComplete(mine.map((r) => ({ planarDeg: r.planar_deg, meters: r.meters })), k, limit, point[1])) out.push(...mine);
      else again.push(type);
    }
    pending = again;
    k *= 4;
  }
  return out;
}

const DEG_LAT_M = 110_574;
const degLng = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

/**
 * The grid centres around each candidate (from the in-memory index, grid-centres.ts) and the available units of
 * its type within twice its coverage radius (by bbox; the pure rule measures), for the coverage cost.
 */
export async function coverageInputs(db: Queryable, candidates: readonly CandidateRow[], centres: GridCentreIndex): Promise<{ grids: Map<string, GridPoint[]>; others: UnitPoint[] }> {
  if (!candidates.length) return { grids: new Map(), others: [] };
  const r = candidates.map((c) => coverageRadiusMeters(c.type) * 1.01);
  const { rows } = await db.query<{ id: string; type: UnitType; lon: number; lat: number }>(
    `SELECT DISTINCT u.id, u.type, ST_X(u.geom) AS lon, ST_Y(u.geom) AS lat
     FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::float8[]) AS c(type, lng, lat, dx, dy)
     JOIN units u ON u.type = c.type AND u.status = 'AVAILABLE' AND u.geom && ST_MakeEnvelope(c.lng - c.dx, c.lat - c.dy, c.lng + c.dx, c.lat + c.dy, 4326)`,
    [candidates.map((c) => c.type), candidates.map((c) => c.lon), candidates.map((c) => c.lat), candidates.map((c, i) => (2 * r[i]!) / degLng(c.lat)), r.map((m) => (2 * m) / DEG_LAT_M)],
  );
  const grids = new Map(candidates.map((c) => [c.id, centres.around([c.lon, c.lat], coverageRadiusMeters(c.type))]));
  return { grids, others: rows.map((u) => ({ id: u.id, type: u.type, position: [u.lon, u.lat] as const })) };
}

export type DispatchIncident = {
  category: string;
  status: string;
  district_code: string;
  street_code: string | null;
  community_code: string | null;
  lon: number;
  lat: number;
  /** The districts bordering the incident's, as district_neighbours holds them (null: not computed yet). */
  neighbours: string[] | null;
  /** data_versions.grid_centres now (grid-centres.ts). */
  grid_centres_version: string;
};

/**
 * The fields of an incident a recommendation needs, with its district's neighbours and the version of the grid
 * centres in the same round trip; null
 * when missing (the caller checks the jurisdiction).
 */
export async function incidentForDispatch(db: Queryable, id: string): Promise<DispatchIncident | null> {
  const { rows } = await db.query<DispatchIncident>(
    `SELECT i.category, i.status, i.district_code, i.street_code, i.community_code, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
            (SELECT array_agg(n.neighbour ORDER BY n.neighbour) FROM district_neighbours n WHERE n.code = i.district_code) AS neighbours,
            (SELECT v.version::text FROM data_versions v WHERE v.name = 'grid_centres') AS grid_centres_version
     FROM incidents i WHERE i.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
