/**
 * Burst coalescing (pure): changes wait here until the next flush. For coalescing layers (unit positions)
 * a newer change of the same feature replaces the waiting one, so a browser gets at most one position
 * per unit per tick. Output keeps global seq order, so a client's "last seq" stays a safe resume point:
 * a dropped change always has a newer change of the same feature at or below the batch's last seq.
 */
import type { ChangeRecord } from '../db/live/changes-repository.ts';

export class Coalescer {
  private pending = new Map<number, ChangeRecord>();
  private latest = new Map<string, number>();
  private held = 0;

  constructor(private readonly coalescing: ReadonlySet<string>) {}

  /** Adds changes (in seq order). */
  add(changes: readonly ChangeRecord[]): void {
    for (const c of changes) {
      if (this.coalescing.has(c.layer)) {
        const key = `${c.layer}/${c.id}`;
        const previous = this.latest.get(key);
        if (previous !== undefined) this.pending.delete(previous);
        else this.held += 1;
        this.latest.set(key, c.seq);
      }
      this.pending.set(c.seq, c);
    }
  }

  /** Whether anything waits that should wait for the tick (a coalescing layer's change). */
  get holdsCoalescable(): boolean {
    return this.held > 0;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Takes everything waiting, in seq order. */
  drain(): ChangeRecord[] {
    const out = [...this.pending.values()].sort((a, b) => a.seq - b.seq);
    this.pending.clear();
    this.latest.clear();
    this.held = 0;
    return out;
  }
}
