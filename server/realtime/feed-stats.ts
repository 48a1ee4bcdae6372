/**
 * The feed's figures for /api/health and /metrics: clients, changes per second, commit-to-emit lag.
 * Pure counters with an injected clock.
 */
export interface FeedFigures {
  /** Whether this process reads the change log (false while the server starts). */
  running: boolean;
  clients: number;
  seq: number;
  changesTotal: number;
  changesPerSecond: number;
  lagMs: { p50: number; p99: number; max: number };
  emittedTotal: number;
}

const WINDOW_S = 10;
const LAG_SAMPLES = 2048;

export class FeedStats {
  running = false;
  clients = 0;
  seq = 0;
  changesTotal = 0;
  emittedTotal = 0;
  private buckets = new Map<number, number>();
  private lags: number[] = [];
  private lagNext = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Records changes read from the log, with their commit times (ms since epoch). */
  recordChanges(commitTimes: readonly number[]): void {
    const t = this.now();
    const second = Math.floor(t / 1000);
    this.changesTotal += commitTimes.length;
    this.buckets.set(second, (this.buckets.get(second) ?? 0) + commitTimes.length);
    for (const s of this.buckets.keys()) if (s <= second - WINDOW_S) this.buckets.delete(s);
    for (const c of commitTimes) this.recordLag(t - c);
  }

  recordEmitted(n: number): void {
    this.emittedTotal += n;
  }

  private recordLag(ms: number): void {
    if (this.lags.length < LAG_SAMPLES) this.lags.push(ms);
    else this.lags[this.lagNext] = ms;
    this.lagNext = (this.lagNext + 1) % LAG_SAMPLES;
  }

  figures(): FeedFigures {
    const second = Math.floor(this.now() / 1000);
    let recent = 0;
    for (const [s, n] of this.buckets) if (s > second - WINDOW_S && s < second) recent += n;
    const sorted = [...this.lags].sort((a, b) => a - b);
    const q = (p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!) : 0);
    return {
      running: this.running,
      clients: this.clients,
      seq: this.seq,
      changesTotal: this.changesTotal,
      changesPerSecond: Math.round((recent / (WINDOW_S - 1)) * 10) / 10,
      lagMs: { p50: q(0.5), p99: q(0.99), max: sorted.length ? Math.round(sorted[sorted.length - 1]!) : 0 },
      emittedTotal: this.emittedTotal,
    };
  }
}
