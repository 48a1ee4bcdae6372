/**
 * What the composition root creates once and passes down by context: the store, the credentials, the API,
 * the map handle, the router, the columnar memory of large live layers.
 * No module singletons: tests and the e2e hook get them from here.
 */
import { createContext, useContext } from 'react';
import type { CollectionId } from '../../../server/protocol/collections.ts';
import type { Api } from '../net/api.ts';
import type { Credentials } from '../net/credentials.ts';
import type { MapHandle } from '../map/map-handle.ts';
import type { ColumnsFeed } from '../map/memory-columns.ts';
import type { Store } from '../state/store.ts';
import type { Router } from './router.ts';

export interface Services {
  store: Store;
  api: Api;
  /** How this page authenticates (session cookie + CSRF, or a wall display's token); 401s are reported here. */
  credentials: Credentials;
  map: MapHandle;
  /** The page origin, for tile and glyph URLs MapLibre's workers resolve. */
  origin: string;
  /** URL of the bundled MVT worker. */
  mvtWorkerUrl: string;
  /** Which route the address shows, and navigation between routes. */
  router: Router;
  /** Large live layers (units) mirrored from the store into typed arrays (map/memory-columns.ts). */
  liveColumns: Partial<Record<CollectionId, ColumnsFeed>>;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('ServicesContext is missing: render inside <ServicesContext.Provider>');
  return s;
}
