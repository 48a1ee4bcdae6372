/**
 * Render-null (inside MapView): the console's marks on the map as MapLibre layers above everything — the
 * selected incident's ring, the open incident's ring, the recommended units with their rank, the units on the
 * incident with a line to the scene that follows them as they move (the units' live memory), the unit picked on
 * the map. Opening an incident flies the map to it. Cleanup removes exactly the sources and layers it added;
 * a style reload (theme) adds them again; every other change only calls setData.
 */
import { useEffect, useMemo } from 'react';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useServices } from '../../app/services.ts';
import { GLYPH_FONT } from '../../map/basemap-style.ts';
import { useMapContext } from '../../map/MapView.tsx';
import { useStore } from '../../state/store.ts';
import { focusPoints, unitLines } from './map-features.ts';

const POINTS = 'dispatch-focus';
const LINES = 'dispatch-lines';
const LAYERS = ['dispatch-lines', 'dispatch-rings', 'dispatch-rank'] as const;
const EMPTY = { type: 'FeatureCollection' as const, features: [] };

function addLayers(map: MapLibreMap): void {
  if (!map.getSource(POINTS)) map.addSource(POINTS, { type: 'geojson', data: EMPTY });
  if (!map.getSource(LINES)) map.addSource(LINES, { type: 'geojson', data: EMPTY });
  if (!map.getLayer('dispatch-lines')) {
    map.addLayer({ id: 'dispatch-lines', type: 'line', source: LINES, paint: { 'line-color': '#ffb300', 'line-width': 3, 'line-dasharray': [2, 1.2] } });
  }
  if (!map.getLayer('dispatch-rings')) {
    map.addLayer({
      id: 'dispatch-rings',
      type: 'circle',
      source: POINTS,
      paint: {
        'circle-radius': ['match', ['get', 'role'], 'open', 16, 'selected', 13, 'recommended', 10, 'picked', 12, 9],
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-width': ['match', ['get', 'role'], 'open', 4, 3],
        'circle-stroke-color': ['match', ['get', 'role'], 'open', '#ff1744', 'selected', '#ffffff', 'recommended', '#00e5ff', 'picked', '#e040fb', '#ffb300'],
      },
    });
  }
  if (!map.getLayer('dispatch-rank')) {
    map.addLayer({
      id: 'dispatch-rank',
      type: 'symbol',
      source: POINTS,
      filter: ['==', ['get', 'role'], 'recommended'],
      layout: { 'text-field': ['to-string', ['get', 'rank']], 'text-font': [GLYPH_FONT], 'text-size': 12, 'text-offset': [0, -1.6], 'text-allow-overlap': true },
      paint: { 'text-color': '#00e5ff', 'text-halo-color': '#000000', 'text-halo-width': 1.5 },
    });
  }
}

export function DispatchMapLayers() {
  const { store } = useServices();
  const { map } = useMapContext();
  const selectedId = useStore(store, (s) => s.dispatch.selectedId);
  const items = useStore(store, (s) => s.dispatch.queue.items);
  const open = useStore(store, (s) => s.dispatch.cardUnits);
  const picked = useStore(store, (s) => s.dispatch.pendingUnitId);
  const units = useStore(store, (s) => s.memory.units?.features);
  const selected = useMemo(() => {
    const it = selectedId ? items.find((i) => i.id === selectedId) : undefined;
    return it ? { id: it.id, position: it.position } : null;
  }, [selectedId, items]);

  useEffect(() => {
    const ensure = () => map.isStyleLoaded() && addLayers(map);
    ensure();
    map.on('styledata', ensure);
    return () => {
      map.off('styledata', ensure);
      for (const id of LAYERS) if (map.getLayer(id)) map.removeLayer(id);
      for (const id of [POINTS, LINES]) if (map.getSource(id)) map.removeSource(id);
    };
  }, [map]);

  useEffect(() => {
    const draw = () => {
      (map.getSource(POINTS) as GeoJSONSource | undefined)?.setData(focusPoints({ selected, open, picked, units }));
      (map.getSource(LINES) as GeoJSONSource | undefined)?.setData(unitLines(open, units));
    };
    draw();
    map.on('styledata', draw);
    return () => {
      map.off('styledata', draw);
    };
  }, [map, selected, open, picked, units]);

  // The map follows the console: a selected incident out of view is brought into it (j/k through the queue) …
  const at = selected?.position;
  useEffect(() => {
    if (at && !map.getBounds().contains(at)) map.easeTo({ center: at, duration: 600 });
  }, [map, at?.[0], at?.[1]]); // eslint-disable-line react-hooks/exhaustive-deps
  // … and the opened incident comes into view (not closer than the operator zoomed).
  const scene = open?.scene;
  useEffect(() => {
    if (scene) map.flyTo({ center: scene, zoom: Math.max(map.getZoom(), 14), duration: 900 });
  }, [map, scene?.[0], scene?.[1]]); // eslint-disable-line react-hooks/exhaustive-deps
  return null;
}
