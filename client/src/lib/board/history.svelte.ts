import type { HistoryEntryDto, JobDto, OccurrenceDto } from '@schedhuler/shared';
import { api } from '../api';
import type { BoardStore } from './board-store.svelte';
import { buttonLabel, doneText, nextRedo, nextUndo, refusalText } from './undo-text';
import type { UndoDirection } from './undo-text';

interface Applied {
  undone?: { changeId: string; summary: string };
  redone?: { changeId: string; summary: string };
  occurrences: OccurrenceDto[];
  jobs: JobDto[];
}

export type UndoOutcome = { ok: true; text: string } | { ok: false; text: string };

/**
 * The signed-in planner's undo/redo history on one board, as the server keeps it (GET …/history).
 * The server decides what an undo does; the store takes its answer and the events like any change.
 */
export class UndoHistory {
  entries = $state.raw<HistoryEntryDto[]>([]);
  busy = $state(false);
  readonly undoEntry = $derived(nextUndo(this.entries));
  readonly redoEntry = $derived(nextRedo(this.entries));
  readonly undoLabel = $derived(buttonLabel('undo', this.undoEntry));
  readonly redoLabel = $derived(buttonLabel('redo', this.redoEntry));

  readonly #store: BoardStore;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #loadSeq = 0;

  constructor(store: BoardStore) {
    this.#store = store;
  }

  get #base(): string {
    return `/api/boards/${encodeURIComponent(this.#store.boardId)}`;
  }

  async refresh(): Promise<void> {
    const mine = ++this.#loadSeq;
    try {
      const res = await api.get<{ entries: HistoryEntryDto[] }>(`${this.#base}/history?limit=20`);
      // An older answer must not overwrite a newer one.
      if (mine === this.#loadSeq) this.entries = res.entries;
    } catch {
      // The buttons keep their last state; the next change refreshes again.
    }
  }

  /** After one of the user's own changes (their events arrive in a burst per change): one request. */
  refreshSoon(ms = 150): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), ms);
  }

  async apply(dir: UndoDirection): Promise<UndoOutcome> {
    if (this.busy) return { ok: false, text: `Still working on the last ${dir}` };
    this.busy = true;
    try {
      const res = await api.post<Applied>(`${this.#base}/${dir}`, {});
      this.#store.upsertOccurrences(res.occurrences);
      for (const j of res.jobs) this.#store.upsertJob(j);
      const summary = (res.undone ?? res.redone)?.summary ?? 'last change';
      return { ok: true, text: doneText(dir, summary) };
    } catch (e) {
      return { ok: false, text: refusalText(dir, e, (id) => this.#store.assetsById.get(id)?.name) };
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
