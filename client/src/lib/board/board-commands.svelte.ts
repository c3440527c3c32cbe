import type { BoardStore } from './board-store.svelte';
import type { OccurrenceActions } from './occurrence-actions.svelte';
import type { UndoHistory } from './history.svelte';
import type { UndoDirection } from './undo-text';
import type { PasteTarget } from './clipboard';

export interface DeleteJobRequest {
  jobId: string;
  name: string;
  runs: number;
  blockId: string;
}

export type CommandActions = Pick<OccurrenceActions, 'cancel' | 'restore' | 'duplicate' | 'copy' | 'paste' | 'futureRuns' | 'deleteJob' | 'lastCancelled'>;

export interface BoardCommandsDeps {
  store: Pick<BoardStore, 'blocksById'>;
  actions: CommandActions;
  history: Pick<UndoHistory, 'apply' | 'refreshSoon'>;
  announce: (text: string) => void;
  /** Gives the focus back to a block (after the delete question is answered no). */
  focusBlock: (id: string) => void;
}

/** How long a result stays on screen. */
export const NOTICE_MS = 12_000;

/**
 * The board's edit commands (cancel, copy/cut/paste, duplicate, delete the job, restore, undo/redo),
 * shared by the shortcuts and the context menu, and the notice each one leaves behind.
 */
export class BoardCommands {
  /** The last result shown; cleared after NOTICE_MS or by the user. */
  notice = $state<string | null>(null);
  /** The open "delete the job?" question. */
  confirm = $state<DeleteJobRequest | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #d: BoardCommandsDeps;

  constructor(deps: BoardCommandsDeps) {
    this.#d = deps;
  }

  say(text: string): void {
    this.#d.announce(text);
    this.notice = text;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.notice = null), NOTICE_MS);
    // Whatever was done (or refused) may have changed what Undo and Redo would do.
    this.#d.history.refreshSoon();
  }

  /** Where a paste onto this block goes: its row, at its start. */
  blockTarget(id: string): PasteTarget | null {
    const b = this.#d.store.blocksById.get(id);
    return b ? { assetId: b.assetId, at: b.start } : null;
  }

  copy(ids: string[], mode: 'copy' | 'cut'): void {
    this.say(this.#d.actions.copy(ids, mode));
  }

  async cancel(ids: string[]): Promise<void> {
    const text = await this.#d.actions.cancel(ids);
    this.say(text.replace(/^(\d+ occurrences cancelled)$/, '$1. Ctrl+Z brings them back.'));
  }

  async paste(target: PasteTarget | null): Promise<void> {
    if (!target) return this.say('Point at a row or focus a block to paste there');
    this.say(await this.#d.actions.paste(target));
  }

  async duplicate(id: string): Promise<void> {
    this.say(await this.#d.actions.duplicate(id));
  }

  /** Counts the job's future runs, then asks (through `confirm`). */
  async askDeleteJob(id: string): Promise<void> {
    const b = this.#d.store.blocksById.get(id);
    if (!b) return;
    let runs: number;
    try {
      runs = await this.#d.actions.futureRuns(b.occ.jobId);
    } catch {
      return this.say('Could not count the runs of this job; try again');
    }
    this.confirm = { jobId: b.occ.jobId, name: b.name, runs, blockId: id };
  }

  async answerDelete(c: DeleteJobRequest, yes: boolean): Promise<void> {
    this.confirm = null;
    if (!yes) return this.#d.focusBlock(c.blockId);
    this.say(await this.#d.actions.deleteJob(c.jobId));
  }

  async restoreLast(): Promise<void> {
    const c = this.#d.actions.lastCancelled;
    if (c) this.say(await this.#d.actions.restore(c.id));
  }

  async undoRedo(dir: UndoDirection): Promise<void> {
    const res = await this.#d.history.apply(dir);
    this.say(res.text);
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
