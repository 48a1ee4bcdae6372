/**
 * One collection held in memory, following the feed's contract (docs/live.md): a snapshot read at a known
 * seq (the OGC items answer's `X-Live-Seq`), then the deltas above it. Pure: every function returns a new
 * memory and never mutates its input.
 *
 * Deltas apply as they come, also while a snapshot is in flight, and each id remembers the seq of the last
 * delta applied to it (a delete leaves a tombstone). A snapshot landing at seq S then
 *   - takes its features for ids with no delta above S (it is the newer truth for them),
 *   - keeps what a delta above S wrote (a late snapshot never overwrites a newer delta, never revives a
 *     feature deleted after it),
 *   - drops ids it does not hold and no delta above S wrote (deleted, or out of the jurisdiction, by S);
 * and a snapshot older than the one already applied is ignored. A delta at or below the seq its id stands
 * at (its own last delta, else the snapshot) is a repeat and is skipped.
 */
import type { LiveChange, LiveFeature } from '../../../server/protocol/live.ts';

export interface LiveMemory {
  features: ReadonlyMap<string, LiveFeature>;
  /** The seq the last applied snapshot was read at; null before one landed. */
  snapshotSeq: number | null;
  /** Per id, the seq of the last delta applied above the snapshot (deleted ids stay as tombstones). */
  above: ReadonlyMap<string, number>;
}

export function emptyMemory(): LiveMemory {
  return { features: new Map(), snapshotSeq: null, above: new Map() };
}

/** The seq an id stands at: its last applied delta, else the snapshot's (-1: nothing known). */
export function seqOf(mem: LiveMemory, id: string): number {
  return mem.above.get(id) ?? mem.snapshotSeq ?? -1;
}

/** Applies a batch of one collection's changes (in any order; the newest per id wins). */
export function applyDeltas(mem: LiveMemory, changes: readonly LiveChange[]): LiveMemory {
  let features: Map<string, LiveFeature> | null = null;
  let above: Map<string, number> | null = null;
  for (const c of changes) {
    const id = String(c.id);
    if (c.seq <= (above?.get(id) ?? seqOf(mem, id))) continue;
    features ??= new Map(mem.features);
    above ??= new Map(mem.above);
    if (c.op === 'delete' || !c.feature) features.delete(id);
    else features.set(id, c.feature);
    above.set(id, c.seq);
  }
  return features && above ? { features, snapshotSeq: mem.snapshotSeq, above } : mem;
}

/**
 * Lays a snapshot read at `seq` under the deltas already applied. `seq` null (a server that does not say
 * where its snapshot stands) counts as older than every delta.
 */
export function applySnapshot(mem: LiveMemory, snapshot: readonly LiveFeature[], seq: number | null): LiveMemory {
  const at = seq ?? -1;
  if (mem.snapshotSeq !== null && at < mem.snapshotSeq) return mem;
  const features = new Map<string, LiveFeature>();
  const above = new Map<string, number>();
  for (const [id, s] of mem.above) {
    if (s <= at) continue;
    above.set(id, s);
    const f = mem.features.get(id);
    if (f) features.set(id, f);
  }
  for (const f of snapshot) {
    const id = String(f.id);
    if (!above.has(id)) features.set(id, f);
  }
  return { features, snapshotSeq: seq === null ? mem.snapshotSeq : seq, above };
}

/**
 * Whether the memory misses changes: its snapshot was read before the seq the feed's stream starts at
 * (the changes in between came neither in the snapshot nor as deltas). The caller loads a new snapshot.
 */
export function missesChanges(mem: LiveMemory | undefined, streamFrom: number | null): boolean {
  if (!mem || mem.snapshotSeq === null || streamFrom === null) return false;
  return mem.snapshotSeq < streamFrom;
}
