/**
 * HTTP calls of the client (with net/live-socket.ts, the only code that touches the network).
 * Every failure becomes an ApiError carrying the server's error code; an aborted request rejects with the
 * browser's AbortError, which callers treat as cancellation, not as an error. Credentials (session cookie +
 * CSRF token, or a wall display's Bearer token) come from net/credentials.ts; a 401 is reported there.
 */
import type { Feature, Geometry } from 'geojson';
import type { CollectionId } from '../../../server/protocol/collections.ts';
import type { OrgBranch, OrgNode, SearchHit } from '../../../server/protocol/directory.ts';
import type { LayerCountsBody } from '../../../server/protocol/platform.ts';
import type { KpisBody } from '../../../server/domain/kpis/kpis-body.ts';
import type { UserPreferences } from '../../../server/protocol/preferences.ts';
import type { Credentials } from './credentials.ts';

export type AnyFeature = Feature<Geometry, Record<string, unknown>>;

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's details, e.g. { retryAfterSeconds } of a locked account or a rate limit. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type { OrgBranch, OrgNode };
export type SearchResult = SearchHit;

/** GET /api/health: liveness and loading progress only (counts are GET /api/counts). */
export interface Health {
  status: string;
  progress?: number;
  step?: string;
}

/** GET /api/counts: how many features of each layer the caller may see (inside its jurisdiction). */
export type Counts = LayerCountsBody;
export type { UserPreferences };

/** A live collection's features and the change-feed seq they were read at (X-Live-Seq; null if absent). */
export interface Snapshot {
  features: AnyFeature[];
  seq: number | null;
}

/** The OGC items answer's header telling where a live collection's rows stand in the change feed. */
export const LIVE_SEQ_HEADER = 'X-Live-Seq';

export interface ClientConfig {
  basemapStyleUrl: string | null;
  /** The deployed client's build (a hash of its index.html); a wall reloads itself when it changes. */
  buildId?: string | null;
}

export type PersonalView = 'full' | 'masked' | 'none';

/** GET /api/auth/me and POST /api/auth/login: who is signed in (a person, or a wall/machine token). */
export interface Me {
  user?: { id: string; username: string; displayName: string | null; mustChangePassword: boolean; lastLoginAt: string | null };
  token?: { id: string; name: string };
  role: string;
  roleLabel: { zh: string; en: string };
  jurisdiction: { code: string; name: string | null };
  permissions: string[];
  personalView: PersonalView;
  /** Sessions only: send as X-CSRF-Token on writes. */
  csrfToken?: string;
  expiresAt?: string;
}

/** The collections with a personal-data endpoint (GET /api/personal/{collection}/{id}). */
export type PersonalCollection = 'rental-housing' | 'incidents';

export interface PersonalRecord {
  /** 'lessor' | 'tenant' (rental housing); 'REPORTER' | 'PARTY' (incidents). */
  kind: string;
  name?: string | null;
  phone?: string | null;
  idNumber?: string | null;
}

export interface PersonalData {
  collection: PersonalCollection;
  id: string;
  view: 'masked' | 'full';
  records: PersonalRecord[];
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Statuses whose JSON body is a normal answer (e.g. 503 of /api/health while loading). */
  okStatuses?: number[];
  /** A 401 here is an answer, not a lost session (login, the first /me). */
  quiet401?: boolean;
  /** A public route (health, client config): sent without credentials, so a revoked token cannot block it. */
  anonymous?: boolean;
}

type ErrorBody = { error?: { code: string; message: string; details?: Record<string, unknown> } };

export async function request<T>(creds: Credentials, url: string, opts: RequestOptions = {}): Promise<T> {
  return (await exchange<T>(creds, url, opts)).body;
}

/** One request: the JSON body and the response headers. */
async function exchange<T>(creds: Credentials, url: string, opts: RequestOptions = {}): Promise<{ body: T; headers: Headers }> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.anonymous ? {} : creds.headersFor(url, method)) };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    signal: opts.signal,
    headers,
    credentials: opts.anonymous ? 'omit' : 'same-origin',
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  if (res.status === 204) return { body: undefined as T, headers: res.headers };
  const body = (await res.json().catch(() => null)) as (T & ErrorBody) | null;
  if (!res.ok && !opts.okStatuses?.includes(res.status)) {
    if (res.status === 401 && !opts.quiet401) creds.unauthorized(`${method} ${url}`);
    const details = { ...(body?.error?.details ?? {}) };
    const retryAfter = Number(res.headers.get('retry-after'));
    if (details.retryAfterSeconds === undefined && retryAfter > 0) details.retryAfterSeconds = retryAfter;
    throw new ApiError(res.status, body?.error?.code ?? 'HTTP_ERROR', body?.error?.message ?? `${res.status} ${res.statusText}`, details);
  }
  if (body === null) throw new ApiError(res.status, 'BAD_RESPONSE', `No JSON from ${url}`);
  return { body, headers: res.headers };
}

export interface Api {
  /** Who is signed in; rejects with ApiError 401 when nobody is. */
  me(signal?: AbortSignal): Promise<Me>;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  /** POST /api/auth/password: replaces the signed-in user's password (204). */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  /** The personal data of a rental house or an incident: masked, or in full (audited) with full = true. */
  personal(collection: PersonalCollection, id: string, full: boolean, signal?: AbortSignal): Promise<PersonalData>;
  /**
   * GET /api/counts: every layer's count inside the caller's jurisdiction, in one answer; `query` narrows them
   * (state/counts-query.ts: ?area=…&<layer>.<property>=…).
   */
  counts(signal?: AbortSignal, query?: string): Promise<Counts>;
  /** GET /api/users/me/preferences: the signed-in user's own settings (null fields: never chosen). */
  preferences(signal?: AbortSignal): Promise<UserPreferences>;
  /** PUT /api/users/me/preferences: the fields given replace the stored ones. */
  savePreferences(patch: Partial<Omit<UserPreferences, 'updatedAt'>>): Promise<UserPreferences>;
  health(signal?: AbortSignal): Promise<Health>;
  clientConfig(signal?: AbortSignal): Promise<ClientConfig>;
  search(q: string, signal?: AbortSignal): Promise<SearchResult[]>;
  orgBranch(code: string, signal?: AbortSignal): Promise<OrgBranch>;
  /** GET /api/kpis: the big screen's figures for an admin unit (default: the caller's jurisdiction). */
  kpis(scope: string | null, signal?: AbortSignal): Promise<KpisBody>;
  feature(collection: CollectionId, id: string, signal?: AbortSignal): Promise<AnyFeature>;
  /**
   * Every feature of a live collection, following the OGC `next` links, with the seq it was read at: the
   * lowest X-Live-Seq of its pages (a page read later is newer, and the deltas above the lowest cover it).
   */
  snapshot(collection: CollectionId, signal?: AbortSignal): Promise<Snapshot>;
}

export function createApi(creds: Credentials, base = ''): Api {
  const enc = encodeURIComponent;
  const getJson = <T>(url: string, signal?: AbortSignal, okStatuses?: number[]) => request<T>(creds, url, { signal, okStatuses });
  const signedIn = (me: Me) => {
    creds.setCsrf(me.csrfToken ?? null);
    return me;
  };
  return {
    me: async (signal) => signedIn(await request<Me>(creds, `${base}/api/auth/me`, { signal, quiet401: true })),
    login: async (username, password) =>
      signedIn(await request<Me>(creds, `${base}/api/auth/login`, { method: 'POST', body: { username, password }, quiet401: true })),
    async logout() {
      try {
        await request<void>(creds, `${base}/api/auth/logout`, { method: 'POST', quiet401: true });
      } finally {
        creds.setCsrf(null);
      }
    },
    changePassword: (currentPassword, newPassword) =>
      request<void>(creds, `${base}/api/auth/password`, { method: 'POST', body: { currentPassword, newPassword }, quiet401: true }),
    personal: (collection, id, full, signal) =>
      getJson<PersonalData>(`${base}/api/personal/${enc(collection)}/${enc(id)}${full ? '?full=true' : ''}`, signal),
    counts: (signal, query = '') => getJson<Counts>(`${base}/api/counts${query}`, signal),
    preferences: (signal) => getJson<UserPreferences>(`${base}/api/users/me/preferences`, signal),
    savePreferences: (patch) => request<UserPreferences>(creds, `${base}/api/users/me/preferences`, { method: 'PUT', body: patch }),
    health: (signal) => request<Health>(creds, `${base}/api/health`, { signal, okStatuses: [503], anonymous: true }),
    clientConfig: (signal) => request<ClientConfig>(creds, `${base}/api/client-config`, { signal, anonymous: true }),
    search: async (q, signal) => (await getJson<{ results: SearchResult[] }>(`${base}/api/search?q=${enc(q)}&limit=30`, signal)).results,
    orgBranch: (code, signal) => getJson<OrgBranch>(`${base}/api/admin-units/${enc(code)}/children`, signal),
    kpis: (scope, signal) => getJson<KpisBody>(`${base}/api/kpis${scope ? `?scope=${enc(scope)}` : ''}`, signal),
    feature: (collection, id, signal) => getJson<AnyFeature>(`${base}/ogc/collections/${enc(collection)}/items/${enc(id)}`, signal),
    async snapshot(collection, signal) {
      const features: AnyFeature[] = [];
      let seq: number | null = null;
      let known = true;
      let url: string | null = `${base}/ogc/collections/${enc(collection)}/items?limit=5000`;
      for (let page = 0; url && page < 100; page++) {
        type Page = { features: AnyFeature[]; links?: { rel: string; href: string }[] };
        const { body, headers }: { body: Page; headers: Headers } = await exchange<Page>(creds, url, { signal });
        features.push(...body.features);
        const at = Number(headers.get(LIVE_SEQ_HEADER) ?? NaN);
        if (!Number.isSafeInteger(at)) known = false;
        else seq = seq === null ? at : Math.min(seq, at);
        url = body.links?.find((l) => l.rel === 'next')?.href ?? null;
      }
      return { features, seq: known ? seq : null };
    },
  };
}
