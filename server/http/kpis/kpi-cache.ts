/**
 * The KPI answers' cache: requests never wait for a computation once a scope has been computed (stale while
 * revalidate), and the change feed keeps the answers fresh. Per key (scope and local date):
 *   - the first request computes and waits; every later one gets the entry at once;
 *   - an entry is refreshed in the background when the live feed's seq moved since it was computed (checked on
 *     every request and every `floorMs` by a timer for the keys asked in the last `keepMs`), or when it is older
 *     than `ceilingMs`; never more often than every `floorMs`, one computation per key at a time;
 *   - keys nobody asked for in `keepMs` are dropped (at most `maxEntries`).
 * So a change on the feed is in the figures about floorMs + one computation later, and a crowd of walls costs one
 * computation per scope per floorMs at most whatever the computation costs. A failed refresh keeps the last entry
 * (and is logged by the caller's `onError`); a failed first computation is the request's error.
 * The loader learns which of the two it runs for (`behind`: nobody waits), so a refresh may go gently on a
 * machine that also answers requests (the KPIs' queries then run one at a time instead of side by side).
 */
export interface KpiCacheOptions {
  floorMs: number;
  ceilingMs: number;
  keepMs: number;
  maxEntries: number;
  /** The live feed's seq (undefined: no feed in this process; only the ceiling applies). */
  version: () => number | undefined;
  now?: () => number;
  onError?: (err: unknown) => void;
}

interface Entry<V> {
  key: string;
  value: V | null;
  /** When the value was computed (clock ms) and at which seq. */
  at: number;
  version: number | undefined;
  askedAt: number;
  running: Promise<V> | null;
  load: Loader<V>;
}

/** Computes a value; `behind` is true for a background refresh (no request waits for it). */
export type Loader<V> = (behind: boolean) => Promise<V>;

export class KpiCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly opts: KpiCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The value of `key`: cached at once (refreshed behind when stale), or computed by `load` the first time. */
  async get(key: string, load: Loader<V>): Promise<V> {
    const now = this.now();
    let e = this.entries.get(key);
    if (!e) {
      e = { key, value: null, at: 0, version: undefined, askedAt: now, running: null, load };
      this.entries.set(key, e);
      this.evict();
      this.startTimer();
    }
    e.askedAt = now;
    e.load = load;
    if (e.value !== null) {
      this.refreshIfStale(e);
      return e.value;
    }
    return e.running ?? this.refresh(e, false);
  }

  /** Stops the timer (the server is stopping). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private refresh(e: Entry<V>, behind: boolean): Promise<V> {
    const started = this.now();
    const version = this.opts.version();
    const p = e.load(behind).then(
      (value) => {
        e.value = value;
        e.at = started;
        e.version = version;
        return value;
      },
    ).finally(() => {
      e.running = null;
      if (e.value === null) this.entries.delete(e.key); // a failed first computation is not remembered
    });
    e.running = p;
    return p;
  }

  private refreshIfStale(e: Entry<V>): void {
    if (e.running) return;
    const age = this.now() - e.at;
    if (age < this.opts.floorMs) return;
    const version = this.opts.version();
    const moved = version !== undefined && version !== e.version;
    if (!moved && age < this.opts.ceilingMs) return;
    this.refresh(e, true).catch((err: unknown) => this.opts.onError?.(err));
  }

  /** The change feed's side: every floorMs, refresh the entries asked recently whose seq moved. */
  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      const now = this.now();
      for (const [key, e] of this.entries) {
        if (now - e.askedAt > this.opts.keepMs) {
          if (!e.running) this.entries.delete(key);
          continue;
        }
        if (e.value !== null) this.refreshIfStale(e);
      }
      if (this.entries.size === 0) this.close();
    }, this.opts.floorMs);
    this.timer.unref?.();
  }

  private evict(): void {
    while (this.entries.size > this.opts.maxEntries) {
      let oldest: string | null = null;
      let at = Infinity;
      for (const [k, v] of this.entries) if (v.askedAt < at && !v.running) [oldest, at] = [k, v.askedAt];
      if (oldest === null) break;
      this.entries.delete(oldest);
    }
  }
}
