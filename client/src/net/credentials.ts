/**
 * The one place that knows how this page proves who it is, for every kind of request:
 *   - a signed-in person: the HttpOnly session cookie (sent by the browser on same-origin fetches, tiles and
 *     the socket handshake) plus the CSRF token from the login / me answer on writes (X-CSRF-Token);
 *   - an unattended wall display: an API token from `?token=pa_…`, kept in sessionStorage and removed from the
 *     address bar, sent as `Authorization: Bearer` on fetch and tiles and as `auth: { token }` on the socket.
 * Anything that sees a 401 (API, tiles, socket) calls `unauthorized()`; the auth gate listens and shows the
 * login screen. Headers are only ever added for this page's own origin.
 */

export const TOKEN_STORAGE_KEY = 'pingan.token';
const TOKEN = /^pa_[A-Za-z0-9_-]{16,200}$/;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Credentials {
  /** The wall display's API token, or null (a person signs in with the session cookie). */
  token(): string | null;
  /** Forgets the token (it was refused); the page falls back to the login screen. */
  clearToken(): void;
  /** The session's CSRF token (from login / me), needed on cookie-authenticated writes. */
  setCsrf(token: string | null): void;
  /** Headers for a request to this origin: Authorization for a token; X-CSRF-Token on a session's writes. */
  headers(method?: string): Record<string, string>;
  /** Headers for a URL, or none when it is not this page's origin (an external basemap must never get them). */
  headersFor(url: string, method?: string): Record<string, string>;
  /** Something got a 401: the session ended or the token was revoked. */
  unauthorized(source: string): void;
  onUnauthorized(listener: (source: string) => void): () => void;
}

/** The `token` URL parameter, if it looks like an API token, and the query string without it. Pure. */
export function tokenFromSearch(search: string): { token: string | null; search: string } {
  const params = new URLSearchParams(search);
  const raw = params.get('token');
  if (raw === null) return { token: null, search };
  params.delete('token');
  const rest = params.toString();
  return { token: TOKEN.test(raw) ? raw : null, search: rest ? `?${rest}` : '' };
}

export interface CredentialsEnv {
  origin: string;
  search: string;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** Replaces the address bar's query string (history.replaceState), so the token is not left on screen. */
  replaceSearch?: (search: string) => void;
}

export function createCredentials(env: CredentialsEnv): Credentials {
  const fromUrl = tokenFromSearch(env.search);
  if (fromUrl.search !== env.search) env.replaceSearch?.(fromUrl.search);
  if (fromUrl.token) env.storage?.setItem(TOKEN_STORAGE_KEY, fromUrl.token);
  let token: string | null = fromUrl.token ?? env.storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  if (token !== null && !TOKEN.test(token)) token = null;
  let csrf: string | null = null;
  const listeners = new Set<(source: string) => void>();

  const headers = (method = 'GET'): Record<string, string> => {
    if (token) return { authorization: `Bearer ${token}` };
    return csrf && UNSAFE.has(method.toUpperCase()) ? { 'x-csrf-token': csrf } : {};
  };
  return {
    token: () => token,
    clearToken() {
      token = null;
      env.storage?.removeItem(TOKEN_STORAGE_KEY);
    },
    setCsrf(t) {
      csrf = t;
    },
    headers,
    headersFor(url, method) {
      try {
        return new URL(url, env.origin).origin === env.origin ? headers(method) : {};
      } catch {
        return {};
      }
    },
    unauthorized(source) {
      for (const l of [...listeners]) l(source);
    },
    onUnauthorized(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
