/** The pure half of "an open socket ends with its credential": keys, the NOTIFY payload, the expiry timer. */
import { describe, expect, it } from 'vitest';
import {
  MAX_TIMER_MS,
  credentialKey,
  expiryDelayMs,
  identityKeys,
  parseCredentialEnded,
  samePrincipal,
  sessionExpiry,
} from '../../server/auth/credential-events.ts';
import type { Principal } from '../../server/auth/principal.ts';

describe('credential events', () => {
  it('a session socket answers to its session and its user; a token socket to its token', () => {
    expect(identityKeys({ session: 'ab'.repeat(32), user: '7' })).toEqual([`session:${'ab'.repeat(32)}`, 'user:7']);
    expect(identityKeys({ token: '12' })).toEqual(['token:12']);
    expect(credentialKey({ kind: 'user', id: '7' })).toBe('user:7');
  });

  it('parses the payload the triggers send and ignores anything else', () => {
    expect(parseCredentialEnded('{"kind":"token","id":"12"}')).toEqual({ kind: 'token', id: '12' });
    for (const bad of ['', 'null', '12', '{"kind":"group","id":"1"}', '{"kind":"user","id":7}', '{"kind":"user","id":""}', '{', `{"kind":"user","id":"${'9'.repeat(129)}"}`]) {
      expect(parseCredentialEnded(bad)).toBeNull();
    }
  });

  it('a session ends at the earlier of its idle and absolute ends', () => {
    const idle = new Date('2026-12-04T10:00:00Z');
    const absolute = new Date('2026-12-04T12:00:00Z');
    expect(sessionExpiry({ expiresAt: idle, absoluteExpiresAt: absolute })).toBe(idle);
    expect(sessionExpiry({ expiresAt: absolute, absoluteExpiresAt: idle })).toBe(idle);
  });

  it('times the check at the expiry, at once when it has passed, capped to what a timer can hold', () => {
    const now = Date.parse('2026-12-04T10:00:00Z');
    expect(expiryDelayMs(null, now)).toBeNull();
    expect(expiryDelayMs(new Date(now + 1500), now)).toBe(1500);
    expect(expiryDelayMs(new Date(now - 1500), now)).toBe(0);
    expect(expiryDelayMs(new Date(now + 90 * 86_400_000), now)).toBe(MAX_TIMER_MS);
  });

  it('a changed role or jurisdiction is a different grant', () => {
    const p: Principal = { kind: 'user', id: '7', name: 'v', role: 'viewer', adminCode: '410502' };
    expect(samePrincipal(p, { ...p, name: 'renamed' })).toBe(true);
    expect(samePrincipal(p, { ...p, role: 'dispatcher' })).toBe(false);
    expect(samePrincipal(p, { ...p, adminCode: '410503' })).toBe(false);
    expect(samePrincipal(p, { ...p, kind: 'token' })).toBe(false);
  });
});
