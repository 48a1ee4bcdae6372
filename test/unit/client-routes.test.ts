/** The client's routes (client/src/app/routes.ts) and its router (client/src/app/router.ts) on a hand-written window. */
import { describe, expect, it } from 'vitest';
import { createRouter, type RouterWindow } from '../../client/src/app/router.ts';
import { onByDefault, routeOf, ROUTES, startLayers } from '../../client/src/app/routes.ts';
import { initialState, MAP_LAYERS } from '../../client/src/state/app-state.ts';

describe('routes', () => {
  it('match their paths, with or without a trailing slash; anything else is the desk map', () => {
    expect(routeOf('/').id).toBe('desk');
    expect(routeOf('/wall').id).toBe('wall');
    expect(routeOf('/wall/').id).toBe('wall');
    expect(routeOf('/dispatch').id).toBe('dispatch');
    expect(routeOf('/analysis').id).toBe('analysis');
    expect(routeOf('/nowhere').id).toBe('desk');
    expect(routeOf('/walls').id).toBe('desk');
  });

  it('the wall is the dark big-screen layout; the others are desk layouts', () => {
    expect(routeOf('/wall')).toMatchObject({ layout: 'wall', theme: 'dark' });
    for (const id of ['desk', 'dispatch', 'analysis']) expect(ROUTES.find((r) => r.id === id)!.layout).toBe('desk');
  });

  it('start with their own layers unless ?layers= says otherwise', () => {
    const dispatch = routeOf('/dispatch');
    const s = initialState('zh', 'dark', startLayers(dispatch, null));
    expect(MAP_LAYERS.filter((l) => s.ui.layers[l].visible).sort()).toEqual(['checkpoints', 'depots', 'incidents', 'units']);
    expect(startLayers(routeOf('/'), null)).toBeNull();
    expect(startLayers(dispatch, 'none')).toBe('none');
    expect(MAP_LAYERS.every((l) => onByDefault(routeOf('/'), l))).toBe(true);
    expect(onByDefault(routeOf('/analysis'), 'grids')).toBe(true);
    expect(onByDefault(routeOf('/analysis'), 'units')).toBe(false);
    for (const r of ROUTES) for (const l of r.layers ?? []) expect(MAP_LAYERS).toContain(l);
  });
});

/** A window whose history is an array and whose popstate is fired by hand. */
function fakeWindow(pathname: string, search = '') {
  const listeners = new Set<() => void>();
  const pushed: string[] = [];
  const win: RouterWindow & { back(path: string): void } = {
    location: { pathname, search },
    history: {
      pushState(_d, _u, url) {
        pushed.push(url);
        const u = new URL(url, 'http://x');
        win.location.pathname = u.pathname;
        win.location.search = u.search;
      },
    },
    addEventListener: (_t, l) => listeners.add(l),
    removeEventListener: (_t, l) => listeners.delete(l),
    back(path) {
      win.location.pathname = path;
      for (const l of listeners) l();
    },
  };
  return { win, pushed, listeners };
}

describe('router', () => {
  it('navigates with pushState keeping the query, tells its subscribers, and follows back and forward', () => {
    const { win, pushed, listeners } = fakeWindow('/', '?lang=en');
    const router = createRouter(win);
    let calls = 0;
    const stop = router.subscribe(() => calls++);
    expect(router.route().id).toBe('desk');
    router.navigate('/dispatch');
    expect(pushed).toEqual(['/dispatch?lang=en']);
    expect(router.route().id).toBe('dispatch');
    expect(calls).toBe(1);
    router.navigate('/dispatch');
    expect(pushed).toHaveLength(1);
    win.back('/');
    expect(router.route().id).toBe('desk');
    expect(calls).toBe(2);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('answers the same route object while the route is the same (a stable snapshot for React)', () => {
    const { win } = fakeWindow('/wall');
    const router = createRouter(win);
    expect(router.route()).toBe(router.route());
  });
});
