/**
 * Sign-in and the session (docs/security.md):
 *   POST /api/auth/login    { username, password } → 200 { user, role, roleLabel, jurisdiction, permissions,
 *                           personalView, csrfToken, expiresAt } and sets the httpOnly SameSite=Strict session
 *                           cookie pa_session plus the readable pa_csrf cookie. 400 INVALID_BODY,
 *                           401 INVALID_CREDENTIALS, 423 ACCOUNT_LOCKED { retryAfterSeconds }, 429 RATE_LIMITED.
 *   POST /api/auth/logout   ends the session (needs X-CSRF-Token) → 204; 401 without a session.
 *   GET  /api/auth/me       → 200 the same shape as login (for a token: { token, role, ..., no csrfToken }); 401.
 *   POST /api/auth/password { currentPassword, newPassword } → 204; ends the user's other sessions.
 *                           400 WEAK_PASSWORD { problems: [{ code: 'TOO_SHORT', min }, …] }
 *                           (codes and figures: server/protocol/password.ts), 401 INVALID_CREDENTIALS, 400 NOT_A_SESSION for tokens.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError, badRequest } from '../../errors.ts';
import { CSRF_COOKIE, SESSION_COOKIE, hashSecret, lockDurationMs, newSecret } from '../../auth/credentials.ts';
import { hashPassword, needsRehash, passwordProblems, verifyPassword, weakPasswordMessage } from '../../auth/password.ts';
import { ROLE_LABELS, permissionsOf } from '../../auth/permissions.ts';
import { personalView } from '../../auth/personal-view.ts';
import type { Principal } from '../../auth/principal.ts';
import { appendAudit, appendAuditTx } from '../../db/auth/audit-repository.ts';
import { createSession, deleteExpiredSessions, deleteSession, deleteUserSessions } from '../../db/auth/sessions-repository.ts';
import { adminUnitName, countLoginFailure, findUserForLogin, lockUser, recordLoginSuccess, updateUser, type User } from '../../db/auth/users-repository.ts';
import type { AuthContext } from '../../auth/services/auth-context.ts';
import { auditEntry, clientIp, parseBody, userAgent } from './auth-common.ts';
import { unauthenticated } from './auth-middleware.ts';
import { userPrincipal } from '../../auth/services/principal-resolver.ts';

export const USERNAME = /^[a-z0-9][a-z0-9_.-]{2,31}$/;

const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
const PasswordBody = z.strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) });

const invalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', 'Unknown username or wrong password');

/** What login and /me answer: who, which role, which jurisdiction, what they may do. */
export async function describePrincipal(ctx: AuthContext, p: Principal, user?: User) {
  return {
    ...(user
      ? { user: { id: user.id, username: user.username, displayName: user.displayName, mustChangePassword: user.mustChangePassword, lastLoginAt: user.lastLoginAt } }
      : { token: { id: p.id, name: p.name } }),
    role: p.role,
    roleLabel: ROLE_LABELS[p.role],
    jurisdiction: { code: p.adminCode, name: await adminUnitName(ctx.db, p.adminCode) },
    permissions: permissionsOf(p.role),
    personalView: personalView(p),
  };
}

export function sessionHandlers(ctx: AuthContext) {
  let dummy: Promise<string> | undefined;
  const dummyHash = () => (dummy ??= hashPassword('timing-equaliser', ctx.options.scrypt));
  const cookieOpts = (req: Request, httpOnly: boolean) => ({
    httpOnly,
    sameSite: 'strict' as const,
    secure: req.secure,
    path: '/',
    maxAge: ctx.options.session.absoluteMs,
  });

  async function failLogin(req: Request, user: User | null, username: string, reason: string): Promise<never> {
    await appendAudit(ctx.db, { ...auditEntry(req, 'auth.login', { type: 'user', id: user?.id ?? null }, 'failed', { username, reason }) });
    if (!user) throw invalidCredentials();
    const failures = await countLoginFailure(ctx.db, user.id);
    const lockMs = lockDurationMs(failures, ctx.options.lockout);
    if (lockMs > 0) {
      await lockUser(ctx.db, user.id, new Date(Date.now() + lockMs));
      await appendAudit(ctx.db, auditEntry(req, 'auth.lockout', { type: 'user', id: user.id }, 'ok', { username, failures, lockSeconds: lockMs / 1000 }));
    }
    throw invalidCredentials();
  }

  async function login(req: Request, res: Response): Promise<void> {
    const body = parseBody(LoginBody, req.body);
    const username = body.username.trim().toLowerCase();
    const user = USERNAME.test(username) ? await findUserForLogin(ctx.db, username) : null;
    if (!user || user.disabled) {
      await verifyPassword(body.password, await dummyHash()); // the same time as a real check: no username probing
      return failLogin(req, null, username, user ? 'disabled' : 'unknown_user');
    }
    if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      const retryAfterSeconds = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000);
      await appendAudit(ctx.db, auditEntry(req, 'auth.login', { type: 'user', id: user.id }, 'denied', { username, reason: 'locked' }));
      res.set('Retry-After', String(retryAfterSeconds));
      throw new AppError(423, 'ACCOUNT_LOCKED', 'Too many failed sign-ins: the account is locked for a while', { retryAfterSeconds });
    }
    if (!(await verifyPassword(body.password, user.passwordHash))) return failLogin(req, user, username, 'bad_password');

    const rehashed = needsRehash(user.passwordHash, ctx.options.scrypt) ? await hashPassword(body.password, ctx.options.scrypt) : undefined;
    const sessionId = newSecret();
    const csrfToken = newSecret();
    const principal = userPrincipal(user);
    const replaced = req.auth?.via === 'session' ? req.auth.session.idHash : undefined;
    req.principal = principal;
    const session = await ctx.db.transaction(async (tx) => {
      await recordLoginSuccess(tx, user.id, rehashed);
      await deleteExpiredSessions(tx);
      if (replaced) await deleteSession(tx, replaced); // the browser's previous session ends with the new sign-in
      const s = await createSession(tx, {
        idHash: hashSecret(sessionId),
        userId: user.id,
        csrfToken,
        idleMs: ctx.options.session.idleMs,
        absoluteMs: ctx.options.session.absoluteMs,
        ip: clientIp(req),
        userAgent: userAgent(req)?.slice(0, 300) ?? null,
      });
      await appendAuditTx(tx, auditEntry(req, 'auth.login', { type: 'user', id: user.id }, 'ok', { username }));
      return s;
    });
    res.cookie(SESSION_COOKIE, sessionId, cookieOpts(req, true));
    res.cookie(CSRF_COOKIE, csrfToken, cookieOpts(req, false));
    res.set('Cache-Control', 'no-store');
    res.json({ ...(await describePrincipal(ctx, principal, user)), csrfToken, expiresAt: session.expiresAt });
  }

  async function logout(req: Request, res: Response): Promise<void> {
    if (!req.auth) throw unauthenticated();
    if (req.auth.via !== 'session') throw badRequest('NOT_A_SESSION', 'API tokens are revoked (DELETE /api/auth/tokens/{id}), not logged out');
    const idHash = req.auth.session.idHash;
    await ctx.db.transaction(async (tx) => {
      await deleteSession(tx, idHash);
      await appendAuditTx(tx, auditEntry(req, 'auth.logout', { type: 'user', id: req.principal?.id ?? null }, 'ok'));
    });
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
    res.status(204).end();
  }

  async function me(req: Request, res: Response): Promise<void> {
    if (!req.principal || !req.auth) throw unauthenticated();
    const described = await describePrincipal(ctx, req.principal, req.auth.via === 'session' ? req.auth.user : undefined);
    res.set('Cache-Control', 'no-store');
    res.json(req.auth.via === 'session' ? { ...described, csrfToken: req.auth.session.csrfToken, expiresAt: req.auth.session.expiresAt } : described);
  }

  async function changePassword(req: Request, res: Response): Promise<void> {
    if (!req.auth) throw unauthenticated();
    if (req.auth.via !== 'session') throw badRequest('NOT_A_SESSION', 'Only a signed-in user can change a password');
    const body = parseBody(PasswordBody, req.body);
    const user = await findUserForLogin(ctx.db, req.auth.user.username);
    if (!user || !(await verifyPassword(body.currentPassword, user.passwordHash))) {
      return failLogin(req, user, req.auth.user.username, 'bad_current_password');
    }
    const problems = passwordProblems(body.newPassword, user.username);
    if (problems.length) throw badRequest('WEAK_PASSWORD', weakPasswordMessage(problems), { problems });
    const hash = await hashPassword(body.newPassword, ctx.options.scrypt);
    const keep = req.auth.session.idHash;
    await ctx.db.transaction(async (tx) => {
      await updateUser(tx, user.id, { passwordHash: hash, mustChangePassword: false });
      const ended = await deleteUserSessions(tx, user.id, keep);
      await appendAuditTx(tx, auditEntry(req, 'user.password_change', { type: 'user', id: user.id }, 'ok', { otherSessionsEnded: ended }));
    });
    res.status(204).end();
  }

  return { login, logout, me, changePassword };
}
