/**
 * API tokens (table api_tokens, migration 020): machine clients and wall displays. Only the SHA-256 of a
 * token is stored; a revoked or expired token is not found.
 */
import type { Queryable } from '../core/database.ts';
import { ROLE_LABELS, type Role } from '../../auth/permissions.ts';
import { hashSecret, newApiToken } from '../../auth/credentials.ts';

export interface ApiToken {
  id: string;
  name: string;
  hint: string;
  role: Role;
  roleLabel: string;
  scope: string;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

type TokenRow = {
  id: number | string;
  name: string;
  token_hint: string;
  role: Role;
  role_label: string;
  scope: string;
  created_by: number | string | null;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

const COLUMNS = 'id, name, token_hint, role, role_label, scope, created_by, created_at, expires_at, last_used_at, revoked_at';

function toToken(r: TokenRow): ApiToken {
  return {
    id: String(r.id),
    name: r.name,
    hint: r.token_hint,
    role: r.role,
    roleLabel: r.role_label,
    scope: r.scope,
    createdBy: r.created_by === null ? null : String(r.created_by),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export interface NewToken {
  name: string;
  tokenHash: string;
  hint: string;
  role: Role;
  roleLabel: string;
  scope: string;
  createdBy: string | null;
  expiresAt: Date | null;
}

export async function insertToken(db: Queryable, t: NewToken): Promise<ApiToken> {
  const { rows } = await db.query<TokenRow>(
    `INSERT INTO api_tokens (name, token_hash, token_hint, role, role_label, scope, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [t.name, t.tokenHash, t.hint, t.role, t.roleLabel, t.scope, t.createdBy, t.expiresAt],
  );
  return toToken(rows[0]!);
}

/**
 * Issues a new token: generates the secret, stores only its hash (and a 9-character hint), returns both. The
 * secret exists nowhere else — show it once. Callers check who may issue what (server/http/auth/auth-tokens.ts).
 */
export async function issueToken(
  db: Queryable,
  t: { name: string; role: Role; scope: string; createdBy: string | null; expiresAt: Date | null },
): Promise<{ token: string; saved: ApiToken }> {
  const token = newApiToken();
  const saved = await insertToken(db, { ...t, tokenHash: hashSecret(token), hint: token.slice(0, 9), roleLabel: ROLE_LABELS[t.role].zh });
  return { token, saved };
}

/** The active (not revoked, not expired) token with this hash. */
export async function findActiveToken(db: Queryable, tokenHash: string): Promise<ApiToken | null> {
  const { rows } = await db.query<TokenRow>(
    `SELECT ${COLUMNS} FROM api_tokens
     WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [tokenHash],
  );
  return rows[0] ? toToken(rows[0]) : null;
}

/** Records use, at most once a minute per token. */
export async function touchToken(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [id],
  );
}

export async function findToken(db: Queryable, id: string): Promise<ApiToken | null> {
  const { rows } = await db.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
  return rows[0] ? toToken(rows[0]) : null;
}

/** Tokens whose scope starts with the pattern's prefix, newest first (revoked ones included, marked). */
export async function listTokens(db: Queryable, scopePattern: string): Promise<ApiToken[]> {
  const { rows } = await db.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE scope LIKE $1 ORDER BY id DESC`, [scopePattern]);
  return rows.map(toToken);
}

/** Revokes; returns the token, or null when it does not exist. Revoking twice keeps the first time. */
export async function revokeToken(db: Queryable, id: string, byUserId: string | null): Promise<ApiToken | null> {
  const { rows } = await db.query<TokenRow>(
    `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now()), revoked_by = COALESCE(revoked_by, $2)
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, byUserId],
  );
  return rows[0] ? toToken(rows[0]) : null;
}
