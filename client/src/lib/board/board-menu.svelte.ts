import type { MenuItem } from '../../components/board/context-menu.svelte';
import type { BoardStore } from './board-store.svelte';
import type { OccurrenceActions } from './occurrence-actions.svelte';
import type { BoardCommands } from './board-commands.svelte';
import type { PasteTarget } from './clipboard';

export interface BoardMenuFacts {
  /** The block the menu was opened on, if any. */
  blockId: string | null;
  /** How many occurrences its actions apply to (the selection when the block is part of it). */
  count: number;
  /** Whether the menu has a place to paste at. */
  hasTarget: boolean;
  /** Items on the clipboard (null when nothing was copied). */
  clipItems: number | null;
  /** The run a Restore would bring back. */
  lastCancelledName: string | null;
}

/** The board's context menu: what can be done to one block, to a selection, or at an empty place. */
export function boardMenuItems(f: BoardMenuFacts): MenuItem[] {
  const items: MenuItem[] = [];
  const id = f.blockId;
  const n = id ? f.count : 0;
  if (id && n === 1) items.push({ id: 'edit', label: 'Edit the job', keys: 'Enter' });
  if (id) items.push({ id: 'cancel', label: n === 1 ? 'Cancel this run' : `Cancel ${n} runs`, keys: 'Delete' });
  if (id && n === 1) items.push({ id: 'duplicate', label: 'Duplicate', keys: 'Ctrl+D' });
  if (id) items.push({ id: 'copy', label: n === 1 ? 'Copy' : `Copy ${n} occurrences`, keys: 'Ctrl+C' }, { id: 'cut', label: n === 1 ? 'Cut' : `Cut ${n} occurrences`, keys: 'Ctrl+X' });
  if (f.clipItems !== null && f.hasTarget) items.push({ id: 'paste', label: f.clipItems === 1 ? 'Paste here' : `Paste ${f.clipItems} here`, keys: 'Ctrl+V' });
  if (f.lastCancelledName !== null) items.push({ id: 'restore', label: `Restore ${f.lastCancelledName}` });
  if (id && n === 1) items.push({ id: 'delete-job', label: 'Delete the job…', keys: 'Shift+Delete', danger: true });
  return items;
}

export interface MenuPlace {
  x: number;
  y: number;
  blockId: string | null;
  /** Where Paste puts the clipboard. */
  target: PasteTarget | null;
}

export interface BoardMenuDeps {
  store: Pick<BoardStore, 'blocksById'>;
  actions: Pick<OccurrenceActions, 'clip' | 'lastCancelled'>;
  commands: BoardCommands;
  /** The selection when `id` is part of it, else `id` alone. */
  targetsOf: (id: string) => string[];
  openJob: (jobId: string) => void;
  focusBlock: (id: string) => void;
}

/** The open context menu: where it is, what it offers, and what a pick does. */
export class BoardMenu {
  place = $state<MenuPlace | null>(null);
  readonly #d: BoardMenuDeps;

  constructor(deps: BoardMenuDeps) {
    this.#d = deps;
  }

  readonly items = $derived.by((): MenuItem[] => {
    const m = this.place;
    if (!m) return [];
    return boardMenuItems({
      blockId: m.blockId,
      count: m.blockId ? this.#d.targetsOf(m.blockId).length : 0,
      hasTarget: m.target !== null,
      clipItems: this.#d.actions.clip?.items.length ?? null,
      lastCancelledName: this.#d.actions.lastCancelled?.name ?? null,
    });
  });

  readonly label = $derived.by((): string => {
    const id = this.place?.blockId;
    if (!id) return 'Board actions';
    const n = this.#d.targetsOf(id).length;
    return `Actions for ${n > 1 ? `${n} occurrences` : (this.#d.store.blocksById.get(id)?.name ?? 'occurrence')}`;
  });

  open(place: MenuPlace): void {
    this.place = place;
  }

  /** Closes it; the focus goes back to the block it was opened on. */
  close(): void {
    const id = this.place?.blockId;
    this.place = null;
    if (id) this.#d.focusBlock(id);
  }

  pick(item: string): void {
    const m = this.place;
    this.close();
    if (!m) return;
    const { commands, targetsOf } = this.#d;
    const id = m.blockId;
    const b = id ? this.#d.store.blocksById.get(id) : undefined;
    if (item === 'edit' && b) this.#d.openJob(b.occ.jobId);
    else if (item === 'cancel' && id) void commands.cancel(targetsOf(id));
    else if (item === 'duplicate' && id) void commands.duplicate(id);
    else if (item === 'copy' && id) commands.copy(targetsOf(id), 'copy');
    else if (item === 'cut' && id) commands.copy(targetsOf(id), 'cut');
    else if (item === 'paste') void commands.paste(m.target);
    else if (item === 'restore') void commands.restoreLast();
    else if (item === 'delete-job' && id) void commands.askDeleteJob(id);
  }
}
