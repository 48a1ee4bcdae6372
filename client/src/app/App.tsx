/**
 * The page: the server's readiness, then who is signed in (AuthGate: login screen or the app), then a list
 * of children around one map. The shell threads the page's credentials into the map's own requests and
 * the live feed, restarts the feed after a re-login, and opens a district (street, community) user's map on
 * their own area.
 */
import { useCallback, useEffect, useState } from 'react';
import type { RequestTransformFunction, StyleSpecification } from 'maplibre-gl';
import { AuthGate } from '../features/auth/AuthGate.tsx';
import { isCityWide } from '../features/auth/auth-model.ts';
import { useSession } from '../features/auth/session.ts';
import { FeatureCard } from '../features/card/FeatureCard.tsx';
import { LayerPanel } from '../features/layers/LayerPanel.tsx';
import { buildOfflineStyle, LABELS_ANCHOR } from '../map/basemap-style.ts';
import { DeckLayers } from '../map/DeckLayers.tsx';
import { MapView } from '../map/MapView.tsx';
import { selectLang, selectTheme } from '../state/selectors.ts';
import { useStore } from '../state/store.ts';
import { startLiveSync } from './live-sync.ts';
import { ReadyGate } from './ReadyGate.tsx';
import { useServices } from './services.ts';
import { TopBar } from './TopBar.tsx';

export function App() {
  const { store } = useServices();
  const theme = useStore(store, selectTheme);
  const lang = useStore(store, selectLang);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [theme, lang]);
  return (
    <ReadyGate>
      <AuthGate>
        <Shell />
      </AuthGate>
    </ReadyGate>
  );
}

function Shell() {
  const { store, api, map, origin, credentials } = useServices();
  const { me, generation, active } = useSession();
  const jurisdiction = me.jurisdiction.code;
  const theme = useStore(store, selectTheme);
  const [externalStyle, setExternalStyle] = useState<string | null | undefined>(undefined);
  // The live feed runs while signed in; a re-login (generation) starts it again with the new credentials.
  useEffect(() => {
    if (!active) return;
    return startLiveSync(store, api, {
      token: credentials.token(),
      onUnauthorized: (reason) => credentials.unauthorized(`socket ${reason}`),
    });
  }, [store, api, credentials, active, generation, jurisdiction]);
  // After a re-login, tiles refused while signed out are loaded again (deck.gl: new tile version; the
  // basemap: MapView's reloadKey).
  useEffect(() => {
    if (generation > 1) store.dispatch({ type: 'refreshTiles', at: Date.now() });
  }, [store, generation]);
  useJurisdictionStartView(jurisdiction);
  const transformRequest = useCallback<RequestTransformFunction>((url) => ({ url, headers: credentials.headersFor(url) }), [credentials]);
  const onHttpError = useCallback((status: number) => status === 401 && credentials.unauthorized('basemap'), [credentials]);
  useEffect(() => {
    const ctl = new AbortController();
    api.clientConfig(ctl.signal).then(
      (c) => setExternalStyle(c.basemapStyleUrl),
      () => setExternalStyle(null),
    );
    return () => ctl.abort();
  }, [api]);
  const style: StyleSpecification | string | undefined = externalStyle === undefined ? undefined : (externalStyle ?? buildOfflineStyle(theme, origin));
  return (
    <div className="shell">
      <TopBar />
      <main className="stage">
        <LayerPanel />
        {style && (
          <MapView
            style={style}
            handle={map}
            testHook={new URLSearchParams(location.search).has('testHooks')}
            transformRequest={transformRequest}
            onHttpError={onHttpError}
            reloadKey={generation}
          >
            <DeckLayers beforeId={externalStyle ? undefined : LABELS_ANCHOR} />
          </MapView>
        )}
        <FeatureCard />
      </main>
    </div>
  );
}

/** A user responsible for a district, street or community starts on that area (the city starts on the city). */
function useJurisdictionStartView(code: string) {
  const { api, map } = useServices();
  useEffect(() => {
    if (isCityWide(code)) return;
    const ctl = new AbortController();
    api.orgBranch(code, ctl.signal).then(
      (branch) => branch.node.bbox && map.fitBounds(branch.node.bbox, code.length >= 12 ? 16 : 14, 0),
      (err: Error) => err.name !== 'AbortError' && console.warn('[jurisdiction]', err),
    );
    return () => ctl.abort();
  }, [api, map, code]);
}
