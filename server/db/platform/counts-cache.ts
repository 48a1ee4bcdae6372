/**
 * A cache for figures that a crowd of clients polls (GET /api/counts): one computation per key at a time,
 * reused while it is fresh. Pure, with an injected clock.
 *
 * Fresh means younger than `floorMs` whatever happened (so a busy change feed cannot turn every poll into a
 * query), or younger than `ceilingMs` while the version (the live feed's seq) is the one it was computed at.
 * Without a version source only the floor applies. A failed computation is not cached; its waiters all see the
 * failure.
 */
export interface SeqCacheOptions {
  floorMs: number;
  ceilingMs: number;
  /** Bound on the number of keys (oldest evicted first). */
  maxEntries: number;
  now?: () => number;
}

export interface Cached<V> {
  value: V;
  /** When the value was computed (clock ms). */
  at: number;
}

export class SeqCache<V> {
  private readonly entries = new Map<string, Cached<V> & { version: number | undefined }>();
  private readonly pending = new Map<string, Promise<Cached<V>>>();
  private readonly now: () => number;

  constructor(private readonly opts: SeqCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The cached value of `key` if fresh at `version`, else the result of one shared `load()`. */
  get(key: string, version: number | undefined, load: () => Promise<V>): Promise<Cached<V>> {
    const e = this.entries.get(key);
    if (e) {
      const age = this.now() - e.at;
      const fresh = age < this.opts.floorMs || (version !== undefined && version === e.version && age < this.opts.ceilingMs);
      if (fresh) return Promise.resolve({ value: e.value, at: e.at });
    }
    const running = this.pending.get(key);
    if (running) return running;
    const started = this.now();
    const p = load().then(
      (value) => {
        this.store(key, { value, at: started, version });
        return { value, at: started };
      },
    ).finally(() => this.pending.delete(key));
    this.pending.set(key, p);
    return p;
  }

  private store(key: string, entry: Cached<V> & { version: number | undefined }): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}
