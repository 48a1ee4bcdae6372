/**
 * Early warnings (migration 035 + 040): raised by the analyses, at most one open warning per cause (a partial unique
 * index on cause_key), escalated in place when the same cause comes back more severe; acknowledged and lifted by a
 * person with the row version they saw, each step audited in the same transaction. Every row change reaches the
 * live feed through the capture trigger ('warnings' collection).
 */
import type { Geometry } from 'geojson';
import type { Database, Queryable } from '../core/database.ts';
import type { AuditEntry } from '../../auth/audit-chain.ts';
import { appendAuditTx } from '../auth/audit-repository.ts';
import { inJurisdiction } from '../../auth/jurisdiction.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../features/layer-sources.ts';
import { toLiveFeature } from '../live/changes-feature.ts';
import type { LiveFeature } from '../../protocol/live.ts';
import { WARNING_KIND, WARNING_LEVEL, WARNING_STATUS } from '../../protocol/codes.ts';
import { allowedWarningActions, WARNING_TRANSITIONS, type WarningAction } from '../../domain/risk/warning-lifecycle.ts';

export type WarningKind = keyof typeof WARNING_KIND;

export interface NewWarning {
  kind: WarningKind;
  level: 1 | 2 | 3 | 4;
  title: string;
  reason: string;
  evidence: Record<string, unknown>;
  /** What the warning stands for (RISK_RISE:<grid>, HOTSPOT:<cell>, COVERAGE:<unit type>:<street>): one open warning per cause. */
  causeKey: string;
  /** The area: the union of these grids, or a GeoJSON polygon (then placed in the grid holding its centre). */
  area: { gridCodes: readonly string[] } | { geometry: Geometry };
}

/** The SQL of the area's geometry (MultiPolygon) and of the grid that places it, for one warning. */
function areaSql(w: NewWarning, add: (v: unknown) => string): { geom: string; place: string } {
  if ('gridCodes' in w.area) {
    const codes = add([...w.area.gridCodes]);
    return {
      geom: `(SELECT ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) FROM grids WHERE code = ANY(${codes}::text[]))`,
      place: `(SELECT code FROM grids WHERE code = ANY(${codes}::text[]) ORDER BY code LIMIT 1)`,
    };
  }
  const g = `ST_SetSRID(ST_GeomFromGeoJSON(${add(JSON.stringify(w.area.geometry))}), 4326)`;
  return { geom: `ST_Multi(${g})`, place: `(SELECT code FROM grids WHERE ST_Intersects(geom, ST_PointOnSurface(${g})) ORDER BY code LIMIT 1)` };
}

/**
 * Raises warnings; a cause with an open warning is not raised twice — its warning is escalated (level, reason,
 * evidence) only when the new one is more severe. Returns how many warnings were newly raised.
 */
export async function raiseWarnings(tx: Queryable, warnings: readonly NewWarning[], now = new Date()): Promise<number> {
  let raised = 0;
  for (const w of warnings) {
    const values: unknown[] = [];
    const add = (v: unknown) => (values.push(v), `$${values.length}`);
    const at = `${add(now.toISOString())}::timestamptz`;
    const area = areaSql(w, add);
    const { rows } = await tx.query<{ inserted: boolean }>(
      `WITH place AS (SELECT code, district_code, street_code, community_code FROM grids WHERE code = ${area.place})
       INSERT INTO warnings AS w (id, level, level_label, kind, kind_label, status, status_label, title, reason, evidence, cause_key,
                                  district_code, street_code, community_code, grid_code, geom, raised_at, updated_at)
       SELECT 'YJ' || to_char(${at} AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('warnings_serial')::text, 6, '0'),
              ${add(w.level)}::smallint, ${add(WARNING_LEVEL[w.level].zh)}, ${add(w.kind)}, ${add(WARNING_KIND[w.kind].zh)}, 'ACTIVE', ${add(WARNING_STATUS.ACTIVE.zh)},
              ${add(w.title)}, ${add(w.reason)}, ${add(JSON.stringify(w.evidence))}::jsonb, ${add(w.causeKey)},
              place.district_code, place.street_code, place.community_code, ${'gridCodes' in w.area && w.area.gridCodes.length > 1 ? 'NULL' : 'place.code'},
              ${area.geom}, ${at}, ${at}
       FROM place
       ON CONFLICT (cause_key) WHERE status <> 'LIFTED' DO UPDATE
         SET level = EXCLUDED.level, level_label = EXCLUDED.level_label, reason = EXCLUDED.reason, evidence = EXCLUDED.evidence, updated_at = EXCLUDED.updated_at
         WHERE EXCLUDED.level < w.level
       RETURNING (xmax = 0) AS inserted`,
      values,
    );
    if (rows[0]?.inserted) raised++;
  }
  return raised;
}

export class WarningError extends Error {
  override name = 'WarningError';
  constructor(readonly kind: 'not-found' | 'version-conflict' | 'invalid-transition', message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

export interface WarningActor {
  name: string;
  scope: string;
  audit: (details: Record<string, unknown>) => AuditEntry;
}

const RETURNING = `RETURNING to_jsonb(t) - 'geom' AS row_data, ST_AsGeoJSON(ST_ForcePolygonCCW(t.geom), 7)::jsonb AS geometry`;

/** ACKNOWLEDGE or LIFT a warning the actor's jurisdiction holds, at the version the actor saw. */
export function transitionWarning(db: Database, id: string, input: { action: WarningAction; version: number; note?: string }, actor: WarningActor, now = new Date()): Promise<LiveFeature> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: string; version: number; district_code: string; street_code: string | null; community_code: string | null }>(
      'SELECT status, version, district_code, street_code, community_code FROM warnings WHERE id = $1 FOR UPDATE',
      [id],
    );
    const w = rows[0];
    if (!w || !inJurisdiction(actor.scope, scopeCodesOf(LAYER_SOURCES.warnings, w))) throw new WarningError('not-found', `No warning ${id.slice(0, 40)}`);
    if (w.version !== input.version) {
      throw new WarningError('version-conflict', `Warning ${id} is at version ${w.version}, not ${input.version}: reload it and try again`, { version: w.version, allowed: allowedWarningActions(w.status) });
    }
    const rule = WARNING_TRANSITIONS[input.action];
    if (!(rule.from as readonly string[]).includes(w.status)) {
      throw new WarningError('invalid-transition', `${input.action} is not allowed on a ${w.status} warning`, { from: w.status, to: rule.to, allowed: allowedWarningActions(w.status) });
    }
    const ack = input.action === 'ACKNOWLEDGE';
    const updated = await tx.query<{ row_data: Record<string, unknown>; geometry: Geometry }>(
      `UPDATE warnings t SET status = $2, status_label = $3, note = COALESCE($4, note), updated_at = $5::timestamptz,
         acknowledged_at = CASE WHEN $6::boolean THEN $5::timestamptz ELSE acknowledged_at END,
         acknowledged_by = CASE WHEN $6::boolean THEN $7 ELSE acknowledged_by END,
         lifted_at = CASE WHEN $6::boolean THEN lifted_at ELSE $5::timestamptz END,
         lifted_by = CASE WHEN $6::boolean THEN lifted_by ELSE $7 END
       WHERE id = $1 ${RETURNING}`,
      [id, rule.to, WARNING_STATUS[rule.to].zh, input.note ?? null, now.toISOString(), ack, actor.name],
    );
    await appendAuditTx(tx, actor.audit({ action: input.action, from: w.status, to: rule.to, version: w.version + 1, note: input.note }), now);
    return toLiveFeature('warnings', updated.rows[0]!.row_data, updated.rows[0]!.geometry);
  });
}
