/**
 * The planner's workspace (route /analysis): which analysis is chosen, its parameters, the run in flight or
 * finished (progress, result, error) and the grid whose factor breakdown is open. Pure; the feature
 * (client/src/features/analysis/) runs the requests and dispatches these actions. A result is kept with the
 * parameters that made it, so the legend, the charts and an export always describe what is drawn.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { Slice } from './slice.ts';

export const ANALYSIS_KINDS = ['risk', 'hotspots', 'emerging', 'density', 'camera-coverage', 'response-coverage', 'warnings'] as const;
export type AnalysisKind = (typeof ANALYSIS_KINDS)[number];

export interface AnalysisParams {
  /** Incident category code ('' = every category). */
  category: string;
  /** The time window, local dates YYYY-MM-DD (inclusive). */
  from: string;
  to: string;
  /** Hexagon cell size for hotspots and density, metres. */
  cellMeters: number;
  /** Unit type for response coverage (protocol UNIT_TYPE). */
  unitType: string;
  /** Target response time, minutes. */
  minutes: number;
  /** A grid code narrowing camera coverage ('' = every grid in the jurisdiction). */
  grid: string;
}

export type ResultFeatures = FeatureCollection<Geometry, Record<string, unknown>>;

/** What an analysis answered: its features, the server's own statement of the parameters, anything else. */
export interface AnalysisResult {
  kind: AnalysisKind;
  params: AnalysisParams;
  features: ResultFeatures;
  /** The answer's top-level `parameters` (the server's account of how it computed). */
  parameters: Record<string, unknown>;
  /** Other top-level members of the answer (e.g. a time series, a model version, totals). */
  extra: Record<string, unknown>;
  receivedAt: number;
}

export interface RunError {
  code: string;
  message: string;
}

export interface AnalysisRun {
  id: number;
  kind: AnalysisKind;
  params: AnalysisParams;
  status: 'running' | 'done' | 'failed';
  /** 0..1 when the server reports it, null while unknown. */
  progress: number | null;
  /** The step the server names (e.g. 'aggregate', 'gi*'), if any. */
  step: string | null;
  /** Bytes of the answer received so far. */
  bytes: number;
  startedAt: number;
  result: AnalysisResult | null;
  error: RunError | null;
}

export interface AnalysisState {
  kind: AnalysisKind;
  params: AnalysisParams;
  run: AnalysisRun | null;
  /** The grid whose factor breakdown is open ("why is this grid red?"). */
  breakdownGrid: string | null;
  /** The properties of the result feature last clicked on the map (a hexagon cell, a warning). */
  picked: Record<string, unknown> | null;
}

export type AnalysisAction =
  | { type: 'analysis/setKind'; kind: AnalysisKind }
  | { type: 'analysis/setParams'; params: Partial<AnalysisParams> }
  | { type: 'analysis/runStarted'; id: number; at: number }
  | { type: 'analysis/runProgress'; id: number; progress: number | null; step?: string | null; bytes?: number }
  | { type: 'analysis/runDone'; id: number; result: Omit<AnalysisResult, 'kind' | 'params'> }
  | { type: 'analysis/runFailed'; id: number; error: RunError }
  | { type: 'analysis/clear' }
  | { type: 'analysis/openBreakdown'; grid: string | null }
  | { type: 'analysis/pickFeature'; properties: Record<string, unknown> | null };

const DAY = 86_400_000;

/** A local date as YYYY-MM-DD. */
export function isoDay(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The default parameters: the last 30 days, every category, 500 m cells, fire units within 8 minutes. */
export function defaultParams(now = Date.now()): AnalysisParams {
  return { category: '', from: isoDay(now - 29 * DAY), to: isoDay(now), cellMeters: 500, unitType: 'FIRE_RESCUE', minutes: 8, grid: '' };
}

export function initialAnalysis(now = Date.now()): AnalysisState {
  return { kind: 'hotspots', params: defaultParams(now), run: null, breakdownGrid: null, picked: null };
}

/** Only the run with this id may change (an answer to a superseded run is dropped). */
function onRun(s: AnalysisState, id: number, change: (run: AnalysisRun) => AnalysisRun): AnalysisState {
  if (!s.run || s.run.id !== id || s.run.status !== 'running') return s;
  return { ...s, run: change(s.run) };
}

export function reduceAnalysis(s: AnalysisState, a: AnalysisAction): AnalysisState {
  switch (a.type) {
    case 'analysis/setKind':
      return s.kind === a.kind ? s : { ...s, kind: a.kind };
    case 'analysis/setParams':
      return { ...s, params: { ...s.params, ...a.params } };
    case 'analysis/runStarted':
      return {
        ...s,
        picked: null,
        run: { id: a.id, kind: s.kind, params: s.params, status: 'running', progress: null, step: null, bytes: 0, startedAt: a.at, result: null, error: null },
      };
    case 'analysis/runProgress':
      return onRun(s, a.id, (r) => ({ ...r, progress: a.progress === null ? null : Math.max(0, Math.min(1, a.progress)), step: a.step ?? r.step, bytes: a.bytes ?? r.bytes }));
    case 'analysis/runDone':
      return onRun(s, a.id, (r) => ({ ...r, status: 'done', progress: 1, result: { ...a.result, kind: r.kind, params: r.params } }));
    case 'analysis/runFailed':
      return onRun(s, a.id, (r) => ({ ...r, status: 'failed', error: a.error }));
    case 'analysis/clear':
      return s.run === null && s.breakdownGrid === null && s.picked === null ? s : { ...s, run: null, breakdownGrid: null, picked: null };
    case 'analysis/openBreakdown':
      return s.breakdownGrid === a.grid ? s : { ...s, breakdownGrid: a.grid };
    case 'analysis/pickFeature':
      return s.picked === a.properties ? s : { ...s, picked: a.properties };
    default:
      return s;
  }
}

export const analysisSlice: Slice<AnalysisState, AnalysisAction> = { initial: () => initialAnalysis(), reduce: reduceAnalysis };
