/**
 * The auth subsystem's dependencies and tunables, in one commented defaults object. createApp passes
 * only { db, log, readiness }; tests pass cheaper scrypt parameters and their own limits.
 */
import type { Database } from '../../db/core/database.ts';
import type { Logger } from '../../logger.ts';
import type { Readiness } from '../../readiness.ts';
import { DEFAULT_SCRYPT, type ScryptParams } from '../password.ts';
import { DEFAULT_LOCKOUT, DEFAULT_SESSION, type LockoutPolicy, type SessionPolicy } from '../credentials.ts';
import type { Permission } from '../permissions.ts';
import type { CredentialCache } from './credential-cache.ts';
import type { Resolved } from './principal-resolver.ts';

export interface RateLimit {
  windowMs: number;
  max: number;
}

export interface AuthOptions {
  /** Password hashing cost (stored with each hash; raising it re-hashes at the next login). */
  scrypt: ScryptParams;
  lockout: LockoutPolicy;
  session: SessionPolicy;
  /** Login attempts per client address. */
  loginLimit: RateLimit;
  /** Writes (POST/PATCH/PUT/DELETE) per principal, or per address when anonymous. */
  writeLimit: RateLimit;
  /** Largest JSON body the auth endpoints accept. */
  bodyLimit: string;
  /**
   * Read permissions an anonymous caller gets (a deployment's public map). Default: none — closed.
   * Only layers:read, incidents:read and analysis:read may be made public.
   */
  publicPermissions: readonly Permission[];
}

export const DEFAULT_AUTH_OPTIONS: AuthOptions = {
  scrypt: DEFAULT_SCRYPT,
  lockout: DEFAULT_LOCKOUT,
  session: DEFAULT_SESSION,
  loginLimit: { windowMs: 60_000, max: 10 },
  writeLimit: { windowMs: 60_000, max: 300 },
  bodyLimit: '16kb',
  publicPermissions: [],
};

export const PUBLIC_ALLOWED: readonly Permission[] = ['layers:read', 'incidents:read', 'analysis:read'];

export interface AuthDeps {
  db: Database;
  log: Logger;
  /** Auth answers 503 until the migrations have run (it does not wait for the dataset). */
  readiness?: Readiness;
  options?: Partial<AuthOptions>;
  /** Resolved credentials kept for seconds (server/compose.ts wires its invalidation); absent: none kept. */
  credentials?: CredentialCache<Resolved>;
}

export interface AuthContext {
  db: Database;
  log: Logger;
  readiness?: Readiness;
  options: AuthOptions;
  credentials?: CredentialCache<Resolved>;
}

export function authContext(deps: AuthDeps): AuthContext {
  const options = { ...DEFAULT_AUTH_OPTIONS, ...deps.options };
  const bad = options.publicPermissions.filter((p) => !PUBLIC_ALLOWED.includes(p));
  if (bad.length) throw new Error(`These permissions can never be public: ${bad.join(', ')}`);
  return { db: deps.db, log: deps.log, readiness: deps.readiness, options, credentials: deps.credentials };
}
