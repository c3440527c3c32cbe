import type { ConflictDto, JobWithOccurrences, OccurrenceDto } from '@schedhuler/shared';
import { api } from '../api';
import type { BoardStore } from './board-store.svelte';
import { setOf } from './id-sets';
import { buildDesk, deskCounts, filterChoices, NO_FILTERS, type DeskCard, type DeskFilters } from './conflict-desk';

type DeskStore = Pick<
  BoardStore,
  'boardId' | 'board' | 'conflicts' | 'openConflicts' | 'canEdit' | 'canResolve' | 'currentUserId' | 'occurrences' | 'upsertConflict' | 'upsertOccurrences' | 'upsertJob'
>;

export type ResolveBody = { action: 'cancel' | 'move'; occurrenceId: string; startsAt?: string };

/** The key of the "Dismiss all rejected" request in `busy` and `errors` (cards use their own keys). */
export const ALL_REJECTED = 'all-rejected';

const path = (s: string) => encodeURIComponent(s);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The conflict desk beside the board: filters, open or resolved records, and what a card's buttons
 * send (resolve, dismiss, book at the suggested slot). One request at a time per card; a failure
 * stays on its card, the others keep working.
 */
export class ConflictDeskState {
  filters = $state<DeskFilters>({ ...NO_FILTERS });
  showResolved = $state(false);
  compact = $state(false);
  resolved = $state.raw<ConflictDto[]>([]);
  /** The card (or ALL_REJECTED) whose request is under way. */
  busy = $state<string | null>(null);
  errors = $state<Record<string, string>>({});
  deskError = $state('');

  readonly #store: DeskStore;
  readonly #onDone: () => void;

  /** `onDone` runs after each successful action (the page drops its highlight of the card's blocks). */
  constructor(store: DeskStore, onDone: () => void = () => {}) {
    this.#store = store;
    this.#onDone = onDone;
  }

  readonly source = $derived.by(() => (this.showResolved ? this.resolved : this.#store.openConflicts));
  readonly desk = $derived(buildDesk(this.source, this.filters));
  readonly counts = $derived.by(() => deskCounts(this.#store.openConflicts));
  readonly choices = $derived(filterChoices(this.source));

  setStatus(resolved: boolean): Promise<void> {
    this.showResolved = resolved;
    return resolved ? this.#loadResolved() : Promise.resolve();
  }

  async #loadResolved(): Promise<void> {
    try {
      this.resolved = (await api.get<{ conflicts: ConflictDto[] }>(`/api/boards/${path(this.#store.boardId)}/conflicts?status=resolved`)).conflicts;
      this.deskError = '';
    } catch (e) {
      this.deskError = message(e);
    }
  }

  async #run(key: string, work: () => Promise<void>): Promise<void> {
    this.busy = key;
    this.errors = { ...this.errors, [key]: '' };
    try {
      await work();
      this.#onDone();
    } catch (e) {
      this.errors = { ...this.errors, [key]: message(e) };
    } finally {
      this.busy = null;
    }
  }

  resolve(card: DeskCard, body: ResolveBody): Promise<void> {
    return this.#run(card.key, async () => {
      const res = await api.post<{ conflict: ConflictDto }>(`/api/conflicts/${path(card.latest.id)}/resolve`, body);
      this.#store.upsertConflict(res.conflict);
    });
  }

  /** Closes every record of the card in one request (a grouped card may hold hundreds). */
  dismiss(card: DeskCard): Promise<void> {
    return this.#run(card.key, async () => {
      await api.post<{ count: number }>(`/api/boards/${path(this.#store.boardId)}/conflicts/dismiss`, { ids: card.ids });
      const gone = setOf(card.ids);
      this.#store.conflicts = this.#store.conflicts.filter((c) => !gone.has(c.id));
    });
  }

  dismissAllRejected(): Promise<void> {
    return this.#run(ALL_REJECTED, async () => {
      await api.post<{ count: number }>(`/api/boards/${path(this.#store.boardId)}/conflicts/dismiss`, { kind: 'rejected' });
      this.#store.conflicts = this.#store.conflicts.filter((c) => c.kind !== 'rejected');
    });
  }

  /** Only the author of a refused move or one-off, with a suggested slot, books it from the desk. */
  canBook(card: DeskCard): boolean {
    const c = card.latest;
    const s = this.#store;
    if (c.kind !== 'rejected' || !c.suggested || !s.canEdit || !s.currentUserId || c.actor?.id !== s.currentUserId) return false;
    return (c.attempt?.action === 'move' && !!c.attempt.occurrenceId) || (c.attempt?.action === 'create' && c.attempt.oneOff === true && !!c.jobName);
  }

  /** The author books what was refused at the slot the server suggested; the server then closes the attempt. */
  book(card: DeskCard): Promise<void> {
    return this.#run(card.key, async () => {
      const store = this.#store;
      const c = card.latest;
      const slot = c.suggested!;
      if (c.attempt?.action === 'move' && c.attempt.occurrenceId) {
        const occ = store.occurrences.get(c.attempt.occurrenceId);
        if (!occ) throw new Error('That occurrence is not loaded any more; open its day and move it there.');
        const res = await api.patch<{ occurrence: OccurrenceDto }>(`/api/occurrences/${path(occ.id)}`, {
          expectedVersion: occ.version,
          assetId: c.assetId,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
        });
        store.upsertOccurrences([res.occurrence]);
      } else {
        const a = c.attempt!;
        const res = await api.post<JobWithOccurrences>(`/api/boards/${path(store.boardId)}/tasks`, {
          name: c.jobName,
          assetId: c.assetId,
          timezone: a.timezone ?? store.board?.timezone ?? 'UTC',
          startsAt: slot.startsAt,
          planDurationMin: a.planDurationMin ?? Math.round((Date.parse(slot.endsAt) - Date.parse(slot.startsAt)) / 60_000),
          ...(a.priority ? { priority: a.priority } : {}),
          ...(a.graceBeforeMin !== undefined ? { graceBeforeMin: a.graceBeforeMin } : {}),
          ...(a.graceAfterMin !== undefined ? { graceAfterMin: a.graceAfterMin } : {}),
        });
        store.upsertJob(res.job);
        store.upsertOccurrences(res.occurrences);
      }
      // A booked move leaves its records open: the server closes them with the move's event.
      const gone = setOf(card.ids);
      store.conflicts = store.conflicts.filter((x) => !gone.has(x.id) || x.attempt?.action === 'move');
    });
  }
}
