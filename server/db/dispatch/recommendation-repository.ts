/**
 * The SQL of recommendations (server/domain/dispatch/ranking.ts explains the method):
 *   candidateUnits  per capable unit type, the nearest AVAILABLE units not out on an incident, inside the area the
 *                   caller may send from, by KNN on the GiST index (planar degrees), with their true distance
 *                   (ST_Distance on geography); a type whose answer cannot prove it holds its true nearest is asked
 *                   again for more
 *   coveragePeers   the other available units of each candidate's type around it (for the coverage cost,
 *                   server/domain/dispatch/coverage.ts; the grids around it come from memory: grid-centres.ts)
 * Both have an in-memory twin over the units index (units/unit-candidates.ts), which the server uses; these answer when
 * no index is given or it cannot be read.
 */
import type { Queryable } from '../core/database.ts';
import { candidatesPerType, knnIsComplete } from '../../domain/dispatch/ranking.ts';
import { coverageRadiusMeters, type UnitType } from '../../domain/dispatch/dispatch-config.ts';
import type { GridSite, UnitPoint } from '../../domain/dispatch/coverage.ts';
import type { GridCentreIndex } from './grid-centres.ts';
import type { LngLat } from '../../domain/dispatch/geodesy.ts';
import { jurisdictionFilter } from '../../auth/jurisdiction.ts';
import { LAYER_SOURCES, scopeConditionSql } from '../features/layer-sources.ts';
import { HEAD_SEQ_SQL } from '../live/changes-repository.ts';

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
 * The lng/lat box in which a candidate's peers are looked for: twice its coverage radius around it (a peer further
 * away covers none of the grids it covers; the pure rule, coverage.ts, measures).
 */
export function peerBox(c: Pick<CandidateRow, 'type' | 'lon' | 'lat'>): [number, number, number, number] {
  const r = coverageRadiusMeters(c.type) * 1.01;
  const dx = (2 * r) / degLng(c.lat);
  const dy = (2 * r) / DEG_LAT_M;
  return [c.lon - dx, c.lat - dy, c.lon + dx, c.lat + dy];
}

/** The grid centres within a candidate's coverage radius (from the in-memory index, grid-centres.ts). */
export function coverageGrids(c: Pick<CandidateRow, 'type' | 'lon' | 'lat'>, centres: GridCentreIndex): GridSite[] {
  return centres.around([c.lon, c.lat], coverageRadiusMeters(c.type));
}

/** The available units of each candidate's type inside its peerBox, for the coverage cost. */
export async function coveragePeers(db: Queryable, candidates: readonly CandidateRow[]): Promise<UnitPoint[]> {
  if (!candidates.length) return [];
  const boxes = candidates.map(peerBox);
  const { rows } = await db.query<{ id: string; type: UnitType; lon: number; lat: number }>(
    `SELECT DISTINCT u.id, u.type, ST_X(u.geom) AS lon, ST_Y(u.geom) AS lat
     FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::float8[]) AS c(type, x0, y0, x1, y1)
     JOIN units u ON u.type = c.type AND u.status = 'AVAILABLE' AND u.geom && ST_MakeEnvelope(c.x0, c.y0, c.x1, c.y1, 4326)`,
    [candidates.map((c) => c.type), boxes.map((b) => b[0]), boxes.map((b) => b[1]), boxes.map((b) => b[2]), boxes.map((b) => b[3])],
  );
  return rows.map((u) => ({ id: u.id, type: u.type, position: [u.lon, u.lat] as const }));
}

export type DispatchIncident = {
  category: string;
  status: string;
  district_code: string;
  street_code: string | null;
  community_code: string | null;
  lon: number;
  lat: number;
  /** data_versions.grid_centres now (grid-centres.ts). */
  grid_centres_version: string;
  /** The change log's head as this statement saw it (the units index answers as of at least this seq). */
  head_seq: string;
};

/**
 * The fields of an incident a recommendation needs, with the version of the grid centres and the change log's head
 * in the same round trip; null when missing (the caller checks the jurisdiction). Prepared: its planning cost as
 * much as its run.
 */
export async function incidentForDispatch(db: Queryable, id: string): Promise<DispatchIncident | null> {
  const { rows } = await db.query<DispatchIncident>(
    `SELECT i.category, i.status, i.district_code, i.street_code, i.community_code, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
            (SELECT v.version::text FROM data_versions v WHERE v.name = 'grid_centres') AS grid_centres_version,
            ${HEAD_SEQ_SQL}::text AS head_seq
     FROM incidents i WHERE i.id = $1`,
    [id],
    { prepare: 'dispatch-incident' },
  );
  return rows[0] ?? null;
}
