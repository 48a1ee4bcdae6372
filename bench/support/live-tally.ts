/**
 * Exact delivery accounting for the live bench (pure). Each client counts every seq it receives in the
 * measured window (from, from + capacity]; at the end the counts are compared with the seqs the writer
 * committed: missing (expected, never received), duplicates (received more than once), unexpected
 * (received, not written in the window). Latency (commit → client) is recorded once per delivered change
 * (the first receipt) into a histogram of 1 ms bins, so every delivery counts, not a sample.
 */
export class LatencyHistogram {
  static readonly MAX_MS = 600_000;
  readonly bins = new Uint32Array(LatencyHistogram.MAX_MS + 1);
  count = 0;

  add(ms: number): void {
    const b = ms <= 0 ? 0 : ms >= LatencyHistogram.MAX_MS ? LatencyHistogram.MAX_MS : Math.floor(ms);
    this.bins[b]! += 1;
    this.count += 1;
  }

  /** Sparse [ms, count] pairs (for IPC). */
  toPairs(): [number, number][] {
    const out: [number, number][] = [];
    this.bins.forEach((n, ms) => n && out.push([ms, n]));
    return out;
  }

  addPairs(pairs: readonly [number, number][]): void {
    for (const [ms, n] of pairs) {
      this.bins[ms]! += n;
      this.count += n;
    }
  }

  /** The p-th percentile in ms (bin lower edge), NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let ms = 0; ms < this.bins.length; ms++) {
      seen += this.bins[ms]!;
      if (seen >= rank) return ms;
    }
    return LatencyHistogram.MAX_MS;
  }

  max(): number {
    for (let ms = this.bins.length - 1; ms >= 0; ms--) if (this.bins[ms]) return ms;
    return Number.NaN;
  }
}

export interface DeliveryFigures {
  delivered: number;
  missing: number;
  duplicates: number;
  unexpected: number;
  outOfOrder: number;
}

/** One client's receipts in the window. */
export class SeqTally {
  private readonly counts: Uint8Array;
  lastSeq: number;
  outOfOrder = 0;
  /** Receipts outside the window (cannot be expected). */
  outside = 0;

  constructor(
    private readonly from: number,
    capacity: number,
    private readonly latency: LatencyHistogram,
  ) {
    this.counts = new Uint8Array(capacity);
    this.lastSeq = from;
  }

  /** Records one received change; `now` and `commitMs` give its latency (first receipt only). */
  receive(seq: number, commitMs: number, now: number): void {
    if (seq <= this.lastSeq) this.outOfOrder += 1;
    else this.lastSeq = seq;
    const i = seq - this.from - 1;
    if (i < 0 || i >= this.counts.length) {
      this.outside += 1;
      return;
    }
    const n = this.counts[i]!;
    if (n === 0) this.latency.add(now - commitMs);
    if (n < 255) this.counts[i] = n + 1;
  }

  /** Compares with the seqs written in the window (sorted ascending, all inside it). */
  figures(expected: readonly number[]): DeliveryFigures {
    const isExpected = new Uint8Array(this.counts.length);
    let delivered = 0;
    let missing = 0;
    for (const seq of expected) {
      const i = seq - this.from - 1;
      if (i < 0 || i >= this.counts.length) {
        missing += 1;
        continue;
      }
      isExpected[i] = 1;
      if (this.counts[i]) delivered += 1;
      else missing += 1;
    }
    let duplicates = 0;
    let unexpected = this.outside;
    for (let i = 0; i < this.counts.length; i++) {
      const n = this.counts[i]!;
      if (n > 1) duplicates += n - 1;
      if (n && !isExpected[i]) unexpected += 1;
    }
    return { delivered, missing, duplicates, unexpected, outOfOrder: this.outOfOrder };
  }
}

export function addFigures(a: DeliveryFigures, b: DeliveryFigures): DeliveryFigures {
  return {
    delivered: a.delivered + b.delivered,
    missing: a.missing + b.missing,
    duplicates: a.duplicates + b.duplicates,
    unexpected: a.unexpected + b.unexpected,
    outOfOrder: a.outOfOrder + b.outOfOrder,
  };
}

export const NO_FIGURES: DeliveryFigures = { delivered: 0, missing: 0, duplicates: 0, unexpected: 0, outOfOrder: 0 };
