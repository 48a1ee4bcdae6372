/**
 * The console's keyboard shortcuts (docs/client.md "Dispatcher console"): one table, read by the key handler
 * (use-shortcuts.ts) and by the help overlay. Pure.
 *   j / ↓      next incident in the queue          k / ↑   previous incident
 *   Enter      open the selected incident's card    Esc     close the card (or the help)
 *   a          accept (受理) the open incident       d       dispatch to the first recommended unit
 *   m          mute / unmute the critical alert     ?       show / hide this help
 * Keys typed into a field (the opinion, a filter) are the field's, not the console's; a key with Ctrl, Alt
 * or Meta is the browser's.
 */
export type ShortcutCommand = 'next' | 'prev' | 'open' | 'close' | 'accept' | 'dispatchFirst' | 'mute' | 'help';

export interface Shortcut {
  /** KeyboardEvent.key values that trigger it. */
  keys: readonly string[];
  command: ShortcutCommand;
  /** The label shown in the help (the key names a person reads). */
  label: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['j', 'ArrowDown'], command: 'next', label: 'j / ↓' },
  { keys: ['k', 'ArrowUp'], command: 'prev', label: 'k / ↑' },
  { keys: ['Enter'], command: 'open', label: 'Enter' },
  { keys: ['Escape'], command: 'close', label: 'Esc' },
  { keys: ['a'], command: 'accept', label: 'a' },
  { keys: ['d'], command: 'dispatchFirst', label: 'd' },
  { keys: ['m'], command: 'mute', label: 'm' },
  { keys: ['?'], command: 'help', label: '?' },
];

/** The parts of a KeyboardEvent the map reads. */
export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** The focused element's tag (INPUT, TEXTAREA, SELECT) and whether it is contenteditable. */
  targetTag?: string;
  editable?: boolean;
}

const FIELDS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** The command a key press means, or null (not ours: typing in a field, a browser shortcut, another key). */
export function commandOf(e: KeyInput): ShortcutCommand | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const inField = e.editable === true || (e.targetTag !== undefined && FIELDS.has(e.targetTag.toUpperCase()));
  // In a field only Escape counts (it leaves the field's card); every other key is typing.
  if (inField) return e.key === 'Escape' ? 'close' : null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return SHORTCUTS.find((s) => s.keys.includes(key) || s.keys.includes(e.key))?.command ?? null;
}

/** The index selected after moving `delta` rows from `current` in a list of `length` (clamped; -1 when empty). */
export function moveIndex(current: number, delta: number, length: number): number {
  if (length <= 0) return -1;
  if (current < 0) return delta > 0 ? 0 : length - 1;
  return Math.max(0, Math.min(length - 1, current + delta));
}
