/**
 * The app's state: one plain object, changed only by the named pure updaters in ./updaters.ts, plus the
 * features' own slices (./slice.ts), each registered below with one line and kept under its name.
 * A tiny store (subscribe/getState/dispatch) read by React through useSyncExternalStore.
 */
import { useSyncExternalStore } from 'react';
import { analysisSlice } from './analysis-slice.ts';
import type { AppState } from './app-state.ts';
import { DISPATCH_UPDATERS, type DispatchAction } from './dispatch/dispatch-slice.ts';
import type { Slice } from './slice.ts';
import { UPDATERS, type Action as ShellAction } from './updaters.ts';

/** The actions of the shell and of the slices that live in AppState (dispatch registers its updaters in TABLE). */
export type Action = ShellAction | DispatchAction;
const TABLE = { ...UPDATERS, ...DISPATCH_UPDATERS };

/** The features' slices: name → slice. */
const SLICES = {
  analysis: analysisSlice,
} as const;

type Slices = typeof SLICES;
type SliceName = keyof Slices;
export type SliceStates = { [K in SliceName]: ReturnType<Slices[K]['initial']> };
/** The actions of the features' slices. */
export type SliceAction = Parameters<Slices[SliceName]['reduce']>[1];
/** The whole state: the shell's slices and the features'. */
export type StoreState = AppState & SliceStates;
export type AnyAction = Action | SliceAction;

export interface Store {
  getState(): StoreState;
  dispatch(action: AnyAction): void;
  subscribe(listener: () => void): () => void;
}

const sliceEntries = Object.entries(SLICES) as [SliceName, Slice<unknown, { type: string }>][];

function withSlices(s: AppState, from?: StoreState): StoreState {
  const out = { ...s } as Record<string, unknown>;
  for (const [name, slice] of sliceEntries) out[name] = from?.[name] ?? slice.initial();
  return out as unknown as StoreState;
}

/** The features' slices after an action (the same object when none changed); a reset starts them over. */
function reduceSlices(s: StoreState, action: AnyAction): StoreState {
  let next: Record<string, unknown> | null = null;
  for (const [name, slice] of sliceEntries) {
    const before = s[name];
    const after = action.type === 'resetSession' ? slice.initial() : slice.reduce(before, action);
    if (after !== before) (next ??= { ...s })[name] = after;
  }
  return (next as unknown as StoreState | null) ?? s;
}

export function createStore(initial: AppState): Store {
  let state = withSlices(initial);
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const updater = TABLE[action.type as Action['type']] as ((s: AppState, a: AnyAction) => AppState) | undefined;
      const core = updater ? updater(state, action) : state;
      const next = reduceSlices(core === state ? state : withSlices(core, state), action);
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

export function useStore<T>(store: Store, select: (s: StoreState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
