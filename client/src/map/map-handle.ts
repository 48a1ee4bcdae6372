/**
 * A handle on the one MapLibre map for the panels outside the map (search, org tree): fly to a point or
 * fit a box. The MapView attaches the map when it exists; before that, the last request waits for it.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

import type { Bbox } from '../../../server/protocol/geo.ts';
import { overlayPadding, type Padding } from './fit-padding.ts';

/** The panels over the map's container, measured now (the map may have been resized since it was made). */
function paddingOf(m: MapLibreMap): Padding {
  const box = m.getContainer().getBoundingClientRect();
  const stage = m.getContainer().closest('.stage') ?? document.body;
  const panels = [...stage.querySelectorAll<HTMLElement>('[data-floating]')].map((el) => el.getBoundingClientRect());
  return overlayPadding(box, panels);
}

export type { Bbox };

export interface MapHandle {
  attach(map: MapLibreMap | null): void;
  current(): MapLibreMap | null;
  /**
   * Fits a box; `durationMs` 0 jumps (the start view). The box stays clear of the panels floating over the map
   * (./fit-padding.ts: the feature card; the layer panel on a narrow screen).
   */
  fitBounds(bbox: Bbox, maxZoom?: number, durationMs?: number): void;
  flyTo(point: [number, number], zoom?: number): void;
}

export function createMapHandle(): MapHandle {
  let map: MapLibreMap | null = null;
  let pending: ((m: MapLibreMap) => void) | null = null;
  const run = (fn: (m: MapLibreMap) => void) => {
    if (map) fn(map);
    else pending = fn;
  };
  return {
    attach(m) {
      map = m;
      if (m && pending) {
        pending(m);
        pending = null;
      }
    },
    current: () => map,
    fitBounds: (bbox, maxZoom = 15, durationMs = 1200) =>
      run((m) => m.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: paddingOf(m), maxZoom, duration: durationMs })),
    flyTo: (point, zoom = 16) => run((m) => m.flyTo({ center: point, zoom: Math.max(zoom, m.getZoom()), duration: 1200 })),
  };
}
