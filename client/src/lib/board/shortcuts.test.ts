import { describe, expect, it } from 'vitest';
import { isShortcutKey, keyName, SHORTCUTS, shortcutsFor } from './shortcuts';

const key = (k: string, target: EventTarget | null = document.body, mods: Partial<KeyboardEvent> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, target, ...mods });

describe('board shortcuts', () => {
  it('lists the keys of the timeline, the drag controller and the board actions (issue 14 included)', () => {
    const keys = SHORTCUTS.flatMap((g) => g.items.flatMap((s) => s.keys));
    for (const k of ['←', 'Shift+→', 'Enter', 'Esc', 'Delete', 'Shift+Delete', 'Ctrl+Z', 'Ctrl+Y', 'Ctrl+C', 'Ctrl+V', 'Ctrl+D', 'Shift+F10', '+', '?']) expect(keys).toContain(k);
  });

  it('viewers see only what they can do', () => {
    const viewer = shortcutsFor(false).flatMap((g) => g.items.flatMap((s) => s.keys));
    expect(viewer).toContain('Enter');
    expect(viewer).toContain('?');
    expect(viewer).not.toContain('Ctrl+Z');
    expect(viewer).not.toContain('Delete');
    expect(shortcutsFor(false).some((g) => g.title === 'Selecting')).toBe(false);
  });

  it('"?" opens the sheet from the board, never while typing in a field', () => {
    expect(isShortcutKey(key('?'))).toBe(true);
    const input = document.createElement('input');
    expect(isShortcutKey(key('?', input))).toBe(false);
    expect(isShortcutKey(key('/', document.body))).toBe(false);
    expect(isShortcutKey(key('?', document.body, { ctrlKey: true }))).toBe(false);
  });
});

describe('keyName', () => {
  const k = (key: string, mods: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey'>> = {}) => keyName({ key, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });
  it('names letters upper-case with Ctrl (or Cmd) and Shift in a fixed order', () => {
    expect(k('c', { ctrlKey: true })).toBe('Ctrl+C');
    expect(k('x', { metaKey: true })).toBe('Ctrl+X');
    expect(k('Delete', { shiftKey: true })).toBe('Shift+Delete');
    expect(k('z', { ctrlKey: true, shiftKey: true })).toBe('Ctrl+Shift+Z');
    expect(k(' ', { ctrlKey: true })).toBe('Ctrl+ ');
    expect(k('ContextMenu')).toBe('ContextMenu');
  });
});
