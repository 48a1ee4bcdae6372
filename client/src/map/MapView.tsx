/**
 * MapView owns the MapLibre map and the deck.gl overlay (interleaved: deck draws into MapLibre's WebGL
 * context, below the basemap's labels). Children (render-null layer components) get both by context.
 * Cleanup removes exactly what was added. Credentials for the basemap's own requests (tiles, glyphs) go
 * through `transformRequest`; a refused request (HTTP 401) is reported through `onHttpError`.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { Map as MapLibreMap, setWorkerUrl, type RequestTransformFunction, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { MapHandle } from './map-handle.ts';
import { CITY_BOUNDS } from '../../../server/protocol/geo.ts';

setWorkerUrl(workerUrl);

export interface MapContextValue {
  map: MapLibreMap;
  overlay: MapLibreOverlay;
}

const MapContext = createContext<MapContextValue | null>(null);

export function useMapContext(): MapContextValue {
  const v = useContext(MapContext);
  if (!v) throw new Error('useMapContext outside <MapView>');
  return v;
}

/** Anyang's extent (all ten districts and counties): the whole city at one glance. */
const [west, south, east, north] = CITY_BOUNDS;
export const HOME_BOUNDS: [[number, number], [number, number]] = [[west, south], [east, north]];

export interface MapViewProps {
  style: StyleSpecification | string;
  handle: MapHandle;
  /** Exposes the map on window.__pinganMap for the end-to-end tests. */
  testHook: boolean;
  /** Adds credentials to the map's requests (read when the map is created). */
  transformRequest?: RequestTransformFunction;
  /** A request of the map failed with an HTTP status (e.g. 401: signed out). */
  onHttpError?: (status: number) => void;
  /**
   * Bumped to rebuild the style from scratch (after a re-login: tiles refused meanwhile stay "errored" in
   * MapLibre, and a source reload leaves them stuck; a full setStyle asks for them again).
   */
  reloadKey?: number;
  children?: ReactNode;
}

export function MapView({ style, handle, testHook, transformRequest, onHttpError, reloadKey = 0, children }: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const [ctx, setCtx] = useState<MapContextValue | null>(null);
  const onHttpErrorRef = useRef(onHttpError);
  onHttpErrorRef.current = onHttpError;

  useEffect(() => {
    const map = new MapLibreMap({
      container: container.current!,
      style,
      bounds: HOME_BOUNDS,
      fitBoundsOptions: { padding: 24 },
      maxZoom: 19,
      localIdeographFontFamily: "'Pingan CJK', 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif",
      attributionControl: false,
      ...(transformRequest ? { transformRequest } : {}),
    });
    map.on('error', (e) => {
      const status = (e.error as { status?: unknown } | undefined)?.status;
      if (typeof status === 'number') onHttpErrorRef.current?.(status);
      if (status !== 401) console.error(e.error); // MapLibre's own logging stops once a listener exists
    });
    // A few pixels of tolerance: operators click small points on a wall or a touch screen.
    const overlay = new MapLibreOverlay({ interleaved: true, layers: [], pickingRadius: 5 });
    map.addControl(overlay);
    handle.attach(map);
    if (testHook) Object.assign(window, { __pinganMap: map, __pinganOverlay: overlay });
    setCtx({ map, overlay });
    return () => {
      handle.attach(null);
      // A removed map must not stay behind on the test hook (the next session's map takes its place).
      const w = window as unknown as { __pinganMap?: unknown; __pinganOverlay?: unknown };
      if (testHook && w.__pinganMap === map) {
        delete w.__pinganMap;
        delete w.__pinganOverlay;
      }
      map.removeControl(overlay);
      map.remove();
      setCtx(null);
    };
    // The map is created once; style changes go through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const appliedReload = useRef(reloadKey);
  useEffect(() => {
    if (!ctx) return;
    const rebuild = appliedReload.current !== reloadKey;
    appliedReload.current = reloadKey;
    ctx.map.setStyle(style, { diff: !rebuild }); // the deck.gl overlay re-adds its layers on 'styledata'
  }, [ctx, style, reloadKey]);

  return (
    <div className="map-view" ref={container} data-testid="map">
      {ctx && <MapContext.Provider value={ctx}>{children}</MapContext.Provider>}
    </div>
  );
}
