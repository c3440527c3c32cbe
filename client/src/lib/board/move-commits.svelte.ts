import type { Placement } from '../timeline/drag-maths';
import type { BoardStore } from './board-store.svelte';
import type { MoveFeedback, MoveSuggestion } from './move-feedback';

interface Host {
  store: Pick<BoardStore, 'move'>;
  announce: (text: string) => void;
  /** A move was saved: the undo history has a new entry. */
  saved: () => void;
}

/**
 * Saves a dropped move or resize and keeps what the server said about a refused one (the feedback
 * bar's message and suggestions, which apply to that same occurrence).
 */
export class MoveCommits {
  feedback = $state<MoveFeedback | null>(null);
  /** The occurrence the feedback's suggestions apply to. */
  #feedbackFor: string | null = null;
  readonly #host: Host;

  constructor(host: Host) {
    this.#host = host;
  }

  async commit(id: string, placement: Placement): Promise<void> {
    this.feedback = null;
    const res = await this.#host.store.move(id, placement);
    if (res.ok) {
      this.#host.announce('Saved');
      this.#host.saved();
    } else {
      this.feedback = res.feedback;
      this.#feedbackFor = id;
      this.#host.announce(`Not saved. ${res.feedback.message}`);
    }
  }

  apply(s: MoveSuggestion): void {
    const id = this.#feedbackFor;
    this.feedback = null;
    if (id) void this.commit(id, s.placement);
  }

  dismiss(): void {
    this.feedback = null;
  }
}
