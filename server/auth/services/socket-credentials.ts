/**
 * socket.io handshakes: the same credentials as HTTP. socketCredentials is pure; socketPrincipal resolves
 * them with the HTTP resolver. Accepted, in this order:
 *   handshake.auth.token (socket.io-client `auth: { token }`), `Authorization: Bearer <token>`, the session cookie.
 * A cookie-authenticated handshake must come from the same origin (no cross-site WebSocket hijacking).
 */
import { SESSION_COOKIE, parseBearer, parseCookies } from '../credentials.ts';
import type { Principal } from '../principal.ts';
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

/** The principal of a handshake, or null (then refuse the connection: next(new Error('UNAUTHENTICATED'))). */
export async function socketPrincipal(h: HandshakeLike, resolver: PrincipalResolver): Promise<Principal | null> {
  const c = socketCredentials(h);
  if (!c) return null;
  const resolved = c.kind === 'token' ? await resolver.fromToken(c.token) : await resolver.fromSessionId(c.sessionId);
  // A session whose password must be changed first gets no data, over the socket either.
  if (resolved?.via === 'session' && resolved.user.mustChangePassword) return null;
  return resolved?.principal ?? null;
}
