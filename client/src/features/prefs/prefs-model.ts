/**
 * What a user's map starts with, and what of their choices is kept (pure):
 *   - the role's layers at the first sign-in (nothing chosen yet): a dispatcher's open incidents and units; a
 *     planner's grids and incidents; a viewer's grids and key places (others below);
 *   - afterwards the user's own choice (GET /api/users/me/preferences), so the next sign-in, on any device,
 *     opens as they left it;
 *   - language and theme of the device (localStorage) for the first paint, the user's (server) once signed in.
 */
import { OPEN_STATUSES } from '../../../../server/domain/incidents/lifecycle.ts';
import type { LayerFilterPrefs, UserPreferences } from '../../../../server/protocol/preferences.ts';
import type { Lang } from '../../i18n/index.ts';
import { MAP_LAYERS, type AppState, type MapLayerId, type Theme } from '../../state/app-state.ts';
import { filterValues, joinValues, TIME_FILTER } from '../../state/filter-values.ts';

export interface LayerChoice {
  visible: readonly MapLayerId[];
  filters: Partial<Record<MapLayerId, Record<string, string>>>;
}

const OPEN_INCIDENTS = { incidents: { status: joinValues(OPEN_STATUSES) } };

/** The layers each role's work needs first. */
export const ROLE_LAYERS: Readonly<Record<string, LayerChoice>> = {
  dispatcher: { visible: ['incidents', 'units'], filters: OPEN_INCIDENTS },
  admin: { visible: ['incidents', 'units'], filters: OPEN_INCIDENTS },
  planner: { visible: ['grids', 'incidents'], filters: {} },
  grid_worker: { visible: ['grids', 'incidents', 'key-places'], filters: OPEN_INCIDENTS },
  viewer: { visible: ['grids', 'key-places'], filters: {} },
  // A wall display shows the whole picture (its address may name fewer: ?layers=).
  wall: { visible: MAP_LAYERS, filters: {} },
};

/** A role's first layers (an unknown role: the viewer's, the narrowest). */
export function roleLayers(role: string): LayerChoice {
  return ROLE_LAYERS[role] ?? ROLE_LAYERS.viewer!;
}

/** The layers a user starts with: their saved choice, else their role's. */
export function startingLayers(role: string, prefs: Pick<UserPreferences, 'layers' | 'filters'> | null): LayerChoice {
  if (!prefs?.layers) return roleLayers(role);
  const known = new Set<string>(MAP_LAYERS);
  return { visible: prefs.layers.filter((id): id is MapLayerId => known.has(id)), filters: filtersFromPrefs(prefs.filters) };
}

/** The saved form of the layers' filters: value lists (the time window is not kept: it is relative to a moment). */
export function filtersToPrefs(layers: AppState['ui']['layers']): LayerFilterPrefs {
  const out: LayerFilterPrefs = {};
  for (const id of MAP_LAYERS) {
    const entries = Object.entries(layers[id].filters).filter(([k]) => k !== TIME_FILTER);
    if (entries.length) out[id] = Object.fromEntries(entries.map(([k, v]) => [k, filterValues(v)]));
  }
  return out;
}

export function filtersFromPrefs(prefs: LayerFilterPrefs | null): LayerChoice['filters'] {
  const out: LayerChoice['filters'] = {};
  const known = new Set<string>(MAP_LAYERS);
  for (const [id, props] of Object.entries(prefs ?? {})) {
    if (!known.has(id) || !props) continue;
    out[id as MapLayerId] = Object.fromEntries(Object.entries(props).filter(([, v]) => v.length).map(([k, v]) => [k, joinValues(v)]));
  }
  return out;
}

/** The layer choice as saved: the visible layers and the filters. */
export function layersToPrefs(layers: AppState['ui']['layers']): Pick<UserPreferences, 'layers' | 'filters'> {
  return { layers: MAP_LAYERS.filter((id) => layers[id].visible), filters: filtersToPrefs(layers) };
}

/** The device's language and theme (the last user's on this browser), for the first paint before sign-in. */
export interface DevicePrefs {
  lang?: Lang;
  theme?: Theme;
}

export const DEVICE_KEY = 'pingan.device';

export function readDevicePrefs(storage: Pick<Storage, 'getItem'> | null): DevicePrefs {
  try {
    const raw = JSON.parse(storage?.getItem(DEVICE_KEY) ?? '{}') as Record<string, unknown>;
    return {
      ...(raw.lang === 'zh' || raw.lang === 'en' ? { lang: raw.lang } : {}),
      ...(raw.theme === 'dark' || raw.theme === 'light' ? { theme: raw.theme } : {}),
    };
  } catch {
    return {};
  }
}

export function writeDevicePrefs(storage: Pick<Storage, 'setItem'> | null, prefs: DevicePrefs): void {
  try {
    storage?.setItem(DEVICE_KEY, JSON.stringify(prefs));
  } catch {
    // storage full or disabled: the server keeps the user's choice
  }
}
