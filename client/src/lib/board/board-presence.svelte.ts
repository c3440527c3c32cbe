import type { BoardStore } from './board-store.svelte';
import type { LiveConnection } from './live-connection.svelte';
import { cursorsFor, editorsOf, ghostsFor, remoteSelectionColors } from './presence-view';

interface Source {
  live: () => LiveConnection | null;
  store: BoardStore;
  /** What this user has selected, as others see it. */
  selected: () => string[];
  /** What this user's job form edits (null when closed). */
  editing: () => string | null;
}

/**
 * Others on the board as the page draws them (ghost drags, pointers, their selections, who edits the
 * same job) and what it tells them of this user (selection, open form). Create during a component's
 * initialisation: it sends with effects.
 */
export class BoardPresence {
  readonly #src: Source;

  constructor(src: Source) {
    this.#src = src;
    $effect(() => {
      this.#src.live()?.setSelection(this.#src.selected());
    });
    $effect(() => {
      this.#src.live()?.setEditing(this.#src.editing());
    });
  }

  readonly others = $derived.by(() => this.#src.live()?.others ?? []);
  readonly editors = $derived.by(() => editorsOf(this.others, this.#src.editing()));
  readonly ghosts = $derived.by(() => {
    const live = this.#src.live();
    return live ? ghostsFor(live.ghosts, this.#src.store.blocksById, live.users) : [];
  });
  readonly cursors = $derived(cursorsFor(this.others));
  readonly remoteSelections = $derived(remoteSelectionColors(this.others));
}
