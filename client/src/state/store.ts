/**
 * The app's state: one plain object, changed only by the named pure updaters in ./updaters.ts.
 * A tiny store (subscribe/getState/dispatch) read by React through useSyncExternalStore.
 */
import { useSyncExternalStore } from 'react';
import type { AppState } from './app-state.ts';
import { UPDATERS, type Action as ShellAction } from './updaters.ts';
import { DISPATCH_UPDATERS, type DispatchAction } from './dispatch/dispatch-slice.ts';

/** Every action: the shell's and each feature slice's (a slice registers its updaters in TABLE below). */
export type Action = ShellAction | DispatchAction;
const TABLE = { ...UPDATERS, ...DISPATCH_UPDATERS };

export interface Store {
  getState(): AppState;
  dispatch(action: Action): void;
  subscribe(listener: () => void): () => void;
}

export function createStore(initial: AppState): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const updater = TABLE[action.type] as (s: AppState, a: Action) => AppState;
      const next = updater(state, action);
      if (next === state) return;
      state = next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStore<T>(store: Store, select: (s: AppState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
