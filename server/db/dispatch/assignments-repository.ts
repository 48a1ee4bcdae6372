/**
 * Assigning units to an incident and taking them off (POST / DELETE /api/incidents/{id}/assignments), each in one
 * transaction: the incident row locked first (its version checked), then the unit (server/db/dispatch/
 * assignment-ops.ts), the assignment row, the unit's status, the incident's status and primary unit, the flow-log
 * row (DISPATCH when the first unit makes a 待派遣 incident 已派遣, ASSIGN / UNASSIGN otherwise, 跨区增援 marked)
 * and the audit row. Every refusal rolls the whole transaction back.
 */
import type { LiveFeature } from '../../protocol/live.ts';
import { allowedActions, type IncidentStatus } from '../../domain/incidents/lifecycle.ts';
import { assignmentDispatches, isAssignable, statusAfterUnassign } from '../../domain/dispatch/assignment-rules.ts';
import type { Database, Queryable } from '../core/database.ts';
import { lockForCommand, writeStep, type TransitionActor } from '../incidents/incident-step.ts';
import { TransitionError } from '../incidents/transition-error.ts';
import { primaryUnitTx, releaseUnitsTx, takeUnitTx } from './assignment-ops.ts';

export interface AssignInput {
  unitId: string;
  /** The incident's version as the caller saw it. */
  version?: number;
  /** The unit's version as the caller saw it (optional). */
  unitVersion?: number;
  /** A unit on the incident this one replaces (reassign): it is released in the same transaction. */
  replaces?: string;
  opinion?: string;
}

export interface AssignResult {
  incident: LiveFeature;
  assignment: { unitId: string; unitType: string; reinforcement: boolean; fromDistrict: string | null; assignedAt: string };
  /** The unit released by a reassignment. */
  released: string | null;
}

async function openCount(tx: Queryable, incidentId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_assignments WHERE incident_id = $1 AND released_at IS NULL', [incidentId]);
  return rows[0]!.n;
}

export function assignUnit(db: Database, incidentId: string, input: AssignInput, actor: TransitionActor, now = new Date()): Promise<AssignResult> {
  return db.transaction(async (tx) => {
    const inc = await lockForCommand(tx, incidentId, input.version, actor);
    if (!isAssignable(inc.status)) {
      throw new TransitionError('invalid-transition', `Units cannot be assigned to a ${inc.status} incident`, { from: inc.status, to: 'DISPATCHED', allowed: allowedActions(inc) });
    }
    let released: string | null = null;
    if (input.replaces) {
      const freed = await releaseUnitsTx(tx, incidentId, 'REASSIGNED', actor.name, now, input.replaces);
      if (!freed.length) throw new TransitionError('not-assigned', `Unit ${input.replaces.slice(0, 60)} is not on incident ${incidentId}`, { unitId: input.replaces });
      released = input.replaces;
    }
    const taken = await takeUnitTx(tx, { incidentId, incidentDistrict: inc.district_code, unitId: input.unitId, unitVersion: input.unitVersion, actor, now });
    const dispatches = assignmentDispatches(inc.status);
    const incident = await writeStep(tx, incidentId, inc, {
      action: dispatches ? 'DISPATCH' : 'ASSIGN',
      to: dispatches ? 'DISPATCHED' : (inc.status as IncidentStatus),
      opinion: input.opinion,
      unitId: input.unitId,
      primaryUnitId: await primaryUnitTx(tx, incidentId),
      reinforcement: taken.reinforcement,
      audit: released ? { replaces: released } : undefined,
    }, actor, now);
    return {
      incident,
      assignment: { unitId: input.unitId, unitType: taken.unit.type, reinforcement: taken.reinforcement, fromDistrict: taken.fromDistrict, assignedAt: now.toISOString() },
      released,
    };
  });
}

/** Takes a unit off an incident (the assignment row stays, released); the unit is AVAILABLE again. */
export function unassignUnit(db: Database, incidentId: string, unitId: string, input: { version?: number; opinion?: string }, actor: TransitionActor, now = new Date()): Promise<LiveFeature> {
  return db.transaction(async (tx) => {
    const inc = await lockForCommand(tx, incidentId, input.version, actor);
    const freed = await releaseUnitsTx(tx, incidentId, 'UNASSIGNED', actor.name, now, unitId);
    if (!freed.length) throw new TransitionError('not-assigned', `Unit ${unitId.slice(0, 60)} is not on incident ${incidentId}`, { unitId });
    const to = statusAfterUnassign(inc.status as IncidentStatus, await openCount(tx, incidentId));
    return writeStep(tx, incidentId, inc, { action: 'UNASSIGN', to, opinion: input.opinion, unitId, primaryUnitId: await primaryUnitTx(tx, incidentId) }, actor, now);
  });
}
