/**
 * Self-healing around the wall: whether the figures on screen are current (the data-age badge; stale while the live
 * feed is down for more than FEED_GRACE_MS, or when asking for the figures fails and the last good answer is older
 * than STALE_AFTER_MS — while the feed is live every change arrives on it, so quiet is not stale), and a reload when
 * a new version is deployed: a deploy restarts the server, which drops the feed, so the server's build id
 * (GET /api/client-config) is asked at start and whenever the feed is live again — nothing is polled; a different
 * id than the page started with reloads the page (the wall's token stays in sessionStorage). Reconnecting itself is
 * the live socket's (net/live-socket.ts).
 */
import { useEffect, useRef, useState } from 'react';
import type { Api } from '../../net/api.ts';
import type { LiveStatus } from '../../net/live-socket.ts';
import type { Store } from '../../state/store.ts';

export const STALE_AFTER_MS = 45_000;
export const FEED_GRACE_MS = 3_000;

/** Whether the figures count as stale: the feed down past its grace, or the figures failing for too long. Pure. */
export function isStale(now: number, okAt: number | null, feed: LiveStatus, feedDownSince: number | null, failing = false): boolean {
  if (feed !== 'live' && feedDownSince !== null && now - feedDownSince > FEED_GRACE_MS) return true;
  return failing && okAt !== null && now - okAt > STALE_AFTER_MS;
}

/** Whether the figures on screen are current now: the feed is live and the last request for them did not fail. */
export function isCurrent(okAt: number | null, feed: LiveStatus, failing: boolean): boolean {
  return okAt !== null && feed === 'live' && !failing;
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
    let last = store.getState().live.status;
    const unsubscribe = store.subscribe(() => {
      const status = store.getState().live.status;
      if (status === 'live' && last !== 'live') void check();
      last = status;
    });
    return () => {
      abort.abort();
      unsubscribe();
    };
  }, [store, api]);
}
