/**
 * The one way to change an incident's status: an action of the lifecycle table
 * (server/domain/incidents/lifecycle.ts), applied in one transaction with everything it implies —
 *   the incident row (status, label, closed_at when it ends, rework count, flags, deadline, timer light, primary
 *   unit; its version goes up by trigger), the units it takes or frees through their assignments
 *   (server/db/dispatch/assignment-ops.ts: AVAILABLE → DISPATCHED → ON_SCENE → AVAILABLE), one incident_flow_log
 *   row (who, when, from, to, opinion, unit) and, when given, the audit row.
 * The live feed learns of every row through the capture triggers. Locks: the incident first, then the unit, so
 * two dispatchers racing for one unit serialise and exactly one gets it. Used by the HTTP route
 * (server/http/incidents/incident-transitions.ts) and the simulator.
 */
import type { LiveFeature } from '../../protocol/live.ts';
import { ACTIONS, allowedActions, canApply, type IncidentAction, type IncidentStatus } from '../../domain/incidents/lifecycle.ts';
import type { Database, Queryable, Transaction } from '../core/database.ts';
import { primaryUnitTx, releaseUnitsTx, setUnitStatus, takeUnitTx, type ReleaseReason } from '../dispatch/assignment-ops.ts';
import { TransitionError } from './transition-error.ts';
import { lockForCommand, writeStep, type LockedIncident, type Step, type TransitionActor } from './incident-step.ts';

export { TransitionError, type TransitionErrorKind } from './transition-error.ts';
export type { TransitionActor } from './incident-step.ts';

export interface TransitionInput {
  action: IncidentAction;
  /** The incident version the caller saw; omitted only by trusted system actors (the simulator). */
  version?: number;
  opinion?: string;
  unitId?: string;
  /** POSTPONE: hours added to the deadline. */
  hours?: number;
}

const RELEASE_REASON: Partial<Record<IncidentAction, ReleaseReason>> = { RETURN: 'RETURNED', DISPOSE: 'DISPOSED', SUSPEND: 'SUSPENDED' };

/** The unit side of an action; returns the unit it sent or released and whether it came across a border. */
async function unitEffect(tx: Queryable, incidentId: string, inc: LockedIncident, input: TransitionInput, actor: TransitionActor, now: Date) {
  const rule = ACTIONS[input.action];
  if (rule.unit === 'assign' && input.unitId) {
    const taken = await takeUnitTx(tx, { incidentId, incidentDistrict: inc.district_code, unitId: input.unitId, actor, now });
    return { unitId: input.unitId, reinforcement: taken.reinforcement };
  }
  if (rule.unit === 'on-scene' && inc.assigned_unit_id) {
    await setUnitStatus(tx, [inc.assigned_unit_id], 'ON_SCENE', ['DISPATCHED', 'EN_ROUTE']);
    return { unitId: inc.assigned_unit_id, reinforcement: false };
  }
  if (rule.unit === 'release') {
    const freed = await releaseUnitsTx(tx, incidentId, RELEASE_REASON[input.action] ?? 'ENDED', actor.name, now);
    return { unitId: freed[0] ?? inc.assigned_unit_id, reinforcement: false };
  }
  return { unitId: inc.assigned_unit_id, reinforcement: false };
}

/**
 * Applies an action to an incident. Throws TransitionError: not-found (also outside the actor's jurisdiction),
 * version-conflict (details.version: the current one), invalid-transition (details: from, to, allowed),
 * unknown-unit, out-of-jurisdiction, unit-unavailable. Field presence is the caller's check (fieldProblems in the
 * lifecycle module).
 */
export function applyTransition(db: Database, incidentId: string, input: TransitionInput, actor: TransitionActor, now = new Date()): Promise<LiveFeature> {
  return db.transaction(async (tx) => applyTransitionTx(tx, incidentId, await lockForCommand(tx, incidentId, input.version, actor), input, actor, now));
}

/** applyTransition inside the caller's transaction, on an incident the caller has locked (lockForCommand). */
export async function applyTransitionTx(tx: Transaction, incidentId: string, inc: LockedIncident, input: TransitionInput, actor: TransitionActor, now: Date): Promise<LiveFeature> {
  const rule = ACTIONS[input.action];
  if (!canApply(input.action, inc)) {
    const to = rule.to ?? inc.status;
    throw new TransitionError('invalid-transition', `${input.action} is not allowed on a ${inc.status} incident (${inc.status} → ${to})`, {
      from: inc.status, to, allowed: allowedActions(inc),
    });
  }
  const to: IncidentStatus = rule.to ?? (inc.status as IncidentStatus);
  const effect = await unitEffect(tx, incidentId, inc, input, actor, now);
  const step: Step = {
    action: input.action, to, opinion: input.opinion, unitId: effect.unitId, reinforcement: effect.reinforcement,
    primaryUnitId: await primaryUnitTx(tx, incidentId),
    rework: rule.rework, flag: rule.flag, extendHours: rule.extendsDeadline ? (input.hours ?? 0) : 0,
  };
  return writeStep(tx, incidentId, inc, step, actor, now);
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
