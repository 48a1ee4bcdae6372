/**
 * One incident for the dispatcher's card (GET /api/incidents/{id}): the feature as the OGC API shows it, its flow
 * log (oldest first) and its assignments (open and released: the history is kept). Null when the incident does
 * not exist or lies outside the scope.
 */
import type { Geometry } from 'geojson';
import type { LiveFeature } from '../../protocol/live.ts';
import { inJurisdiction } from '../../auth/jurisdiction.ts';
import type { Queryable } from '../core/database.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../features/layer-sources.ts';
import { toLiveFeature } from '../live/changes-feature.ts';

export interface FlowEntry {
  at: string;
  actor: string;
  action: string;
  from: string | null;
  to: string;
  opinion: string | null;
  unitId: string | null;
  reinforcement: boolean;
}

export interface AssignmentEntry {
  unitId: string;
  unitType: string;
  unitName: string | null;
  callsign: string | null;
  /** The unit's status now (the same for every row of the unit). */
  unitStatus: string | null;
  unitVersion: number | null;
  assignedAt: string;
  assignedBy: string;
  reinforcement: boolean;
  fromDistrict: string | null;
  releasedAt: string | null;
  releaseReason: string | null;
  open: boolean;
  lon: number | null;
  lat: number | null;
}

export interface IncidentDetail {
  incident: LiveFeature;
  flow: FlowEntry[];
  assignments: AssignmentEntry[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function incidentFeature(db: Queryable, id: string, scope: string): Promise<LiveFeature | null> {
  const { rows } = await db.query<{ row_data: Record<string, unknown>; geometry: Geometry }>(
    `SELECT to_jsonb(t) - 'geom' AS row_data, ST_AsGeoJSON(t.geom, 7)::jsonb AS geometry FROM incidents t WHERE t.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row || !inJurisdiction(scope, scopeCodesOf(LAYER_SOURCES.incidents, row.row_data))) return null;
  return toLiveFeature('incidents', row.row_data, row.geometry);
}

export async function incidentDetail(db: Queryable, id: string, scope: string): Promise<IncidentDetail | null> {
  const incident = await incidentFeature(db, id, scope);
  if (!incident) return null;
  const [flow, assignments] = await Promise.all([
    db.query<{ at: Date; actor: string; action: string; from_status: string | null; to_status: string; opinion: string | null; unit_id: string | null; reinforcement: boolean }>(
      `SELECT at, actor, action, from_status, to_status, opinion, unit_id, reinforcement FROM incident_flow_log WHERE incident_id = $1 ORDER BY at, id`,
      [id],
    ),
    db.query<{ unit_id: string; unit_type: string; name: string | null; callsign: string | null; status: string | null; version: number | null; assigned_at: Date;
      assigned_by: string; reinforcement: boolean; from_district: string | null; released_at: Date | null; release_reason: string | null; lon: number | null; lat: number | null }>(
      `SELECT a.unit_id, a.unit_type, u.name, u.callsign, u.status, u.version, a.assigned_at, a.assigned_by, a.reinforcement, a.from_district,
         a.released_at, a.release_reason, ST_X(u.geom) AS lon, ST_Y(u.geom) AS lat
       FROM incident_assignments a LEFT JOIN units u ON u.id = a.unit_id WHERE a.incident_id = $1 ORDER BY a.assigned_at, a.id`,
      [id],
    ),
  ]);
  return {
    incident,
    flow: flow.rows.map((r) => ({ at: iso(r.at)!, actor: r.actor, action: r.action, from: r.from_status, to: r.to_status, opinion: r.opinion, unitId: r.unit_id, reinforcement: r.reinforcement })),
    assignments: assignments.rows.map((r) => ({
      unitId: r.unit_id, unitType: r.unit_type, unitName: r.name, callsign: r.callsign, unitStatus: r.status, unitVersion: r.version,
      assignedAt: iso(r.assigned_at)!, assignedBy: r.assigned_by, reinforcement: r.reinforcement, fromDistrict: r.from_district,
      releasedAt: iso(r.released_at), releaseReason: r.release_reason, open: r.released_at === null, lon: r.lon, lat: r.lat,
    })),
  };
}
