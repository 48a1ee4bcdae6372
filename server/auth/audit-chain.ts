/**
 * The audit log's hash chain. Pure: canonical form of a row, its hash, sanitising before storage, and the
 * verification of a sequence of stored rows.
 *
 *   hash(row) = sha256_hex(prev_hash + canonical(row))     prev_hash of seq 1 = 64 zeros
 *   canonical(row) = JSON of [seq, at (ISO 8601, ms), actor_kind, actor_id, actor_name, actor_role,
 *                             action, target_type, target_id, outcome, ip, user_agent, details with sorted keys]
 *
 * Every field is covered, so changing, inserting, deleting or reordering any row breaks the chain at
 * that row. Deleting rows at the END is only visible against a recorded head (seq + hash).
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditOutcome = 'ok' | 'denied' | 'failed';
export type ActorKind = 'user' | 'token' | 'anonymous' | 'system';

/** What a caller appends: who, what, to what, how it went, from where, and details. */
export interface AuditEntry {
  actorKind: ActorKind;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

/** A stored row: the entry plus its place in the chain. */
export interface AuditRecord extends AuditEntry {
  seq: number;
  at: Date;
  prevHash: string;
  hash: string;
}

type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** Strings PostgreSQL can store exactly: no NUL, no lone surrogates, bounded length. */
export function cleanText(s: string, max = 1000): string {
  const cleaned = s
    .replace(/\u0000/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return Array.from(cleaned).slice(0, max).join('');
}

/** A JSON value that survives a jsonb round trip unchanged (finite numbers, clean strings, bounded depth). */
export function cleanJson(value: unknown, depth = 0): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return cleanText(value);
  if (value instanceof Date) return value.toISOString();
  if (depth >= 6) return '[nested]';
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => cleanJson(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value).slice(0, 100)) if (v !== undefined) out[cleanText(k, 100)] = cleanJson(v, depth + 1);
    return out;
  }
  return String(value);
}

const nullableText = (s: string | null, max: number) => (s === null ? null : cleanText(s, max));

/** The entry as it will be stored (and hashed). */
export function sanitiseEntry(e: AuditEntry): AuditEntry {
  return {
    actorKind: e.actorKind,
    actorId: nullableText(e.actorId, 100),
    actorName: nullableText(e.actorName, 200),
    actorRole: nullableText(e.actorRole, 50),
    action: cleanText(e.action, 100),
    targetType: nullableText(e.targetType, 100),
    targetId: nullableText(e.targetId, 200),
    outcome: e.outcome,
    ip: nullableText(e.ip, 100),
    userAgent: nullableText(e.userAgent, 300),
    details: cleanJson(e.details ?? {}) as Record<string, unknown>,
  };
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function canonicalRow(r: Omit<AuditRecord, 'hash' | 'prevHash'>): string {
  return canonicalJson([
    r.seq,
    r.at.toISOString(),
    r.actorKind,
    r.actorId,
    r.actorName,
    r.actorRole,
    r.action,
    r.targetType,
    r.targetId,
    r.outcome,
    r.ip,
    r.userAgent,
    r.details,
  ]);
}

export function rowHash(prevHash: string, r: Omit<AuditRecord, 'hash' | 'prevHash'>): string {
  return createHash('sha256').update(prevHash).update(canonicalRow(r)).digest('hex');
}

/** The next record after `head` (null for an empty log). `at` has millisecond precision, as stored. */
export function chainNext(head: { seq: number; hash: string } | null, entry: AuditEntry, at: Date): AuditRecord {
  const clean = sanitiseEntry(entry);
  const base = { ...clean, seq: (head?.seq ?? 0) + 1, at: new Date(Math.floor(at.getTime())) };
  const prevHash = head?.hash ?? GENESIS_HASH;
  return { ...base, prevHash, hash: rowHash(prevHash, base) };
}

export interface ChainProblem {
  seq: number;
  reason: 'gap' | 'prev_hash' | 'hash';
  message: string;
}

export type VerifyResult = { ok: true; count: number; head: { seq: number; hash: string } | null } | { ok: false; count: number; problem: ChainProblem };

/** Checks stored rows in seq order; stops at the first bad row. Rows may come in pages. */
export async function verifyChain(rows: AsyncIterable<AuditRecord> | Iterable<AuditRecord>): Promise<VerifyResult> {
  let prev: { seq: number; hash: string } | null = null;
  let count = 0;
  for await (const r of rows) {
    const expectedSeq: number = (prev?.seq ?? 0) + 1;
    const expectedPrev = prev?.hash ?? GENESIS_HASH;
    if (r.seq !== expectedSeq) {
      return { ok: false, count, problem: { seq: r.seq, reason: 'gap', message: `row seq ${r.seq} follows seq ${expectedSeq - 1}: rows ${expectedSeq}..${r.seq - 1} are missing` } };
    }
    if (r.prevHash !== expectedPrev) {
      return { ok: false, count, problem: { seq: r.seq, reason: 'prev_hash', message: `row seq ${r.seq}: prev_hash does not match the hash of row ${expectedSeq - 1}` } };
    }
    if (rowHash(r.prevHash, r) !== r.hash) {
      return { ok: false, count, problem: { seq: r.seq, reason: 'hash', message: `row seq ${r.seq}: its contents do not match its hash (the row was altered)` } };
    }
    prev = { seq: r.seq, hash: r.hash };
    count += 1;
  }
  return { ok: true, count, head: prev };
}
