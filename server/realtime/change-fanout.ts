/**
 * Fans changes out to this process's sockets. Sockets with the same subscription share a group (a
 * socket.io room): each flush filters the batch once per group and emits it once per group, as one
 * `changes` array (one `change` when it holds a single change), so the encoding is shared by every member.
 * Changes wait in the coalescer while a coalescing layer's change is waiting (then until the tick) and,
 * under load, until `batchMs` have passed since the previous flush: a quiet feed emits at once, a busy one
 * at most once per `batchMs` per group, with everything read meanwhile in that one batch (per-message
 * costs — socket writes, frames, client-side events — are paid per batch, not per database commit).
 * Emits are local to this process: every process reads the database itself.
 */
import type { ChangeRecord } from '../db/live/changes-repository.ts';
import type { LiveChange } from '../protocol/live.ts';
import { Coalescer } from './coalescer.ts';
import { project, subscriptionKey, type Subscription } from './area-filter.ts';

/** Default minimum time between flushes under load. */
export const DEFAULT_BATCH_MS = 50;

/** Emits to the members of a room on this process only. */
export type RoomEmitter = (room: string, changes: LiveChange[]) => void;

interface Group {
  room: string;
  sub: Subscription;
  members: number;
}

export interface ChangeFanoutOptions {
  emit: RoomEmitter;
  tickMs: number;
  /** Minimum time between two flushes (default 50 ms); 0 flushes every read at once. */
  batchMs?: number;
  coalescingLayers: ReadonlySet<string>;
  /** Clock (ms), for tests. */
  now?: () => number;
  /** Called after every flush with the number of change deliveries (changes × group emits). */
  onFlushed?: (batch: ChangeRecord[], deliveries: number) => void;
}

export class ChangeFanout {
  private readonly coalescer: Coalescer;
  private readonly groups = new Map<string, Group>();
  private timer?: NodeJS.Timeout;
  private flushed = 0;
  private pendingTop = 0;
  private lastFlushAt = -Infinity;
  private timerIsTick = false;

  constructor(private readonly opts: ChangeFanoutOptions) {
    this.coalescer = new Coalescer(opts.coalescingLayers);
  }

  /** Every change at or below this seq has been emitted to the rooms. */
  get flushedSeq(): number {
    return this.flushed;
  }

  /** Sets the starting point (the feed's cursor at start). */
  reset(seq: number): void {
    this.flushed = Math.max(this.flushed, seq);
    this.pendingTop = Math.max(this.pendingTop, seq);
  }

  /** Registers a member of a subscription; returns the room to join. */
  join(sub: Subscription): string {
    const key = subscriptionKey(sub);
    let g = this.groups.get(key);
    if (!g) {
      g = { room: `sub:${key}`, sub, members: 0 };
      this.groups.set(key, g);
    }
    g.members += 1;
    return g.room;
  }

  leave(room: string): void {
    const key = room.slice(4);
    const g = this.groups.get(key);
    if (g && --g.members <= 0) this.groups.delete(key);
  }

  /** Filters for one subscription (catch-up reads use it too). */
  projectFor(sub: Subscription, changes: readonly ChangeRecord[]): LiveChange[] {
    const out: LiveChange[] = [];
    for (const c of changes) {
      const p = project(c, sub);
      if (p) out.push(p);
    }
    return out;
  }

  push(changes: readonly ChangeRecord[]): void {
    if (!changes.length) return;
    this.coalescer.add(changes);
    this.pendingTop = Math.max(this.pendingTop, changes[changes.length - 1]!.seq);
    if (this.coalescer.holdsCoalescable) {
      // A unit position waits a whole tick (a shorter batch wait gives way to it), everything else with it.
      if (this.timerIsTick) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.flush(), this.opts.tickMs);
      this.timerIsTick = true;
      return;
    }
    const wait = this.lastFlushAt + (this.opts.batchMs ?? DEFAULT_BATCH_MS) - this.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerIsTick = false;
    this.lastFlushAt = this.now();
    const batch = this.coalescer.drain();
    let deliveries = 0;
    for (const g of this.groups.values()) {
      const out = this.projectFor(g.sub, batch);
      if (out.length) {
        this.opts.emit(g.room, out);
        deliveries += out.length * g.members;
      }
    }
    this.flushed = this.pendingTop;
    this.opts.onFlushed?.(batch, deliveries);
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerIsTick = false;
  }
}
