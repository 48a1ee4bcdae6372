/**
 * Runs the chosen analysis: checks the parameters, calls the server (net/analysis-api.ts), reports progress
 * and files the answer (or the server's error) in the analysis slice. One run at a time: starting another,
 * or cancelling, aborts the one in flight; a late answer of an aborted run is dropped by the slice.
 */
import type { AnalysisCollection, AnalysisApi, CallOptions, Progress } from '../../net/analysis-api.ts';
import { ApiError } from '../../net/api.ts';
import type { AnalysisKind, AnalysisParams, AnalysisState, ResultFeatures, RunError } from '../../state/analysis-slice.ts';
import type { Store } from '../../state/store.ts';

/** A local date (YYYY-MM-DD) as the instant its day starts, in the browser's zone (RFC 3339 with offset). */
export function dayStart(day: string, dayOffset = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(y, m - 1, d + dayOffset);
  const off = -t.getTimezoneOffset();
  const p = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const zone = `${off >= 0 ? '+' : '-'}${p(off / 60)}:${p(off % 60)}`;
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}T00:00:00${zone}`;
}

/** The request window of inclusive local dates: [start of `from`, start of the day after `to`). */
export function windowOf(p: Pick<AnalysisParams, 'from' | 'to'>): { from: string; to: string } {
  return { from: dayStart(p.from), to: dayStart(p.to, 1) };
}

/** Problems the form can see before asking the server (the server checks everything again). */
export function paramProblem(kind: AnalysisKind, p: AnalysisParams): 'fromAfterTo' | null {
  const usesWindow = kind === 'hotspots' || kind === 'emerging' || kind === 'density';
  if (usesWindow && p.from && p.to && p.from > p.to) return 'fromAfterTo';
  return null;
}

/** The analysis call of a kind: features and the answer's other top-level members. */
export async function fetchAnalysis(api: AnalysisApi, kind: AnalysisKind, p: AnalysisParams, opts: CallOptions): Promise<AnalysisCollection> {
  const w = windowOf(p);
  const category = p.category || undefined;
  switch (kind) {
    case 'hotspots':
      return api.hotspots({ category, ...w, cellMeters: p.cellMeters }, opts);
    case 'emerging':
      return api.get('hotspots/emerging', { category, to: w.to, cellMeters: p.cellMeters }, opts);
    case 'density':
      return api.get('density', { category, ...w }, opts);
    case 'camera-coverage':
      return api.cameraCoverage(p.grid, opts);
    case 'response-coverage':
      return api.responseCoverage(p.unitType, p.minutes, opts);
    case 'risk':
      return { type: 'FeatureCollection', features: (await api.collection('grids', {}, opts)) as ResultFeatures['features'] };
    case 'warnings':
      return { type: 'FeatureCollection', features: (await api.collection('warnings', {}, opts)) as ResultFeatures['features'] };
  }
}

/** Grades every grid now: starts (or joins) the server's job and follows its progress to the end. */
async function recompute(api: AnalysisApi, signal: AbortSignal, report: (fraction: number | null, step: string) => void): Promise<void> {
  const { job } = await api.recomputeRisk();
  const last = await api.followJob(job.id, (j) => report(j.progress.total > 0 ? j.progress.done / j.progress.total : null, j.progress.phase), signal);
  if (last.state === 'failed') throw new ApiError(500, 'ANALYSIS_FAILED', last.error ?? 'risk grading failed');
}

export function errorOf(err: unknown): RunError {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  return { code: 'NETWORK', message: err instanceof Error ? err.message : String(err) };
}

export interface Runner {
  /** Runs the chosen analysis; `recompute`: first grade every grid now (risk), following the server's job. */
  run(opts?: { recompute?: boolean }): void;
  cancel(): void;
}

/** A runner bound to the store and the API; `now` is injectable for tests. */
export function createRunner(store: Store, api: AnalysisApi, now: () => number = Date.now): Runner {
  let seq = 0;
  let ctl: AbortController | null = null;
  const slice = (): AnalysisState => store.getState().analysis;
  return {
    run(opts = {}) {
      ctl?.abort();
      const c = (ctl = new AbortController());
      const id = ++seq;
      const { kind, params } = slice();
      const problem = paramProblem(kind, params);
      store.dispatch({ type: 'analysis/runStarted', id, at: now() });
      if (problem) {
        store.dispatch({ type: 'analysis/runFailed', id, error: { code: 'INVALID_WINDOW', message: problem } });
        return;
      }
      const onProgress = (p: Progress) => store.dispatch({ type: 'analysis/runProgress', id, progress: p.fraction, step: p.step ?? null, bytes: p.bytes });
      const before = opts.recompute && kind === 'risk' ? recompute(api, c.signal, (progress, step) => store.dispatch({ type: 'analysis/runProgress', id, progress, step })) : Promise.resolve();
      before.then(() => fetchAnalysis(api, kind, params, { signal: c.signal, onProgress })).then(
        (fc) => {
          const { type: _t, features, parameters, ...extra } = fc;
          store.dispatch({ type: 'analysis/runDone', id, result: { features: { type: 'FeatureCollection', features }, parameters: parameters ?? {}, extra, receivedAt: now() } });
        },
        (err: unknown) => {
          if ((err as Error).name === 'AbortError') return;
          store.dispatch({ type: 'analysis/runFailed', id, error: errorOf(err) });
        },
      );
    },
    cancel() {
      ctl?.abort();
      ctl = null;
      store.dispatch({ type: 'analysis/clear' });
    },
  };
}
