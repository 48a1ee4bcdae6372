/**
 * Bursts are batched before React sees them: changes are merged by layer + id (the latest seq wins) and
 * flushed once per tick. The clock is injected (`schedule`), so the logic is tested without timers.
 */
import type { LiveChange } from '../../../server/protocol/live.ts';

/** Merges changes into a pending map keyed by layer/id; older seqs never overwrite newer ones. */
export function mergeChanges(pending: Map<string, LiveChange>, changes: readonly LiveChange[]): Map<string, LiveChange> {
  for (const c of changes) {
    const key = `${c.layer}/${c.id}`;
    const prev = pending.get(key);
    if (!prev || prev.seq < c.seq) pending.set(key, c);
  }
  return pending;
}

export interface Batcher {
  push(changes: readonly LiveChange[]): void;
  /** Delivers what is pending now (used on tear-down and by tests). */
  flush(): void;
}

export function createBatcher(
  deliver: (changes: LiveChange[]) => void,
  schedule: (fn: () => void) => void = (fn) => setTimeout(fn, 200),
): Batcher {
  let pending = new Map<string, LiveChange>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.size === 0) return;
    const batch = [...pending.values()].sort((a, b) => a.seq - b.seq);
    pending = new Map();
    deliver(batch);
  };
  return {
    push(changes) {
      mergeChanges(pending, changes);
      if (!scheduled && pending.size > 0) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
  };
}
