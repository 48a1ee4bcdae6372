/**
 * Credentials on the wire: session ids, CSRF tokens and API tokens are random secrets; the database keeps
 * only their SHA-256 (a leaked table does not hand out sessions). Parsing of cookies and Authorization
 * headers. Lockout and session lifetimes. Pure apart from the random source.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'pa_session';
export const CSRF_COOKIE = 'pa_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** API tokens: "pa_" + 43 base64url characters (256 bits). */
export const TOKEN_PREFIX = 'pa_';
const TOKEN_SHAPE = /^pa_[A-Za-z0-9_-]{43}$/;
const SESSION_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function newApiToken(): string {
  return TOKEN_PREFIX + newSecret();
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function isSessionIdShape(s: string): boolean {
  return SESSION_SHAPE.test(s);
}

export function isApiTokenShape(s: string): boolean {
  return TOKEN_SHAPE.test(s);
}

/** Constant-time string equality (CSRF token against the session's). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The cookies of a Cookie header; malformed pairs are skipped, the first of a repeated name wins. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!out.has(name)) {
      try {
        out.set(name, decodeURIComponent(value));
      } catch {
        out.set(name, value); // not percent-encoded: keep it as it is
      }
    }
  }
  return out;
}

/** The token of "Authorization: Bearer <token>"; undefined without the header, null when it is malformed. */
export function parseBearer(header: string | undefined): string | null | undefined {
  if (header === undefined || header === '') return undefined;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

export interface LockoutPolicy {
  /** Consecutive failures before the account locks. */
  maxFailures: number;
  /** The first lock; each further failure after a lock doubles it, up to maxLockMs. */
  lockMs: number;
  maxLockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60_000, maxLockMs: 24 * 3_600_000 };

/** How long to lock after this many consecutive failures (0 = do not lock). */
export function lockDurationMs(failures: number, policy: LockoutPolicy = DEFAULT_LOCKOUT): number {
  if (failures < policy.maxFailures) return 0;
  const doublings = Math.min(failures - policy.maxFailures, 20);
  return Math.min(policy.lockMs * 2 ** doublings, policy.maxLockMs);
}

export interface SessionPolicy {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after login whatever its use. */
  absoluteMs: number;
}

export const DEFAULT_SESSION: SessionPolicy = { idleMs: 2 * 3_600_000, absoluteMs: 12 * 3_600_000 };
