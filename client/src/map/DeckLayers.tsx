/**
 * Render-null: turns the store into deck.gl layer descriptors on the overlay. Layer builders are pure
 * (map/layers/*); this component only picks their inputs and wires picking to the selection.
 */
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { PickingInfo } from '@deck.gl/core';
import type { CollectionId } from '../../../server/protocol/collections.ts';
import { COLLECTIONS, isCollectionId } from '../../../server/protocol/collections.ts';
import { useServices } from '../app/services.ts';
import { useStore } from '../state/store.ts';
import type { AppState, MapLayerId } from '../state/app-state.ts';
import { useMapContext } from './MapView.tsx';
import { areaFilter } from './tile-query.ts';
import { buildGridsLayer } from './layers/grids-layer.ts';
import { buildPointTilesLayer } from './layers/point-tiles-layer.ts';
import { isUnauthorizedTileError, type TileSource } from './layers/mvt-common.ts';
import { buildUnitsLayer } from './layers/units-layer.ts';
import { buildOverlayLayer, buildPulseLayer, pulsing } from './layers/overlay-layer.ts';
import { useClock } from './use-clock.ts';
import type { ColumnarData } from './point-columns.ts';

/** Drawing order, bottom first. */
const POINT_TILE_LAYERS: readonly MapLayerId[] = ['rental-housing', 'key-places', 'cameras', 'checkpoints', 'fire-hazards', 'depots', 'incidents'];

export function DeckLayers({ beforeId }: { beforeId?: string }) {
  const { store, origin, mvtWorkerUrl, credentials } = useServices();
  const { overlay, map } = useMapContext();
  const state = useStore(store, (s) => s);
  const anyPulse = Object.values(state.overlay).some((m) => m && [...m.values()].some((e) => e.fresh));
  const now = useClock(anyPulse ? 80 : 30_000);
  const units = useUnitsData(JSON.stringify(filtersOf(state, 'units')));
  const tileAuth = useMemo<TileAuth>(
    () => ({
      headers: credentials.headers(),
      onTileError: (err: unknown) => (isUnauthorizedTileError(err) ? credentials.unauthorized('tile') : console.warn('[tiles]', err)),
    }),
    [credentials],
  );
  const layers = useMemo(
    () => buildLayers(state, units, now, origin, mvtWorkerUrl, beforeId, tileAuth),
    [state, units, now, origin, mvtWorkerUrl, beforeId, tileAuth],
  );

  useEffect(() => {
    const onZoom = () => store.dispatch({ type: 'setZoom', zoom: map.getZoom() });
    onZoom();
    map.on('zoomend', onZoom);
    return () => {
      map.off('zoomend', onZoom);
    };
  }, [map, store]);

  useEffect(() => {
    overlay.setProps({
      layers,
      onClick: (info: PickingInfo) => {
        const sel = selectionOf(info);
        store.dispatch({ type: 'select', selection: sel });
      },
      getCursor: ({ isHovering }: { isHovering: boolean }) => (isHovering ? 'pointer' : 'grab'),
    });
  }, [overlay, layers, store]);
  return null;
}

function filtersOf(s: AppState, layer: MapLayerId): Record<string, string> {
  return { ...areaFilter(layer, s.area?.code ?? null), ...s.layers[layer].filters };
}

/**
 * The units' columnar memory (map/memory-columns.ts) with the panel's and the area's filters applied, and
 * whether its points kept their slots since the last draw. Re-renders on the columns' own feed.
 */
function useUnitsData(filterKey: string): { data: ColumnarData; sameLayout: boolean } {
  const feed = useServices().liveColumns.units!;
  const version = useSyncExternalStore(feed.subscribe, () => feed.columns.version);
  const lastLayout = useRef(feed.columns.layout);
  return useMemo(() => {
    const filters = JSON.parse(filterKey) as Record<string, string>;
    feed.columns.setFilter(filterKey, (p) => matches(p, filters));
    const sameLayout = feed.columns.layout === lastLayout.current;
    lastLayout.current = feed.columns.layout;
    return { data: feed.columns.data(), sameLayout };
    // version: the columns changed in place
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [feed, filterKey, version]);
}

/** The tiles' credentials: request headers and what to do with a refused tile. */
export type TileAuth = Pick<TileSource, 'headers' | 'onTileError'>;

export function buildLayers(s: AppState, units: { data: ColumnarData; sameLayout: boolean }, now: number, origin: string, workerUrl: string, beforeId?: string, tileAuth: TileAuth = {}) {
  const src = (layer: MapLayerId) => ({ origin, filters: filtersOf(s, layer), version: s.tileVersion, workerUrl, beforeId, ...tileAuth });
  const overlayOf = (layer: MapLayerId) => s.overlay[layer];
  const out = [buildGridsLayer({ ...src('grids'), visible: s.layers.grids.visible, fill: s.gridFill })];
  for (const layer of POINT_TILE_LAYERS) {
    out.push(buildPointTilesLayer({ ...src(layer), layer, visible: s.layers[layer].visible, now }) as never);
    const entries = overlayOf(layer);
    if (entries?.size) out.push(buildOverlayLayer({ layer, entries, visible: s.layers[layer].visible, now, beforeId }) as never);
  }
  out.push(buildUnitsLayer({ ...units, visible: s.layers.units.visible, beforeId }) as never);
  const incidents = overlayOf('incidents');
  if (incidents) out.push(buildPulseLayer({ features: pulsing(incidents, now), now, visible: s.layers.incidents.visible }) as never);
  return out;
}

function matches(p: Readonly<Record<string, unknown>>, filters: Record<string, string>): boolean {
  return Object.entries(filters).every(([k, v]) => String(p[k] ?? '') === v);
}

/** Which collection a picked (sub)layer belongs to: ids are tiles-<c>, overlay-<c> or units. */
export function collectionOfLayerId(layerId: string): CollectionId | null {
  const m = /^(?:tiles-|overlay-)?([a-z-]+?)(?:-\d.*)?$/.exec(layerId);
  const id = m?.[1] ?? '';
  return isCollectionId(id) ? id : null;
}

function selectionOf(info: PickingInfo) {
  const root = rootLayerId(info);
  const collection = root ? collectionOfLayerId(root) : null;
  const f = info.object as { properties?: Record<string, unknown>; id?: unknown } | undefined;
  if (!collection || !f) return null;
  const p = f.properties ?? {};
  if (p.aggregated === true) return { collection, id: `bin-${info.index}`, preview: p };
  const id = p[COLLECTIONS[collection].idProperty] ?? f.id;
  return id === undefined || id === null ? null : { collection, id: String(id), preview: p };
}

function rootLayerId(info: PickingInfo): string | null {
  let layer = info.layer as { id: string; parent?: unknown } | null;
  while (layer && (layer as { parent?: { id: string } }).parent) layer = (layer as { parent: { id: string; parent?: unknown } }).parent;
  return layer?.id ?? null;
}
