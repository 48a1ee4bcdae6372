/**
 * The client's credentials (session cookie + CSRF, or a wall display's token from ?token=), the API's
 * handling of 401/423/429, and the pure rules of the login screen, top bar and personal-data block.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCredentials, tokenFromSearch, TOKEN_STORAGE_KEY } from '../../client/src/net/credentials.ts';
import { ApiError, createApi, type Me } from '../../client/src/net/api.ts';
import {
  canRevealFull,
  identityKey,
  isCityWide,
  loginErrorMessage,
  mustChangePassword,
  passwordChangeMessages,
  passwordPolicyHint,
  personalKindLabel,
  roleLabel,
  showsPersonalBlock,
  whoLabel,
} from '../../client/src/features/auth/auth-model.ts';
import { isUnauthorizedTileError } from '../../client/src/map/layers/mvt-common.ts';
import { translator } from '../../client/src/i18n/index.ts';

const TOKEN = `pa_${'A'.repeat(43)}`;
const ORIGIN = 'http://127.0.0.1:8080';

function memoryStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    map: m,
  };
}

const me = (over: Partial<Me> = {}): Me => ({
  user: { id: '7', username: 'disp', displayName: '王调度', mustChangePassword: false, lastLoginAt: null },
  role: 'dispatcher',
  roleLabel: { zh: '调度员', en: 'Dispatcher' },
  jurisdiction: { code: '410500', name: '安阳市' },
  permissions: ['layers:read'],
  personalView: 'full',
  csrfToken: 'csrf-1',
  ...over,
});

describe('credentials', () => {
  it('takes a wall token from ?token=, stores it and removes it from the address bar', () => {
    expect(tokenFromSearch(`?testHooks&token=${TOKEN}&layers=incidents`)).toEqual({ token: TOKEN, search: '?testHooks=&layers=incidents' });
    expect(tokenFromSearch('?token=not-a-token')).toEqual({ token: null, search: '' });
    expect(tokenFromSearch('?lang=en')).toEqual({ token: null, search: '?lang=en' });
    const storage = memoryStorage();
    const replaced: string[] = [];
    const creds = createCredentials({ origin: ORIGIN, search: `?token=${TOKEN}`, storage, replaceSearch: (s) => replaced.push(s) });
    expect(creds.token()).toBe(TOKEN);
    expect(storage.map.get(TOKEN_STORAGE_KEY)).toBe(TOKEN);
    expect(replaced).toEqual(['']);
    // A reload without the parameter keeps the stored token; clearing it forgets it.
    const again = createCredentials({ origin: ORIGIN, search: '', storage });
    expect(again.token()).toBe(TOKEN);
    again.clearToken();
    expect(storage.map.has(TOKEN_STORAGE_KEY)).toBe(false);
    expect(again.token()).toBeNull();
  });

  it('sends Bearer for a token, X-CSRF-Token only on a session’s writes, nothing to other origins', () => {
    const wall = createCredentials({ origin: ORIGIN, search: `?token=${TOKEN}`, storage: null });
    expect(wall.headers()).toEqual({ authorization: `Bearer ${TOKEN}` });
    expect(wall.headersFor(`${ORIGIN}/tiles/incidents/9/1/2.mvt`)).toEqual({ authorization: `Bearer ${TOKEN}` });
    expect(wall.headersFor('/api/search?q=x')).toEqual({ authorization: `Bearer ${TOKEN}` });
    expect(wall.headersFor('https://t0.tianditu.gov.cn/vec_w/wmts')).toEqual({});
    const person = createCredentials({ origin: ORIGIN, search: '', storage: null });
    expect(person.headers('GET')).toEqual({});
    expect(person.headers('POST')).toEqual({});
    person.setCsrf('csrf-1');
    expect(person.headers('GET')).toEqual({});
    expect(person.headers('post')).toEqual({ 'x-csrf-token': 'csrf-1' });
    expect(person.headersFor(`${ORIGIN}/ogc/collections/incidents/items`, 'PATCH')).toEqual({ 'x-csrf-token': 'csrf-1' });
  });

  it('tells every listener about a 401 until it unsubscribes', () => {
    const creds = createCredentials({ origin: ORIGIN, search: '', storage: null });
    const seen: string[] = [];
    const off = creds.onUnauthorized((s) => seen.push(s));
    creds.unauthorized('tile');
    off();
    creds.unauthorized('socket');
    expect(seen).toEqual(['tile']);
  });

  it('recognises a refused tile in loaders.gl’s error text', () => {
    expect(isUnauthorizedTileError(new Error('fetch failed 401 Unauthorized: {"error":{}}'))).toBe(true);
    expect(isUnauthorizedTileError(new Error('Failed to fetch resource (401) Unauthorized: http://127.0.0.1:8151/tiles/inci...3/6700/3217.mvt'))).toBe(true);
    expect(isUnauthorizedTileError(Object.assign(new Error('Failed to fetch resource'), { response: { status: 401 } }))).toBe(true);
    expect(isUnauthorizedTileError(new Error('Failed to fetch resource (403) Forbidden: http://x/tiles/1/2/3.mvt'))).toBe(false);
    expect(isUnauthorizedTileError(new Error('fetch failed 404 Not Found'))).toBe(false);
    expect(isUnauthorizedTileError('fetch failed 4010')).toBe(false);
  });
});

describe('api with credentials', () => {
  afterEach(() => vi.unstubAllGlobals());

  function stubFetch(answer: (url: string, init: RequestInit) => Response) {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return answer(url, init);
    });
    return calls;
  }
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

  it('reports a 401 on data routes but not on login or the first /me', async () => {
    const creds = createCredentials({ origin: ORIGIN, search: '', storage: null });
    const reports: string[] = [];
    creds.onUnauthorized((s) => reports.push(s));
    stubFetch(() => json(401, { error: { code: 'UNAUTHENTICATED', message: 'Sign in' } }));
    const api = createApi(creds, ORIGIN);
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    await expect(api.login('disp', 'x')).rejects.toMatchObject({ status: 401 });
    expect(reports).toEqual([]);
    await expect(api.search('文峰')).rejects.toBeInstanceOf(ApiError);
    expect(reports).toHaveLength(1);
  });

  it('keeps the CSRF token from login and sends it on logout; health goes without credentials', async () => {
    const creds = createCredentials({ origin: ORIGIN, search: '', storage: null });
    const calls = stubFetch((url) =>
      url.endsWith('/login') ? json(200, me()) : url.endsWith('/logout') ? new Response(null, { status: 204 }) : json(200, { status: 'ok' }),
    );
    const api = createApi(creds, ORIGIN);
    expect((await api.login('disp', 'pw')).role).toBe('dispatcher');
    await api.logout();
    await api.health();
    expect(calls[0]!.init.body).toBe(JSON.stringify({ username: 'disp', password: 'pw' }));
    expect((calls[1]!.init.headers as Record<string, string>)['x-csrf-token']).toBe('csrf-1');
    expect(calls[2]!.init.credentials).toBe('omit');
    expect(creds.headers('POST')).toEqual({}); // logged out: no CSRF token any more
  });

  it('carries the lockout time and the rate limit’s Retry-After in the error details', async () => {
    const creds = createCredentials({ origin: ORIGIN, search: `?token=${TOKEN}`, storage: null });
    let n = 0;
    const calls = stubFetch(() =>
      n++ === 0
        ? json(423, { error: { code: 'ACCOUNT_LOCKED', message: 'locked', details: { retryAfterSeconds: 840 } } })
        : json(429, { error: { code: 'RATE_LIMITED', message: 'slow down' } }, { 'retry-after': '42' }),
    );
    const api = createApi(creds, ORIGIN);
    const locked = await api.login('disp', 'pw').catch((e: unknown) => e);
    const limited = await api.login('disp', 'pw').catch((e: unknown) => e);
    expect(locked).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED', details: { retryAfterSeconds: 840 } });
    expect(limited).toMatchObject({ status: 429, details: { retryAfterSeconds: 42 } });
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('asks for the personal data masked, or in full with ?full=true', async () => {
    const creds = createCredentials({ origin: ORIGIN, search: '', storage: null });
    const calls = stubFetch(() => json(200, { collection: 'incidents', id: 'I1', view: 'masked', records: [] }));
    const api = createApi(creds, ORIGIN);
    await api.personal('incidents', 'I1', false);
    await api.personal('rental-housing', 'R 2', true);
    expect(calls.map((c) => c.url)).toEqual([`${ORIGIN}/api/personal/incidents/I1`, `${ORIGIN}/api/personal/rental-housing/R%202?full=true`]);
  });
});

describe('auth model', () => {
  const zh = translator('zh');
  const en = translator('en');
  const apiError = (status: number, code: string, details: Record<string, unknown> = {}) => new ApiError(status, code, code, details);

  it('words each failed sign-in clearly, in both languages', () => {
    expect(loginErrorMessage(apiError(401, 'INVALID_CREDENTIALS'), zh)).toBe('用户名或密码错误');
    expect(loginErrorMessage(apiError(423, 'ACCOUNT_LOCKED', { retryAfterSeconds: 840 }), zh)).toContain('14 分钟');
    expect(loginErrorMessage(apiError(423, 'ACCOUNT_LOCKED', { retryAfterSeconds: 840 }), en)).toContain('14 min');
    expect(loginErrorMessage(apiError(429, 'RATE_LIMITED', { retryAfterSeconds: 42 }), zh)).toContain('42 秒');
    expect(loginErrorMessage(apiError(503, 'STARTING'), en)).toMatch(/starting/);
    expect(loginErrorMessage(apiError(500, 'INTERNAL'), en)).toContain('INTERNAL');
    expect(loginErrorMessage(new TypeError('Failed to fetch'), zh)).toBe('无法连接服务器，请检查网络后重试');
  });

  it('words the server’s password problem codes with their figures, and never re-checks the policy', () => {
    expect(passwordChangeMessages(apiError(401, 'INVALID_CREDENTIALS'), zh)).toEqual(['当前密码错误']);
    expect(
      passwordChangeMessages(
        apiError(400, 'WEAK_PASSWORD', {
          problems: [{ code: 'TOO_SHORT', min: 12 }, { code: 'TOO_FEW_CLASSES', min: 3, passphrase: 16 }, { code: 'CONTAINS_USERNAME' }],
        }),
        en,
      ),
    ).toEqual([
      'The new password needs at least 12 characters',
      'The new password needs 3 of: upper case, lower case, digits, symbols (or 16+ characters)',
      'The new password must not contain the username',
    ]);
    expect(passwordChangeMessages(apiError(400, 'WEAK_PASSWORD', { problems: [{ code: 'TOO_LONG', max: 256 }] }), zh)).toEqual(['新密码最多 256 个字符']);
    // An unknown code or the old English sentences: the generic refusal, never the server's words.
    expect(passwordChangeMessages(apiError(400, 'WEAK_PASSWORD', { problems: ['at least 10 characters', { code: 'NEW_RULE' }] }), en)).toEqual([
      'The new password does not meet the password policy',
    ]);
    expect(passwordChangeMessages(apiError(400, 'WEAK_PASSWORD', {}), zh)).toEqual(['新密码不符合密码规则']);
    expect(passwordPolicyHint(zh)).toContain('至少 10 个字符');
    expect(mustChangePassword(me())).toBe(false);
    expect(mustChangePassword(me({ user: { id: '1', username: 'admin', displayName: null, mustChangePassword: true, lastLoginAt: null } }))).toBe(true);
    expect(mustChangePassword(me({ user: undefined, token: { id: '3', name: 'wall' } }))).toBe(false);
  });

  it('shows who is signed in: a person or a wall token, role and jurisdiction', () => {
    expect(whoLabel(me(), zh)).toBe('王调度');
    expect(whoLabel(me({ user: { id: '8', username: 'viewer1', displayName: null, mustChangePassword: false, lastLoginAt: null } }), zh)).toBe('viewer1');
    expect(whoLabel(me({ user: undefined, token: { id: '3', name: '指挥中心大屏' } }), zh)).toBe('显示令牌 指挥中心大屏');
    expect(roleLabel(me(), 'en')).toBe('Dispatcher');
    expect(isCityWide('410500')).toBe(true);
    expect(isCityWide('410502')).toBe(false);
  });

  it('keeps the app for the same principal after a re-login, not for another one', () => {
    expect(identityKey(me())).toBe(identityKey(me({ csrfToken: 'other' })));
    expect(identityKey(me())).not.toBe(identityKey(me({ jurisdiction: { code: '410502', name: '文峰区' } })));
    expect(identityKey(me())).not.toBe(identityKey(me({ user: undefined, token: { id: '7', name: 'wall' } })));
  });

  it('gives the personal block only to roles that may see personal data, and "show full" only to full ones', () => {
    const viewer = me({ role: 'viewer', personalView: 'none' });
    const planner = me({ role: 'planner', personalView: 'masked' });
    expect(showsPersonalBlock(viewer, 'incidents')).toBe(false);
    expect(showsPersonalBlock(me({ role: 'wall', personalView: 'none', user: undefined }), 'rental-housing')).toBe(false);
    expect(showsPersonalBlock(planner, 'rental-housing')).toBe(true);
    expect(showsPersonalBlock(me(), 'incidents')).toBe(true);
    expect(showsPersonalBlock(me(), 'cameras')).toBe(false);
    expect(canRevealFull(planner)).toBe(false);
    expect(canRevealFull(me())).toBe(true);
    expect(personalKindLabel('tenant', zh)).toBe('承租人');
    expect(personalKindLabel('PARTY', en)).toBe('Party');
    expect(personalKindLabel('WITNESS', zh)).toBe('WITNESS');
  });
});
