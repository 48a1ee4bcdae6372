/**
 * Map → console: on /dispatch a click on an incident of the map selects it in the queue and opens its card
 * (instead of the generic feature card); a click on a unit while an incident's card is open offers that unit
 * to send (card/AssignBox). Other clicks keep the generic feature card. (Console → map: DispatchMapLayers.)
 */
import { useEffect } from 'react';
import { useServices } from '../../app/services.ts';

export function useMapLink(): void {
  const { store } = useServices();
  useEffect(() => {
    const follow = () => {
      const s = store.getState();
      const sel = s.selection;
      if (!sel || sel.preview?.aggregated === true) return;
      if (sel.collection === 'incidents') {
        store.dispatch({ type: 'select', selection: null });
        store.dispatch({ type: 'dispatchOpen', id: sel.id });
      } else if (sel.collection === 'units' && s.dispatch.openId) {
        store.dispatch({ type: 'select', selection: null });
        store.dispatch({ type: 'dispatchPendingUnit', unitId: sel.id });
      }
    };
    follow();
    return store.subscribe(follow);
  }, [store]);
}
