/**
 * Every keyboard shortcut the board has, for the "?" sheet. Kept next to nothing else on purpose:
 * when a handler gains a key (timeline, drag controller, board actions), add its row here.
 */
export interface Shortcut {
  keys: string[];
  what: string;
  /** Only planners and up can do it. */
  edits?: boolean;
}

export interface ShortcutGroup {
  title: string;
  items: Shortcut[];
}

export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    title: 'A focused block',
    items: [
      { keys: ['←', '→'], what: 'Move earlier or later by the snap step', edits: true },
      { keys: ['↑', '↓'], what: 'Move to the row above or below', edits: true },
      { keys: ['Shift+←', 'Shift+→'], what: 'Make shorter or longer', edits: true },
      { keys: ['Enter'], what: 'Save the move; otherwise open its job' },
      { keys: ['Space'], what: 'Select it; save the move' },
      { keys: ['Esc'], what: 'Cancel the move; clear a selection' },
      { keys: ['Delete', 'Backspace'], what: 'Cancel this run (or the selected runs)', edits: true },
      { keys: ['Shift+Delete'], what: 'Delete the whole job', edits: true },
      { keys: ['Ctrl+C', 'Ctrl+X'], what: 'Copy or cut', edits: true },
      { keys: ['Ctrl+V'], what: 'Paste at the next free slot', edits: true },
      { keys: ['Ctrl+D'], what: 'Duplicate', edits: true },
      { keys: ['Shift+F10', 'Menu'], what: 'Open its menu (also a right click)', edits: true },
    ],
  },
  {
    title: 'Selecting',
    items: [
      { keys: ['Ctrl+click'], what: 'Add a block to the selection, or take it out', edits: true },
      { keys: ['Shift+click'], what: 'Select a range of blocks in a row', edits: true },
    ],
  },
  {
    title: 'The board',
    items: [
      { keys: ['Ctrl+Z'], what: 'Undo your last change', edits: true },
      { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], what: 'Redo', edits: true },
      { keys: ['+', '−'], what: 'Zoom in or out' },
      { keys: ['Ctrl+wheel'], what: 'Zoom around the pointer' },
      { keys: ['Tab'], what: 'Go from block to block' },
      { keys: ['?'], what: 'Show this list' },
    ],
  },
];

/** The sheet's groups for a role: viewers see only what they can do. */
export function shortcutsFor(canEdit: boolean): ShortcutGroup[] {
  return SHORTCUTS.map((g) => ({ ...g, items: g.items.filter((s) => canEdit || !s.edits) })).filter((g) => g.items.length > 0);
}

/** True when "?" is meant for the board, not typed into a field. */
export function isShortcutKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): boolean {
  if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey) return false;
  const t = e.target;
  return !(typeof HTMLElement !== 'undefined' && t instanceof HTMLElement && (t.isContentEditable || t.closest('input, textarea, select, [contenteditable="true"]')));
}

/** A key press as the board's shortcut tables name it: "Ctrl+Shift+Z", "Shift+F10", "Ctrl+ " (Cmd counts as Ctrl). */
export function keyName(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): string {
  const mod = e.ctrlKey || e.metaKey ? 'Ctrl+' : '';
  return `${mod}${e.shiftKey ? 'Shift+' : ''}${e.key.length === 1 ? e.key.toUpperCase() : e.key}`;
}
