/**
 * Start-up progress: the server listens at once and answers 503 with this progress until migrations
 * and the dataset have loaded. Pure state with a tiny API; the bootstrap writes it, /api/health reads it.
 */
export type Phase = 'starting' | 'migrating' | 'loading' | 'ready' | 'failed';

export interface ReadinessSnapshot {
  phase: Phase;
  /** The part being loaded (e.g. "cameras") and how far, 0..1 over the whole dataset. */
  step?: string;
  progress: number;
  error?: string;
  startedAt: string;
  readyAt?: string;
}

export class Readiness {
  private state: ReadinessSnapshot = { phase: 'starting', progress: 0, startedAt: new Date().toISOString() };

  get ready(): boolean {
    return this.state.phase === 'ready';
  }
  snapshot(): ReadinessSnapshot {
    return { ...this.state };
  }
  set(phase: Phase, step?: string, progress = this.state.progress): void {
    this.state = { ...this.state, phase, step, progress: Math.max(0, Math.min(1, progress)) };
    if (phase === 'ready') this.state = { ...this.state, progress: 1, step: undefined, readyAt: new Date().toISOString() };
  }
  fail(error: string): void {
    this.state = { ...this.state, phase: 'failed', error };
  }
}
