/**
 * The queue as the dispatcher's pointer holds it. The queue is live: an incident that turns red moves up, one that
 * is closed leaves, a new one arrives — and a row that moves between aiming and clicking opens the wrong incident.
 * So while the pointer is over the list the rows keep the order and membership they had when it arrived, each with
 * its incident's latest state; an incident that has left the queue meanwhile stays in its place, marked as gone
 * (its last known state); incidents that arrived are counted, and take their places once the pointer leaves. Pure.
 */
import type { QueueItem } from './queue-model.ts';

export interface HeldRow {
  item: QueueItem;
  /** No longer in the queue (closed, filtered out, moved out of the area) since the pointer arrived. */
  gone: boolean;
}

export interface Hold {
  /** The ids in the order the rows had when the pointer arrived. */
  order: readonly string[];
  /** The latest state seen of each held incident. */
  seen: ReadonlyMap<string, QueueItem>;
}

/** A hold of the rows as they are shown now. */
export function holdOf(items: readonly QueueItem[]): Hold {
  return { order: items.map((i) => i.id), seen: new Map(items.map((i) => [i.id, i])) };
}

/** The hold with the latest state of every held incident still in `live` (what a gone row shows). */
export function refreshHold(hold: Hold, live: readonly QueueItem[]): Hold {
  const seen = new Map(hold.seen);
  let changed = false;
  for (const item of live) {
    if (seen.has(item.id) && seen.get(item.id) !== item) {
      seen.set(item.id, item);
      changed = true;
    }
  }
  return changed ? { order: hold.order, seen } : hold;
}

/** The rows to show under a hold: the held order with the live state, gone rows kept; and how many arrived since. */
export function heldRows(hold: Hold, live: readonly QueueItem[]): { rows: HeldRow[]; arrived: number } {
  const now = new Map(live.map((i) => [i.id, i]));
  const rows: HeldRow[] = [];
  for (const id of hold.order) {
    const item = now.get(id);
    if (item) rows.push({ item, gone: false });
    else {
      const last = hold.seen.get(id);
      if (last) rows.push({ item: last, gone: true });
    }
  }
  let arrived = 0;
  for (const item of live) if (!hold.seen.has(item.id)) arrived++;
  return { rows, arrived };
}
