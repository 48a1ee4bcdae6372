/**
 * A new incident reported through the dispatch API (POST /api/incidents), in one transaction: the row (through
 * the same createFeature as every other write: codes from the geometry, labels, status REPORTED, deadline from
 * the configured time limit of its category × urgency, server/domain/dispatch/dispatch-config.ts), its timer light,
 * the first flow-log row (REPORT: → REPORTED) and the audit row. An incident placed outside the reporter's
 * jurisdiction rolls back (WriteError out-of-scope); nothing is written on any error.
 */
import type { LiveFeature } from '../../protocol/live.ts';
import { inJurisdiction } from '../../auth/jurisdiction.ts';
import type { AuditEntry } from '../../auth/audit-chain.ts';
import { timerLight } from '../../domain/incidents/lifecycle.ts';
import type { Database } from '../core/database.ts';
import { appendAuditTx } from '../auth/audit-repository.ts';
import { createFeature, WriteError } from '../features/features-write-repository.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../features/layer-sources.ts';

export interface NewIncident {
  id: string;
  properties: Record<string, unknown>;
  geometry: unknown;
}

export interface Reporter {
  id: string | null;
  name: string;
  scope: string;
  audit?: (incidentId: string) => AuditEntry;
}

export function createIncident(db: Database, input: NewIncident, reporter: Reporter, now = new Date()): Promise<LiveFeature> {
  return db.transaction(async (tx) => {
    const f = await createFeature(tx, 'incidents', { id: input.id, properties: input.properties, geometry: input.geometry }, { now });
    if (!inJurisdiction(reporter.scope, scopeCodesOf(LAYER_SOURCES.incidents, f.properties))) {
      throw new WriteError('out-of-scope', 'The incident lies outside your jurisdiction');
    }
    const p = f.properties;
    const light = timerLight(String(p.status), Date.parse(String(p.reported_at)), Date.parse(String(p.deadline)), now.getTime());
    await tx.query('UPDATE incidents SET timer_light = $2 WHERE id = $1', [input.id, light]);
    await tx.query(
      `INSERT INTO incident_flow_log (incident_id, at, actor, actor_id, action, from_status, to_status, opinion)
       VALUES ($1, $2, $3, $4, 'REPORT', NULL, $5, $6)`,
      [input.id, now.toISOString(), reporter.name, reporter.id, p.status, p.description ?? null],
    );
    if (reporter.audit) await appendAuditTx(tx, reporter.audit(input.id), now);
    return { ...f, properties: { ...p, timer_light: light } };
  });
}
