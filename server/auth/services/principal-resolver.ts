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
import { identityKeys, sessionExpiry } from '../credential-events.ts';

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

/**
 * With ctx.credentials (a CredentialCache, wired by server/compose.ts to the credentials_ended events), a
 * credential resolved in the last seconds is answered from memory; a miss reads the database and slides the
 * session's idle expiry (or the token's last use) as before.
 */
export function principalResolver(ctx: AuthContext): PrincipalResolver {
  const cache = ctx.credentials;
  return {
    async fromSessionId(sessionId) {
      if (!isSessionIdShape(sessionId)) return null;
      const hash = hashSecret(sessionId);
      const hit = cache?.get(`s:${hash}`);
      if (hit) return hit;
      const found = await findSession(ctx.db, hash);
      if (!found) return null;
      await touchSession(ctx.db, found.session.idHash, ctx.options.session.idleMs);
      const resolved: Resolved = { principal: userPrincipal(found.user), via: 'session', session: found.session, user: found.user };
      const keys = identityKeys({ session: found.session.idHash, user: found.user.id });
      cache?.set(`s:${hash}`, resolved, keys, sessionExpiry(found.session));
      return resolved;
    },
    async fromToken(token) {
      if (!isApiTokenShape(token)) return null;
      const hash = hashSecret(token);
      const hit = cache?.get(`t:${hash}`);
      if (hit) return hit;
      const found = await findActiveToken(ctx.db, hash);
      if (!found) return null;
      await touchToken(ctx.db, found.id);
      const resolved: Resolved = { principal: tokenPrincipal(found), via: 'token', token: found };
      cache?.set(`t:${hash}`, resolved, identityKeys({ token: found.id }), found.expiresAt);
      return resolved;
    },
  };
}
