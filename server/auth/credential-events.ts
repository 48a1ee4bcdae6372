/**
 * Credentials that end while a socket is open (docs/security.md "The live feed"). Pure: the keys a socket's
 * credential is known by, the event the database sends when a credential ends or changes (migration 033,
 * channel `credentials_ended`), and when a socket's credential expires by itself.
 *
 * Keys: `session:<sha-256 of the cookie>`, `user:<id>`, `token:<id>`. A session socket answers to its session
 * and its user (disable, role or jurisdiction change end every session of the user); a token socket to its token.
 */
import type { Principal } from './principal.ts';

export type CredentialKind = 'session' | 'user' | 'token';

/** What the database reports: this credential ended, or changed so that its sockets must start over. */
export interface CredentialEnded {
  kind: CredentialKind;
  id: string;
}

/** A socket's principal and how it was established. */
export interface SocketIdentity {
  principal: Principal;
  /** The keys of credentialKey() that end this socket. */
  keys: string[];
  /** When the credential stops being valid by itself (a session's idle or absolute end, a token's expiry). */
  expiresAt: Date | null;
}

const KINDS: readonly CredentialKind[] = ['session', 'user', 'token'];

export function credentialKey(e: CredentialEnded): string {
  return `${e.kind}:${e.id}`;
}

/** The keys of a session socket (its session and its user) or of a token socket. */
export function identityKeys(c: { session: string; user: string } | { token: string }): string[] {
  return 'token' in c ? [credentialKey({ kind: 'token', id: c.token })] : [credentialKey({ kind: 'session', id: c.session }), credentialKey({ kind: 'user', id: c.user })];
}

/** Parses a NOTIFY payload; null for anything that is not a well-formed event (it is then ignored). */
export function parseCredentialEnded(payload: string): CredentialEnded | null {
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const { kind, id } = v as Record<string, unknown>;
  if (typeof kind !== 'string' || !KINDS.includes(kind as CredentialKind)) return null;
  if (typeof id !== 'string' || id.length === 0 || id.length > 128) return null;
  return { kind: kind as CredentialKind, id };
}

/** The earliest of a session's idle and absolute ends. */
export function sessionExpiry(s: { expiresAt: Date; absoluteExpiresAt: Date }): Date {
  return s.expiresAt.getTime() <= s.absoluteExpiresAt.getTime() ? s.expiresAt : s.absoluteExpiresAt;
}

/** Node timers hold at most 2^31-1 ms (≈ 24.8 days); a later expiry is checked again when this one fires. */
export const MAX_TIMER_MS = 2_147_483_647;

/** How long from `now` until the socket's credential must be checked again (null: never expires by itself). */
export function expiryDelayMs(expiresAt: Date | null, now: number): number | null {
  if (!expiresAt) return null;
  return Math.min(Math.max(0, expiresAt.getTime() - now), MAX_TIMER_MS);
}

/** Whether two principals grant the same: same who, role and jurisdiction. */
export function samePrincipal(a: Principal, b: Principal): boolean {
  return a.kind === b.kind && a.id === b.id && a.role === b.role && a.adminCode === b.adminCode;
}
