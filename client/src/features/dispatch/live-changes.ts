/**
 * What the console reads from the live feed, pure: the incidents layer's overlay entries (the changes seen
 * since its tiles loaded, state/updaters.ts applyChanges) above a seq, as changes; and which of them announce a
 * new critical incident (特急, just reported, inside the chosen area).
 */
import type { LiveChange } from '../../../../server/protocol/live.ts';
import type { OverlayEntry } from '../../state/app-state.ts';
import { INITIAL_STATUS } from '../../../../server/domain/incidents/lifecycle.ts';
import { toQueueItem } from '../../state/dispatch/queue-model.ts';
import { queueArea } from '../../state/dispatch/queue-query.ts';

/** The urgency that is announced with sound. */
export const ANNOUNCED_URGENCY = 'CRITICAL';

/** The overlay entries above `afterSeq` as live changes, in seq order. */
export function changesSince(entries: ReadonlyMap<string, OverlayEntry> | undefined, afterSeq: number): LiveChange[] {
  if (!entries) return [];
  const out: LiveChange[] = [];
  for (const [id, e] of entries) {
    if (e.seq <= afterSeq) continue;
    out.push({ seq: e.seq, layer: 'incidents', op: e.feature ? 'upsert' : 'delete', id, feature: e.feature, at: new Date(e.at).toISOString() });
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** The highest seq among the entries (or `floor`). */
export function maxSeq(entries: ReadonlyMap<string, OverlayEntry> | undefined, floor: number): number {
  let m = floor;
  if (entries) for (const e of entries.values()) if (e.seq > m) m = e.seq;
  return m;
}

/**
 * The ids to announce among these changes: incidents first seen as new (`fresh`: reported within a minute of
 * the change), critical, still waiting to be accepted, and inside the area (when one is chosen).
 */
export function criticalArrivals(changes: readonly LiveChange[], fresh: (id: string) => boolean, area: string | null): string[] {
  const a = queueArea(area);
  const ids: string[] = [];
  for (const c of changes) {
    const item = c.op === 'upsert' ? toQueueItem(c.feature) : null;
    if (!item || !fresh(c.id)) continue;
    if (item.urgency !== ANNOUNCED_URGENCY || item.status !== INITIAL_STATUS) continue;
    if (a && item.adminCode && !item.adminCode.startsWith(a)) continue;
    ids.push(item.id);
  }
  return ids;
}
