/** SQL for /api/health: database identity and per-layer counts. */
import type { Queryable } from '../core/database.ts';
import { COLLECTION_IDS, type CollectionId } from '../../protocol/collections.ts';
import { LAYER_SOURCES } from '../features/layer-sources.ts';

export async function postgisVersion(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v');
  return rows[0]?.v ?? 'unknown';
}

/** Exact row counts per collection (one round trip). */
export async function layerCounts(db: Queryable): Promise<Record<CollectionId, number>> {
  const selects = COLLECTION_IDS.map((id, i) => {
    const src = LAYER_SOURCES[id];
    return `(SELECT count(*)::integer FROM ${src.relation}${src.where ? ` WHERE ${src.where}` : ''}) AS c${i}`;
  });
  const { rows } = await db.query<Record<string, number>>(`SELECT ${selects.join(', ')}`);
  const row = rows[0] ?? {};
  return Object.fromEntries(COLLECTION_IDS.map((id, i) => [id, Number(row[`c${i}`] ?? 0)])) as Record<CollectionId, number>;
}
