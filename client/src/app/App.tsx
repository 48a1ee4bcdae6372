/**
 * The page: the server's readiness, then who is signed in (AuthGate: login screen or the app), then the
 * current route's layout (./routes.ts, ./layouts.tsx) around one map (./MapStage.tsx). The shell runs what
 * every route shares: the live feed (restarted after a re-login), a tile reload after a re-login, the user's own
 * settings (features/prefs: language, theme, the desk's layers — the map waits for them), and every user's map
 * opening on their own jurisdiction's extent (the city's for a city-wide principal), clear of the panels.
 */
import { useEffect } from 'react';
import { AuthGate } from '../features/auth/AuthGate.tsx';
import { AnalysisWorkspace } from '../features/analysis/AnalysisWorkspace.tsx';
import { isCityWide } from '../features/auth/auth-model.ts';
import { useSession } from '../features/auth/session.ts';
import { IncidentCard } from '../features/dispatch/card/IncidentCard.tsx';
import { DispatchMapLayers } from '../features/dispatch/DispatchMapLayers.tsx';
import { DispatchPanel } from '../features/dispatch/queue/DispatchPanel.tsx';
import { LayerPanel } from '../features/layers/LayerPanel.tsx';
import { usePreferences } from '../features/prefs/use-preferences.ts';
import { selectLang, selectTheme } from '../state/selectors.ts';
import { useStore } from '../state/store.ts';
import { WallLayout } from '../features/wall/WallLayout.tsx';
import { DeskLayout, KioskLayout } from './layouts.tsx';
import { startLiveSync } from './live-sync.ts';
import { MapStage } from './MapStage.tsx';
import { ReadyGate } from './ReadyGate.tsx';
import { useServices } from './services.ts';
import { useI18n } from './use-i18n.ts';
import { useRoute, useRouteDefaults } from './use-route.ts';

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
  const { store, api, credentials } = useServices();
  const { me, generation, active } = useSession();
  const jurisdiction = me.jurisdiction.code;
  const route = useRoute();
  useRouteDefaults(route);
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
  const ready = usePreferences(me, route);
  useJurisdictionStartView(jurisdiction, ready);
  const dispatching = route.id === 'dispatch';
  const map = ready ? <MapStage generation={generation}>{dispatching && <DispatchMapLayers />}</MapStage> : <MapWaiting />;
  if (route.layout === 'wall') return <WallLayout map={map} />;
  if (route.layout === 'kiosk') return <KioskLayout route={route} map={map} />;
  // The dispatcher's console: the queue on the left, the incident card on the right, the map between.
  if (dispatching) return <DeskLayout route={route} map={map} panel={<DispatchPanel />} aside={<IncidentCard />} />;
  return <DeskLayout route={route} map={map} panel={route.id === 'analysis' ? <AnalysisWorkspace /> : <LayerPanel />} />;
}

function MapWaiting() {
  const { t } = useI18n();
  return (
    <div className="map-view map-waiting" data-testid="map-waiting">
      {t('desk.map.waiting')}
    </div>
  );
}

/**
 * Every user starts on their jurisdiction's own extent (the city's real boundary for a city-wide user, a
 * district's for a district user), fitted to the map as laid out — once the panels are in place.
 */
function useJurisdictionStartView(code: string, ready: boolean) {
  const { api, map } = useServices();
  useEffect(() => {
    if (!ready) return;
    const ctl = new AbortController();
    api.orgBranch(code, ctl.signal).then(
      (branch) => branch.node.bbox && map.fitBounds(branch.node.bbox, code.length >= 12 ? 16 : 14, 0),
      (err: Error) => err.name !== 'AbortError' && console.warn('[jurisdiction]', err),
    );
    return () => ctl.abort();
  }, [api, map, code, ready]);
}
