/** The shape of the client's state and its initial value. */
import type { CollectionId } from '../../../server/protocol/collections.ts';
import { COLLECTION_IDS } from '../../../server/protocol/collections.ts';
import type { LiveFeature } from '../../../server/protocol/live.ts';
import type { Lang } from '../i18n/index.ts';
import type { LiveStatus } from '../net/live-socket.ts';

/** The layers the panel lists (admin boundaries belong to the basemap). */
export const MAP_LAYERS = COLLECTION_IDS.filter((id) => id !== 'districts' && id !== 'streets' && id !== 'communities');
export type MapLayerId = (typeof MAP_LAYERS)[number];

export type GridFill = 'type' | 'population' | 'households' | 'worker_count';
export type Theme = 'dark' | 'light';

export interface LayerState {
  visible: boolean;
  /** Equality filters on registry-filterable properties, e.g. { status: 'OFF' }. */
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
  /** First seen on the feed (not in the tiles): drawn with a pulse. */
  fresh: boolean;
}

export interface Selection {
  collection: CollectionId;
  id: string;
  /** Tile properties, shown until the full feature arrives; for an aggregated bin, its count. */
  preview?: Record<string, unknown>;
}

export interface AppState {
  lang: Lang;
  theme: Theme;
  layers: Readonly<Record<MapLayerId, LayerState>>;
  gridFill: GridFill;
  area: Area | null;
  counts: Partial<Record<CollectionId, number>>;
  selected: Selection | null;
  live: { status: LiveStatus; seq: number | null; lastDataAt: number | null };
  /** Units drawn from memory (snapshot + deltas), keyed by id. */
  units: ReadonlyMap<string, LiveFeature>;
  /** Per tile layer: changes since its tiles were last loaded. */
  overlay: Readonly<Partial<Record<CollectionId, ReadonlyMap<string, OverlayEntry>>>>;
  /** Bumped to reload tiles (after changes, or a resync). */
  tileVersion: number;
  /** The map's zoom, rounded to a tenth (for the panel's "zoom in for points" hints). */
  zoom: number;
}

/**
 * The starting state. `visibleLayers` is the `?layers=` URL parameter of a wall display: a comma list of
 * layer ids, or "none"; absent means every layer on.
 */
export function initialState(lang: Lang = 'zh', theme: Theme = 'dark', visibleLayers: string | null = null): AppState {
  const shown = visibleLayers === null ? null : new Set(visibleLayers.split(','));
  const layers = Object.fromEntries(MAP_LAYERS.map((id) => [id, { visible: !shown || shown.has(id), filters: {} }])) as Record<MapLayerId, LayerState>;
  return {
    lang,
    theme,
    layers,
    gridFill: 'type',
    area: null,
    counts: {},
    selected: null,
    live: { status: 'connecting', seq: null, lastDataAt: null },
    units: new Map(),
    overlay: {},
    tileVersion: 0,
    zoom: 9,
  };
}
