/**
 * Narrow, memo-stable selectors: each reads one slice (or a part of one) and returns the same value or
 * object while that part is unchanged, so `useStore` re-renders a component only for its own inputs. A
 * selector that derives a new object (a filter set, a list to draw) is made with `memoSelect` and caches its
 * last answer by the identity of its inputs. Parameterised ones are factories: make one per layer, keep it
 * (e.g. in useMemo).
 */
import type { CollectionId } from '../../../server/protocol/collections.ts';
import { isLiveLayer, type LiveFeature, type SubscribeRequest } from '../../../server/protocol/live.ts';
import { areaFilter } from './area-filter.ts';
import { isMemoryLayer, MAP_LAYERS, type AppState, type MapLayerId, type MemoryLayerId, type OverlayEntry } from './app-state.ts';
import { seqOf } from './live-memory.ts';
import { filterValues, TIME_FILTER } from './filter-values.ts';

/** A selector whose answer is recomputed only when one of its inputs changes (compared by identity). */
export function memoSelect<I extends unknown[], R>(inputs: (s: AppState) => I, combine: (...args: I) => R): (s: AppState) => R {
  let last: I | null = null;
  let answer: R;
  return (s) => {
    const now = inputs(s);
    if (last && now.length === last.length && now.every((v, i) => Object.is(v, last![i]))) return answer;
    last = now;
    answer = combine(...now);
    return answer;
  };
}

export const selectLang = (s: AppState) => s.ui.lang;
export const selectTheme = (s: AppState) => s.ui.theme;
export const selectZoom = (s: AppState) => s.ui.zoom;
export const selectGridFill = (s: AppState) => s.ui.gridFill;
export const selectArea = (s: AppState) => s.ui.area;
export const selectLive = (s: AppState) => s.live;
export const selectSelection = (s: AppState) => s.selection;
export const selectLayer = (layer: MapLayerId) => (s: AppState) => s.ui.layers[layer];
export const selectVisible = (layer: MapLayerId) => (s: AppState) => s.ui.layers[layer].visible;
export const selectCount = (layer: CollectionId) => (s: AppState) => s.counts.byLayer[layer];
export const selectTileVersion = (layer: MapLayerId) => (s: AppState) => s.tiles[layer];
export const selectOverlay = (layer: CollectionId) => (s: AppState): ReadonlyMap<string, OverlayEntry> | undefined => s.overlay[layer];

/** The filters of a layer: the org-tree area (in the layer's most specific area property) plus the panel's. */
export function makeSelectFilters(layer: MapLayerId): (s: AppState) => Readonly<Record<string, string>> {
  return memoSelect(
    (s): [string | null, Readonly<Record<string, string>>] => [s.ui.area?.code ?? null, s.ui.layers[layer].filters],
    (area, filters) => ({ ...areaFilter(layer, area), ...filters }),
  );
}

/** What the live feed should follow: the visible live layers and the org-tree area (as an admin code). */
export type LiveViewRequest = Pick<SubscribeRequest, 'layers' | 'admin'>;

/**
 * The live view: the visible layers the feed carries (the memory layers among them, e.g. units) and the area
 * as the subscribe request's `admin` — a district, street or community code; a grid narrows to its community
 * (its code's first 12 digits); the city (6 digits ending in 00) or no area means city-wide.
 */
export const selectLiveView = memoSelect(
  (s): [AppState['ui']['layers'], string | null] => [s.ui.layers, s.ui.area?.code ?? null],
  (layers, area): LiveViewRequest => {
    const admin = liveAdmin(area);
    return { layers: MAP_LAYERS.filter((id) => layers[id].visible && isLiveLayer(id)), ...(admin ? { admin } : {}) };
  },
);

export function liveAdmin(area: string | null): string | null {
  if (!area || (area.length === 6 && area.endsWith('00'))) return null;
  const code = area.length > 12 ? area.slice(0, 12) : area;
  return /^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/.test(code) ? code : null;
}

/** A memory layer's features passing its filters, as the list its map layer draws. */
export function makeSelectMemoryFeatures(layer: MemoryLayerId): (s: AppState) => readonly LiveFeature[] {
  const filtersOf = makeSelectFilters(layer);
  return memoSelect(
    (s): [ReadonlyMap<string, LiveFeature> | undefined, Readonly<Record<string, string>>] => [s.memory[layer]?.features, filtersOf(s)],
    (features, filters) => (features ? [...features.values()].filter((f) => matches(f.properties, filters)) : []),
  );
}

/** Whether any overlay entry is fresh (drawn with a pulse): the pulse clock runs only then. */
export const selectAnyFresh = memoSelect(
  (s): [AppState['overlay']] => [s.overlay],
  (overlay) => Object.values(overlay).some((m) => m && [...m.values()].some((e) => e.fresh)),
);

/**
 * Where the selected feature stands on the feed: the seq of the last change seen for it (memory or overlay),
 * null when none was seen. The open card reloads its feature when this moves.
 */
export function selectSelectedSeq(s: AppState): number | null {
  const sel = s.selection;
  if (!sel) return null;
  if (isMemoryLayer(sel.collection)) {
    const mem = s.memory[sel.collection];
    return mem ? seqOf(mem, sel.id) : null;
  }
  return s.overlay[sel.collection]?.get(sel.id)?.seq ?? null;
}

/** Whether properties pass the filters (several comma-joined values: any of them; the time window is the tiles'). */
export function matches(p: Record<string, unknown>, filters: Readonly<Record<string, string>>): boolean {
  for (const k in filters) {
    if (k === TIME_FILTER) continue;
    const want = filters[k]!;
    const have = String(p[k] ?? '');
    if (have !== want && !filterValues(want).includes(have)) return false;
  }
  return true;
}
