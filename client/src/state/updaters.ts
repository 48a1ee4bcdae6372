/**
 * Named pure updaters: (state, action) => state. The reducer is this lookup table; each is unit-tested.
 * Every updater returns the same object for a slice it does not change (selectors and map layers compare
 * slices by identity), and the same state when nothing changed (the store then notifies nobody).
 */
import type { CollectionId } from '../../../server/protocol/collections.ts';
import type { LiveChange, LiveFeature } from '../../../server/protocol/live.ts';
import type { Lang } from '../i18n/index.ts';
import type { LiveStatus } from '../net/live-socket.ts';
import {
  initialState,
  isMemoryLayer,
  MAP_LAYERS,
  type AppState,
  type Area,
  type GridFill,
  type MapLayerId,
  type MemoryLayerId,
  type OverlayEntry,
  type SelectedGeometry,
  type Selection,
  type Theme,
  type UiState,
} from './app-state.ts';
import { applyDeltas, applySnapshot, emptyMemory } from './live-memory.ts';

export type Action =
  | { type: 'setLang'; lang: Lang }
  | { type: 'setTheme'; theme: Theme }
  | { type: 'toggleLayer'; layer: MapLayerId }
  | { type: 'setFilter'; layer: MapLayerId; property: string; value: string }
  | { type: 'setGridFill'; fill: GridFill }
  | { type: 'setArea'; area: Area | null }
  | { type: 'setCounts'; counts: Partial<Record<CollectionId, number>>; at?: string; open?: Partial<Record<'incidents', number>>; narrowed?: CollectionId[] }
  /** Several layers' visibility and filters at once (a user's saved choice, or their role's defaults). */
  | { type: 'applyLayers'; visible: readonly MapLayerId[]; filters: Partial<Record<MapLayerId, Record<string, string>>> }
  /** The selected feature's geometry arrived (ignored unless it is still the selection). */
  | { type: 'selectionGeometry'; collection: CollectionId; id: string; geometry: SelectedGeometry }
  /** Whether a point layer's tiles in view are density cells. */
  | { type: 'setAggregated'; layer: MapLayerId; aggregated: boolean }
  | { type: 'select'; selection: Selection | null }
  | { type: 'liveStatus'; status: LiveStatus; seq: number | null; at: number }
  /** A collection's snapshot read at `seq` (null: the server did not say). */
  | { type: 'snapshot'; layer: MemoryLayerId; features: LiveFeature[]; seq: number | null; at: number }
  | { type: 'applyChanges'; changes: LiveChange[]; at: number }
  /** Reload these layers' tiles (all layers when omitted); their overlays are emptied. */
  | { type: 'refreshTiles'; layers?: readonly MapLayerId[]; at: number }
  | { type: 'setZoom'; zoom: number }
  | { type: 'resetSession' };

type Updaters = { [K in Action['type']]: (s: AppState, a: Extract<Action, { type: K }>) => AppState };

const withUi = (s: AppState, ui: Partial<UiState>): AppState => ({ ...s, ui: { ...s.ui, ...ui } });

export const UPDATERS: Updaters = {
  setLang: (s, a) => (s.ui.lang === a.lang ? s : withUi(s, { lang: a.lang })),
  setTheme: (s, a) => (s.ui.theme === a.theme ? s : withUi(s, { theme: a.theme })),
  toggleLayer: (s, a) => withUi(s, { layers: { ...s.ui.layers, [a.layer]: { ...s.ui.layers[a.layer], visible: !s.ui.layers[a.layer].visible } } }),
  setFilter(s, a) {
    const filters = { ...s.ui.layers[a.layer].filters };
    if (a.value) filters[a.property] = a.value;
    else delete filters[a.property];
    return withUi(s, { layers: { ...s.ui.layers, [a.layer]: { ...s.ui.layers[a.layer], filters } } });
  },
  setGridFill: (s, a) => (s.ui.gridFill === a.fill ? s : withUi(s, { gridFill: a.fill })),
  setArea: (s, a) => withUi(s, { area: a.area }),
  setCounts: (s, a) => ({
    ...s,
    counts: {
      byLayer: { ...s.counts.byLayer, ...a.counts },
      at: a.at ?? s.counts.at,
      ...(a.open || s.counts.open ? { open: a.open ?? s.counts.open } : {}),
      ...(a.narrowed || s.counts.narrowed ? { narrowed: a.narrowed ?? s.counts.narrowed } : {}),
    },
  }),
  applyLayers(s, a) {
    const on = new Set(a.visible);
    const layers = Object.fromEntries(MAP_LAYERS.map((id) => [id, { visible: on.has(id), filters: a.filters[id] ?? {} }])) as AppState['ui']['layers'];
    return withUi(s, { layers });
  },
  selectionGeometry(s, a) {
    const sel = s.selection;
    if (!sel || sel.collection !== a.collection || sel.id !== a.id || sel.geometry === a.geometry) return s;
    return { ...s, selection: { ...sel, geometry: a.geometry } };
  },
  setAggregated(s, a) {
    if ((s.mapView.aggregated[a.layer] ?? false) === a.aggregated) return s;
    return { ...s, mapView: { aggregated: { ...s.mapView.aggregated, [a.layer]: a.aggregated } } };
  },
  select: (s, a) => (s.selection === a.selection ? s : { ...s, selection: a.selection }),
  liveStatus: (s, a) => ({
    ...s,
    live: { status: a.status, seq: a.seq ?? s.live.seq, lastDataAt: a.status === 'live' ? a.at : s.live.lastDataAt },
  }),
  snapshot(s, a) {
    const before = s.memory[a.layer] ?? emptyMemory();
    const after = applySnapshot(before, a.features, a.seq);
    return after === before ? s : { ...s, memory: { ...s.memory, [a.layer]: after }, live: { ...s.live, lastDataAt: a.at } };
  },
  applyChanges,
  refreshTiles(s, a) {
    const layers = a.layers ?? MAP_LAYERS;
    if (layers.length === 0) return s;
    const tiles = { ...s.tiles };
    const overlay = { ...s.overlay };
    for (const layer of layers) {
      tiles[layer] += 1;
      delete overlay[layer];
    }
    return { ...s, tiles, overlay };
  },
  setZoom: (s, a) => {
    const zoom = Math.round(a.zoom * 10) / 10;
    return zoom === s.ui.zoom ? s : withUi(s, { zoom });
  },
  /**
   * Signed out, or another person signed in: nothing the last principal received may stay on screen (their
   * jurisdiction may be wider). Everything but the device's language and theme starts over; tiles reload.
   */
  resetSession(s) {
    const fresh = initialState(s.ui.lang, s.ui.theme);
    const tiles = Object.fromEntries(MAP_LAYERS.map((id) => [id, s.tiles[id] + 1])) as AppState['tiles'];
    return { ...fresh, tiles };
  },
};

/** Memory layers take their changes into memory; every other layer's go to its overlay, drawn over the tiles. */
function applyChanges(s: AppState, a: { changes: LiveChange[]; at: number }): AppState {
  const toMemory = new Map<MemoryLayerId, LiveChange[]>();
  const overlay: Record<string, Map<string, OverlayEntry>> = {};
  for (const c of a.changes) {
    if (isMemoryLayer(c.layer)) {
      const list = toMemory.get(c.layer) ?? [];
      list.push(c);
      toMemory.set(c.layer, list);
      continue;
    }
    const layer = (overlay[c.layer] ??= new Map(s.overlay[c.layer] ?? []));
    const prev = layer.get(c.id);
    if (prev && prev.seq >= c.seq) continue;
    // Fresh = an insert we had not seen: a feature created less than a minute before the change.
    const fresh = prev ? prev.fresh : c.op === 'upsert' && isNewFeature(c);
    layer.set(c.id, { feature: c.op === 'delete' ? null : c.feature, at: a.at, seq: c.seq, fresh });
  }
  let memory = s.memory;
  for (const [layer, changes] of toMemory) {
    const before = memory[layer] ?? emptyMemory();
    const after = applyDeltas(before, changes);
    if (after !== before) memory = { ...memory, [layer]: after };
  }
  const overlayChanged = Object.keys(overlay).length > 0;
  return {
    ...s,
    memory,
    overlay: overlayChanged ? { ...s.overlay, ...overlay } : s.overlay,
    live: { ...s.live, lastDataAt: a.at, lastChangeAt: newestChange(a.changes, s.live.lastChangeAt ?? null) },
  };
}

/** The server time of the newest change in a batch (or the one before, if newer). */
export function newestChange(changes: readonly LiveChange[], before: number | null): number | null {
  let newest = before;
  for (const c of changes) {
    const at = Date.parse(c.at);
    if (Number.isFinite(at) && (newest === null || at > newest)) newest = at;
  }
  return newest;
}

/** An incident's report time (or any feature's creation) within a minute of the change: a new one. */
export function isNewFeature(c: LiveChange): boolean {
  const p = c.feature?.properties ?? {};
  const created = Date.parse(String(p.reported_at ?? p.found_at ?? ''));
  const at = Date.parse(c.at);
  return Number.isFinite(created) && Number.isFinite(at) && Math.abs(at - created) < 60_000;
}
