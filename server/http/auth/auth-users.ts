/**
 * User management for admins (permission users:admin), limited to the admin's own jurisdiction.
 *   GET   /api/users → 200 { users: [{ id, username, displayName, role, roleLabel, adminCode, disabled,
 *         locked, lockedUntil, failedAttempts, mustChangePassword, lastLoginAt, createdAt, updatedAt }] }
 *   POST  /api/users { username, displayName?, role, adminCode, password? } → 201 { user, password? }
 *         (a generated password is returned once, and the user must change it). 400 INVALID_BODY /
 *         INVALID_ROLE / WEAK_PASSWORD { problems: PasswordProblem[] } / UNKNOWN_ADMIN_UNIT, 403 OUT_OF_JURISDICTION,
 *         409 USERNAME_TAKEN.
 *   PATCH /api/users/{id} { displayName?, role?, adminCode?, password?, disabled?, unlock? } → 200 { user }.
 *         `unlock` clears the lockout of every address (docs/security.md "Lockout").
 *         A new password, disabling, or a new role or jurisdiction ends the user's sessions.
 *         404 NOT_FOUND (no such user, or one outside your jurisdiction), 403 OUT_OF_JURISDICTION (a new
 *         adminCode outside it), 409 LAST_ADMIN / SELF_LOCKOUT.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError, badRequest, notFound } from '../../errors.ts';
import { ADMIN_CODE, jurisdictionFilter, scopeContains } from '../../auth/jurisdiction.ts';
import { generatePassword, hashPassword, passwordProblems, weakPasswordMessage } from '../../auth/password.ts';
import { ROLE_LABELS, USER_ROLES, type Role } from '../../auth/permissions.ts';
import { appendAuditTx } from '../../db/auth/audit-repository.ts';
import { deleteUserSessions } from '../../db/auth/sessions-repository.ts';
import { clearLoginFailures } from '../../db/auth/login-failures-repository.ts';
import { activeAdminCount, findUserById, insertUser, listUsers, updateUser, type User, type UserPatch } from '../../db/auth/users-repository.ts';
import type { AuthContext } from '../../auth/services/auth-context.ts';
import { auditEntry, idParam, parseBody } from './auth-common.ts';
import { unauthenticated } from './auth-middleware.ts';
import { USERNAME } from './auth-session.ts';
import { assertAssignableScope } from './auth-tokens.ts';

const role = z.string().trim().toLowerCase().max(40);
const CreateBody = z.strictObject({
  username: z.string().trim().toLowerCase().regex(USERNAME, '3-32 of a-z 0-9 _ . - (starting with a letter or digit)'),
  displayName: z.string().trim().min(1).max(100).optional(),
  role,
  adminCode: z.string().regex(ADMIN_CODE, 'an admin code of 6, 9 or 12 digits'),
  password: z.string().max(1024).optional(),
});
const PatchBody = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  role: role.optional(),
  adminCode: z.string().regex(ADMIN_CODE, 'an admin code of 6, 9 or 12 digits').optional(),
  password: z.string().max(1024).optional(),
  disabled: z.boolean().optional(),
  unlock: z.literal(true).optional(),
});

export function publicUser(u: User) {
  const locked = u.lockedUntil !== null && u.lockedUntil.getTime() > Date.now();
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    roleLabel: ROLE_LABELS[u.role],
    adminCode: u.adminCode,
    disabled: u.disabled,
    locked,
    lockedUntil: locked ? u.lockedUntil : null,
    failedAttempts: u.failedAttempts,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

function userRole(value: string): Role {
  const r = USER_ROLES.find((x) => x === value);
  if (!r) throw badRequest('INVALID_ROLE', `A user's role is one of ${USER_ROLES.join(', ')} (wall displays use tokens)`, { role: value });
  return r;
}

function checkPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length) throw badRequest('WEAK_PASSWORD', weakPasswordMessage(problems), { problems });
}

export function userHandlers(ctx: AuthContext) {
  async function list(req: Request, res: Response): Promise<void> {
    if (!req.principal) throw unauthenticated();
    const users = await listUsers(ctx.db, jurisdictionFilter(req.principal.adminCode).pattern);
    res.set('Cache-Control', 'no-store').json({ users: users.map(publicUser) });
  }

  async function create(req: Request, res: Response): Promise<void> {
    const body = parseBody(CreateBody, req.body);
    const r = userRole(body.role);
    await assertAssignableScope(ctx, req, body.adminCode);
    const generated = body.password === undefined ? generatePassword() : undefined;
    const password = body.password ?? generated!;
    checkPassword(password, body.username);
    const passwordHash = await hashPassword(password, ctx.options.scrypt);
    const user = await ctx.db.transaction(async (tx) => {
      const u = await insertUser(tx, {
        username: body.username,
        displayName: body.displayName ?? body.username,
        role: r,
        roleLabel: ROLE_LABELS[r].zh,
        adminCode: body.adminCode,
        passwordHash,
        mustChangePassword: generated !== undefined,
      });
      if (!u) throw new AppError(409, 'USERNAME_TAKEN', `The username ${body.username} is taken`);
      await appendAuditTx(tx, auditEntry(req, 'user.create', { type: 'user', id: u.id }, 'ok', { username: u.username, role: r, adminCode: u.adminCode }));
      return u;
    });
    res.status(201).set('Cache-Control', 'no-store').json({ user: publicUser(user), ...(generated ? { password: generated } : {}) });
  }

  async function patch(req: Request, res: Response): Promise<void> {
    const me = req.principal;
    if (!me) throw unauthenticated();
    const id = idParam(req);
    const body = parseBody(PatchBody, req.body);
    const target = await findUserById(ctx.db, id);
    // A user outside the jurisdiction answers as one that does not exist (the two are not told apart).
    if (!target || !scopeContains(me.adminCode, target.adminCode)) throw notFound('NOT_FOUND', `No user ${id}`);
    const p: UserPatch = { displayName: body.displayName, disabled: body.disabled, unlock: body.unlock };
    if (body.role !== undefined) {
      p.role = userRole(body.role);
      p.roleLabel = ROLE_LABELS[p.role].zh;
    }
    if (body.adminCode !== undefined) {
      await assertAssignableScope(ctx, req, body.adminCode);
      p.adminCode = body.adminCode;
    }
    if (body.password !== undefined) {
      checkPassword(body.password, target.username);
      p.passwordHash = await hashPassword(body.password, ctx.options.scrypt);
      p.mustChangePassword = me.kind !== 'user' || me.id !== id; // set by someone else: change it at next sign-in
    }
    const losesAdmin = target.role === 'admin' && !target.disabled && (p.disabled === true || (p.role !== undefined && p.role !== 'admin'));
    if (losesAdmin && me.kind === 'user' && me.id === id) throw new AppError(409, 'SELF_LOCKOUT', 'You cannot disable or demote yourself');
    const endSessions = p.passwordHash !== undefined || p.disabled === true || p.role !== undefined || p.adminCode !== undefined;
    const updated = await ctx.db.transaction(async (tx) => {
      if (losesAdmin && (await activeAdminCount(tx)) <= 1) throw new AppError(409, 'LAST_ADMIN', 'The last active admin cannot be disabled or demoted');
      const u = await updateUser(tx, id, p);
      if (p.unlock) await clearLoginFailures(tx, id);
      const ended = endSessions ? await deleteUserSessions(tx, id) : 0;
      const changed = Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined);
      await appendAuditTx(tx, auditEntry(req, 'user.update', { type: 'user', id }, 'ok', { username: target.username, changed, role: p.role, adminCode: p.adminCode, disabled: p.disabled, sessionsEnded: ended }));
      return u!;
    });
    res.set('Cache-Control', 'no-store').json({ user: publicUser(updated) });
  }

  return { list, create, patch };
}
