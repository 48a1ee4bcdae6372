/**
 * A feature's own state slice: its initial value and a pure reducer. The store (./store.ts) keeps each
 * registered slice under its name next to the shell's slices, hands it every action (a slice returns the
 * same object for actions that are not its own) and starts it over on 'resetSession'.
 */
export interface Slice<S, A extends { type: string }> {
  initial(): S;
  reduce(state: S, action: A): S;
}
