/**
 * Failed sign-ins per (account, client address) (table login_failures, migration 033). A lock holds only for the
 * address whose failures caused it, so nobody can lock the owner out from elsewhere; users.failed_attempts and
 * users.locked_until keep the account-wide view admins see.
 */
import type { Queryable } from '../core/database.ts';

/** When the pair is locked until, or null when it is not locked now. */
export async function addressLockedUntil(db: Queryable, userId: string, address: string): Promise<Date | null> {
  const { rows } = await db.query<{ locked_until: Date }>(
    'SELECT locked_until FROM login_failures WHERE user_id = $1 AND address = $2 AND locked_until > now()',
    [userId, address],
  );
  return rows[0]?.locked_until ?? null;
}

/** Counts one more consecutive failure from this address (and for the account); returns the pair's count. */
export async function countAddressFailure(db: Queryable, userId: string, address: string): Promise<number> {
  await db.query('UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = $1', [userId]);
  const { rows } = await db.query<{ failures: number }>(
    `INSERT INTO login_failures (user_id, address, failures) VALUES ($1, $2, 1)
     ON CONFLICT (user_id, address) DO UPDATE SET failures = login_failures.failures + 1, last_failed_at = now()
     RETURNING failures`,
    [userId, address],
  );
  return Number(rows[0]?.failures ?? 0);
}

/** Locks the pair until `until`; the account shows the latest lock of any address. */
export async function lockAddress(db: Queryable, userId: string, address: string, until: Date): Promise<void> {
  await db.query('UPDATE login_failures SET locked_until = $3 WHERE user_id = $1 AND address = $2', [userId, address, until]);
  await db.query('UPDATE users SET locked_until = GREATEST(locked_until, $2) WHERE id = $1', [userId, until]);
}

/** A successful sign-in from this address forgets its failures. */
export async function clearAddressFailures(db: Queryable, userId: string, address: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE user_id = $1 AND address = $2', [userId, address]);
}

/** An admin's unlock: every address of the account. */
export async function clearLoginFailures(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE user_id = $1', [userId]);
}

/** Forgets failures that locked nothing now and are older than `olderThanMs`. */
export async function deleteStaleLoginFailures(db: Queryable, olderThanMs: number): Promise<number> {
  const res = await db.query(
    `DELETE FROM login_failures WHERE last_failed_at < now() - $1 * interval '1 millisecond'
       AND (locked_until IS NULL OR locked_until < now())`,
    [olderThanMs],
  );
  return res.rowCount;
}
