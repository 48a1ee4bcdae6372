/**
 * Holds the queue's rows in place while the dispatcher aims at them with the mouse (state/dispatch/held-queue.ts):
 * returns the rows to show, how many incidents arrived meanwhile, and the pointer handlers for the list. The hold
 * starts when the mouse moves over the list and ends when it leaves, when the window loses focus, or when the mouse
 * has rested for HOLD_IDLE_MS (nobody aims with a still pointer, and a pointer left on the list must not freeze the
 * queue for good); the next move holds again. A touch or pen does not hold (no hover).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { heldRows, holdOf, refreshHold, type Hold, type HeldRow } from '../../../state/dispatch/held-queue.ts';
import type { QueueItem } from '../../../state/dispatch/queue-model.ts';

export const HOLD_IDLE_MS = 4_000;

export interface HeldQueue {
  rows: HeldRow[];
  arrived: number;
  held: boolean;
  onPointerMove: (e: PointerEvent) => void;
  onPointerLeave: () => void;
}

export function useHeldQueue(items: readonly QueueItem[]): HeldQueue {
  const [hold, setHold] = useState<Hold | null>(null);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const holding = hold !== null;
  const release = useCallback(() => {
    clearTimeout(idle.current);
    setHold(null);
  }, []);
  useEffect(() => {
    // the latest state of the held incidents, for the rows that leave the queue meanwhile
    if (holding) setHold((h) => (h ? refreshHold(h, items) : h));
  }, [items, holding]);
  useEffect(() => {
    if (!holding) return;
    window.addEventListener('blur', release);
    return () => window.removeEventListener('blur', release);
  }, [holding, release]);
  useEffect(() => () => clearTimeout(idle.current), []);
  const onPointerMove = useCallback(
    (e: PointerEvent) => {
      if (e.pointerType !== 'mouse') return;
      setHold((h) => h ?? holdOf(items));
      clearTimeout(idle.current);
      idle.current = setTimeout(release, HOLD_IDLE_MS);
    },
    [items, release],
  );
  const shown = useMemo(() => (hold ? heldRows(hold, items) : { rows: items.map((item) => ({ item, gone: false })), arrived: 0 }), [hold, items]);
  return { ...shown, held: holding, onPointerMove, onPointerLeave: release };
}
