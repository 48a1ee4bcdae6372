/** The current route (re-renders on navigation) and applying a route's defaults when it is entered. */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { MAP_LAYERS } from '../state/app-state.ts';
import { onByDefault, type RouteDef } from './routes.ts';
import { useServices } from './services.ts';

export function useRoute(): RouteDef {
  const { router } = useServices();
  return useSyncExternalStore(router.subscribe, router.route);
}

/**
 * On entering another route, its layers and theme. The route the page opened on needs nothing: the
 * initial state was made from it (main.tsx), with `?layers=` taking precedence.
 */
export function useRouteDefaults(route: RouteDef): void {
  const { store } = useServices();
  const applied = useRef(route);
  useEffect(() => {
    if (applied.current === route) return;
    applied.current = route;
    const s = store.getState();
    // The desk's layers are the user's own: features/prefs/use-preferences.ts puts them back.
    if (!route.userLayers) for (const layer of MAP_LAYERS) if (s.ui.layers[layer].visible !== onByDefault(route, layer)) store.dispatch({ type: 'toggleLayer', layer });
    if (route.theme) store.dispatch({ type: 'setTheme', theme: route.theme });
  }, [store, route]);
}
