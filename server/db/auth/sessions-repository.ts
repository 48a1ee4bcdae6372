/**
 * Login sessions (table sessions, migration 020). Keyed by the SHA-256 of the cookie's session id.
 * A session of a disabled user, or past its idle or absolute expiry, is not found.
 */
import type { Queryable } from '../core/database.ts';
import { toUser, type User } from './users-repository.ts';

export interface NewSession {
  idHash: string;
  userId: string;
  csrfToken: string;
  idleMs: number;
  absoluteMs: number;
  ip: string | null;
  userAgent: string | null;
}

export interface Session {
  idHash: string;
  csrfToken: string;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  lastSeenAt: Date;
}

export async function createSession(db: Queryable, s: NewSession): Promise<Session> {
  const { rows } = await db.query<{ expires_at: Date; absolute_expires_at: Date; last_seen_at: Date }>(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at, absolute_expires_at, ip, user_agent)
     VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond', now() + $5 * interval '1 millisecond', $6, $7)
     RETURNING expires_at, absolute_expires_at, last_seen_at`,
    [s.idHash, s.userId, s.csrfToken, s.idleMs, s.absoluteMs, s.ip, s.userAgent],
  );
  const r = rows[0]!;
  return { idHash: s.idHash, csrfToken: s.csrfToken, expiresAt: r.expires_at, absoluteExpiresAt: r.absolute_expires_at, lastSeenAt: r.last_seen_at };
}

/** The live session and its (enabled) user, or null. */
export async function findSession(db: Queryable, idHash: string): Promise<{ session: Session; user: User } | null> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT s.id_hash, s.csrf_token, s.expires_at, s.absolute_expires_at, s.last_seen_at,
            u.id, u.username, u.display_name, u.role, u.role_label, u.admin_code, u.must_change_password, u.disabled,
            u.failed_attempts, u.locked_until, u.last_login_at, u.created_at, u.updated_at
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id_hash = $1 AND s.expires_at > now() AND s.absolute_expires_at > now() AND NOT u.disabled`,
    [idHash],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    session: {
      idHash: r.id_hash as string,
      csrfToken: r.csrf_token as string,
      expiresAt: r.expires_at as Date,
      absoluteExpiresAt: r.absolute_expires_at as Date,
      lastSeenAt: r.last_seen_at as Date,
    },
    user: toUser(r as unknown as Parameters<typeof toUser>[0]),
  };
}

/** Slides the idle expiry (at most once a minute per session, to keep reads cheap). */
export async function touchSession(db: Queryable, idHash: string, idleMs: number): Promise<void> {
  await db.query(
    `UPDATE sessions SET last_seen_at = now(), expires_at = LEAST(absolute_expires_at, now() + $2 * interval '1 millisecond')
     WHERE id_hash = $1 AND last_seen_at < now() - interval '1 minute'`,
    [idHash, idleMs],
  );
}

export async function deleteSession(db: Queryable, idHash: string): Promise<boolean> {
  const res = await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  return res.rowCount > 0;
}

/** Ends every session of a user (password change, disabling, role or jurisdiction change). */
export async function deleteUserSessions(db: Queryable, userId: string, exceptIdHash?: string): Promise<number> {
  const res = await db.query('DELETE FROM sessions WHERE user_id = $1 AND id_hash IS DISTINCT FROM $2', [userId, exceptIdHash ?? null]);
  return res.rowCount;
}

export async function deleteExpiredSessions(db: Queryable): Promise<number> {
  const res = await db.query('DELETE FROM sessions WHERE expires_at <= now() OR absolute_expires_at <= now()');
  return res.rowCount;
}
