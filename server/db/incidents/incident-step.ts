/**
 * The parts every incident command shares, inside one transaction (server/db/incidents/incident-transitions-
 * repository.ts for lifecycle actions, server/db/dispatch/assignments-repository.ts for assignments):
 *   lockForCommand  lock the incident row, check it exists inside the actor's jurisdiction and the version the
 *                   caller saw is the current one
 *   writeStep       update the row (status, label, primary unit, closed_at, rework, flags, deadline, timer light),
 *                   append its flow-log row (who, when, from, to, opinion, unit, 跨区增援) and the audit row
 * The live feed learns of the row through the capture trigger.
 */
import type { Geometry } from 'geojson';
import { INCIDENT_STATUS } from '../../protocol/codes.ts';
import type { LiveFeature } from '../../protocol/live.ts';
import { allowedActions, ENDING_STATUSES, timerLight, type IncidentStatus } from '../../domain/incidents/lifecycle.ts';
import { inJurisdiction } from '../../auth/jurisdiction.ts';
import type { AuditEntry } from '../../auth/audit-chain.ts';
import type { Queryable, Transaction } from '../core/database.ts';
import { appendAuditTx } from '../auth/audit-repository.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../features/layer-sources.ts';
import { toLiveFeature } from '../live/changes-feature.ts';
import { TransitionError } from './transition-error.ts';

/** Who acts: name and id for the flow log, the jurisdiction to act in, and the audit entry (committed with it). */
export interface TransitionActor {
  id: string | null;
  name: string;
  scope: string;
  audit?: (details: Record<string, unknown>) => AuditEntry;
}

export type LockedIncident = {
  status: string;
  supervised: boolean;
  escalated: boolean;
  version: number;
  assigned_unit_id: string | null;
  reported_at: Date;
  deadline: Date;
  district_code: string;
  street_code: string | null;
  community_code: string | null;
};

/** Locks the incident; not-found when missing or outside the actor's jurisdiction, version-conflict when stale. */
export async function lockForCommand(tx: Queryable, incidentId: string, version: number | undefined, actor: Pick<TransitionActor, 'scope'>): Promise<LockedIncident> {
  const { rows } = await tx.query<LockedIncident>(
    `SELECT status, supervised, escalated, version, assigned_unit_id, reported_at, deadline, district_code, street_code, community_code
     FROM incidents WHERE id = $1 FOR UPDATE`,
    [incidentId],
  );
  const inc = rows[0];
  if (!inc || !inJurisdiction(actor.scope, scopeCodesOf(LAYER_SOURCES.incidents, inc))) {
    throw new TransitionError('not-found', `No incident ${incidentId.slice(0, 60)}`);
  }
  if (version !== undefined && version !== inc.version) {
    throw new TransitionError('version-conflict', `Incident ${incidentId} is at version ${inc.version}, not ${version}: reload it and try again`, {
      version: inc.version, allowed: allowedActions(inc),
    });
  }
  return inc;
}

export interface Step {
  /** The flow log's action: a lifecycle action, or ASSIGN / UNASSIGN for a unit added to or taken off an incident in hand. */
  action: string;
  to: IncidentStatus;
  opinion?: string;
  /** The unit the step sent or released (flow log). */
  unitId: string | null;
  /** The primary unit after the step (incidents.assigned_unit_id). */
  primaryUnitId: string | null;
  reinforcement?: boolean;
  rework?: boolean;
  flag?: 'supervised' | 'escalated';
  extendHours?: number;
  /** Extra audit details. */
  audit?: Record<string, unknown>;
}

const RETURNING = `RETURNING to_jsonb(t) - 'geom' AS row_data, ST_AsGeoJSON(t.geom, 7)::jsonb AS geometry`;

/** Writes one step of an incident: the row, its flow-log row and (when the actor has one) its audit row. */
export async function writeStep(tx: Transaction, incidentId: string, inc: LockedIncident, step: Step, actor: TransitionActor, now: Date): Promise<LiveFeature> {
  const hours = step.extendHours ?? 0;
  const deadline = new Date(inc.deadline).getTime() + hours * 3_600_000;
  const light = timerLight(step.to, new Date(inc.reported_at).getTime(), deadline, now.getTime());
  const { rows } = await tx.query<{ row_data: Record<string, unknown>; geometry: Geometry }>(
    `UPDATE incidents t SET status = $2, status_label = $3, assigned_unit_id = $4,
       closed_at = CASE WHEN $5::boolean THEN $6::timestamptz ELSE closed_at END,
       rework_count = rework_count + $7::integer,
       supervised = supervised OR $8::boolean, escalated = escalated OR $9::boolean,
       deadline = deadline + make_interval(hours => $10::integer),
       timer_light = $11, updated_at = $6::timestamptz
     WHERE id = $1 ${RETURNING}`,
    [
      incidentId, step.to, INCIDENT_STATUS[step.to].zh, step.primaryUnitId, ENDING_STATUSES.includes(step.to), now.toISOString(), step.rework ? 1 : 0,
      step.flag === 'supervised', step.flag === 'escalated', hours, light,
    ],
  );
  await tx.query(
    `INSERT INTO incident_flow_log (incident_id, at, actor, actor_id, action, from_status, to_status, opinion, unit_id, reinforcement)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [incidentId, now.toISOString(), actor.name, actor.id, step.action, inc.status, step.to, step.opinion ?? null, step.unitId, step.reinforcement ?? false],
  );
  if (actor.audit) {
    await appendAuditTx(
      tx,
      actor.audit({ action: step.action, from: inc.status, to: step.to, version: inc.version + 1, unitId: step.unitId ?? undefined, ...(step.reinforcement ? { reinforcement: true } : {}), ...step.audit }),
      now,
    );
  }
  return toLiveFeature('incidents', rows[0]!.row_data, rows[0]!.geometry);
}
