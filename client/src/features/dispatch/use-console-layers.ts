/**
 * The console's map layers: on /dispatch there is no layer panel, so the console makes sure the route's layers
 * (app/routes.ts: incidents, units, depots, checkpoints) are the ones shown when it opens — also after a sign-in,
 * which starts the view over with every layer on (state/updaters.ts resetSession). A `?layers=` in the address
 * still wins, as on every route.
 */
import { useEffect } from 'react';
import { onByDefault, routeOf } from '../../app/routes.ts';
import { useServices } from '../../app/services.ts';
import { MAP_LAYERS } from '../../state/app-state.ts';

export function useConsoleLayers(): void {
  const { store } = useServices();
  useEffect(() => {
    if (new URLSearchParams(location.search).has('layers')) return;
    const route = routeOf('/dispatch');
    const s = store.getState();
    for (const layer of MAP_LAYERS) if (s.ui.layers[layer].visible !== onByDefault(route, layer)) store.dispatch({ type: 'toggleLayer', layer });
  }, [store]);
}
