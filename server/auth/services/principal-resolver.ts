/**
 * From a credential to a Principal: a session id (cookie) or an API token (Bearer). Shared by the HTTP
 * middleware and the socket.io handshake. Only hashes are looked up; malformed credentials never reach SQL.
 */
import { hashSecret, isApiTokenShape, isSessionIdShape } from '../credentials.ts';
import type { Principal } from '../principal.ts';
import { findSession, touchSession, type Session } from '../../db/auth/sessions-repository.ts';
import { findActiveToken, touchToken, type ApiToken } from '../../db/auth/tokens-repository.ts';
import type { User } from '../../db/auth/users-repository.ts';
import type { AuthContext } from './auth-context.ts';

export type Resolved =
  | { principal: Principal; via: 'session'; session: Session; user: User }
  | { principal: Principal; via: 'token'; token: ApiToken };

export interface PrincipalResolver {
  fromSessionId(sessionId: string): Promise<Resolved | null>;
  fromToken(token: string): Promise<Resolved | null>;
}

export function userPrincipal(u: User): Principal {
  return { kind: 'user', id: u.id, name: u.username, role: u.role, adminCode: u.adminCode };
}

export function tokenPrincipal(t: ApiToken): Principal {
  return { kind: 'token', id: t.id, name: t.name, role: t.role, adminCode: t.scope };
}

export function principalResolver(ctx: AuthContext): PrincipalResolver {
  return {
    async fromSessionId(sessionId) {
      if (!isSessionIdShape(sessionId)) return null;
      const found = await findSession(ctx.db, hashSecret(sessionId));
      if (!found) return null;
      await touchSession(ctx.db, found.session.idHash, ctx.options.session.idleMs);
      return { principal: userPrincipal(found.user), via: 'session', session: found.session, user: found.user };
    },
    async fromToken(token) {
      if (!isApiTokenShape(token)) return null;
      const found = await findActiveToken(ctx.db, hashSecret(token));
      if (!found) return null;
      await touchToken(ctx.db, found.id);
      return { principal: tokenPrincipal(found), via: 'token', token: found };
    },
  };
}
