/**
 * The shape of the client's state and its initial value: named slices, each changed only by the updaters
 * that own it (./updaters.ts) and read through narrow selectors (./selectors.ts), so a component or a map
 * layer re-renders only when its own slice changes.
 *   ui         what the operator chose: language, theme, layers and their filters, grid fill, area, zoom
 *   counts     the layer counts (GET /api/counts)
 *   selection  the feature whose card is open
 *   live       the feed's status
 *   memory     per collection drawn from memory: snapshot-with-seq, then deltas above it (./live-memory.ts)
 *   overlay    per tile layer: changes seen since its tiles were loaded
 *   tiles      per tile layer: the version its tiles were loaded at (bumped to reload that layer only)
 */
import type { CollectionId } from '../../../server/protocol/collections.ts';
import { COLLECTION_IDS } from '../../../server/protocol/collections.ts';
import type { LiveFeature } from '../../../server/protocol/live.ts';
import type { Lang } from '../i18n/index.ts';
import type { LiveStatus } from '../net/live-socket.ts';
import type { LiveMemory } from './live-memory.ts';
import { initialDispatchState, type DispatchState } from './dispatch/dispatch-slice.ts';

/** The layers the panel lists (admin boundaries belong to the basemap). */
export const MAP_LAYERS = COLLECTION_IDS.filter((id) => id !== 'districts' && id !== 'streets' && id !== 'communities');
export type MapLayerId = (typeof MAP_LAYERS)[number];

/** Layers drawn from live memory (snapshot + deltas) instead of vector tiles. */
export const MEMORY_LAYERS = ['units'] as const satisfies readonly MapLayerId[];
export type MemoryLayerId = (typeof MEMORY_LAYERS)[number];

export function isMemoryLayer(id: string): id is MemoryLayerId {
  return (MEMORY_LAYERS as readonly string[]).includes(id);
}

export type GridFill = 'type' | 'population' | 'households' | 'worker_count';
export type Theme = 'dark' | 'light';

export interface LayerState {
  visible: boolean;
  /**
   * Equality filters on registry-filterable properties, e.g. { status: 'OFF' }; several values of one property
   * are comma-joined ({ status: 'REPORTED,ACCEPTED' }: any of them; codes never hold a comma, see
   * ./filter-values.ts). `datetime` is the layer's time window (an OGC interval, e.g. '2026-12-01T00:00:00Z/..').
   */
  filters: Readonly<Record<string, string>>;
}

/** The org-tree unit the map is narrowed to (6/9/12-digit admin code or 15-digit grid code). */
export interface Area {
  code: string;
  name: string;
  level: number;
}

/** A change seen on the feed, drawn over the (older) tiles until they are refreshed. */
export interface OverlayEntry {
  feature: LiveFeature | null;
  at: number;
  /** The change's seq (the card of this feature reloads when it moves). */
  seq: number;
  /** First seen on the feed (not in the tiles): drawn with a pulse. */
  fresh: boolean;
}

export interface Selection {
  collection: CollectionId;
  id: string;
  /** Tile properties, shown until the full feature arrives; for an aggregated bin, its count. */
  preview?: Record<string, unknown>;
  /** Where it was picked ([lng, lat]), highlighted until its own geometry arrives. */
  at?: [number, number];
  /** Its geometry (from the card's full feature): the highlight follows it. */
  geometry?: SelectedGeometry;
  /** When it was selected (ms): the highlight pulses once from then. */
  since?: number;
}

export type SelectedGeometry = { type: string; coordinates: unknown };

export interface UiState {
  lang: Lang;
  theme: Theme;
  layers: Readonly<Record<MapLayerId, LayerState>>;
  gridFill: GridFill;
  area: Area | null;
  /** The map's zoom, rounded to a tenth (for the panel's "zoom in for points" hints). */
  zoom: number;
}

export interface CountsState {
  byLayer: Readonly<Partial<Record<CollectionId, number>>>;
  /** When the server counted (ISO time), null before the first answer. */
  at: string | null;
  /** 在办: open incidents among those counted. */
  open?: Readonly<Partial<Record<'incidents', number>>>;
  /** The layers whose figure is narrowed by the area or their filters (the panel says so). */
  narrowed?: readonly CollectionId[];
}

export interface LiveState {
  status: LiveStatus;
  seq: number | null;
  lastDataAt: number | null;
  /** When the newest change the feed delivered happened (its server time, ms); null before the first one. */
  lastChangeAt?: number | null;
}

/** What the map shows right now that the panel must agree with: point layers drawn as density cells in view. */
export interface MapViewState {
  aggregated: Readonly<Partial<Record<MapLayerId, boolean>>>;
}

export type MemoryState = Readonly<Partial<Record<MemoryLayerId, LiveMemory>>>;
export type OverlayState = Readonly<Partial<Record<CollectionId, ReadonlyMap<string, OverlayEntry>>>>;
export type TileVersions = Readonly<Record<MapLayerId, number>>;

export interface AppState {
  ui: UiState;
  counts: CountsState;
  selection: Selection | null;
  live: LiveState;
  memory: MemoryState;
  overlay: OverlayState;
  tiles: TileVersions;
  /** The dispatcher console (./dispatch/dispatch-slice.ts). */
  dispatch: DispatchState;
  mapView: MapViewState;
}

/**
 * The starting state. `visibleLayers` is the `?layers=` URL parameter of a wall display: a comma list of
 * layer ids, or "none"; absent means every layer on.
 */
export function initialState(lang: Lang = 'zh', theme: Theme = 'dark', visibleLayers: string | null = null): AppState {
  const shown = visibleLayers === null ? null : new Set(visibleLayers.split(','));
  const layers = Object.fromEntries(MAP_LAYERS.map((id) => [id, { visible: !shown || shown.has(id), filters: {} }])) as Record<MapLayerId, LayerState>;
  return {
    ui: { lang, theme, layers, gridFill: 'type', area: null, zoom: 9 },
    counts: { byLayer: {}, at: null },
    selection: null,
    live: { status: 'connecting', seq: null, lastDataAt: null },
    memory: {},
    overlay: {},
    tiles: Object.fromEntries(MAP_LAYERS.map((id) => [id, 0])) as Record<MapLayerId, number>,
    dispatch: initialDispatchState(),
    mapView: { aggregated: {} },
  };
}
