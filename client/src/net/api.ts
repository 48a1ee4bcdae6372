/**
 * HTTP calls of the client (with net/live-socket.ts, the only code that touches the network).
 * Every failure becomes an ApiError carrying the server's error code; an aborted request rejects with the
 * browser's AbortError, which callers treat as cancellation, not as an error.
 */
import type { Feature, Geometry } from 'geojson';
import type { CollectionId } from '../../../server/protocol/collections.ts';
import type { OrgBranch, OrgNode, SearchHit } from '../../../server/protocol/directory.ts';

export type AnyFeature = Feature<Geometry, Record<string, unknown>>;

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type { OrgBranch, OrgNode };
export type SearchResult = SearchHit;

export interface Health {
  status: string;
  progress?: number;
  step?: string;
  counts?: Partial<Record<CollectionId, number>>;
}

export interface ClientConfig {
  basemapStyleUrl: string | null;
}

async function getJson<T>(url: string, signal?: AbortSignal, okStatuses: number[] = []): Promise<T> {
  const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => null)) as (T & { error?: { code: string; message: string } }) | null;
  if (!res.ok && !okStatuses.includes(res.status)) {
    throw new ApiError(res.status, body?.error?.code ?? 'HTTP_ERROR', body?.error?.message ?? `${res.status} ${res.statusText}`);
  }
  if (body === null) throw new ApiError(res.status, 'BAD_RESPONSE', `No JSON from ${url}`);
  return body;
}

export interface Api {
  health(signal?: AbortSignal): Promise<Health>;
  clientConfig(signal?: AbortSignal): Promise<ClientConfig>;
  search(q: string, signal?: AbortSignal): Promise<SearchResult[]>;
  orgBranch(code: string, signal?: AbortSignal): Promise<OrgBranch>;
  feature(collection: CollectionId, id: string, signal?: AbortSignal): Promise<AnyFeature>;
  /** Every feature of a collection, following the OGC `next` links (used for the units snapshot). */
  allFeatures(collection: CollectionId, signal?: AbortSignal): Promise<AnyFeature[]>;
}

export function createApi(base = ''): Api {
  const enc = encodeURIComponent;
  return {
    health: (signal) => getJson<Health>(`${base}/api/health`, signal, [503]),
    clientConfig: (signal) => getJson<ClientConfig>(`${base}/api/client-config`, signal),
    search: async (q, signal) => (await getJson<{ results: SearchResult[] }>(`${base}/api/search?q=${enc(q)}&limit=12`, signal)).results,
    orgBranch: (code, signal) => getJson<OrgBranch>(`${base}/api/admin-units/${enc(code)}/children`, signal),
    feature: (collection, id, signal) => getJson<AnyFeature>(`${base}/ogc/collections/${enc(collection)}/items/${enc(id)}`, signal),
    async allFeatures(collection, signal) {
      const out: AnyFeature[] = [];
      let url: string | null = `${base}/ogc/collections/${enc(collection)}/items?limit=5000`;
      for (let page = 0; url && page < 100; page++) {
        const fc: { features: AnyFeature[]; links?: { rel: string; href: string }[] } = await getJson(url, signal);
        out.push(...fc.features);
        url = fc.links?.find((l) => l.rel === 'next')?.href ?? null;
      }
      return out;
    },
  };
}
