/**
 * What the live bench watches while a run goes on, every 500 ms: the serving process's CPU and peak RSS
 * (socket buffers held in user space show up here; above the limit the run is aborted rather than let the
 * machine swap), the CPU of the bench database's backends (the writer's commits, the feed's reads), the
 * whole machine's CPU, and — for the real server — how far its feed is behind the log (/metrics on the server's
 * METRICS_PORT address: no database work, no token).
 */
import type { Database } from '../../server/db/core/database.ts';
import { headSeq } from '../../server/db/live/changes-repository.ts';
import { cores, cpuSeconds, CpuTally, machineCpu, rssMb } from './proc.ts';

export interface MonitorOptions {
  pid: number;
  db: Database;
  database: string;
  /** The server's /metrics URL (omitted for the anchor). */
  metricsUrl?: string;
  maxRssMb: number;
  onAbort(reason: string): void;
}

export interface MonitorFigures {
  wallSeconds: number;
  targetCpuSeconds: number;
  postgresCpuSeconds: number;
  machineCpuPct: number;
  maxRssMb: number;
  /** Largest gap between the log's head and the server feed's cursor, in changes (null: not measured). */
  maxBehind: number | null;
  /** Largest commit-to-read lag p99 the server reported. */
  maxReadLagP99Ms: number | null;
}

export class RunMonitor {
  private readonly t0 = performance.now();
  private readonly cpu0: number;
  private readonly machine0 = machineCpu();
  private readonly pg = new CpuTally();
  private maxRss = 0;
  private maxBehind: number | null = null;
  private maxLag: number | null = null;
  private aborted = false;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly opts: MonitorOptions) {
    this.cpu0 = cpuSeconds(opts.pid);
  }

  async start(): Promise<void> {
    await this.sample();
    this.timer = setInterval(() => {
      this.running ??= this.sample().finally(() => (this.running = undefined));
    }, 500);
  }

  private async sample(): Promise<void> {
    this.maxRss = Math.max(this.maxRss, rssMb(this.opts.pid));
    if (this.maxRss > this.opts.maxRssMb && !this.aborted) {
      this.aborted = true;
      this.opts.onAbort(`server RSS ${Math.round(this.maxRss)} MB > ${this.opts.maxRssMb} MB`);
    }
    const { rows } = await this.opts.db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [this.opts.database]);
    this.pg.sample(rows.map((r) => r.pid));
    if (!this.opts.metricsUrl) return;
    try {
      const text = await (await fetch(this.opts.metricsUrl)).text();
      const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? Number.NaN);
      const seq = value(/^pingan_live_seq (\S+)$/m);
      const lagP99 = value(/^pingan_live_lag_ms\{quantile="0.99"\} (\S+)$/m);
      if (Number.isNaN(seq)) return;
      this.maxBehind = Math.max(this.maxBehind ?? 0, (await headSeq(this.opts.db)) - seq);
      if (!Number.isNaN(lagP99)) this.maxLag = Math.max(this.maxLag ?? 0, lagP99);
    } catch {
      // a missed sample
    }
  }

  async stop(): Promise<MonitorFigures> {
    clearInterval(this.timer);
    await this.running;
    await this.sample();
    const m = machineCpu();
    return {
      wallSeconds: (performance.now() - this.t0) / 1000,
      targetCpuSeconds: cpuSeconds(this.opts.pid) - this.cpu0,
      postgresCpuSeconds: this.pg.seconds,
      machineCpuPct: ((m.busy - this.machine0.busy) / (m.total - this.machine0.total)) * 100 * cores(),
      maxRssMb: this.maxRss,
      maxBehind: this.maxBehind,
      maxReadLagP99Ms: this.maxLag,
    };
  }
}
