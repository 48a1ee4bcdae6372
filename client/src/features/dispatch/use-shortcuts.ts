/**
 * The console's keyboard (shortcuts.ts holds the table): moves the selection through the queue in its shown
 * order, opens and closes the card, accepts, dispatches to the first recommendation, mutes, shows the help.
 * Accept and dispatch act through the open card's commands (card/IncidentCard.tsx registers them) so that
 * they use the version and recommendations the operator sees; with no card open, `a` and `d` open the
 * selected incident first.
 */
import { useEffect, useRef } from 'react';
import { useServices } from '../../app/services.ts';
import type { QueueItem } from '../../state/dispatch/queue-model.ts';
import type { DispatchServices } from './dispatch-services.ts';
import { commandOf, moveIndex, type ShortcutCommand } from './shortcuts.ts';

export function useShortcuts(items: readonly QueueItem[], ds: DispatchServices): void {
  const { store } = useServices();
  const shown = useRef(items);
  shown.current = items;
  useEffect(() => {
    const run = (cmd: ShortcutCommand) => {
      const d = store.getState().dispatch;
      const list = shown.current;
      const at = list.findIndex((i) => i.id === d.selectedId);
      switch (cmd) {
        case 'next':
        case 'prev': {
          const i = moveIndex(at, cmd === 'next' ? 1 : -1, list.length);
          if (i >= 0) store.dispatch({ type: 'dispatchSelect', id: list[i]!.id });
          return;
        }
        case 'open':
          if (d.selectedId) store.dispatch({ type: 'dispatchOpen', id: d.selectedId });
          return;
        case 'close':
          if (d.help) store.dispatch({ type: 'dispatchHelp', open: false });
          else if (d.pendingUnitId) store.dispatch({ type: 'dispatchPendingUnit', unitId: null });
          else store.dispatch({ type: 'dispatchOpen', id: null });
          return;
        case 'accept':
        case 'dispatchFirst': {
          const card = ds.commands.current;
          if (card && d.openId && (d.openId === d.selectedId || !d.selectedId)) void (cmd === 'accept' ? card.accept() : card.dispatchFirst());
          else if (d.selectedId) store.dispatch({ type: 'dispatchOpen', id: d.selectedId });
          return;
        }
        case 'mute':
          ds.announcer.saveMuted(!d.muted);
          store.dispatch({ type: 'dispatchMute', muted: !d.muted });
          return;
        case 'help':
          store.dispatch({ type: 'dispatchHelp', open: !d.help });
          return;
      }
    };
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const cmd = commandOf({ key: e.key, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey, targetTag: target?.tagName, editable: target?.isContentEditable });
      if (!cmd) return;
      // Enter on a focused button is the button's; the queue's Enter is for the page.
      if (cmd === 'open' && target?.tagName === 'BUTTON') return;
      e.preventDefault();
      if (cmd === 'close' && target && 'blur' in target && target !== document.body) target.blur();
      run(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, ds]);
}
