/**
 * The planner workspace's HTTP calls (issue 12): analyses under /api/analysis, graded grids and warnings
 * through the OGC collections. Answers are read as a stream so a long analysis reports the bytes received
 * (its progress); an answer that carries a job (`202` with a status link) is followed until it is done,
 * reporting the server's own progress. Failures are ApiErrors with the server's code, as in ./api.ts.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import { ApiError, type AnyFeature } from './api.ts';
import type { Credentials } from './credentials.ts';

export type AnalysisCollection = FeatureCollection<Geometry, Record<string, unknown>> & {
  parameters?: Record<string, unknown>;
  [member: string]: unknown;
};

export interface Progress {
  /** 0..1 when known. */
  fraction: number | null;
  /** Bytes of the answer received so far. */
  bytes: number;
  /** The server's name for the current step, if it gives one. */
  step?: string | null;
}

export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

type Query = Record<string, string | number | undefined | null>;

export function queryString(q: Query): string {
  const parts = Object.entries(q).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return parts.length ? `?${parts.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}` : '';
}

/** Reads a response body to text, reporting bytes (and the fraction when the length is known). */
async function readBody(res: Response, onProgress?: (p: Progress) => void): Promise<string> {
  if (!res.body || !onProgress) return res.text();
  const total = Number(res.headers.get('content-length') ?? NaN);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    text += decoder.decode(value, { stream: true });
    onProgress({ bytes, fraction: total > 0 ? Math.min(1, bytes / total) : null });
  }
  return text + decoder.decode();
}

async function call<T>(creds: Credentials, url: string, method: string, body: unknown, opts: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...creds.headersFor(url, method) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, signal: opts.signal, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return undefined as T;
  const text = await readBody(res, opts.onProgress);
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  if (!res.ok) {
    if (res.status === 401) creds.unauthorized(`${method} ${url}`);
    const e = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
    throw new ApiError(res.status, e?.code ?? 'HTTP_ERROR', e?.message ?? `${res.status} ${res.statusText}`, e?.details ?? {});
  }
  if (json === null) throw new ApiError(res.status, 'BAD_RESPONSE', `No JSON from ${url}`);
  return json as T;
}

/** A long analysis on the server (risk grading): GET /api/analysis/jobs/{id}; progress as phase + done/total. */
export interface AnalysisJob {
  id: string;
  kind: string;
  state: 'running' | 'done' | 'failed';
  progress: { phase: string; done: number; total: number };
  result?: Record<string, unknown>;
  error?: string;
}

/** Parses a Server-Sent Events text stream: calls `onEvent` per complete event; returns the unparsed tail. */
export function parseSse(buffer: string, onEvent: (event: string, data: string) => void): string {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const tail = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) onEvent(event, data.join('\n'));
  }
  return tail;
}

/** GET /api/analysis/risk/grids/{code}: one grid's grade with each factor's points (largest first). */
export interface RiskGridGrade {
  code: string;
  name: string;
  risk_level: string | null;
  risk_score: number | null;
  risk_factors: Record<string, number> | null;
  risk_model_version: string | null;
  risk_computed_at: string | null;
  factors: { factor: string; zh: string; en: string; points: number; maxPoints: number }[];
  thresholds: { major: number; larger: number; general: number };
  currentModelVersion: string;
}

export interface HotspotQuery {
  category?: string;
  from?: string;
  to?: string;
  cellMeters?: number;
}

export interface AnalysisApi {
  /** GET /api/analysis/hotspots: hexagon cells with count, gi_z, gi_p, class; top-level `parameters`. */
  hotspots(q: HotspotQuery, opts?: CallOptions): Promise<AnalysisCollection>;
  /** GET /api/analysis/coverage/cameras?grid=: each grid's share seen by cameras. */
  cameraCoverage(grid: string, opts?: CallOptions): Promise<AnalysisCollection>;
  /** GET /api/analysis/coverage/response?unitType=&minutes=: minutes to the nearest unit, grids beyond the target. */
  responseCoverage(unitType: string, minutes: number, opts?: CallOptions): Promise<AnalysisCollection>;
  /** Any analysis GET under /api/analysis (path after it, e.g. 'hotspots/emerging'). */
  get(path: string, q: Query, opts?: CallOptions): Promise<AnalysisCollection>;
  /** POST /api/analysis/risk/recompute: starts (or joins) the grading of the caller's jurisdiction. */
  recomputeRisk(): Promise<{ job: AnalysisJob; started: boolean }>;
  /**
   * Follows a job on GET /api/analysis/jobs/{id}/events (SSE, read through fetch so the page's credentials go
   * with it) until it is done or failed; resolves with the final job.
   */
  followJob(id: string, onJob: (job: AnalysisJob) => void, signal?: AbortSignal): Promise<AnalysisJob>;
  /** Every feature of an OGC collection (following `next` links), e.g. graded grids or warnings. */
  collection(id: string, q: Query, opts?: CallOptions): Promise<AnyFeature[]>;
  riskGrid(code: string, signal?: AbortSignal): Promise<RiskGridGrade>;
  /** One OGC feature. */
  feature(id: string, featureId: string, signal?: AbortSignal): Promise<AnyFeature>;
  /** A POST to a path of the server (e.g. a warning's acknowledge or lift). */
  post(path: string, body?: unknown): Promise<unknown>;
}

export function createAnalysisApi(creds: Credentials, base = ''): AnalysisApi {
  const enc = encodeURIComponent;
  const get = <T>(url: string, opts?: CallOptions) => call<T>(creds, url, 'GET', undefined, opts);
  return {
    hotspots: (q, opts) => get(`${base}/api/analysis/hotspots${queryString({ ...q })}`, opts),
    cameraCoverage: (grid, opts) => get(`${base}/api/analysis/coverage/cameras${queryString({ grid })}`, opts),
    responseCoverage: (unitType, minutes, opts) => get(`${base}/api/analysis/coverage/response${queryString({ unitType, minutes })}`, opts),
    get: (path, q, opts) => get(`${base}/api/analysis/${path}${queryString(q)}`, opts),
    recomputeRisk: () => call(creds, `${base}/api/analysis/risk/recompute`, 'POST', {}),
    async followJob(id, onJob, signal) {
      const url = `${base}/api/analysis/jobs/${enc(id)}/events`;
      const res = await fetch(url, { signal, headers: { accept: 'text/event-stream', ...creds.headersFor(url, 'GET') }, credentials: 'same-origin' });
      if (!res.ok || !res.body) {
        if (res.status === 401) creds.unauthorized(`GET ${url}`);
        const e = ((await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null)?.error;
        throw new ApiError(res.status, e?.code ?? 'HTTP_ERROR', e?.message ?? `${res.status} ${res.statusText}`);
      }
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      const seen: { job: AnalysisJob | null } = { job: null };
      while (!seen.job || seen.job.state === 'running') {
        const { done, value } = await reader.read();
        if (done) break;
        buffer = parseSse(buffer + decoder.decode(value, { stream: true }), (_event, data) => {
          seen.job = JSON.parse(data) as AnalysisJob;
          onJob(seen.job);
        });
      }
      await reader.cancel().catch(() => undefined);
      if (!seen.job) throw new ApiError(0, 'BAD_RESPONSE', `No job events from ${url}`);
      return seen.job;
    },
    async collection(id, q, opts = {}) {
      const out: AnyFeature[] = [];
      let url: string | null = `${base}/ogc/collections/${enc(id)}/items${queryString({ limit: 5000, ...q })}`;
      let bytes = 0;
      for (let page = 0; url && page < 200; page++) {
        let pageBytes = 0;
        const pageOpts: CallOptions = {
          signal: opts.signal,
          onProgress: (p) => {
            pageBytes = p.bytes;
            opts.onProgress?.({ bytes: bytes + p.bytes, fraction: null });
          },
        };
        type Page = { features: AnyFeature[]; links?: { rel: string; href: string }[]; numberMatched?: number };
        const body: Page = await get<Page>(url, pageOpts);
        out.push(...body.features);
        bytes += pageBytes;
        if (body.numberMatched) opts.onProgress?.({ bytes, fraction: Math.min(1, out.length / body.numberMatched) });
        url = body.links?.find((l) => l.rel === 'next')?.href ?? null;
      }
      return out;
    },
    riskGrid: (code, signal) => get(`${base}/api/analysis/risk/grids/${enc(code)}`, { signal }),
    feature: (id, featureId, signal) => get(`${base}/ogc/collections/${enc(id)}/items/${enc(featureId)}`, { signal }),
    post: (path, body) => call(creds, `${base}${path}`, 'POST', body ?? {}),
  };
}
