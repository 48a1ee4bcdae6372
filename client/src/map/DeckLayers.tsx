/**
 * Render-null: turns the store into deck.gl layers on the overlay. Layer builders are pure (map/layers/*);
 * this component picks their inputs through narrow selectors and rebuilds a layer only when its own inputs
 * change (its visibility, filters, tile version, overlay entries, the units' columns; the incidents' timer light
 * once a minute). Unchanged layers keep their instance, so deck.gl skips them, and picking state survives
 * a live burst. The pulse ring is the one layer that animates: its clock runs only while something pulses
 * and rebuilds only it.
 * A click's selection is decided at pointer-down (what was under the pointer then) and dispatched on the
 * click: layers replaced in between cannot make it lose what was picked.
 */
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { CollectionId } from '../../../server/protocol/collections.ts';
import { COLLECTIONS, isCollectionId } from '../../../server/protocol/collections.ts';
import { useServices } from '../app/services.ts';
import { useStore, type Store } from '../state/store.ts';
import type { MapLayerId, Selection } from '../state/app-state.ts';
import { makeSelectFilters, matches, selectAnyFresh, selectGridFill } from '../state/selectors.ts';
import { useMapContext } from './MapView.tsx';
import { buildGridsLayer } from './layers/grids-layer.ts';
import { buildWarningsLayer } from './layers/warnings-layer.ts';
import { buildPointTilesLayer } from './layers/point-tiles-layer.ts';
import { isUnauthorizedTileError, type TileSource } from './layers/mvt-common.ts';
import { buildUnitsLayer } from './layers/units-layer.ts';
import { buildOverlayLayer, buildPulseLayer, pulsing } from './layers/overlay-layer.ts';
import { useClock } from './use-clock.ts';
import { buildHighlightLayers, PULSE_MS } from './layers/highlight-layer.ts';

/** Drawing order, bottom first. */
export const POINT_TILE_LAYERS: readonly MapLayerId[] = ['rental-housing', 'key-places', 'cameras', 'checkpoints', 'fire-hazards', 'depots', 'incidents'];

/** The tiles' credentials: request headers and what to do with a refused tile. */
export type TileAuth = Pick<TileSource, 'headers' | 'onTileError'>;
/** What every tile layer shares. */
type TileBase = Omit<TileSource, 'filters' | 'version'> & { beforeId?: string };

const PULSE_FRAME_MS = 80;
const NO_LAYERS: readonly Layer[] = [];
const MINUTE = 60_000;

/** `extra`: layers a feature draws over the tile layers, below the units (e.g. an analysis result, the focus of its route). */
export function DeckLayers({ beforeId, extra = NO_LAYERS }: { beforeId?: string; extra?: readonly Layer[] }) {
  const { store, origin, mvtWorkerUrl, credentials } = useServices();
  const { overlay, map } = useMapContext();
  const base = useMemo<TileBase>(
    () => ({
      origin,
      workerUrl: mvtWorkerUrl,
      beforeId,
      headers: credentials.headers(),
      onTileError: (err: unknown) => (isUnauthorizedTileError(err) ? credentials.unauthorized('tile') : console.warn('[tiles]', err)),
    }),
    [origin, mvtWorkerUrl, beforeId, credentials],
  );
  // The incidents' timer light changes by the minute: tile layers see the minute, never the pulse clock.
  const minute = Math.floor(useClock(MINUTE) / MINUTE) * MINUTE;

  const grids = useGridsLayer(store, base);
  const warnings = useWarningsLayer(store, base);
  const points = POINT_TILE_LAYERS.map((layer) => [usePointTilesLayer(store, layer, base, minute), useOverlayLayer(store, layer, minute, beforeId)] as const);
  const units = useUnitsLayer(store, beforeId);
  const pulse = usePulseLayer(store);
  const highlight = useHighlightLayers(store);

  const layers = useMemo(() => {
    const out: Layer[] = [grids, warnings];
    for (const [tiles, over] of points) {
      out.push(tiles);
      if (over) out.push(over);
    }
    out.push(...extra);
    out.push(units);
    if (pulse) out.push(pulse);
    out.push(...highlight); // the selected feature, raised above everything
    return out;
    // The list changes only when one of its layers does (each is memoised on its own inputs).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [grids, warnings, extra, units, pulse, highlight, ...points.flat()]);

  useEffect(() => {
    const onZoom = () => store.dispatch({ type: 'setZoom', zoom: map.getZoom() });
    onZoom();
    map.on('zoomend', onZoom);
    return () => {
      map.off('zoomend', onZoom);
    };
  }, [map, store]);

  usePicking(store);

  useEffect(() => {
    overlay.setProps({ layers });
  }, [overlay, layers]);
  return null;
}

/**
 * Clicks and the cursor. The feature under the pointer is taken at pointer-down from deck's own pick (the
 * map's 'mousedown'), kept, and selected on MapLibre's 'click' at the same spot: deck.gl resolves a click
 * by looking up the pointer-down layer by id among the current layers, and under a live load the layer
 * that was picked (an overlay entry, a tile sub-layer) may be gone or replaced by then — the click then came
 * with no layer and no card opened.
 */
function usePicking(store: Store) {
  const { overlay, map } = useMapContext();
  const pressed = useRef<{ x: number; y: number; selection: Selection | null } | null>(null);
  useEffect(() => {
    const onDown = (e: { point: { x: number; y: number } }) => {
      const info = overlay.pickObject({ x: e.point.x, y: e.point.y, radius: PICK_RADIUS });
      pressed.current = { x: e.point.x, y: e.point.y, selection: info ? placed(selectionOf(info), info) : null };
    };
    const onClick = (e: { point: { x: number; y: number } }) => {
      const down = pressed.current;
      pressed.current = null;
      const near = down && Math.hypot(down.x - e.point.x, down.y - e.point.y) <= PICK_RADIUS;
      let selection = near ? down.selection : null;
      if (!near) {
        const info = overlay.pickObject({ x: e.point.x, y: e.point.y, radius: PICK_RADIUS });
        selection = info ? placed(selectionOf(info), info) : null;
      }
      store.dispatch({ type: 'select', selection: selection ? { ...selection, since: Date.now() } : null });
    };
    map.on('mousedown', onDown);
    map.on('click', onClick);
    overlay.setProps({ getCursor: ({ isHovering }: { isHovering: boolean }) => (isHovering ? 'pointer' : 'grab') });
    return () => {
      map.off('mousedown', onDown);
      map.off('click', onClick);
    };
  }, [overlay, map, store]);
}

/** A pick's selection with where it was picked (the highlight's spot until the feature's geometry arrives). */
function placed(selection: Selection | null, info: { coordinate?: number[] | null }): Selection | null {
  const c = info.coordinate;
  return selection && c && c.length >= 2 ? { ...selection, at: [c[0]!, c[1]!] } : selection;
}

/** The selected feature's highlight; its clock runs only during the one pulse after a pick. */
function useHighlightLayers(store: Store) {
  const sel = useStore(store, (s) => s.selection);
  const pulsingNow = sel?.since !== undefined && Date.now() - sel.since < PULSE_MS;
  const now = useClock(pulsingNow ? PULSE_FRAME_MS / 2 : MINUTE);
  return useMemo(() => buildHighlightLayers(sel, now), [sel, now]);
}

/** Pixels of tolerance around the pointer (matches the overlay's pickingRadius in MapView). */
const PICK_RADIUS = 5;

function useGridsLayer(store: Store, base: TileBase) {
  const visible = useStore(store, (s) => s.ui.layers.grids.visible);
  const fill = useStore(store, selectGridFill);
  const filters = useStore(store, useMemo(() => makeSelectFilters('grids'), []));
  const version = useStore(store, (s) => s.tiles.grids);
  return useMemo(() => buildGridsLayer({ ...base, filters, version, visible, fill }), [base, filters, version, visible, fill]);
}

/**
 * Early warnings over the grids, below the points (a point inside a warning's area stays the one picked); their tiles
 * reload soon after a warning is raised, acknowledged or lifted.
 */
function useWarningsLayer(store: Store, base: TileBase) {
  const visible = useStore(store, (s) => s.ui.layers.warnings.visible);
  const filters = useStore(store, useMemo(() => makeSelectFilters('warnings'), []));
  const version = useStore(store, (s) => s.tiles.warnings);
  return useMemo(() => buildWarningsLayer({ ...base, filters, version, visible }), [base, filters, version, visible]);
}

function usePointTilesLayer(store: Store, layer: MapLayerId, base: TileBase, minute: number) {
  const visible = useStore(store, (s) => s.ui.layers[layer].visible);
  const filters = useStore(store, useMemo(() => makeSelectFilters(layer), [layer]));
  const version = useStore(store, (s) => s.tiles[layer]);
  // Only incidents carry a timer light: other layers ignore the minute.
  const now = layer === 'incidents' ? minute : 0;
  // The panel's note follows what is drawn: density cells in view, or points (state mapView.aggregated).
  const onAggregated = useMemo(() => (aggregated: boolean) => store.dispatch({ type: 'setAggregated', layer, aggregated }), [store, layer]);
  return useMemo(
    () => buildPointTilesLayer({ ...base, layer, filters, version, visible, now, onAggregated }),
    [base, layer, filters, version, visible, now, onAggregated],
  );
}

function useOverlayLayer(store: Store, layer: MapLayerId, minute: number, beforeId?: string) {
  const visible = useStore(store, (s) => s.ui.layers[layer].visible);
  const entries = useStore(store, (s) => s.overlay[layer]);
  const filters = useStore(store, useMemo(() => makeSelectFilters(layer), [layer]));
  const now = layer === 'incidents' ? minute : 0;
  return useMemo(
    () => (entries?.size ? buildOverlayLayer({ layer, entries, visible, now, beforeId, filters }) : null),
    [layer, entries, visible, now, beforeId, filters],
  );
}

/**
 * Units from their columnar memory (map/memory-columns.ts: kept equal to the store's memory, re-rendering
 * this on the columns' own feed) with the panel's and the area's filters applied as radius 0.
 */
function useUnitsLayer(store: Store, beforeId?: string) {
  const feed = useServices().liveColumns.units!;
  const visible = useStore(store, (s) => s.ui.layers.units.visible);
  const filters = useStore(store, useMemo(() => makeSelectFilters('units'), []));
  const version = useSyncExternalStore(feed.subscribe, () => feed.columns.version);
  const units = useMemo(() => {
    feed.columns.setFilter(JSON.stringify(filters), (p) => matches(p, filters));
    return { data: feed.columns.data() };
    // version: the columns changed in place
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [feed, filters, version]);
  return useMemo(() => buildUnitsLayer({ ...units, visible, beforeId }), [units, visible, beforeId]);
}

/** The pulse ring around new incidents: the only layer on the animation clock, which runs only while one pulses. */
function usePulseLayer(store: Store) {
  const anyFresh = useStore(store, selectAnyFresh);
  const visible = useStore(store, (s) => s.ui.layers.incidents.visible);
  const entries = useStore(store, (s) => s.overlay.incidents);
  const now = useClock(anyFresh && visible ? PULSE_FRAME_MS : MINUTE);
  return useMemo(() => (entries && anyFresh ? buildPulseLayer({ features: pulsing(entries, now), now, visible }) : null), [entries, anyFresh, now, visible]);
}

/** Which collection a picked (sub)layer belongs to: ids are tiles-<c>, overlay-<c> or units. */
export function collectionOfLayerId(layerId: string): CollectionId | null {
  const m = /^(?:tiles-|overlay-)?([a-z-]+?)(?:-\d.*)?$/.exec(layerId);
  const id = m?.[1] ?? '';
  return isCollectionId(id) ? id : null;
}

/** The selection a pick makes (null: nothing selectable under the pointer). */
export function selectionOf(info: Pick<PickingInfo, 'layer' | 'object' | 'index'>): Selection | null {
  const root = rootLayerId(info);
  const collection = root ? collectionOfLayerId(root) : null;
  const f = info.object as { properties?: Record<string, unknown>; id?: unknown } | undefined;
  if (!collection || !f) return null;
  const p = f.properties ?? {};
  if (p.aggregated === true) return { collection, id: `bin-${info.index}`, preview: p };
  const id = p[COLLECTIONS[collection].idProperty] ?? f.id;
  return id === undefined || id === null ? null : { collection, id: String(id), preview: p };
}

function rootLayerId(info: Pick<PickingInfo, 'layer'>): string | null {
  let layer = info.layer as { id: string; parent?: unknown } | null;
  while (layer && (layer as { parent?: { id: string } }).parent) layer = (layer as { parent: { id: string; parent?: unknown } }).parent;
  return layer?.id ?? null;
}
