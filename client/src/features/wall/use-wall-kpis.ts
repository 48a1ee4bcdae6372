/**
 * The wall's figures: GET /api/kpis for the wall's scope, fetched again a moment after the live feed brought
 * changes (debounced: at most one request per DEBOUNCE_MS while changes stream, at the latest MAX_WAIT_MS after the
 * first) and once more FOLLOW_UP_MS later (the server refreshes its cached answer in the background), at once when
 * the feed is live again after a loss, and at the city's midnight (今日 starts over without any write). Nothing is
 * polled: a light that turns 临期 or 超期 with time is written by the server's timer-light scheduler and so arrives
 * on the feed like any change. The last good answer stays on screen while the server is away; `okAt` says
 * when it was confirmed (the data-age badge and the stale banner read it).
 */
import { useEffect, useRef, useState } from 'react';
import { dayStart } from '../../../../server/domain/kpis/calendar.ts';
import type { KpisBody } from '../../../../server/domain/kpis/kpis-body.ts';
import type { Api } from '../../net/api.ts';
import type { Store } from '../../state/store.ts';

export const DEBOUNCE_MS = 1200;
export const MAX_WAIT_MS = 5000;
const DAY_MS = 86_400_000;

/** Milliseconds from `now` to one second past the next midnight in the city (Asia/Shanghai). */
export function msToNextCityDay(now: number): number {
  return dayStart(now) + DAY_MS + 1000 - now;
}
/** A change-triggered fetch is followed by one more this much later (the server refreshes its answer behind). */
export const FOLLOW_UP_MS = 3000;

export interface WallKpis {
  data: KpisBody | null;
  /** When the server last answered (page clock, ms); null before the first answer. */
  okAt: number | null;
  error: string | null;
}

export function useWallKpis(store: Store, api: Api, scope: string | null): WallKpis {
  const [state, setState] = useState<WallKpis>({ data: null, okAt: null, error: null });
  const stateRef = useRef(state);
  stateRef.current = state;
  useEffect(() => {
    const abort = new AbortController();
    let inFlight = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let followUp: ReturnType<typeof setTimeout> | null = null;
    let firstPending: number | null = null;
    const load = () => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      api.kpis(scope, abort.signal).then(
        (data) => setState({ data, okAt: Date.now(), error: null }),
        (err: Error) => {
          if (err.name !== 'AbortError') setState((s) => ({ ...s, error: err.message }));
        },
      ).finally(() => {
        inFlight = false;
        if (again && !abort.signal.aborted) {
          again = false;
          load();
        }
      });
    };
    const schedule = () => {
      const now = Date.now();
      firstPending ??= now;
      if (timer) clearTimeout(timer);
      const wait = Math.max(0, Math.min(DEBOUNCE_MS, firstPending + MAX_WAIT_MS - now));
      timer = setTimeout(() => {
        timer = null;
        firstPending = null;
        load();
        if (followUp) clearTimeout(followUp);
        followUp = setTimeout(() => {
          followUp = null;
          load();
        }, FOLLOW_UP_MS);
      }, wait);
    };
    let lastData = store.getState().live.lastDataAt;
    let lastStatus = store.getState().live.status;
    const unsubscribe = store.subscribe(() => {
      const live = store.getState().live;
      if (live.status === 'live' && lastStatus !== 'live') load(); // back after a loss: confirm at once
      lastStatus = live.status;
      if (live.lastDataAt !== lastData) {
        lastData = live.lastDataAt;
        schedule();
      }
    });
    load();
    let midnight: ReturnType<typeof setTimeout>;
    const atMidnight = () => {
      midnight = setTimeout(() => {
        load();
        atMidnight();
      }, msToNextCityDay(Date.now()));
    };
    atMidnight();
    return () => {
      abort.abort();
      unsubscribe();
      clearTimeout(midnight);
      if (timer) clearTimeout(timer);
      if (followUp) clearTimeout(followUp);
    };
  }, [store, api, scope]);
  return state;
}
