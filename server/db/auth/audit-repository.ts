/**
 * The audit log (table audit_log, migration 020): append and read. Appends are serialised by a
 * transaction-level advisory lock, so seq is gap-free and every row extends the chain of the one before
 * (the insert trigger refuses anything else). Hashes are computed in server/auth/audit-chain.ts.
 */
import type { Database, Queryable, Transaction } from '../core/database.ts';
import { chainNext, type AuditEntry, type AuditRecord } from '../../auth/audit-chain.ts';

const AUDIT_APPEND_LOCK = 410_500_020;

type AuditRow = {
  seq: number | string;
  at: Date;
  actor_kind: AuditRecord['actorKind'];
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: AuditRecord['outcome'];
  ip: string | null;
  user_agent: string | null;
  details: Record<string, unknown> | string;
  prev_hash: string;
  hash: string;
};

function toRecord(r: AuditRow): AuditRecord {
  return {
    seq: Number(r.seq),
    at: r.at,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    outcome: r.outcome,
    ip: r.ip,
    userAgent: r.user_agent,
    details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Appends inside the caller's transaction (so the audit row commits or rolls back with the write it records). */
export async function appendAuditTx(tx: Transaction, entry: AuditEntry, now: Date = new Date()): Promise<AuditRecord> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
  const head = await tx.query<{ seq: number | string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const h = head.rows[0];
  const rec = chainNext(h ? { seq: Number(h.seq), hash: h.hash } : null, entry, now);
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor_kind, actor_id, actor_name, actor_role, action, target_type, target_id,
       outcome, ip, user_agent, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15)`,
    [rec.seq, rec.at, rec.actorKind, rec.actorId, rec.actorName, rec.actorRole, rec.action, rec.targetType, rec.targetId,
      rec.outcome, rec.ip, rec.userAgent, JSON.stringify(rec.details), rec.prevHash, rec.hash],
  );
  return rec;
}

/** Appends in a transaction of its own. */
export function appendAudit(db: Database, entry: AuditEntry): Promise<AuditRecord> {
  return db.transaction((tx) => appendAuditTx(tx, entry));
}

export interface AuditQuery {
  /** Rows after this seq (paging). */
  afterSeq?: number;
  limit: number;
  action?: string;
  actorId?: string;
}

export async function listAudit(db: Queryable, q: AuditQuery): Promise<AuditRecord[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT * FROM audit_log
     WHERE seq > $1 AND ($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR actor_id = $3)
     ORDER BY seq LIMIT $4`,
    [q.afterSeq ?? 0, q.action ?? null, q.actorId ?? null, q.limit],
  );
  return rows.map(toRecord);
}

/** Every row in seq order, fetched in pages (for verification). */
export async function* auditRows(db: Queryable, pageSize = 2000): AsyncGenerator<AuditRecord> {
  let after = 0;
  for (;;) {
    const { rows } = await db.query<AuditRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [after, pageSize]);
    for (const r of rows) yield toRecord(r);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1]!.seq);
  }
}

/** Whether the audit_log table exists (the migrations have run on this database). */
export async function auditLogExists(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ t: string | null }>(`SELECT to_regclass('audit_log')::text AS t`);
  return rows[0]?.t != null;
}
