/**
 * "突出分析结果": while a result is on the map and the planner keeps this on, the point layers are switched
 * off (their density bins would cover the result at city zoom); switching it off, clearing the result or
 * leaving the workspace switches back exactly the layers it switched off. The layer tab shows the state as is.
 */
import { useEffect, useRef } from 'react';
import { useServices } from '../../../app/services.ts';
import { MAP_LAYERS, type MapLayerId } from '../../../state/app-state.ts';

/** Layers that stay on in focus: the grids (the result's frame). */
const KEEP: readonly MapLayerId[] = ['grids'];

export function useResultFocus(active: boolean): void {
  const { store } = useServices();
  const hidden = useRef<MapLayerId[]>([]);
  useEffect(() => {
    if (!active) return;
    const layers = store.getState().ui.layers;
    hidden.current = MAP_LAYERS.filter((id) => layers[id].visible && !KEEP.includes(id));
    for (const layer of hidden.current) store.dispatch({ type: 'toggleLayer', layer });
    return () => {
      const now = store.getState().ui.layers;
      for (const layer of hidden.current) if (!now[layer].visible) store.dispatch({ type: 'toggleLayer', layer });
      hidden.current = [];
    };
  }, [store, active]);
}
