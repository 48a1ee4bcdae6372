/**
 * The client's addresses and what each opens. Pure: the router (./router.ts) matches a pathname here and
 * the shell (./App.tsx) renders the route's layout (./layouts.tsx).
 *   /          the desk map: top bar, layer panel, map, feature card; the user's own layers (their saved choice,
 *              else their role's: features/prefs/prefs-model.ts)
 *   /dispatch  the desk layout with dispatch's layers (incidents, units, depots, police facilities)
 *   /analysis  the desk layout with risk analysis's layers (grids, incidents, hazards, rentals, key places)
 *   /wall      the command-centre wall (features/wall): KPI columns around the map, nothing to press, dark;
 *              a wall display opens /wall?token=pa_…
 * The server answers index.html for any path that is not an API, so each is a page of its own too.
 * `?layers=` (a comma list or "none") still overrides a route's layers at load, as on a wall display.
 */
import type { MapLayerId, Theme } from '../state/app-state.ts';

export type RouteId = 'desk' | 'dispatch' | 'analysis' | 'wall';

export interface RouteDef {
  id: RouteId;
  path: string;
  /** desk: top bar, side panel slot, map, card. kiosk: the map alone. wall: the big screen (features/wall). */
  layout: 'desk' | 'kiosk' | 'wall';
  /** The layers on when the route opens; null: every layer. */
  layers: readonly MapLayerId[] | null;
  /** A theme the route always uses. */
  theme?: Theme;
  /** The layers are the signed-in user's (their saved choice, else their role's), not `layers`. */
  userLayers?: boolean;
}

export const ROUTES: readonly RouteDef[] = [
  { id: 'desk', path: '/', layout: 'desk', layers: null, userLayers: true },
  { id: 'dispatch', path: '/dispatch', layout: 'desk', layers: ['incidents', 'units', 'depots', 'checkpoints'] },
  { id: 'analysis', path: '/analysis', layout: 'desk', layers: ['grids', 'incidents', 'fire-hazards', 'rental-housing', 'key-places'] },
  // The wall draws (and so follows live) every layer its figures count: a change there refreshes the KPIs.
  { id: 'wall', path: '/wall', layout: 'wall', layers: ['grids', 'cameras', 'fire-hazards', 'incidents', 'units'], theme: 'dark' },
];

const DESK = ROUTES[0]!;

/** The route of a pathname (a trailing slash is the same address); any other path opens the desk map. */
export function routeOf(pathname: string): RouteDef {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return ROUTES.find((r) => r.path === path) ?? DESK;
}

/** The `?layers=` value a route starts with: the URL's own when given, else the route's set. */
export function startLayers(route: RouteDef, param: string | null): string | null {
  if (param !== null) return param;
  return route.layers === null ? null : route.layers.length ? route.layers.join(',') : 'none';
}

/** Whether a layer is on by a route's defaults. */
export function onByDefault(route: RouteDef, layer: MapLayerId): boolean {
  return route.layers === null || route.layers.includes(layer);
}
