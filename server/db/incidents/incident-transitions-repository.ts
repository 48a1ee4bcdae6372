/**
 * The one way to change an incident's status or assignment: an action of the lifecycle table
 * (server/domain/incidents/lifecycle.ts), applied in one transaction with everything it implies —
 *   the incident row (status, label, closed_at when it ends, rework count, flags, deadline, assigned unit;
 *   its version goes up by trigger), the unit it takes or frees (AVAILABLE → DISPATCHED → ON_SCENE → AVAILABLE),
 *   one incident_flow_log row (who, when, from, to, opinion, unit) and, when given, the audit row.
 * The live feed learns of both rows through the capture triggers. Locks: the incident first, then the unit, so
 * two dispatchers racing for one unit serialise and exactly one gets it. Used by the HTTP route
 * (server/http/incidents/incident-transitions.ts) and the simulator.
 */
import type { Geometry } from 'geojson';
import { INCIDENT_STATUS, UNIT_STATUS } from '../../protocol/codes.ts';
import type { LiveFeature } from '../../protocol/live.ts';
import { ACTIONS, allowedActions, canApply, ENDING_STATUSES, type IncidentAction, type IncidentStatus } from '../../domain/incidents/lifecycle.ts';
import { inJurisdiction } from '../../auth/jurisdiction.ts';
import type { AuditEntry } from '../../auth/audit-chain.ts';
import type { Database, Queryable } from '../core/database.ts';
import { appendAuditTx } from '../auth/audit-repository.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../features/layer-sources.ts';
import { toLiveFeature } from '../live/changes-feature.ts';

export interface TransitionInput {
  action: IncidentAction;
  /** The incident version the caller saw; omitted only by trusted system actors (the simulator). */
  version?: number;
  opinion?: string;
  unitId?: string;
  /** POSTPONE: hours added to the deadline. */
  hours?: number;
}

/** Who acts: name and id for the flow log, the jurisdiction to act in, and the audit entry (committed with it). */
export interface TransitionActor {
  id: string | null;
  name: string;
  scope: string;
  audit?: (details: Record<string, unknown>) => AuditEntry;
}

export type TransitionErrorKind = 'not-found' | 'invalid-transition' | 'version-conflict' | 'unknown-unit' | 'unit-unavailable';

export class TransitionError extends Error {
  override name = 'TransitionError';
  constructor(
    readonly kind: TransitionErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

type IncidentRow = {
  status: string;
  supervised: boolean;
  escalated: boolean;
  version: number;
  assigned_unit_id: string | null;
  district_code: string | null;
  street_code: string | null;
  community_code: string | null;
};

/** Statuses of a unit that is out on an incident (released back to AVAILABLE; OFF_DUTY is left alone). */
const BUSY = ['DISPATCHED', 'EN_ROUTE', 'ON_SCENE'];

async function lockIncident(tx: Queryable, id: string): Promise<IncidentRow | null> {
  const { rows } = await tx.query<IncidentRow>(
    `SELECT status, supervised, escalated, version, assigned_unit_id, district_code, street_code, community_code
     FROM incidents WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

/** Takes an AVAILABLE unit inside the actor's jurisdiction for an incident. */
async function takeUnit(tx: Queryable, unitId: string, scope: string): Promise<void> {
  const { rows } = await tx.query<{ status: string; district_code: string | null; street_code: string | null; community_code: string | null }>(
    'SELECT status, district_code, street_code, community_code FROM units WHERE id = $1 FOR UPDATE',
    [unitId],
  );
  const unit = rows[0];
  if (!unit || !inJurisdiction(scope, scopeCodesOf(LAYER_SOURCES.units, unit))) {
    throw new TransitionError('unknown-unit', `No unit ${unitId.slice(0, 60)} in your jurisdiction`, { unitId });
  }
  if (unit.status !== 'AVAILABLE') {
    throw new TransitionError('unit-unavailable', `Unit ${unitId} is ${unit.status}, not AVAILABLE`, { unitId, status: unit.status });
  }
  await setUnitStatus(tx, unitId, 'DISPATCHED', ['AVAILABLE']);
}

async function setUnitStatus(tx: Queryable, unitId: string, status: keyof typeof UNIT_STATUS, from: readonly string[]): Promise<void> {
  await tx.query('UPDATE units SET status = $2, status_label = $3, updated_at = now() WHERE id = $1 AND status = ANY($4::text[])', [
    unitId, status, UNIT_STATUS[status].zh, from,
  ]);
}

const RETURNING = `RETURNING to_jsonb(t) - 'geom' AS row_data, ST_AsGeoJSON(t.geom, 7)::jsonb AS geometry`;

/**
 * Applies an action to an incident. Throws TransitionError: not-found (also outside the actor's jurisdiction),
 * version-conflict (details.version: the current one), invalid-transition (details: from, to, allowed),
 * unknown-unit, unit-unavailable. Field presence is the caller's check (fieldProblems in the lifecycle module).
 */
export function applyTransition(db: Database, incidentId: string, input: TransitionInput, actor: TransitionActor, now = new Date()): Promise<LiveFeature> {
  return db.transaction(async (tx) => {
    const inc = await lockIncident(tx, incidentId);
    if (!inc || !inJurisdiction(actor.scope, scopeCodesOf(LAYER_SOURCES.incidents, inc))) {
      throw new TransitionError('not-found', `No incident ${incidentId.slice(0, 60)}`);
    }
    if (input.version !== undefined && input.version !== inc.version) {
      throw new TransitionError('version-conflict', `Incident ${incidentId} is at version ${inc.version}, not ${input.version}: reload it and try again`, {
        version: inc.version, allowed: allowedActions(inc),
      });
    }
    const rule = ACTIONS[input.action];
    if (!canApply(input.action, inc)) {
      const to = rule.to ?? inc.status;
      throw new TransitionError('invalid-transition', `${input.action} is not allowed on a ${inc.status} incident (${inc.status} → ${to})`, {
        from: inc.status, to, allowed: allowedActions(inc),
      });
    }
    const to: IncidentStatus = rule.to ?? (inc.status as IncidentStatus);
    let unitId = inc.assigned_unit_id;
    if (rule.unit === 'assign' && input.unitId && input.unitId !== inc.assigned_unit_id) {
      await takeUnit(tx, input.unitId, actor.scope);
      if (inc.assigned_unit_id) await setUnitStatus(tx, inc.assigned_unit_id, 'AVAILABLE', BUSY);
      unitId = input.unitId;
    } else if (rule.unit === 'on-scene' && unitId) {
      await setUnitStatus(tx, unitId, 'ON_SCENE', ['DISPATCHED', 'EN_ROUTE']);
    } else if (rule.unit === 'release' && unitId) {
      await setUnitStatus(tx, unitId, 'AVAILABLE', BUSY);
    }
    const assigned = rule.unit === 'release' ? null : unitId;
    const { rows } = await tx.query<{ row_data: Record<string, unknown>; geometry: Geometry }>(
      `UPDATE incidents t SET status = $2, status_label = $3, assigned_unit_id = $4,
         closed_at = CASE WHEN $5::boolean THEN $6::timestamptz ELSE closed_at END,
         rework_count = rework_count + $7::integer,
         supervised = supervised OR $8::boolean, escalated = escalated OR $9::boolean,
         deadline = deadline + make_interval(hours => $10::integer),
         updated_at = $6::timestamptz
       WHERE id = $1 ${RETURNING}`,
      [
        incidentId, to, INCIDENT_STATUS[to].zh, assigned, ENDING_STATUSES.includes(to), now.toISOString(), rule.rework ? 1 : 0,
        rule.flag === 'supervised', rule.flag === 'escalated', rule.extendsDeadline ? (input.hours ?? 0) : 0,
      ],
    );
    await tx.query(
      `INSERT INTO incident_flow_log (incident_id, at, actor, actor_id, action, from_status, to_status, opinion, unit_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [incidentId, now.toISOString(), actor.name, actor.id, input.action, inc.status, to, input.opinion ?? null, unitId],
    );
    if (actor.audit) {
      await appendAuditTx(tx, actor.audit({ action: input.action, from: inc.status, to, version: inc.version + 1, unitId: unitId ?? undefined }), now);
    }
    return toLiveFeature('incidents', rows[0]!.row_data, rows[0]!.geometry);
  });
}

export interface FlowLogRow {
  at: Date;
  actor: string;
  actorId: string | null;
  action: string;
  from: string | null;
  to: string;
  opinion: string | null;
  unitId: string | null;
}

/** The flow log of one incident, oldest first (for tests and the incident card). */
export async function flowLog(db: Queryable, incidentId: string): Promise<FlowLogRow[]> {
  const { rows } = await db.query<{ at: Date; actor: string; actor_id: string | null; action: string; from_status: string | null; to_status: string; opinion: string | null; unit_id: string | null }>(
    'SELECT at, actor, actor_id, action, from_status, to_status, opinion, unit_id FROM incident_flow_log WHERE incident_id = $1 ORDER BY at, id',
    [incidentId],
  );
  return rows.map((r) => ({ at: r.at, actor: r.actor, actorId: r.actor_id, action: r.action, from: r.from_status, to: r.to_status, opinion: r.opinion, unitId: r.unit_id }));
}
