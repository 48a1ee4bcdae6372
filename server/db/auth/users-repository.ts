/**
 * Accounts (table users, migration 020). Plain typed rows; the password hash leaves this module only
 * through findUserForLogin. Lockout counters live per address in login-failures-repository.ts.
 */
import type { Queryable } from '../core/database.ts';
import type { Role } from '../../auth/permissions.ts';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  adminCode: string;
  mustChangePassword: boolean;
  disabled: boolean;
  failedAttempts: number;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

const COLUMNS = `id, username, display_name, role, role_label, admin_code, must_change_password, disabled,
  failed_attempts, locked_until, last_login_at, created_at, updated_at`;

type UserRow = {
  id: number | string;
  username: string;
  display_name: string;
  role: Role;
  role_label: string;
  admin_code: string;
  must_change_password: boolean;
  disabled: boolean;
  failed_attempts: number;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
  password_hash?: string;
};

export function toUser(r: UserRow): User {
  return {
    id: String(r.id),
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    roleLabel: r.role_label,
    adminCode: r.admin_code,
    mustChangePassword: r.must_change_password,
    disabled: r.disabled,
    failedAttempts: Number(r.failed_attempts),
    lockedUntil: r.locked_until,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findUserForLogin(db: Queryable, username: string): Promise<UserWithHash | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS}, password_hash FROM users WHERE username = $1`, [username]);
  return rows[0] ? { ...toUser(rows[0]), passwordHash: rows[0].password_hash! } : null;
}

export async function findUserById(db: Queryable, id: string): Promise<User | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] ? toUser(rows[0]) : null;
}

/** Users whose admin code starts with the pattern's prefix (e.g. "410502%"), by username. */
export async function listUsers(db: Queryable, codePattern: string): Promise<User[]> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE admin_code LIKE $1 ORDER BY username`, [codePattern]);
  return rows.map(toUser);
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  adminCode: string;
  passwordHash: string;
  mustChangePassword: boolean;
}

/** Inserts the user; null when the username is taken. */
export async function insertUser(db: Queryable, u: NewUser): Promise<User | null> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (username, display_name, role, role_label, admin_code, password_hash, must_change_password)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING RETURNING ${COLUMNS}`,
    [u.username, u.displayName, u.role, u.roleLabel, u.adminCode, u.passwordHash, u.mustChangePassword],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  roleLabel?: string;
  adminCode?: string;
  passwordHash?: string;
  mustChangePassword?: boolean;
  disabled?: boolean;
  unlock?: boolean;
}

export async function updateUser(db: Queryable, id: string, p: UserPatch): Promise<User | null> {
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET
       display_name = COALESCE($2, display_name),
       role = COALESCE($3, role),
       role_label = COALESCE($4, role_label),
       admin_code = COALESCE($5, admin_code),
       password_hash = COALESCE($6, password_hash),
       password_changed_at = CASE WHEN $6::text IS NULL THEN password_changed_at ELSE now() END,
       must_change_password = COALESCE($7, must_change_password),
       disabled = COALESCE($8, disabled),
       failed_attempts = CASE WHEN $9 THEN 0 ELSE failed_attempts END,
       locked_until = CASE WHEN $9 THEN NULL ELSE locked_until END,
       updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, p.displayName ?? null, p.role ?? null, p.roleLabel ?? null, p.adminCode ?? null, p.passwordHash ?? null,
      p.mustChangePassword ?? null, p.disabled ?? null, p.unlock === true],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

/** A successful login: failures reset, lock cleared, optionally a re-hashed password stored. */
export async function recordLoginSuccess(db: Queryable, id: string, rehashed?: string): Promise<void> {
  await db.query(
    `UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = now(),
       password_hash = COALESCE($2, password_hash) WHERE id = $1`,
    [id, rehashed ?? null],
  );
}

export async function activeAdminCount(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM users WHERE role = 'admin' AND NOT disabled`);
  return Number(rows[0]?.n ?? 0);
}

/** The name of an admin unit, or null when admin_units does not hold the code. */
export async function adminUnitName(db: Queryable, code: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM admin_units WHERE code = $1', [code]);
  return rows[0]?.name ?? null;
}
