import type { JobWithOccurrences, OccurrenceDto, SnapshotOccurrence } from '@schedhuler/shared';
import { api, ApiError } from '../api';
import type { Placement } from '../timeline/drag-maths';
import { formatHm } from '../timeline/zone';
import type { BoardStore } from './board-store.svelte';
import { toIso } from './board-data';
import { busyOn, nextFreeSlot, pastePlacements } from './clipboard';
import type { Clip, ClipItem, PasteTarget } from './clipboard';
import { explainMoveFailure } from './move-feedback';
import { setOf } from './id-sets';

const DAY = 86_400_000;

interface BatchOp {
  occurrenceId: string;
  expectedVersion: number;
  assetId?: string;
  startsAt?: string;
  endsAt?: string;
  cancel?: true;
}

interface BatchFailure {
  index: number;
  occurrenceId: string;
  code: string;
  message: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * What a planner can do to occurrences besides dragging one: cancel, restore, duplicate, copy/cut/
 * paste, move or cancel several at once, delete the job. Every method answers with the words to
 * announce; the server's answers and events update the store (no rule is re-derived here).
 */
export class OccurrenceActions {
  clip = $state.raw<Clip | null>(null);
  /** The last run cancelled here, so it can be restored (cancelled runs leave the board). */
  lastCancelled = $state.raw<{ id: string; name: string } | null>(null);

  readonly #store: BoardStore;
  readonly #now: () => number;

  constructor(store: BoardStore, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  get #zone(): string {
    return this.#store.board?.timezone ?? 'UTC';
  }

  #name(id: string): string {
    const occ = this.#store.occurrences.get(id);
    // The occurrence's own name when its job is not loaded (deleted: its started runs stay on the board).
    return (occ && (this.#store.jobs.get(occ.jobId)?.name ?? (occ as SnapshotOccurrence).jobName)) || 'the run';
  }

  #horizon(): number {
    return this.#now() + (this.#store.board?.horizonDays ?? 30) * DAY;
  }

  async cancel(ids: readonly string[]): Promise<string> {
    if (ids.length === 0) return 'Nothing selected';
    if (ids.length > 1) {
      const ops = ids.flatMap((id): BatchOp[] => {
        const o = this.#store.occurrences.get(id);
        return o ? [{ occurrenceId: id, expectedVersion: o.version, cancel: true }] : [];
      });
      const res = await this.#batch(ops, 'cancelled');
      if (res.ok) this.lastCancelled = null;
      return res.text;
    }
    const id = ids[0]!;
    const occ = this.#store.occurrences.get(id);
    if (!occ) return 'This run no longer exists';
    const name = this.#name(id);
    try {
      await api.delete<void>(`/api/occurrences/${encodeURIComponent(id)}`);
      this.#store.upsertOccurrences([{ ...occ, status: 'cancelled', version: occ.version + 1 }]);
      this.lastCancelled = { id, name };
      return `Cancelled ${name} at ${formatHm(Date.parse(occ.startsAt), this.#zone)}. Ctrl+Z or Restore brings it back.`;
    } catch (e) {
      return `Not cancelled: ${e instanceof ApiError ? e.message : 'try again'}`;
    }
  }

  async restore(id: string): Promise<string> {
    const occ = this.#store.occurrences.get(id);
    if (!occ) return 'This run is not loaded any more';
    const name = this.#name(id);
    try {
      const res = await api.post<{ occurrence: OccurrenceDto }>(`/api/occurrences/${encodeURIComponent(id)}/restore`, { expectedVersion: occ.version });
      this.#store.upsertOccurrences([res.occurrence]);
      if (this.lastCancelled?.id === id) this.lastCancelled = null;
      return `Restored ${name}`;
    } catch (e) {
      const start = Date.parse(occ.startsAt);
      const end = Date.parse(occ.endsAt);
      const why = explainMoveFailure(e, { occurrence: occ, placement: { assetId: occ.assetId, start, end }, assetsById: this.#store.assetsById, zone: this.#zone });
      return `Not restored: ${why.message}`;
    }
  }

  /** A one-off copy on the same asset at its next free slot after the original. */
  async duplicate(id: string): Promise<string> {
    const b = this.#store.blocksById.get(id);
    if (!b) return 'This run is not on the board';
    const start = nextFreeSlot(busyOn(this.#store.blocks, b.assetId), b.end - b.start, b.end, this.#horizon());
    if (start === null) return `No free slot for a copy of ${b.name} before the horizon`;
    return this.#createCopy({ occurrenceId: b.id, jobId: b.occ.jobId, name: b.name, assetId: b.assetId, start: b.start, end: b.end }, { assetId: b.assetId, start, end: start + (b.end - b.start) }, 'Duplicated');
  }

  copy(ids: readonly string[], mode: Clip['mode'] = 'copy'): string {
    const items = ids.flatMap((id): ClipItem[] => {
      const b = this.#store.blocksById.get(id);
      return b ? [{ occurrenceId: b.id, jobId: b.occ.jobId, name: b.name, assetId: b.assetId, start: b.start, end: b.end }] : [];
    });
    if (items.length === 0) return 'Nothing selected';
    this.clip = { mode, items };
    const what = items.length === 1 ? items[0]!.name : plural(items.length, 'occurrence');
    return `${mode === 'cut' ? 'Cut' : 'Copied'} ${what}. Focus a row or block and press Ctrl+V to paste.`;
  }

  /** Where the clipboard would land at `target` (null: no room before the horizon). */
  placementsFor(target: PasteTarget): Placement[] | null {
    const clip = this.clip;
    if (!clip) return null;
    const moving = setOf(clip.mode === 'cut' ? clip.items.map((i) => i.occurrenceId) : []);
    return pastePlacements(clip.items, target, busyOn(this.#store.blocks, target.assetId, moving), this.#horizon());
  }

  async paste(target: PasteTarget): Promise<string> {
    const clip = this.clip;
    if (!clip) return 'The clipboard is empty: copy or cut an occurrence first';
    const placements = this.placementsFor(target);
    if (!placements) return 'No free slot there before the horizon';
    if (clip.mode === 'cut') {
      const text = clip.items.length === 1 ? await this.#moveOne(clip.items[0]!.occurrenceId, placements[0]!) : await this.moveMany(clip.items.map((i, k) => ({ id: i.occurrenceId, ...placements[k]! })));
      // A cut is pasted once; what is left is a copy of nothing.
      if (!text.startsWith('Not')) this.clip = null;
      return text;
    }
    const texts: string[] = [];
    for (const [k, item] of clip.items.entries()) texts.push(await this.#createCopy(item, placements[k]!, 'Pasted'));
    return clip.items.length === 1 ? texts[0]! : `${plural(texts.filter((t) => t.startsWith('Pasted')).length, 'occurrence')} pasted${texts.some((t) => t.startsWith('Not')) ? `; ${texts.filter((t) => t.startsWith('Not')).join('; ')}` : ''}`;
  }

  /** Several moves as one change (one request, all or none). */
  async moveMany(moves: readonly (Placement & { id: string })[]): Promise<string> {
    const ops = moves.flatMap((m): BatchOp[] => {
      const o = this.#store.occurrences.get(m.id);
      return o ? [{ occurrenceId: m.id, expectedVersion: o.version, assetId: m.assetId, startsAt: toIso(m.start), endsAt: toIso(m.end) }] : [];
    });
    return (await this.#batch(ops, 'moved')).text;
  }

  async #moveOne(id: string, to: Placement): Promise<string> {
    const res = await this.#store.move(id, to);
    return res.ok ? `Moved ${this.#name(id)} to ${this.#where(to)}` : `Not moved. ${res.feedback.message}`;
  }

  #where(p: Placement): string {
    const a = this.#store.assetsById.get(p.assetId);
    return `${a ? a.name : 'another asset'} ${formatHm(p.start, this.#zone)}–${formatHm(p.end, this.#zone)}`;
  }

  async #createCopy(item: ClipItem, to: Placement, verb: string): Promise<string> {
    const job = this.#store.jobs.get(item.jobId);
    const board = this.#store.board;
    if (!board) return 'The board is not loaded';
    try {
      const res = await api.post<JobWithOccurrences>(`/api/boards/${encodeURIComponent(board.id)}/tasks`, {
        name: item.name,
        assetId: to.assetId,
        timezone: this.#zone,
        startsAt: toIso(to.start),
        planDurationMin: Math.max(1, Math.round((to.end - to.start) / 60_000)),
        ...(job ? { priority: job.priority } : {}),
      });
      this.#store.upsertJob(res.job);
      this.#store.upsertOccurrences(res.occurrences);
      return `${verb} ${item.name} at ${this.#where(to)}`;
    } catch (e) {
      const fake = { id: item.occurrenceId, startsAt: toIso(item.start), endsAt: toIso(item.end), assetId: item.assetId } as OccurrenceDto;
      return `Not ${verb.toLowerCase()}: ${explainMoveFailure(e, { occurrence: fake, placement: to, assetsById: this.#store.assetsById, zone: this.#zone }).message}`;
    }
  }

  async #batch(ops: BatchOp[], verb: 'moved' | 'cancelled'): Promise<{ ok: boolean; text: string }> {
    if (ops.length === 0) return { ok: false, text: 'Nothing to change' };
    const board = this.#store.boardId;
    try {
      const res = await api.post<{ occurrences: OccurrenceDto[]; changeId: string }>(`/api/boards/${encodeURIComponent(board)}/occurrences/batch`, { ops });
      this.#store.upsertOccurrences(res.occurrences);
      return { ok: true, text: `${plural(ops.length, 'occurrence')} ${verb}` };
    } catch (e) {
      if (e instanceof ApiError) {
        const failing = ((e.details as { ops?: BatchFailure[] } | null)?.ops ?? []).map((f) => `${this.#name(f.occurrenceId)}: ${f.message}`);
        if (e.code === 'stale_version') {
          for (const f of (e.details as { ops?: { current?: OccurrenceDto }[] } | null)?.ops ?? []) if (f.current) this.#store.upsertOccurrences([f.current]);
        }
        const reason = failing.length ? failing.slice(0, 3).join('; ') + (failing.length > 3 ? ` and ${failing.length - 3} more` : '') : e.message;
        return { ok: false, text: `Not ${verb}, nothing was changed. ${reason}` };
      }
      return { ok: false, text: `Not ${verb}: try again` };
    }
  }

  /** How many future runs deleting the job cancels (asked from the server: the board may show only part of them). */
  async futureRuns(jobId: string): Promise<number> {
    const res = await api.get<JobWithOccurrences>(`/api/jobs/${encodeURIComponent(jobId)}`);
    const now = this.#now();
    return res.occurrences.filter((o) => o.status !== 'cancelled' && Date.parse(o.startsAt) > now).length;
  }

  async deleteJob(jobId: string): Promise<string> {
    const name = this.#store.jobs.get(jobId)?.name ?? 'The job';
    try {
      await this.#store.deleteJob(jobId);
      return `${name} deleted; its future runs are cancelled. Ctrl+Z brings it back.`;
    } catch (e) {
      return `Not deleted: ${e instanceof ApiError ? e.message : 'try again'}`;
    }
  }
}
