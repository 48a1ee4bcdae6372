/** The credential cache: time to live, the credential's own expiry, credentials_ended events, clear. */
import { describe, expect, it } from 'vitest';
import { CredentialCache } from '../../server/auth/services/credential-cache.ts';
import { identityKeys } from '../../server/auth/credential-events.ts';

describe('CredentialCache', () => {
  it('keeps an entry for its time to live, and at most half the credential’s remaining life', () => {
    let now = 0;
    const c = new CredentialCache<string>(10_000, () => now);
    c.set('a', 'A', identityKeys({ token: 't1' }), null);
    c.set('b', 'B', identityKeys({ session: 's1', user: 'u1' }), new Date(4_000));
    now = 1_999;
    expect([c.get('a'), c.get('b')]).toEqual(['A', 'B']);
    now = 2_000;
    expect(c.get('b')).toBeUndefined();
    now = 10_000;
    expect(c.get('a')).toBeUndefined();
  });

  it('drops the entries a credentials_ended event names (session, user or token)', () => {
    const c = new CredentialCache<string>(60_000);
    c.set('s', 'S', identityKeys({ session: 's1', user: 'u1' }), null);
    c.set('s2', 'S2', identityKeys({ session: 's2', user: 'u1' }), null);
    c.set('t', 'T', identityKeys({ token: 't1' }), null);
    c.ended({ kind: 'user', id: 'u1' });
    expect([c.get('s'), c.get('s2'), c.get('t')]).toEqual([undefined, undefined, 'T']);
    c.ended({ kind: 'token', id: 't1' });
    expect(c.get('t')).toBeUndefined();
  });

  it('forgets everything on clear (a write here, a lost LISTEN)', () => {
    const c = new CredentialCache<string>(60_000);
    c.set('t', 'T', [], null);
    c.clear();
    expect(c.get('t')).toBeUndefined();
  });
});
