/**
 * The enforcement points (docs/security.md "Switching on enforcement"):
 *   authenticate         resolves req.principal from `Authorization: Bearer <token>` or the session cookie;
 *                        a bad Bearer token is a 401 at once, a stale cookie is simply no principal.
 *   csrfProtect          cookie-authenticated writes need `X-CSRF-Token` equal to the session's token;
 *                        Bearer requests are exempt (a browser never adds that header by itself).
 *   requireAuth          401 UNAUTHENTICATED without a principal.
 *   authorize(p)         401 without a principal (unless p is configured public), 403 FORBIDDEN when the
 *                        role lacks p (audited as authz.denied). Deny by default.
 *   enforceRoutes        the route table for every request, matched on the canonical decoded path
 *                        (server/auth/route-path.ts; 400 INVALID_PATH for a path that has none); a session
 *                        whose password must be changed (first admin, admin-set passwords) gets
 *                        403 PASSWORD_CHANGE_REQUIRED on data routes.
 *   requirePermission    (auth-require.ts) the same check inside a handler, on the resolved collection and action.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../errors.ts';
import { CSRF_HEADER, SESSION_COOKIE, parseBearer, parseCookies, safeEqual } from '../../auth/credentials.ts';
import { hasPermission, type Permission } from '../../auth/permissions.ts';
import { routePermission } from '../../auth/route-permissions.ts';
import { canonicalPath, splitTarget } from '../../auth/route-path.ts';
import type { Principal } from '../../auth/principal.ts';
import type { Session } from '../../db/auth/sessions-repository.ts';
import type { ApiToken } from '../../db/auth/tokens-repository.ts';
import type { User } from '../../db/auth/users-repository.ts';
import { appendAudit } from '../../db/auth/audit-repository.ts';
import type { AuthContext } from '../../auth/services/auth-context.ts';
import { auditEntry } from './auth-common.ts';
import { principalResolver, type PrincipalResolver } from '../../auth/services/principal-resolver.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Who is asking; undefined for an anonymous request. Set by authenticate. */
      principal?: Principal;
      /** How the principal was established. */
      auth?: { via: 'session'; session: Session; user: User } | { via: 'token'; token: ApiToken };
      /** What an anonymous caller may read on this deployment (PUBLIC_PERMISSIONS). Set by authenticate. */
      publicPermissions?: readonly Permission[];
    }
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const unauthenticated = () => new AppError(401, 'UNAUTHENTICATED', 'Sign in, or send Authorization: Bearer <token>');
export const forbidden = (message = 'Your role may not do this') => new AppError(403, 'FORBIDDEN', message);

export function authenticate(ctx: AuthContext, resolver: PrincipalResolver = principalResolver(ctx)): RequestHandler {
  return async (req, _res, next) => {
    req.publicPermissions = ctx.options.publicPermissions;
    if (req.auth) return next(); // already resolved (the auth router runs this for its own paths)
    // A write finished here may have ended a credential (logout, revocation, a user change): drop the cache.
    if (ctx.credentials && UNSAFE.has(req.method)) _res.once('finish', () => ctx.credentials!.clear());
    try {
      const bearer = parseBearer(req.headers.authorization);
      if (bearer !== undefined) {
        const resolved = bearer === null ? null : await resolver.fromToken(bearer);
        if (!resolved || resolved.via !== 'token') throw new AppError(401, 'INVALID_TOKEN', 'The API token is malformed, unknown, expired or revoked');
        req.principal = resolved.principal;
        req.auth = { via: 'token', token: resolved.token };
        return next();
      }
      const sessionId = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
      if (sessionId) {
        const resolved = await resolver.fromSessionId(sessionId);
        if (resolved?.via === 'session') {
          req.principal = resolved.principal;
          req.auth = { via: 'session', session: resolved.session, user: resolved.user };
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Paths whose writes need no CSRF token (login has no session yet; it always starts a new one). */
const CSRF_EXEMPT = new Set(['/api/auth/login']);

export function csrfProtect(): RequestHandler {
  return (req, _res, next) => {
    if (!UNSAFE.has(req.method) || req.auth?.via !== 'session' || CSRF_EXEMPT.has(splitTarget(req.originalUrl).path)) return next();
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, req.auth.session.csrfToken)) {
      return next(new AppError(403, 'CSRF_FAILED', `Cookie-authenticated writes need the ${CSRF_HEADER} header (see /api/auth/me)`));
    }
    next();
  };
}

export const requireAuth: RequestHandler = (req, _res, next) => next(req.principal ? undefined : unauthenticated());

/** Records a refused request of a signed-in principal (authz.denied) and answers 403. */
async function deny(ctx: AuthContext, req: Request, res: Response, next: NextFunction, permission: Permission | null): Promise<void> {
  try {
    await appendAudit(ctx.db, auditEntry(req, 'authz.denied', { type: 'route', id: `${req.method} ${splitTarget(req.originalUrl).path.slice(0, 200)}` }, 'denied', { permission }));
    res.locals.audited = true; // auditWrites need not record it again
  } catch (err) {
    ctx.log.error({ err }, 'audit append failed');
  }
  next(forbidden(permission ? `Your role (${req.principal?.role}) lacks the permission ${permission}` : 'No permission is defined for this route'));
}

export function authorize(ctx: AuthContext, permission: Permission): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.principal) {
      return next(ctx.options.publicPermissions.includes(permission) ? undefined : unauthenticated());
    }
    if (hasPermission(req.principal.role, permission)) return next();
    await deny(ctx, req, res, next, permission);
  };
}

/**
 * One middleware for every route: looks the request up in the route table (server/auth/route-permissions.ts)
 * and applies authorize(); `public` passes, `self` leaves it to the router, an unknown route is refused.
 */
export function enforceRoutes(ctx: AuthContext): RequestHandler {
  const cache = new Map<Permission, RequestHandler>();
  return (req, res, next) => {
    // The full path, wherever this is mounted, in the one spelling the routers will run (canonicalRequests has
    // normally rewritten it already; deciding on the raw URL would let `%69ncidents` pass as another route).
    const path = canonicalPath(splitTarget(req.originalUrl).path);
    if (!path.ok) return next(new AppError(400, 'INVALID_PATH', path.reason));
    const need = routePermission(req.method, path.decoded);
    if (need === 'public' || need === 'self') return next();
    // A generated or admin-set password must be replaced first (POST /api/auth/password is a 'self' route).
    if (req.auth?.via === 'session' && req.auth.user.mustChangePassword) {
      return next(new AppError(403, 'PASSWORD_CHANGE_REQUIRED', 'Change your password first (POST /api/auth/password)'));
    }
    if (need === null) return req.principal ? void deny(ctx, req, res, next, null) : next(unauthenticated());
    let check = cache.get(need);
    if (!check) cache.set(need, (check = authorize(ctx, need)));
    return check(req, res, next);
  };
}
