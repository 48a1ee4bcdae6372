/**
 * The top bar's drop-downs (the org tree's list, the search results) open one at a time: opening one closes the
 * other, and Esc or a click elsewhere closes whichever is open. TopBar provides it; OrgTree and SearchBox use it.
 */
import { createContext, useContext } from 'react';

export type TopPopup = 'org' | 'search' | null;

export interface TopPopupState {
  open: TopPopup;
  setOpen(next: TopPopup): void;
}

export const TopPopupContext = createContext<TopPopupState>({ open: null, setOpen: () => undefined });

export function useTopPopup(): TopPopupState {
  return useContext(TopPopupContext);
}
