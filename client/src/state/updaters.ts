/**
 * Named pure updaters: (state, action) => state. The reducer is this lookup table; each is unit-tested.
 */
import type { CollectionId } from '../../../server/protocol/collections.ts';
import type { LiveChange, LiveFeature } from '../../../server/protocol/live.ts';
import type { Lang } from '../i18n/index.ts';
import type { LiveStatus } from '../net/live-socket.ts';
import { initialState, type AppState, type Area, type GridFill, type MapLayerId, type OverlayEntry, type Selection, type Theme } from './app-state.ts';

export type Action =
  | { type: 'setLang'; lang: Lang }
  | { type: 'setTheme'; theme: Theme }
  | { type: 'toggleLayer'; layer: MapLayerId }
  | { type: 'setFilter'; layer: MapLayerId; property: string; value: string }
  | { type: 'setGridFill'; fill: GridFill }
  | { type: 'setArea'; area: Area | null }
  | { type: 'setCounts'; counts: Partial<Record<CollectionId, number>> }
  | { type: 'select'; selection: Selection | null }
  | { type: 'liveStatus'; status: LiveStatus; seq: number | null; at: number }
  | { type: 'unitsSnapshot'; features: LiveFeature[]; at: number }
  | { type: 'applyChanges'; changes: LiveChange[]; at: number }
  | { type: 'refreshTiles'; at: number }
  | { type: 'setZoom'; zoom: number }
  | { type: 'resetSession' };

type Updaters = { [K in Action['type']]: (s: AppState, a: Extract<Action, { type: K }>) => AppState };

export const UPDATERS: Updaters = {
  setLang: (s, a) => (s.lang === a.lang ? s : { ...s, lang: a.lang }),
  setTheme: (s, a) => (s.theme === a.theme ? s : { ...s, theme: a.theme }),
  toggleLayer: (s, a) => ({ ...s, layers: { ...s.layers, [a.layer]: { ...s.layers[a.layer], visible: !s.layers[a.layer].visible } } }),
  setFilter(s, a) {
    const filters = { ...s.layers[a.layer].filters };
    if (a.value) filters[a.property] = a.value;
    else delete filters[a.property];
    return { ...s, layers: { ...s.layers, [a.layer]: { ...s.layers[a.layer], filters } } };
  },
  setGridFill: (s, a) => (s.gridFill === a.fill ? s : { ...s, gridFill: a.fill }),
  setArea: (s, a) => ({ ...s, area: a.area }),
  setCounts: (s, a) => ({ ...s, counts: { ...s.counts, ...a.counts } }),
  select: (s, a) => ({ ...s, selected: a.selection }),
  liveStatus: (s, a) => ({
    ...s,
    live: { status: a.status, seq: a.seq ?? s.live.seq, lastDataAt: a.status === 'live' ? a.at : s.live.lastDataAt },
  }),
  unitsSnapshot: (s, a) => ({ ...s, units: new Map(a.features.map((f) => [String(f.id), f])), live: { ...s.live, lastDataAt: a.at } }),
  applyChanges: applyChanges,
  /** New tiles carry every change so far: the overlay is emptied. */
  refreshTiles: (s) => ({ ...s, overlay: {}, tileVersion: s.tileVersion + 1 }),
  setZoom: (s, a) => {
    const zoom = Math.round(a.zoom * 10) / 10;
    return zoom === s.zoom ? s : { ...s, zoom };
  },
  /**
   * Signed out, or another person signed in: nothing the last principal received may stay on screen (their
   * jurisdiction may be wider). Everything but the device's language and theme starts over; tiles reload.
   */
  resetSession: (s) => ({ ...initialState(s.lang, s.theme), tileVersion: s.tileVersion + 1 }),
};

/** Units change in memory; every other layer's changes go to its overlay, drawn over the tiles. */
function applyChanges(s: AppState, a: { changes: LiveChange[]; at: number }): AppState {
  let units: Map<string, LiveFeature> | null = null;
  const overlay: Record<string, Map<string, OverlayEntry>> = {};
  for (const c of a.changes) {
    if (c.layer === 'units') {
      units ??= new Map(s.units);
      if (c.op === 'delete' || !c.feature) units.delete(c.id);
      else units.set(c.id, c.feature);
      continue;
    }
    const layer = (overlay[c.layer] ??= new Map(s.overlay[c.layer] ?? []));
    const prev = layer.get(c.id);
    // Fresh = an insert we had not seen: a feature created less than a minute before the change.
    const fresh = prev ? prev.fresh : c.op === 'upsert' && isNewFeature(c);
    layer.set(c.id, { feature: c.op === 'delete' ? null : c.feature, at: a.at, fresh });
  }
  return { ...s, units: units ?? s.units, overlay: { ...s.overlay, ...overlay }, live: { ...s.live, lastDataAt: a.at } };
}

/** An incident's report time (or any feature's creation) within a minute of the change: a new one. */
export function isNewFeature(c: LiveChange): boolean {
  const p = c.feature?.properties ?? {};
  const created = Date.parse(String(p.reported_at ?? p.found_at ?? ''));
  const at = Date.parse(c.at);
  return Number.isFinite(created) && Number.isFinite(at) && Math.abs(at - created) < 60_000;
}
