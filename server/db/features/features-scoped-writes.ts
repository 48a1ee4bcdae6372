/**
 * Writes on behalf of a principal with a jurisdiction: the same writes as features-write-repository.ts, in one
 * transaction that also checks the feature lies inside the writer's admin unit — before (the row being changed or
 * deleted, locked) and after (where the write puts it). A feature that exists outside is treated as missing
 * (null / false: the caller answers 404 as for an id that does not exist, so the two cannot be told apart);
 * a write that would put a feature outside rolls back and throws WriteError('out-of-scope'); either way nothing
 * is written and no change reaches the live feed.
 * The audit entry of a write (when given) is appended in the same transaction: the write and its audit row
 * commit together or not at all.
 */
import type { CollectionId } from '../../protocol/collections.ts';
import type { LiveFeature } from '../../protocol/live.ts';
import { COLLECTIONS } from '../../protocol/collections.ts';
import { inJurisdiction } from '../../auth/jurisdiction.ts';
import type { Database, Queryable, Transaction } from '../core/database.ts';
import type { AuditEntry } from '../../auth/audit-chain.ts';
import { appendAuditTx } from '../auth/audit-repository.ts';
import { LAYER_SOURCES, scopeCodesOf } from './layer-sources.ts';
import { ident } from './features-sql.ts';
import { createFeature, deleteFeature, toWriteError, updateFeature, WriteError } from './features-write-repository.ts';

const outside = (id: CollectionId, featureId: string) =>
  new WriteError('out-of-scope', `Feature ${featureId} of ${id} lies outside your jurisdiction`);

/** Locks the row and tells whether it exists and lies inside the scope. */
async function lockedScope(tx: Queryable, id: CollectionId, featureId: string, scope: string): Promise<'missing' | 'inside' | 'outside'> {
  const source = LAYER_SOURCES[id];
  const { rows } = await tx
    .query<Record<string, unknown>>(
      `SELECT to_jsonb(t) - 'geom' AS row FROM ${ident(source.table)} t WHERE t.${ident(COLLECTIONS[id].idProperty)} = $1 FOR UPDATE`,
      [featureId],
    )
    .catch((err: unknown) => Promise.reject(toWriteError(err)));
  if (!rows[0]) return 'missing';
  return inJurisdiction(scope, scopeCodesOf(source, rows[0].row as Record<string, unknown>)) ? 'inside' : 'outside';
}

const inScope = (id: CollectionId, f: LiveFeature, scope: string) => inJurisdiction(scope, scopeCodesOf(LAYER_SOURCES[id], f.properties));

/** Who writes: the jurisdiction to check and, optionally, the audit entry recorded with the write. */
export interface Writer {
  scope: string;
  audit?: (featureId: string) => AuditEntry;
}

async function audited<T>(tx: Transaction, writer: Writer, featureId: string, result: T): Promise<T> {
  if (writer.audit && result) await appendAuditTx(tx, writer.audit(featureId));
  return result;
}

export function scopedCreate(db: Database, id: CollectionId, input: Parameters<typeof createFeature>[2], writer: Writer): Promise<LiveFeature> {
  return db.transaction(async (tx) => {
    const f = await createFeature(tx, id, input);
    if (!inScope(id, f, writer.scope)) throw outside(id, String(f.id));
    return audited(tx, writer, String(f.id), f);
  });
}

export function scopedUpdate(
  db: Database,
  id: CollectionId,
  featureId: string,
  input: Parameters<typeof updateFeature>[3],
  writer: Writer,
): Promise<LiveFeature | null> {
  return db.transaction(async (tx) => {
    if ((await lockedScope(tx, id, featureId, writer.scope)) !== 'inside') return null;
    const f = await updateFeature(tx, id, featureId, input);
    if (f && !inScope(id, f, writer.scope)) throw outside(id, featureId);
    return audited(tx, writer, featureId, f);
  });
}

export function scopedDelete(db: Database, id: CollectionId, featureId: string, writer: Writer): Promise<boolean> {
  return db.transaction(async (tx) => {
    if ((await lockedScope(tx, id, featureId, writer.scope)) !== 'inside') return false;
    return audited(tx, writer, featureId, await deleteFeature(tx, id, featureId));
  });
}
