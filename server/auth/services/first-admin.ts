/**
 * The first admin, created once right after the migrations: username `admin`, jurisdiction the whole city
 * (410500), password from ADMIN_PASSWORD or else generated and printed once on stdout (never logged).
 * Safe when several processes start at once: only the one whose insert wins prints a password.
 */
import type { Database } from '../../db/core/database.ts';
import { appendAuditTx } from '../../db/auth/audit-repository.ts';
import { findUserForLogin, insertUser } from '../../db/auth/users-repository.ts';
import { DEFAULT_SCRYPT, generatePassword, hashPassword, passwordProblems, type ScryptParams } from '../password.ts';
import { ROLE_LABELS } from '../permissions.ts';
import type { Logger } from '../../logger.ts';

export const FIRST_ADMIN = { username: 'admin', adminCode: '410500', displayName: '系统管理员' } as const;

export interface FirstAdminOptions {
  /** ADMIN_PASSWORD; undefined means generate one and print it. */
  password?: string;
  scrypt?: ScryptParams;
  /** Where a generated password goes (default: stdout). */
  print?: (text: string) => void;
}

/** Creates the first admin unless one named `admin` exists; returns whether it was created now. */
export async function ensureFirstAdmin(db: Database, opts: FirstAdminOptions, log: Logger): Promise<boolean> {
  if (await findUserForLogin(db, FIRST_ADMIN.username)) return false;
  const password = opts.password ?? generatePassword();
  const weak = opts.password ? passwordProblems(opts.password, FIRST_ADMIN.username) : [];
  if (weak.length) log.warn({ problems: weak }, 'ADMIN_PASSWORD does not meet the password policy; change it after signing in');
  const passwordHash = await hashPassword(password, opts.scrypt ?? DEFAULT_SCRYPT);
  const created = await db.transaction(async (tx) => {
    const u = await insertUser(tx, {
      ...FIRST_ADMIN,
      role: 'admin',
      roleLabel: ROLE_LABELS.admin.zh,
      passwordHash,
      mustChangePassword: opts.password === undefined,
    });
    if (u) {
      await appendAuditTx(tx, {
        actorKind: 'system', actorId: null, actorName: 'bootstrap', actorRole: null,
        action: 'user.create', targetType: 'user', targetId: u.id, outcome: 'ok', ip: null, userAgent: null,
        details: { username: u.username, role: 'admin', adminCode: u.adminCode, passwordFrom: opts.password ? 'ADMIN_PASSWORD' : 'generated' },
      });
    }
    return u !== null;
  });
  if (!created) return false;
  log.info({ username: FIRST_ADMIN.username }, 'first admin created');
  if (opts.password === undefined) {
    const print = opts.print ?? ((t: string) => process.stdout.write(t));
    print(
      `\n  ┌──────────────────────────────────────────────────────────────┐\n` +
        `  │ First admin created. Sign in as "admin" with the password:   │\n` +
        `  │   ${password.padEnd(59)}│\n` +
        `  │ It is shown only now; you will be asked to change it.        │\n` +
        `  └──────────────────────────────────────────────────────────────┘\n\n`,
    );
  }
  return true;
}
