/**
 * The auth router: sign-in, sessions, API tokens, user management and the audit log
 * (routes documented in auth-session.ts, auth-tokens.ts, auth-users.ts, auth-audit.ts and docs/security.md).
 * It parses its own small JSON bodies (16 kB), rate-limits logins and writes, and answers 503 STARTING until the
 * migrations have run. It does not enforce anything on other routers; see docs/security.md for switching on.
 */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { unavailable } from '../../errors.ts';
import type { AuthContext } from '../../auth/services/auth-context.ts';
import { authenticate, authorize, csrfProtect, requireAuth } from './auth-middleware.ts';
import { sessionHandlers } from './auth-session.ts';
import { tokenHandlers } from './auth-tokens.ts';
import { userHandlers } from './auth-users.ts';
import { preferenceHandlers } from './auth-preferences.ts';
import { auditHandlers, markAudited } from './auth-audit.ts';
import { jsonBody, loginRateLimit, writeRateLimit } from '../platform/security.ts';

export const AUTH_PATHS = ['/api/auth', '/api/users', '/api/audit'];

type Handler = (req: Request, res: Response) => Promise<void>;

/** Wraps an async handler: errors go to the error funnel; the handler's own audit entry marks the response. */
const run = (h: Handler): RequestHandler => (req, res, next: NextFunction) => {
  markAudited(res);
  h(req, res).catch(next);
};

function requireMigrated(ctx: AuthContext): RequestHandler {
  return (_req, _res, next) => {
    const phase = ctx.readiness?.snapshot().phase;
    if (phase === undefined || phase === 'loading' || phase === 'ready') return next();
    next(unavailable('STARTING', 'The server is still preparing its database; see /api/health.', { phase }));
  };
}

export function authRouter(ctx: AuthContext): Router {
  const session = sessionHandlers(ctx);
  const tokens = tokenHandlers(ctx);
  const users = userHandlers(ctx);
  const audit = auditHandlers(ctx);
  const prefs = preferenceHandlers(ctx);
  const can = (p: Parameters<typeof authorize>[1]) => authorize(ctx, p);

  const router = Router();
  router.use(AUTH_PATHS, requireMigrated(ctx), ...jsonBody(ctx.options.bodyLimit), authenticate(ctx), csrfProtect(), writeRateLimit(ctx.options.writeLimit));

  router.post('/api/auth/login', loginRateLimit(ctx.options.loginLimit), run(session.login));
  router.post('/api/auth/logout', run(session.logout));
  router.get('/api/auth/me', requireAuth, run(session.me));
  router.post('/api/auth/password', requireAuth, run(session.changePassword));

  router.get('/api/auth/tokens', can('tokens:admin'), run(tokens.list));
  router.post('/api/auth/tokens', can('tokens:admin'), run(tokens.create));
  router.delete('/api/auth/tokens/:id', can('tokens:admin'), run(tokens.revoke));

  // A user's own settings (auth-preferences.ts); before /api/users/:id so "me" is never taken for an id.
  router.get('/api/users/me/preferences', requireAuth, run(prefs.get));
  router.put('/api/users/me/preferences', requireAuth, run(prefs.put));

  router.get('/api/users', can('users:admin'), run(users.list));
  router.post('/api/users', can('users:admin'), run(users.create));
  router.patch('/api/users/:id', can('users:admin'), run(users.patch));

  router.get('/api/audit', can('audit:read'), run(audit.list));
  return router;
}
