/**
 * Fans changes out to this process's sockets. Sockets with the same subscription share a group (a
 * socket.io room): each flush filters the batch once per group and emits it once per group, so the
 * encoding is shared by every member. Changes wait in the coalescer only while a coalescing layer's
 * change is waiting (then until the tick); otherwise they go out at once. Emits are local to this
 * process: every process reads the database itself.
 */
import type { ChangeRecord } from '../db/changes-repository.ts';
import type { LiveChange } from '../protocol/live.ts';
import { Coalescer } from './coalescer.ts';
import { project, subscriptionKey, type Subscription } from './area-filter.ts';

/** Emits to the members of a room on this process only. */
export type RoomEmitter = (room: string, changes: LiveChange[]) => void;

interface Group {
  room: string;
  sub: Subscription;
  members: number;
}

export interface DispatcherOptions {
  emit: RoomEmitter;
  tickMs: number;
  coalescingLayers: ReadonlySet<string>;
  /** Called after every flush with the number of change deliveries (changes × group emits). */
  onFlushed?: (batch: ChangeRecord[], deliveries: number) => void;
}

export class Dispatcher {
  private readonly coalescer: Coalescer;
  private readonly groups = new Map<string, Group>();
  private timer?: NodeJS.Timeout;
  private flushed = 0;
  private pendingTop = 0;

  constructor(private readonly opts: DispatcherOptions) {
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
    if (!this.coalescer.holdsCoalescable) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.opts.tickMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
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

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
