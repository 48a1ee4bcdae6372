import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, ROLE_PERMISSIONS, TOKEN_ROLES, USER_ROLES, hasPermission } from '../../server/auth/permissions.ts';
import { canAccess, jurisdictionFilter, scopeContains, scopePrefix, withinScope } from '../../server/auth/jurisdiction.ts';
import type { Principal } from '../../server/auth/principal.ts';
import { generatePassword, hashPassword, needsRehash, passwordProblems, verifyPassword } from '../../server/auth/password.ts';
import { lockDurationMs, parseBearer, parseCookies, newApiToken, isApiTokenShape, hashSecret, safeEqual } from '../../server/auth/credentials.ts';
import { socketCredentials } from '../../server/auth/services/socket-credentials.ts';

const p = (role: Principal['role'], adminCode: string): Principal => ({ kind: 'user', id: '1', name: 'x', role, adminCode });

describe('permission table', () => {
  it('denies by default: unknown roles and unlisted permissions', () => {
    expect(hasPermission('root', 'layers:read')).toBe(false);
    expect(hasPermission('', 'layers:read')).toBe(false);
    expect(hasPermission('viewer', 'incidents:write')).toBe(false);
  });

  it('gives the read-only roles no writes and no personal data', () => {
    for (const role of ['viewer', 'wall'] as const) {
      for (const perm of ['incidents:write', 'dispatch:write', 'hazards:write', 'personal:read', 'personal:masked', 'users:admin', 'tokens:admin', 'audit:read'] as const) {
        expect(hasPermission(role, perm), `${role} ${perm}`).toBe(false);
      }
      expect(hasPermission(role, 'layers:read')).toBe(true);
    }
  });

  it('keeps administration to admins and full personal data to the roles that handle cases', () => {
    const admins = ROLES.filter((r) => hasPermission(r, 'users:admin'));
    expect(admins).toEqual(['admin']);
    expect(ROLES.filter((r) => hasPermission(r, 'personal:read'))).toEqual(['admin', 'dispatcher', 'grid_worker']);
    expect(hasPermission('planner', 'personal:masked')).toBe(true);
    expect(hasPermission('planner', 'personal:read')).toBe(false);
  });

  it('lists only known permissions and never gives a token the admin role', () => {
    for (const role of ROLES) for (const perm of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(perm);
    expect(TOKEN_ROLES).not.toContain('admin');
    expect(USER_ROLES).not.toContain('wall');
  });
});

describe('jurisdiction', () => {
  it('maps scopes to prefixes', () => {
    expect(scopePrefix('410500')).toBe('4105');
    expect(scopePrefix('410000')).toBe('41');
    expect(scopePrefix('410502')).toBe('410502');
    expect(scopePrefix('410502001')).toBe('410502001');
    expect(() => scopePrefix('4105')).toThrow();
  });

  it('includes a feature by its most specific code', () => {
    expect(withinScope('410500', ['410503'])).toBe(true);
    expect(withinScope('410502', ['410503', '410503001'])).toBe(false);
    expect(withinScope('410502', ['410502', '410502001', '410502001002', null])).toBe(true);
    // a district-only incident is not inside a street's scope
    expect(withinScope('410502001', ['410502'])).toBe(false);
    expect(withinScope('410502001', ['410502', '410502002'])).toBe(false);
    // no code, bad codes, other cities: outside everything
    expect(withinScope('410500', [])).toBe(false);
    expect(withinScope('410500', [null, undefined, 'abc'])).toBe(false);
    expect(withinScope('410500', ['410602'])).toBe(false);
  });

  it('canAccess needs both the permission and the jurisdiction', () => {
    expect(canAccess(p('dispatcher', '410502'), 'incidents:write', ['410502'])).toBe(true);
    expect(canAccess(p('dispatcher', '410502'), 'incidents:write', ['410503'])).toBe(false);
    expect(canAccess(p('viewer', '410500'), 'incidents:write', ['410502'])).toBe(false);
    expect(canAccess(undefined, 'layers:read', ['410502'])).toBe(false);
    expect(scopeContains('410502', '410502001')).toBe(true);
    expect(scopeContains('410502001', '410502')).toBe(false);
  });

  it('gives repositories a SQL filter', () => {
    expect(jurisdictionFilter('410500')).toEqual({ column: 'district_code', pattern: '4105%' });
    expect(jurisdictionFilter('410502001')).toEqual({ column: 'street_code', pattern: '410502001%' });
    expect(jurisdictionFilter('410502001002')).toEqual({ column: 'community_code', pattern: '410502001002%' });
  });
});

describe('passwords', () => {
  it('hashes with scrypt, verifies, and rejects wrong and malformed hashes', async () => {
    const params = { logN: 10, r: 8, p: 1 };
    const h = await hashPassword('Correct-Horse-9', params);
    expect(h).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(await hashPassword('Correct-Horse-9', params)).not.toBe(h); // salted
    expect(await verifyPassword('Correct-Horse-9', h)).toBe(true);
    expect(await verifyPassword('correct-horse-9', h)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
    expect(await verifyPassword('x', h.replace('$10$', '$30$'))).toBe(false);
    expect(needsRehash(h)).toBe(true);
    expect(needsRehash(h, params)).toBe(false);
  });

  it('applies the policy', () => {
    expect(passwordProblems('short1A!')).toEqual([{ code: 'TOO_SHORT', min: 10 }]);
    expect(passwordProblems('alllowercaseletters')).toEqual([]); // a 16+ passphrase
    expect(passwordProblems('lowercase12')).toEqual([{ code: 'TOO_FEW_CLASSES', min: 3, passphrase: 16 }]); // two classes, < 16
    expect(passwordProblems('Zhangsan-2024!', 'zhangsan')).toEqual([{ code: 'CONTAINS_USERNAME' }]);
    expect(passwordProblems('aA1!'.repeat(65)).map((p) => p.code)).toEqual(['TOO_LONG']);
    expect(passwordProblems('short', 'sho').map((p) => p.code)).toEqual(['TOO_SHORT', 'TOO_FEW_CLASSES', 'CONTAINS_USERNAME']);
    for (let i = 0; i < 50; i++) expect(passwordProblems(generatePassword())).toEqual([]);
  });
});

describe('credentials', () => {
  it('parses cookies and bearer headers defensively', () => {
    expect(parseCookies('a=1; pa_session=abc; a=2').get('a')).toBe('1');
    expect(parseCookies('bad; =x; k=%E4%BD%A0').get('k')).toBe('你');
    expect(parseCookies('k=%E4%BD').get('k')).toBe('%E4%BD');
    expect(parseBearer(undefined)).toBeUndefined();
    expect(parseBearer('Bearer pa_x')).toBe('pa_x');
    expect(parseBearer('Basic abc')).toBeNull();
    expect(parseBearer('Bearer')).toBeNull();
  });

  it('makes 256-bit tokens and stores only hashes', () => {
    const t = newApiToken();
    expect(isApiTokenShape(t)).toBe(true);
    expect(isApiTokenShape(`${t}x`)).toBe(false);
    expect(hashSecret(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'ab')).toBe(false);
  });

  it('locks after five failures and doubles the lock up to a day', () => {
    expect(lockDurationMs(4)).toBe(0);
    expect(lockDurationMs(5)).toBe(15 * 60_000);
    expect(lockDurationMs(6)).toBe(30 * 60_000);
    expect(lockDurationMs(100)).toBe(24 * 3_600_000);
  });

  it('reads socket handshakes: auth token, Bearer, same-origin cookie', () => {
    expect(socketCredentials({ headers: {}, auth: { token: 'pa_t' } })).toEqual({ kind: 'token', token: 'pa_t' });
    expect(socketCredentials({ headers: { authorization: 'Bearer pa_u' } })).toEqual({ kind: 'token', token: 'pa_u' });
    expect(socketCredentials({ headers: { cookie: 'pa_session=s1', host: 'a:1', origin: 'http://a:1' } })).toEqual({ kind: 'session', sessionId: 's1' });
    expect(socketCredentials({ headers: { cookie: 'pa_session=s1', host: 'a:1', origin: 'http://evil:1' } })).toBeNull();
    expect(socketCredentials({ headers: {} })).toBeNull();
  });
});

describe('route table', () => {
  it('maps routes to permissions and refuses what it does not know', async () => {
    const { routePermission } = await import('../../server/auth/route-permissions.ts');
    expect(routePermission('GET', '/api/health')).toBe('public');
    expect(routePermission('GET', '/')).toBe('public');
    expect(routePermission('GET', '/assets/index-abc.js')).toBe('public');
    expect(routePermission('GET', '/ogc/collections/cameras/items')).toBe('layers:read');
    expect(routePermission('GET', '/ogc/collections/incidents/items/E1')).toBe('incidents:read');
    expect(routePermission('GET', '/tiles/cameras/12/3370/1553.mvt')).toBe('layers:read');
    expect(routePermission('POST', '/ogc/collections/incidents/items')).toBe('incidents:write');
    expect(routePermission('PATCH', '/ogc/collections/units/items/U1')).toBe('dispatch:write');
    expect(routePermission('DELETE', '/ogc/collections/cameras/items/1')).toBe('assets:write');
    expect(routePermission('DELETE', '/ogc/collections/depots/items/1')).toBe('layers:read'); // the router answers 405
    expect(routePermission('POST', '/api/search')).toBeNull();
    expect(routePermission('GET', '/api/secret-new-route')).toBeNull();
    expect(routePermission('GET', '/metrics')).toBe('metrics:read');
    expect(routePermission('GET', '/api/health/details')).toBe('metrics:read');
    expect(routePermission('GET', '/api/counts')).toBe('layers:read');
    expect(routePermission('POST', '/api/auth/login')).toBe('self');
  });
});

describe('live grant', () => {
  it('narrows a subscription to readable layers inside the jurisdiction', async () => {
    const { liveGrant } = await import('../../server/auth/live-grant.ts');
    expect(liveGrant(undefined, { layers: ['units'] })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(liveGrant(p('dispatcher', '410502'), { layers: ['incidents', 'units'] })).toEqual({ ok: true, layers: ['incidents', 'units'], scope: '410502', admin: undefined, dropped: [], view: 'full' });
    expect(liveGrant(p('viewer', '410502001'), { layers: ['units'], admin: '410502001' })).toMatchObject({ ok: true, scope: '410502001', admin: '410502001', view: 'masked' });
    expect(liveGrant(p('dispatcher', '410502'), { layers: ['incidents'], admin: '410503' })).toMatchObject({ ok: false, code: 'OUT_OF_JURISDICTION' });
    expect(liveGrant(p('dispatcher', '410502'), { layers: ['incidents'], admin: '410500' })).toMatchObject({ ok: false, code: 'OUT_OF_JURISDICTION' });
    expect(liveGrant(p('dispatcher', '410500'), { layers: ['incidents'], admin: '410503' })).toMatchObject({ ok: true, scope: '410500', admin: '410503' });
    expect(liveGrant(p('admin', '410500'), { layers: ['units'] })).toMatchObject({ ok: true });
  });
});
