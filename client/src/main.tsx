/**
 * Composition root: the router (the route the page opened on picks the starting layers and theme), the store
 * (with the units' columnar memory), the credentials, the API, the map handle; then <App/>.
 */
import { createRoot } from 'react-dom/client';
import mvtWorkerUrl from '@loaders.gl/mvt/mvt-worker.js?url';
import { App } from './app/App.tsx';
import { createRouter } from './app/router.ts';
import { startLayers } from './app/routes.ts';
import { ServicesContext } from './app/services.ts';
import './app/app.css';
import { createUnitStyle } from './map/layers/units-layer.ts';
import { createMapHandle } from './map/map-handle.ts';
import { mirrorStore } from './map/memory-columns.ts';
import { PointColumns } from './map/point-columns.ts';
import { createApi } from './net/api.ts';
import { createCredentials } from './net/credentials.ts';
import { initialState } from './state/app-state.ts';
import { createStore } from './state/store.ts';
import { readDevicePrefs } from './features/prefs/prefs-model.ts';
import { localStorageOrNull } from './features/prefs/use-preferences.ts';

const params = new URLSearchParams(location.search);
const router = createRouter(window);
const route = router.route();
// The first paint in the device's language and theme (the last user's here); the user's own follow at sign-in.
const device = readDevicePrefs(localStorageOrNull());
const urlLang = params.get('lang');
const urlTheme = params.get('theme');
// Units live in columnar memory too (typed arrays for deck.gl), kept equal to the store's on every dispatch.
const { store, feeds: liveColumns } = mirrorStore(
  createStore(
    initialState(
      urlLang === 'en' || urlLang === 'zh' ? urlLang : (device.lang ?? 'zh'),
      route.theme ?? (urlTheme === 'light' || urlTheme === 'dark' ? urlTheme : (device.theme ?? 'dark')),
      startLayers(route, params.get('layers')),
    ),
  ),
  [{ layer: 'units', columns: new PointColumns(createUnitStyle()), memory: (s) => s.memory.units?.features }],
);
// A wall display opens /wall?token=pa_… (or /?token=pa_…): the token moves to sessionStorage and out of the address bar.
const credentials = createCredentials({
  origin: location.origin,
  search: location.search,
  storage: sessionStorageOrNull(),
  replaceSearch: (search) => history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`),
});
// End-to-end tests and the client bench drive the store through ?testHooks (like window.__pinganMap).
if (params.has('testHooks')) Object.assign(window, { __pinganStore: store });
const services = { store, credentials, api: createApi(credentials), map: createMapHandle(), origin: location.origin, mvtWorkerUrl, router, liveColumns };

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: the token lives for this page only
  }
}

createRoot(document.getElementById('root')!).render(
  <ServicesContext.Provider value={services}>
    <App />
  </ServicesContext.Provider>,
);
