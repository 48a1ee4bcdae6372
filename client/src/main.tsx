/** Composition root: the store, the API, the map handle; then <App/>. */
import { createRoot } from 'react-dom/client';
import mvtWorkerUrl from '@loaders.gl/mvt/mvt-worker.js?url';
import { App } from './app/App.tsx';
import { ServicesContext } from './app/services.ts';
import './app/app.css';
import { createMapHandle } from './map/map-handle.ts';
import { createApi } from './net/api.ts';
import { initialState } from './state/app-state.ts';
import { createStore } from './state/store.ts';

const params = new URLSearchParams(location.search);
const store = createStore(
  initialState(params.get('lang') === 'en' ? 'en' : 'zh', params.get('theme') === 'light' ? 'light' : 'dark', params.get('layers')),
);
const services = { store, api: createApi(), map: createMapHandle(), origin: location.origin, mvtWorkerUrl };

createRoot(document.getElementById('root')!).render(
  <ServicesContext.Provider value={services}>
    <App />
  </ServicesContext.Provider>,
);
