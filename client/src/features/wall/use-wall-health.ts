/**
 * Self-healing around the wall: how old the figures on screen are (the data-age badge; stale past STALE_AFTER_MS
 * without a confirmed answer, or while the live feed is down for more than FEED_GRACE_MS), and a reload when a new
 * version is deployed — the server's build id (GET /api/client-config) is asked at start, every VERSION_EVERY_MS
 * and whenever the feed is live again; a different id than the page started with reloads the page (the wall's
 * token stays in sessionStorage). Reconnecting itself is the live socket's (net/live-socket.ts).
 */
import { useEffect, useRef, useState } from 'react';
import type { Api } from '../../net/api.ts';
import type { LiveStatus } from '../../net/live-socket.ts';
import type { Store } from '../../state/store.ts';

export const STALE_AFTER_MS = 45_000;
export const FEED_GRACE_MS = 3_000;
export const VERSION_EVERY_MS = 60_000;

/** Whether the figures count as stale: too old, or the feed down past its grace. Pure. */
export function isStale(now: number, okAt: number | null, feed: LiveStatus, feedDownSince: number | null): boolean {
  if (okAt === null) return feed !== 'live' && feedDownSince !== null && now - feedDownSince > FEED_GRACE_MS;
  if (now - okAt > STALE_AFTER_MS) return true;
  return feed !== 'live' && feedDownSince !== null && now - feedDownSince > FEED_GRACE_MS;
}

/** Since when the feed has not been live (page clock), null while it is. */
export function useFeedDownSince(store: Store): number | null {
  const [since, setSince] = useState<number | null>(null);
  useEffect(() => {
    let last = store.getState().live.status;
    if (last !== 'live') setSince(Date.now());
    return store.subscribe(() => {
      const status = store.getState().live.status;
      if (status === last) return;
      if (status === 'live') setSince(null);
      else if (last === 'live' || last === 'connecting') setSince((s) => s ?? Date.now());
      last = status;
    });
  }, [store]);
  return since;
}

/** Reloads the page when the server's build id changes from the one this page started with. */
export function useReloadOnNewVersion(store: Store, api: Api, reload: () => void = () => location.reload()): void {
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => {
    const abort = new AbortController();
    let started: string | null | undefined;
    const check = () =>
      api.clientConfig(abort.signal).then(
        (c) => {
          const id = c.buildId ?? null;
          if (started === undefined || started === null) started = id;
          else if (id !== null && id !== started) reloadRef.current();
        },
        () => undefined, // the server is away: the next check asks again
      );
    void check();
    const every = setInterval(check, VERSION_EVERY_MS);
    let last = store.getState().live.status;
    const unsubscribe = store.subscribe(() => {
      const status = store.getState().live.status;
      if (status === 'live' && last !== 'live') void check();
      last = status;
    });
    return () => {
      abort.abort();
      clearInterval(every);
      unsubscribe();
    };
  }, [store, api]);
}
