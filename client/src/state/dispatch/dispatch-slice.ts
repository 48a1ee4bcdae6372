/**
 * The dispatcher console's slice of the app state (`s.dispatch`) and its named pure updaters, registered in
 * ../store.ts. What the operator chose (filters, the selected and the open incident, mute, help), the queue
 * as the server last answered it with the live changes folded in, the critical incidents announced and not
 * yet looked at, and a unit picked on the map to send.
 */
import type { LiveChange } from '../../../../server/protocol/live.ts';
import type { QueueCounts } from '../../net/dispatch-api.ts';
import { inQueue, toQueueItem, type QueueItem, type QueueMatch } from './queue-model.ts';
import { DEFAULT_FILTERS, type QueueFilters } from './queue-query.ts';

export interface QueueState {
  items: readonly QueueItem[];
  counts: QueueCounts | null;
  status: 'idle' | 'loading' | 'ok' | 'error';
  /** The error code of the last failed load. */
  error: string | null;
  /** The query the items answer (a load for another query arriving late is dropped). */
  query: string;
}

export interface DispatchState {
  filters: QueueFilters;
  queue: QueueState;
  /** The row the keyboard and the map point at. */
  selectedId: string | null;
  /** The incident whose card is open. */
  openId: string | null;
  /** A unit clicked on the map while a card is open: offered to send. */
  pendingUnitId: string | null;
  /** The critical-incident alert is silent (remembered on the device by the console). */
  muted: boolean;
  /** New critical incidents announced and not yet looked at, newest first. */
  alerts: readonly string[];
  help: boolean;
  /** The open card's scene and units, drawn on the map (lines from its units, ranks on the recommended). */
  cardUnits: CardUnits | null;
}

export interface CardUnits {
  incidentId: string;
  /** The scene, [lng, lat]. */
  scene: [number, number] | null;
  assigned: readonly string[];
  /** Recommended unit ids, best first. */
  recommended: readonly string[];
}

export function initialDispatchState(muted = false): DispatchState {
  return {
    filters: DEFAULT_FILTERS,
    queue: { items: [], counts: null, status: 'idle', error: null, query: '' },
    selectedId: null,
    openId: null,
    pendingUnitId: null,
    muted,
    alerts: [],
    help: false,
    cardUnits: null,
  };
}

export type DispatchAction =
  | { type: 'dispatchFilters'; filters: QueueFilters }
  | { type: 'dispatchQueueLoading'; query: string }
  | { type: 'dispatchQueueLoaded'; query: string; items: unknown[]; counts: QueueCounts }
  | { type: 'dispatchQueueFailed'; query: string; error: string }
  /** Live changes of the incidents layer, folded into the queue under `match` (what the filters mean now). */
  | { type: 'dispatchLive'; changes: readonly LiveChange[]; match: QueueMatch }
  | { type: 'dispatchSelect'; id: string | null }
  | { type: 'dispatchOpen'; id: string | null }
  | { type: 'dispatchPendingUnit'; unitId: string | null }
  | { type: 'dispatchMute'; muted: boolean }
  | { type: 'dispatchAlert'; ids: readonly string[] }
  /** The operator looked at an alert (opened it, or dismissed it). */
  | { type: 'dispatchAck'; id: string | null }
  | { type: 'dispatchHelp'; open: boolean }
  | { type: 'dispatchCardUnits'; units: CardUnits | null };

/** Any state holding this slice (the app's state, ../app-state.ts; not imported here, to keep one direction). */
export interface WithDispatch {
  dispatch: DispatchState;
}

type Updaters = { [K in DispatchAction['type']]: <S extends WithDispatch>(s: S, a: Extract<DispatchAction, { type: K }>) => S };

const withDispatch = <S extends WithDispatch>(s: S, d: Partial<DispatchState>): S => ({ ...s, dispatch: { ...s.dispatch, ...d } });
const withQueue = <S extends WithDispatch>(s: S, q: Partial<QueueState>): S => withDispatch(s, { queue: { ...s.dispatch.queue, ...q } });

/** The most alerts kept (older ones are still in the queue). */
const MAX_ALERTS = 20;

export const DISPATCH_UPDATERS: Updaters = {
  dispatchFilters: (s, a) => (s.dispatch.filters === a.filters ? s : withDispatch(s, { filters: a.filters })),
  dispatchQueueLoading: (s, a) => withQueue(s, { status: 'loading', error: null, query: a.query }),
  dispatchQueueLoaded(s, a) {
    if (a.query !== s.dispatch.queue.query) return s;
    const items = a.items.map(toQueueItem).filter((i): i is QueueItem => i !== null);
    return withQueue(s, { items, counts: a.counts, status: 'ok', error: null });
  },
  dispatchQueueFailed: (s, a) => (a.query !== s.dispatch.queue.query ? s : withQueue(s, { status: 'error', error: a.error })),
  dispatchLive(s, a) {
    const items = foldLive(s.dispatch.queue.items, a.changes, a.match);
    return items === s.dispatch.queue.items ? s : withQueue(s, { items });
  },
  dispatchSelect: (s, a) => (s.dispatch.selectedId === a.id ? s : withDispatch(s, { selectedId: a.id })),
  dispatchOpen(s, a) {
    if (s.dispatch.openId === a.id) return s;
    const alerts = a.id ? s.dispatch.alerts.filter((x) => x !== a.id) : s.dispatch.alerts;
    return withDispatch(s, { openId: a.id, selectedId: a.id ?? s.dispatch.selectedId, pendingUnitId: null, alerts, cardUnits: null });
  },
  dispatchPendingUnit: (s, a) => (s.dispatch.pendingUnitId === a.unitId ? s : withDispatch(s, { pendingUnitId: a.unitId })),
  dispatchMute: (s, a) => (s.dispatch.muted === a.muted ? s : withDispatch(s, { muted: a.muted })),
  dispatchAlert(s, a) {
    const fresh = a.ids.filter((id) => !s.dispatch.alerts.includes(id));
    return fresh.length ? withDispatch(s, { alerts: [...fresh, ...s.dispatch.alerts].slice(0, MAX_ALERTS) }) : s;
  },
  dispatchAck: (s, a) => withDispatch(s, { alerts: a.id === null ? [] : s.dispatch.alerts.filter((x) => x !== a.id) }),
  dispatchCardUnits: (s, a) => (sameCardUnits(s.dispatch.cardUnits, a.units) ? s : withDispatch(s, { cardUnits: a.units })),
  dispatchHelp: (s, a) => (s.dispatch.help === a.open ? s : withDispatch(s, { help: a.open })),
};

/**
 * The queue after live changes: a changed row is replaced (or joins) when it matches the filters and leaves
 * when it no longer does or was deleted. Returns the same array when nothing in it changed.
 */
export function foldLive(items: readonly QueueItem[], changes: readonly LiveChange[], match: QueueMatch): readonly QueueItem[] {
  let next: QueueItem[] | null = null;
  const index = new Map(items.map((it, i) => [it.id, i]));
  for (const c of changes) {
    if (c.layer !== 'incidents') continue;
    const item = c.op === 'upsert' ? toQueueItem(c.feature) : null;
    const keep = item !== null && inQueue(item, match);
    const at = index.get(c.id);
    if (at === undefined && !keep) continue;
    next ??= [...items];
    if (at !== undefined && keep) next[at] = item;
    else if (at !== undefined) next[at] = null as unknown as QueueItem;
    else {
      index.set(c.id, next.length);
      next.push(item!);
    }
  }
  return next ? next.filter((x) => x !== null) : items;
}

function sameCardUnits(a: CardUnits | null, b: CardUnits | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const same = (x: readonly unknown[] | null, y: readonly unknown[] | null) => x === y || (!!x && !!y && x.length === y.length && x.every((v, i) => v === y[i]));
  return a.incidentId === b.incidentId && same(a.scene, b.scene) && same(a.assigned, b.assigned) && same(a.recommended, b.recommended);
}
