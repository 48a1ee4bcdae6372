/**
 * Resolved credentials kept for a few seconds, so that checking a caller's token or session costs no database
 * round trip per request (docs/security.md "Credential cache"). An entry ends at the first of:
 *  - its time to live (CREDENTIAL_CACHE_MS), or the credential's own expiry;
 *  - a `credentials_ended` event naming its session, user or token (migration 033's triggers NOTIFY every process
 *    when a session ends, a token is revoked, a user is disabled or changes role or jurisdiction);
 *  - any write request finished in this process (a logout, a revocation or a user change made here is seen by the
 *    very next request, without waiting for the NOTIFY to come back);
 *  - a lost LISTEN connection (events may have been missed: everything is dropped).
 * A cached session's idle expiry slides once per fill, not per request; an entry lives at most half of the
 * credential's remaining life, so the refill comes (and slides it) before it ends.
 */
import { credentialKey, type CredentialEnded } from '../credential-events.ts';

export const CREDENTIAL_CACHE_MS = 10_000;
const MAX_ENTRIES = 10_000;

interface Entry<V> {
  value: V;
  keys: string[];
  until: number;
  generation: number;
}

export class CredentialCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private generation = 0;

  constructor(
    private readonly ttlMs = CREDENTIAL_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(secretHash: string): V | undefined {
    const e = this.entries.get(secretHash);
    if (!e) return undefined;
    if (e.until <= this.now() || e.generation !== this.generation) {
      this.entries.delete(secretHash);
      return undefined;
    }
    return e.value;
  }

  /** `keys`: credentialKey()s that end the entry; `expiresAt`: when the credential ends by itself. */
  set(secretHash: string, value: V, keys: string[], expiresAt: Date | null): void {
    if (this.ttlMs <= 0) return;
    // At most half the credential's remaining life: a session's idle expiry is slid (on the refill) before it ends.
    const now = this.now();
    const until = Math.min(now + this.ttlMs, expiresAt ? now + (expiresAt.getTime() - now) / 2 : Infinity);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(secretHash, { value, keys, until, generation: this.generation });
  }

  /** A credential ended or changed (a NOTIFY of credentials_ended). */
  ended(e: CredentialEnded): void {
    const key = credentialKey(e);
    for (const [hash, entry] of this.entries) if (entry.keys.includes(key)) this.entries.delete(hash);
  }

  /** Forget everything (a write finished here, or the LISTEN connection was lost). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
