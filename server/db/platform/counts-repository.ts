/**
 * SQL for GET /api/counts: features per collection inside a jurisdiction, in one round trip. Each count uses
 * the layer's own source condition, the one jurisdiction rule (scopeWhere in db/features/features-sql.ts) and the
 * layer's selection (filters, time window) as an OGC items request would, so a count is exactly the numberMatched
 * an items request of the same principal with the same filters would give. Incidents are also counted 在办 (open:
 * the lifecycle's OPEN_STATUSES) among the selected.
 */
import type { Queryable } from '../core/database.ts';
import type { CollectionId } from '../../protocol/collections.ts';
import type { ItemsQuery } from '../../domain/features/feature-query.ts';
import { OPEN_STATUSES } from '../../domain/incidents/lifecycle.ts';
import { LAYER_SOURCES } from '../features/layer-sources.ts';
import { SqlParams, relation, selectionWhere } from '../features/features-sql.ts';

/** What narrows one collection's count: equality filters (any of several values) and a time window. */
export type CountSelection = Pick<ItemsQuery, 'filters' | 'datetime'>;

export interface ScopedCounts {
  counts: Partial<Record<CollectionId, number>>;
  /** Open (在办) incidents among those counted; absent when incidents are not counted. */
  open: Partial<Record<'incidents', number>>;
}

/** The collections whose open share is counted too, with the status column and the open codes. */
const OPEN_OF: Partial<Record<CollectionId, { column: string; codes: readonly string[] }>> = {
  incidents: { column: 'status', codes: OPEN_STATUSES },
};

/**
 * Exact row counts of the given collections inside `scope` (an admin code: 410500 city, 410502 district, …),
 * each narrowed by its selection when one is given.
 */
export async function scopedLayerCounts(
  db: Queryable,
  collections: readonly CollectionId[],
  scope: string,
  selections: Partial<Record<CollectionId, CountSelection>> = {},
): Promise<ScopedCounts> {
  if (collections.length === 0) return { counts: {}, open: {} };
  const params = new SqlParams();
  const selects: string[] = [];
  collections.forEach((id, i) => {
    const src = LAYER_SOURCES[id];
    const sel = selections[id];
    const where = selectionWhere(src, { scope, filters: sel?.filters ?? [], ...(sel?.datetime ? { datetime: sel.datetime } : {}) }, params, 't');
    selects.push(`(SELECT count(*)::integer FROM ${relation(src)} t WHERE ${where}) AS c${i}`);
    const open = OPEN_OF[id];
    if (open) {
      const codes = open.codes.map((c) => params.add(c)).join(', ');
      selects.push(`(SELECT count(*)::integer FROM ${relation(src)} t WHERE ${where} AND t."${open.column}" IN (${codes})) AS o${i}`);
    }
  });
  const { rows } = await db.query<Record<string, number>>(`SELECT ${selects.join(', ')}`, params.values);
  const row = rows[0] ?? {};
  const counts = Object.fromEntries(collections.map((id, i) => [id, Number(row[`c${i}`] ?? 0)]));
  const open: ScopedCounts['open'] = {};
  collections.forEach((id, i) => {
    if (id === 'incidents') open.incidents = Number(row[`o${i}`] ?? 0);
  });
  return { counts, open };
}
