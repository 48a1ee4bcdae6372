/**
 * SQL for GET /api/counts: features per collection inside a jurisdiction, in one round trip. Each count uses
 * the layer's own source condition and the one jurisdiction rule (scopeWhere in db/features/features-sql.ts),
 * so a count is exactly the numberMatched an unfiltered OGC items request of the same principal would give.
 */
import type { Queryable } from '../core/database.ts';
import type { CollectionId } from '../../protocol/collections.ts';
import { LAYER_SOURCES } from '../features/layer-sources.ts';
import { SqlParams, relation, scopeWhere } from '../features/features-sql.ts';

/** Exact row counts of the given collections inside `scope` (an admin code: 410500 city, 410502 district, …). */
export async function scopedLayerCounts(db: Queryable, collections: readonly CollectionId[], scope: string): Promise<Partial<Record<CollectionId, number>>> {
  if (collections.length === 0) return {};
  const params = new SqlParams();
  const selects = collections.map((id, i) => {
    const src = LAYER_SOURCES[id];
    const conds = [src.where ? `(${src.where})` : null, scopeWhere(src, scope, params, 't')].filter(Boolean).join(' AND ');
    return `(SELECT count(*)::integer FROM ${relation(src)} t WHERE ${conds}) AS c${i}`;
  });
  const { rows } = await db.query<Record<string, number>>(`SELECT ${selects.join(', ')}`, params.values);
  const row = rows[0] ?? {};
  return Object.fromEntries(collections.map((id, i) => [id, Number(row[`c${i}`] ?? 0)]));
}
