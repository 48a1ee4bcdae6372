/**
 * A router of our own (a library would not beat these lines): the current route from the address, pushState
 * navigation that keeps the query (language, theme, test hooks), and the back and forward buttons.
 * The window is injected (tests pass a hand-written one).
 */
import { routeOf, type RouteDef } from './routes.ts';

/** The parts of `window` the router uses. */
export interface RouterWindow {
  location: { pathname: string; search: string };
  history: { pushState(data: unknown, unused: string, url: string): void };
  addEventListener(type: 'popstate', listener: () => void): void;
  removeEventListener(type: 'popstate', listener: () => void): void;
}

export interface Router {
  /** The route of the address now (the same object while the route is the same). */
  route(): RouteDef;
  /** Opens a path, keeping the query; no-op when already there. */
  navigate(path: string): void;
  /** Called when the route may have changed (navigate, back, forward). */
  subscribe(listener: () => void): () => void;
}

export function createRouter(win: RouterWindow): Router {
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of [...listeners]) l();
  };
  return {
    route: () => routeOf(win.location.pathname),
    navigate(path) {
      if (win.location.pathname === path) return;
      win.history.pushState(null, '', `${path}${win.location.search}`);
      changed();
    },
    subscribe(listener) {
      if (listeners.size === 0) win.addEventListener('popstate', changed);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) win.removeEventListener('popstate', changed);
      };
    },
  };
}
