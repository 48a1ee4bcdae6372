/**
 * The unit side of an incident command, inside the caller's transaction (the incident row is locked first by the
 * caller, then the unit here: one lock order, so racing dispatchers serialise and never deadlock):
 *   takeUnitTx      lock the unit, check it exists, may be sent by this actor (jurisdiction, 跨区增援) and is free,
 *                   open an assignment and mark the unit DISPATCHED
 *   releaseUnitsTx  close the incident's open assignments (all, or one unit's) and free their units
 *   primaryUnitTx   the incident's primary unit: its earliest open assignment (incidents.assigned_unit_id)
 * The partial unique index incident_assignments_one_open_per_unit is the last word: whatever happens, a unit never
 * holds two open assignments (a violation becomes unit-unavailable).
 */
import { UNIT_STATUS } from '../../protocol/codes.ts';
import { inJurisdiction, scopePrefix } from '../../auth/jurisdiction.ts';
import { BUSY_UNIT_STATUSES, dispatchReach, type UnitStatus } from '../../domain/dispatch/assignment-rules.ts';
import type { Queryable } from '../core/database.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../features/layer-sources.ts';
import { TransitionError } from '../incidents/transition-error.ts';
import { neighbourDistricts } from './districts-repository.ts';

export type UnitRow = {
  id: string;
  type: string;
  status: string;
  version: number;
  district_code: string;
  street_code: string | null;
  community_code: string | null;
};

export type ReleaseReason = 'UNASSIGNED' | 'REASSIGNED' | 'RETURNED' | 'DISPOSED' | 'SUSPENDED' | 'ENDED';

/** Who acts on the unit side. */
export interface UnitActor {
  id: string | null;
  name: string;
  scope: string;
}

export interface Taken {
  unit: UnitRow;
  reinforcement: boolean;
  fromDistrict: string | null;
}

async function lockUnit(tx: Queryable, unitId: string): Promise<UnitRow | null> {
  const { rows } = await tx.query<UnitRow>(
    'SELECT id, type, status, version, district_code, street_code, community_code FROM units WHERE id = $1 FOR UPDATE',
    [unitId],
  );
  return rows[0] ?? null;
}

export async function setUnitStatus(tx: Queryable, unitIds: readonly string[], status: UnitStatus, from: readonly string[]): Promise<void> {
  if (!unitIds.length) return;
  await tx.query('UPDATE units SET status = $2, status_label = $3, updated_at = now() WHERE id = ANY($1::text[]) AND status = ANY($4::text[])', [
    unitIds, status, UNIT_STATUS[status].zh, from,
  ]);
}

/** The incident a unit is out on (its open assignment), if any. */
async function openIncidentOf(tx: Queryable, unitId: string): Promise<string | null> {
  const { rows } = await tx.query<{ incident_id: string }>('SELECT incident_id FROM incident_assignments WHERE unit_id = $1 AND released_at IS NULL', [unitId]);
  return rows[0]?.incident_id ?? null;
}

async function checkReach(tx: Queryable, unit: UnitRow, incidentDistrict: string, actor: UnitActor): Promise<Taken> {
  const unitInScope = inJurisdiction(actor.scope, scopeCodesOf(LAYER_SOURCES.units, unit as unknown as Record<string, unknown>));
  const callerIsCity = unitInScope && scopePrefix(actor.scope).length < 6;
  const neighbours = callerIsCity && unit.district_code !== incidentDistrict ? await neighbourDistricts(tx, incidentDistrict) : [];
  const reach = dispatchReach({ callerIsCity, unitInScope, unitDistrict: unit.district_code, incidentDistrict, neighbours });
  if (reach.kind === 'refused') {
    const why = reach.reason === 'OUTSIDE_JURISDICTION' ? 'lies outside your jurisdiction' : `belongs to ${unit.district_code}, which does not border the incident's district ${incidentDistrict}`;
    throw new TransitionError('out-of-jurisdiction', `Unit ${unit.id} ${why}`, { unitId: unit.id, reason: reach.reason, unitDistrict: unit.district_code, incidentDistrict });
  }
  return { unit, reinforcement: reach.kind === 'reinforcement', fromDistrict: reach.kind === 'reinforcement' ? reach.fromDistrict : null };
}

/**
 * Takes a free unit for an incident. Throws TransitionError: unknown-unit (no such unit), out-of-jurisdiction,
 * unit-unavailable (details: unitId, status, incidentId it is out on), version-conflict (details.unitVersion).
 */
export async function takeUnitTx(
  tx: Queryable,
  args: { incidentId: string; incidentDistrict: string; unitId: string; unitVersion?: number; actor: UnitActor; now: Date },
): Promise<Taken> {
  const unit = await lockUnit(tx, args.unitId);
  if (!unit) throw new TransitionError('unknown-unit', `No unit ${args.unitId.slice(0, 60)}`, { unitId: args.unitId });
  const taken = await checkReach(tx, unit, args.incidentDistrict, args.actor);
  const onIncident = await openIncidentOf(tx, unit.id);
  if (unit.status !== 'AVAILABLE' || onIncident) {
    const where = onIncident ? ` on incident ${onIncident}` : '';
    throw new TransitionError('unit-unavailable', `Unit ${unit.id} is ${unit.status}${where}, not AVAILABLE`, { unitId: unit.id, status: unit.status, incidentId: onIncident, unitVersion: unit.version });
  }
  if (args.unitVersion !== undefined && args.unitVersion !== unit.version) {
    throw new TransitionError('version-conflict', `Unit ${unit.id} is at version ${unit.version}, not ${args.unitVersion}`, { unitVersion: unit.version });
  }
  try {
    await tx.query(
      `INSERT INTO incident_assignments (incident_id, unit_id, unit_type, assigned_at, assigned_by, assigned_by_id, reinforcement, from_district)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [args.incidentId, unit.id, unit.type, args.now.toISOString(), args.actor.name, args.actor.id, taken.reinforcement, taken.fromDistrict],
    );
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new TransitionError('unit-unavailable', `Unit ${unit.id} is out on another incident`, { unitId: unit.id, status: unit.status });
    throw err;
  }
  await setUnitStatus(tx, [unit.id], 'DISPATCHED', ['AVAILABLE']);
  return taken;
}

/** Closes open assignments of an incident (all, or one unit's) and frees their units; returns the units freed. */
export async function releaseUnitsTx(tx: Queryable, incidentId: string, reason: ReleaseReason, actorName: string, now: Date, unitId?: string): Promise<string[]> {
  const { rows } = await tx.query<{ unit_id: string }>(
    `UPDATE incident_assignments SET released_at = $2, released_by = $3, release_reason = $4
     WHERE incident_id = $1 AND released_at IS NULL AND ($5::text IS NULL OR unit_id = $5) RETURNING unit_id`,
    [incidentId, now.toISOString(), actorName, reason, unitId ?? null],
  );
  const ids = rows.map((r) => r.unit_id);
  await setUnitStatus(tx, ids, 'AVAILABLE', BUSY_UNIT_STATUSES);
  return ids;
}

/** The primary unit of an incident: the unit of its earliest open assignment (null when none). */
export async function primaryUnitTx(tx: Queryable, incidentId: string): Promise<string | null> {
  const { rows } = await tx.query<{ unit_id: string }>(
    'SELECT unit_id FROM incident_assignments WHERE incident_id = $1 AND released_at IS NULL ORDER BY assigned_at, id LIMIT 1',
    [incidentId],
  );
  return rows[0]?.unit_id ?? null;
}
