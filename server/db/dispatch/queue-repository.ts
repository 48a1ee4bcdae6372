/**
 * The dispatcher's queue (GET /api/dispatch/queue): incidents by the filters, inside the caller's jurisdiction
 * (and the chosen area), in priority order (server/domain/dispatch/queue-order.ts), with their open assignments;
 * and the counts under the same filters — per bucket (all statuses, so every bucket tab shows its number) and
 * total / overdue / nearly due / supervised (also under the status filter).
 */
import { INCIDENT_BUCKETS, statusBucket, type IncidentBucket } from '../../domain/incidents/lifecycle.ts';
import { LIGHT_ORDER, URGENCY_ORDER } from '../../domain/dispatch/queue-order.ts';
import { jurisdictionFilter } from '../../auth/jurisdiction.ts';
import type { Queryable } from '../core/database.ts';
import { TIMER_LIGHT_PARAMS, timerLightSql } from './timer-light-sql.ts';

export interface QueueFilter {
  statuses: readonly string[];
  from?: Date;
  to?: Date;
  categories?: readonly string[];
  urgencies?: readonly string[];
  /** The caller's jurisdiction and, optionally, an area inside it (admin codes). */
  scope: string;
  area?: string;
  limit: number;
  offset: number;
}

export interface QueueAssignment {
  unitId: string;
  unitType: string;
  unitName: string;
  status: string;
  reinforcement: boolean;
}

export interface QueueItem {
  id: string;
  event_no: string;
  title: string;
  category: string;
  category_label: string;
  urgency: string;
  urgency_label: string;
  status: string;
  status_label: string;
  bucket: IncidentBucket;
  reported_at: string;
  deadline: string;
  timer_light: string | null;
  supervised: boolean;
  escalated: boolean;
  version: number;
  lon: number;
  lat: number;
  address: string | null;
  district_code: string;
  street_code: string | null;
  community_code: string | null;
  assignments: QueueAssignment[];
}

export interface QueueCounts {
  buckets: Record<IncidentBucket, number>;
  total: number;
  overdue: number;
  nearlyDue: number;
  supervised: number;
}

/** WHERE conditions shared by the list and the counts; `withStatus` adds the status filter. */
function where(f: QueueFilter, params: unknown[], withStatus: boolean): string {
  const bind = (v: unknown) => `$${params.push(v)}`;
  const conds: string[] = [];
  for (const code of [f.scope, f.area]) {
    if (!code) continue;
    const j = jurisdictionFilter(code);
    conds.push(`i.${j.column} LIKE ${bind(j.pattern)}`);
  }
  if (withStatus) conds.push(`i.status = ANY(${bind(f.statuses)}::text[])`);
  if (f.from) conds.push(`i.reported_at >= ${bind(f.from.toISOString())}::timestamptz`);
  if (f.to) conds.push(`i.reported_at < ${bind(f.to.toISOString())}::timestamptz`);
  if (f.categories?.length) conds.push(`i.category = ANY(${bind(f.categories)}::text[])`);
  if (f.urgencies?.length) conds.push(`i.urgency = ANY(${bind(f.urgencies)}::text[])`);
  return conds.join(' AND ');
}

const ASSIGNMENTS = `COALESCE((SELECT json_agg(json_build_object('unitId', a.unit_id, 'unitType', a.unit_type, 'unitName', u.name, 'status', u.status,
    'reinforcement', a.reinforcement) ORDER BY a.assigned_at, a.id)
  FROM incident_assignments a JOIN units u ON u.id = a.unit_id WHERE a.incident_id = i.id AND a.released_at IS NULL), '[]'::json)`;

export async function queueItems(db: Queryable, f: QueueFilter, now: Date): Promise<QueueItem[]> {
  const params: unknown[] = [TIMER_LIGHT_PARAMS[0], TIMER_LIGHT_PARAMS[1], now.toISOString(), URGENCY_ORDER, LIGHT_ORDER];
  const cond = where(f, params, true);
  const limit = `$${params.push(f.limit)}`;
  const offset = `$${params.push(f.offset)}`;
  const { rows } = await db.query<Omit<QueueItem, 'bucket'> & { reported_at: Date; deadline: Date }>(
    `SELECT i.id, i.event_no, i.title, i.category, i.category_label, i.urgency, i.urgency_label, i.status, i.status_label,
       i.reported_at, i.deadline, l.light AS timer_light, i.supervised, i.escalated, i.version,
       ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, i.address, i.district_code, i.street_code, i.community_code,
       ${ASSIGNMENTS} AS assignments
     FROM incidents i CROSS JOIN LATERAL (SELECT ${timerLightSql('i', '$1', '$2', '$3')} AS light) l
     WHERE ${cond}
     ORDER BY array_position($4::text[], i.urgency), array_position($5::text[], l.light) NULLS LAST, i.reported_at, i.id
     LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return rows.map((r) => ({
    ...r,
    bucket: statusBucket(r.status),
    reported_at: new Date(r.reported_at).toISOString(),
    deadline: new Date(r.deadline).toISOString(),
  }));
}

export async function queueCounts(db: Queryable, f: QueueFilter, now: Date): Promise<QueueCounts> {
  const params: unknown[] = [TIMER_LIGHT_PARAMS[0], TIMER_LIGHT_PARAMS[1], now.toISOString()];
  const cond = where(f, params, false);
  const { rows } = await db.query<{ status: string; n: number; red: number; yellow: number; sup: number }>(
    `SELECT i.status, count(*)::int AS n, count(*) FILTER (WHERE l.light = 'RED')::int AS red,
       count(*) FILTER (WHERE l.light = 'YELLOW')::int AS yellow, count(*) FILTER (WHERE i.supervised)::int AS sup
     FROM incidents i CROSS JOIN LATERAL (SELECT ${timerLightSql('i', '$1', '$2', '$3')} AS light) l
     ${cond ? `WHERE ${cond}` : ''}
     GROUP BY i.status`,
    params,
  );
  const counts: QueueCounts = {
    buckets: Object.fromEntries(INCIDENT_BUCKETS.map((b) => [b, 0])) as Record<IncidentBucket, number>,
    total: 0, overdue: 0, nearlyDue: 0, supervised: 0,
  };
  for (const r of rows) {
    counts.buckets[statusBucket(r.status)] += r.n;
    if (!f.statuses.includes(r.status)) continue;
    counts.total += r.n;
    counts.overdue += r.red;
    counts.nearlyDue += r.yellow;
    counts.supervised += r.sup;
  }
  return counts;
}
