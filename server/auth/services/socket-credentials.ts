/**
 * socket.io handshakes: the same credentials as HTTP. socketCredentials is pure; socketPrincipal resolves
 * them with the HTTP resolver. Accepted, in this order:
 *   handshake.auth.token (socket.io-client `auth: { token }`), `Authorization: Bearer <token>`, the session cookie.
 * A cookie-authenticated handshake must come from the same origin (no cross-site WebSocket hijacking).
 */
import { SESSION_COOKIE, parseBearer, parseCookies } from '../credentials.ts';
import type { Principal } from '../principal.ts';
import { identityKeys, sessionExpiry, type SocketIdentity } from '../credential-events.ts';
import type { PrincipalResolver } from './principal-resolver.ts';

/** The parts of socket.io's Handshake this needs (structurally compatible with it). */
export interface HandshakeLike {
  headers: Record<string, string | string[] | undefined>;
  auth?: Record<string, unknown>;
}

export type SocketCredentials = { kind: 'token'; token: string } | { kind: 'session'; sessionId: string } | null;

const header = (h: HandshakeLike, name: string): string | undefined => {
  const v = h.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Same origin: the Origin header's host equals the Host header (absent Origin = not a browser). */
export function sameOrigin(h: HandshakeLike): boolean {
  const origin = header(h, 'origin');
  if (!origin) return true;
  try {
    return new URL(origin).host === header(h, 'host');
  } catch {
    return false;
  }
}

export function socketCredentials(h: HandshakeLike): SocketCredentials {
  const authToken = h.auth?.token;
  if (typeof authToken === 'string' && authToken.length > 0) return { kind: 'token', token: authToken };
  const bearer = parseBearer(header(h, 'authorization'));
  if (typeof bearer === 'string') return { kind: 'token', token: bearer };
  const sessionId = parseCookies(header(h, 'cookie')).get(SESSION_COOKIE);
  if (sessionId && sameOrigin(h)) return { kind: 'session', sessionId };
  return null;
}

/**
 * Who is on a handshake, with the keys that end the socket and when its credential expires; null when the
 * handshake carries no valid credential (then refuse the connection with UNAUTHENTICATED). Resolving checks
 * the database (and slides a session's idle expiry, as an HTTP request does).
 */
export async function socketIdentity(h: HandshakeLike, resolver: PrincipalResolver): Promise<SocketIdentity | null> {
  const c = socketCredentials(h);
  if (!c) return null;
  const resolved = c.kind === 'token' ? await resolver.fromToken(c.token) : await resolver.fromSessionId(c.sessionId);
  if (!resolved) return null;
  if (resolved.via === 'token') {
    return { principal: resolved.principal, keys: identityKeys({ token: resolved.token.id }), expiresAt: resolved.token.expiresAt };
  }
  // A session whose password must be changed first gets no data, over the socket either.
  if (resolved.user.mustChangePassword) return null;
  return {
    principal: resolved.principal,
    keys: identityKeys({ session: resolved.session.idHash, user: resolved.user.id }),
    expiresAt: sessionExpiry(resolved.session),
  };
}

/** The principal of a handshake, or null. */
export async function socketPrincipal(h: HandshakeLike, resolver: PrincipalResolver): Promise<Principal | null> {
  return (await socketIdentity(h, resolver))?.principal ?? null;
}
