/**
 * What on the live feed draws the wall's eye, and the ticker's lines, from the store's overlay (the changes seen
 * since the tiles were loaded). Pure: `scanOverlay` reads the entries newer than the last seq it saw.
 *   attention  a new CRITICAL (特急) incident that is open, or a new warning in force (layer `warnings`, once
 *              risk analysis makes it live) — each id once
 *   ticker     every incident change: new (新上报) or its new status, newest first, bounded
 */
import type { OverlayEntry, OverlayState } from '../../state/app-state.ts';
import { isOpen } from '../../../../server/domain/incidents/lifecycle.ts';

export interface TickerItem {
  key: string;
  seq: number;
  /** The change's time on this page (ms). */
  at: number;
  layer: 'incidents' | 'warnings';
  id: string;
  isNew: boolean;
  critical: boolean;
  title: string;
  /** The status label (incidents) or level label (warnings). */
  status: string;
  urgency: string | null;
  point: [number, number] | null;
}

export interface Attention {
  layer: 'incidents' | 'warnings';
  id: string;
  title: string;
  point: [number, number];
}

const pointOf = (e: OverlayEntry): [number, number] | null => {
  const g = e.feature?.geometry as { type?: string; coordinates?: unknown } | null | undefined;
  if (g?.type === 'Point' && Array.isArray(g.coordinates) && g.coordinates.length >= 2) return [Number(g.coordinates[0]), Number(g.coordinates[1])];
  return null;
};

/** The items and attention calls of the overlay entries newer than `sinceSeq`, in seq order. */
export function scanOverlay(overlay: OverlayState, sinceSeq: number, attended: ReadonlySet<string>): { items: TickerItem[]; attention: Attention[]; maxSeq: number } {
  const items: TickerItem[] = [];
  const attention: Attention[] = [];
  let maxSeq = sinceSeq;
  for (const layer of ['incidents', 'warnings'] as const) {
    const entries = (overlay as Record<string, ReadonlyMap<string, OverlayEntry> | undefined>)[layer];
    if (!entries) continue;
    for (const [id, e] of entries) {
      if (e.seq <= sinceSeq || !e.feature) continue;
      maxSeq = Math.max(maxSeq, e.seq);
      const p = e.feature.properties as Record<string, unknown>;
      const point = pointOf(e);
      const isWarning = layer === 'warnings';
      const status = String((isWarning ? p.level_label ?? p.level : p.status_label ?? p.status) ?? '');
      const critical = isWarning ? p.status === 'ACTIVE' : p.urgency === 'CRITICAL' && isOpen(String(p.status));
      items.push({ key: `${layer}/${id}/${e.seq}`, seq: e.seq, at: e.at, layer, id, isNew: e.fresh, critical, title: String(p.title ?? id), status, urgency: typeof p.urgency_label === 'string' ? p.urgency_label : null, point });
      const key = `${layer}/${id}`;
      if (critical && e.fresh && point && !attended.has(key)) attention.push({ layer, id, title: String(p.title ?? id), point });
    }
  }
  items.sort((a, b) => a.seq - b.seq);
  return { items, attention, maxSeq };
}

/** The ticker after new items: newest first, at most `max` lines. */
export function pushTicker(ticker: readonly TickerItem[], items: readonly TickerItem[], max: number): TickerItem[] {
  if (items.length === 0) return ticker as TickerItem[];
  return [...items].reverse().concat(ticker).slice(0, max);
}

/** Remembers at most `max` ids (the oldest forgotten first), so a day of attention does not grow memory. */
export function rememberBounded(set: Set<string>, key: string, max = 500): void {
  set.delete(key);
  set.add(key);
  while (set.size > max) set.delete(set.values().next().value as string);
}
