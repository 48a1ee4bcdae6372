/**
 * A unit reports its progress (POST /api/units/{id}/status): DISPATCHED → EN_ROUTE → ON_SCENE, and OFF_DUTY ⇄
 * AVAILABLE while free (server/domain/dispatch/assignment-rules.ts UNIT_STATUS_STEPS). The incident follows: the
 * first unit ON_SCENE of a 已派遣 incident is its ARRIVE step (→ 处置中), written through the lifecycle like any
 * other action. One transaction; locks in the one order of every incident command — the incident first (found
 * through the unit's open assignment), then the unit — so a unit's report never deadlocks with a dispatcher.
 */
import type { LiveFeature } from '../../protocol/live.ts';
import { UNIT_STATUS } from '../../protocol/codes.ts';
import { CITY_CODE } from '../../protocol/geo.ts';
import type { Geometry } from 'geojson';
import { canStepUnit, UNIT_STATUS_STEPS, type UnitStatus } from '../../domain/dispatch/assignment-rules.ts';
import { inJurisdiction } from '../../auth/jurisdiction.ts';
import type { Database, Transaction } from '../core/database.ts';
import { appendAuditTx } from '../auth/audit-repository.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../features/layer-sources.ts';
import { toLiveFeature } from '../live/changes-feature.ts';
import { lockForCommand, type TransitionActor } from '../incidents/incident-step.ts';
import { applyTransitionTx } from '../incidents/incident-transitions-repository.ts';
import { TransitionError } from '../incidents/transition-error.ts';

export interface UnitReport {
  status: UnitStatus;
  /** The unit's version as the reporter saw it (optional). */
  version?: number;
}

export interface UnitReportResult {
  unit: LiveFeature;
  /** The incident when the report moved it (ARRIVE). */
  incident: LiveFeature | null;
}

type UnitLock = { status: string; version: number; district_code: string; street_code: string | null; community_code: string | null };

async function openIncidentOf(tx: Transaction, unitId: string): Promise<string | null> {
  const { rows } = await tx.query<{ incident_id: string }>('SELECT incident_id FROM incident_assignments WHERE unit_id = $1 AND released_at IS NULL', [unitId]);
  return rows[0]?.incident_id ?? null;
}

async function lockUnit(tx: Transaction, unitId: string, actor: TransitionActor): Promise<UnitLock> {
  const { rows } = await tx.query<UnitLock>('SELECT status, version, district_code, street_code, community_code FROM units WHERE id = $1 FOR UPDATE', [unitId]);
  const unit = rows[0];
  if (!unit) throw new TransitionError('unknown-unit', `No unit ${unitId.slice(0, 60)}`, { unitId });
  if (!inJurisdiction(actor.scope, scopeCodesOf(LAYER_SOURCES.units, unit))) {
    throw new TransitionError('out-of-jurisdiction', `Unit ${unitId} lies outside your jurisdiction`, { unitId, reason: 'OUTSIDE_JURISDICTION' });
  }
  return unit;
}

export function reportUnitStatus(db: Database, unitId: string, report: UnitReport, actor: TransitionActor, now = new Date()): Promise<UnitReportResult> {
  return db.transaction(async (tx) => {
    const incidentId = await openIncidentOf(tx, unitId);
    const inc = incidentId ? await lockForCommand(tx, incidentId, undefined, { scope: CITY_CODE }) : null; // the unit's own incident, wherever it is
    const unit = await lockUnit(tx, unitId, actor);
    if (incidentId !== (await openIncidentOf(tx, unitId))) throw new TransitionError('version-conflict', `Unit ${unitId} changed incident meanwhile: try again`, { unitVersion: unit.version });
    if (report.version !== undefined && report.version !== unit.version) {
      throw new TransitionError('version-conflict', `Unit ${unitId} is at version ${unit.version}, not ${report.version}`, { unitVersion: unit.version });
    }
    if (!canStepUnit(unit.status, report.status)) {
      throw new TransitionError('invalid-transition', `A ${unit.status} unit cannot report ${report.status}`, {
        from: unit.status, to: report.status, allowed: UNIT_STATUS_STEPS[unit.status as UnitStatus] ?? [],
      });
    }
    const { rows } = await tx.query<{ row_data: Record<string, unknown>; geometry: Geometry }>(
      `UPDATE units t SET status = $2, status_label = $3, updated_at = $4 WHERE id = $1
       RETURNING to_jsonb(t) - 'geom' AS row_data, ST_AsGeoJSON(t.geom, 7)::jsonb AS geometry`,
      [unitId, report.status, UNIT_STATUS[report.status].zh, now.toISOString()],
    );
    // The unit first, so the ARRIVE below finds it ON_SCENE already and writes it no second time.
    let incident: LiveFeature | null = null;
    if (report.status === 'ON_SCENE' && inc && incidentId && inc.status === 'DISPATCHED') {
      incident = await applyTransitionTx(tx, incidentId, inc, { action: 'ARRIVE' }, { ...actor, audit: undefined }, now);
    }
    if (actor.audit) await appendAuditTx(tx, actor.audit({ unitId, from: unit.status, to: report.status, incidentId, arrived: incident !== null }), now);
    return { unit: toLiveFeature('units', rows[0]!.row_data, rows[0]!.geometry), incident };
  });
}
