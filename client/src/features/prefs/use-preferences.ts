/**
 * The signed-in user's own settings (./prefs-model.ts): at sign-in, their language, theme and — on the desk map,
 * unless the address names `?layers=` — their layers (else their role's); afterwards every change of them is
 * kept, on the server (PUT /api/users/me/preferences, debounced) and on the device (localStorage, for the next
 * first paint). Coming back to the desk from /dispatch or /analysis restores the desk's own layers.
 * Returns whether the starting settings are in place (the map waits for them, so it never loads the tiles of
 * layers about to be switched off).
 */
import { useEffect, useRef, useState } from 'react';
import type { UserPreferences } from '../../../../server/protocol/preferences.ts';
import type { RouteDef } from '../../app/routes.ts';
import { useServices } from '../../app/services.ts';
import type { Me } from '../../net/api.ts';
import { MAP_LAYERS, type AppState } from '../../state/app-state.ts';
import type { Store } from '../../state/store.ts';
import { identityKey } from '../auth/auth-model.ts';
import { layersToPrefs, startingLayers, writeDevicePrefs, type LayerChoice } from './prefs-model.ts';

const SAVE_AFTER_MS = 800;
/** A server that does not answer in time: start with the role's layers (the user's arrive with the next sign-in). */
const WAIT_MS = 2500;

export function usePreferences(me: Me, route: RouteDef): boolean {
  const { store, api } = useServices();
  const who = identityKey(me);
  const [readyFor, setReadyFor] = useState<string | null>(null);
  const deskChoice = useRef<LayerChoice | null>(null);
  const urlLayers = new URLSearchParams(location.search).has('layers');
  const userLayers = route.userLayers === true && !urlLayers;

  // At sign-in: the user's settings (a token has none: its role's layers).
  useEffect(() => {
    const ctl = new AbortController();
    let done = false;
    const apply = (prefs: UserPreferences | null) => {
      if (done) return;
      done = true;
      if (prefs?.lang) store.dispatch({ type: 'setLang', lang: prefs.lang });
      if (prefs?.theme && !route.theme) store.dispatch({ type: 'setTheme', theme: prefs.theme });
      const choice = startingLayers(me.role, prefs);
      deskChoice.current = choice;
      if (userLayers) store.dispatch({ type: 'applyLayers', ...choice });
      setReadyFor(who);
    };
    const timer = setTimeout(() => apply(null), WAIT_MS);
    if (me.user) api.preferences(ctl.signal).then(apply, (err: Error) => err.name !== 'AbortError' && apply(null));
    else apply(null);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
    // Once per principal; the route's part is handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, api, who]);

  // Back on the desk: its own layers again.
  const lastRoute = useRef(route);
  useEffect(() => {
    if (lastRoute.current === route) return;
    lastRoute.current = route;
    if (userLayers && deskChoice.current) store.dispatch({ type: 'applyLayers', ...deskChoice.current });
  }, [store, route, userLayers]);

  const ready = readyFor === who;
  useSaving(store, api.savePreferences, ready && Boolean(me.user), userLayers, deskChoice);
  return ready;
}

type Saved = Pick<AppState['ui'], 'lang' | 'theme' | 'layers'>;

/** Keeps what the user changes: language and theme always; the layers only on the desk. */
function useSaving(
  store: Store,
  save: (patch: Partial<Omit<UserPreferences, 'updatedAt'>>) => Promise<unknown>,
  enabled: boolean,
  userLayers: boolean,
  deskChoice: { current: LayerChoice | null },
) {
  useEffect(() => {
    if (!enabled) return;
    const pick = (s: AppState): Saved => ({ lang: s.ui.lang, theme: s.ui.theme, layers: s.ui.layers });
    let saved = pick(store.getState());
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const now = pick(store.getState());
      const patch: Partial<Omit<UserPreferences, 'updatedAt'>> = {};
      if (now.lang !== saved.lang) patch.lang = now.lang;
      if (now.theme !== saved.theme) patch.theme = now.theme;
      if (userLayers && now.layers !== saved.layers) Object.assign(patch, layersToPrefs(now.layers));
      saved = now;
      if (Object.keys(patch).length) save(patch).catch((err: unknown) => console.warn('[preferences]', err));
    };
    const unsubscribe = store.subscribe(() => {
      const s = store.getState();
      if (s.ui.lang === saved.lang && s.ui.theme === saved.theme && s.ui.layers === saved.layers) return;
      writeDevicePrefs(localStorageOrNull(), { lang: s.ui.lang, theme: s.ui.theme });
      if (userLayers && s.ui.layers !== saved.layers) deskChoice.current = currentChoice(s.ui.layers);
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, SAVE_AFTER_MS);
    });
    return () => {
      unsubscribe();
      if (timer) {
        clearTimeout(timer);
        flush(); // a change made just before leaving is kept too
      }
    };
  }, [store, save, enabled, userLayers, deskChoice]);
}

function currentChoice(layers: AppState['ui']['layers']): LayerChoice {
  const visible = MAP_LAYERS.filter((id) => layers[id].visible);
  return { visible, filters: Object.fromEntries(MAP_LAYERS.map((id) => [id, { ...layers[id].filters }])) };
}

export function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
