import type { AssetDto, BoardDto, EffectiveRole } from '@schedhuler/shared';
import { roleAtLeast } from '@schedhuler/shared';
import { api, ApiError } from '../api';
import { OccurrenceIndex } from '../timeline/occurrence-index';
import type { Placement } from '../timeline/drag-maths';
import type { BoardEventsResponse } from '@schedhuler/shared';
import type { BoardEvent, BoardSnapshot, ConflictDto, JobDto, JobKind, OccurrenceDto } from './board-types';
import { emptyMap, indexById, rangeQuery, toIso, withAsset, withConflict, withEntry, withJob, withoutEntry, withVersioned } from './board-data';
import { explainMoveFailure } from './move-feedback';
import type { MoveFeedback } from './move-feedback';

/** One occurrence as the timeline draws it: times parsed once, job facts joined in. */
export interface TimelineBlock {
  id: string;
  assetId: string;
  start: number;
  end: number;
  occ: OccurrenceDto;
  kind: JobKind;
  name: string;
  conflicted: boolean;
  /** Moved optimistically, the server has not answered yet. */
  pending: boolean;
}

const DAY_MS = 86_400_000;

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error' | 'not_found';

export type MoveResult = { ok: true } | { ok: false; feedback: MoveFeedback };

/** The board's data and the optimistic layer on top of it. Large collections are `$state.raw` and replaced, never mutated. */
export class BoardStore {
  readonly boardId: string;
  status = $state<LoadStatus>('idle');
  error = $state<string | null>(null);
  board = $state.raw<BoardDto | null>(null);
  role = $state<EffectiveRole | null>(null);
  assets = $state.raw<AssetDto[]>([]);
  jobs = $state.raw<ReadonlyMap<string, JobDto>>(emptyMap());
  occurrences = $state.raw<ReadonlyMap<string, OccurrenceDto>>(emptyMap());
  conflicts = $state.raw<ConflictDto[]>([]);
  /** Optimistic placements by occurrence id, shown until the server answers. */
  overrides = $state.raw<ReadonlyMap<string, Placement>>(emptyMap());
  seq = $state(0);
  range = $state.raw<{ from: number; to: number } | null>(null);
  /** The range the last successful snapshot covers. */
  loaded = $state.raw<{ from: number; to: number } | null>(null);

  readonly canEdit = $derived(this.role !== null && roleAtLeast(this.role, 'planner'));
  readonly canResolve = $derived(this.role !== null && roleAtLeast(this.role, 'supervisor'));
  readonly assetsById = $derived(indexById(this.assets));
  readonly openConflicts = $derived(this.conflicts.filter((c) => !c.resolvedAt));

  readonly blocks = $derived.by(() => {
    const out: TimelineBlock[] = [];
    const jobs = this.jobs;
    const overrides = this.overrides;
    for (const occ of this.occurrences.values()) {
      if (occ.status === 'cancelled') continue;
      const job = jobs.get(occ.jobId);
      const o = overrides.get(occ.id);
      out.push({
        id: occ.id,
        assetId: o?.assetId ?? occ.assetId,
        start: o?.start ?? Date.parse(occ.startsAt),
        end: o?.end ?? Date.parse(occ.endsAt),
        occ,
        kind: job?.kind ?? 'task',
        name: job?.name ?? 'Untitled job',
        // The status alone says it: a conflict record also names occurrences that are not double-booked
        // (the blocker of a rejected attempt, the booked side of an overlap); the feed highlights those on hover.
        conflicted: occ.status === 'conflicted',
        pending: o !== undefined,
      });
    }
    return out;
  });

  readonly index = $derived(new OccurrenceIndex(this.blocks));

  readonly blocksById = $derived(indexById(this.blocks));

  readonly currentUserId: string | null;

  constructor(boardId: string, role: EffectiveRole | null = null, currentUserId: string | null = null) {
    this.boardId = boardId;
    this.role = role;
    this.currentUserId = currentUserId;
  }

  /**
   * Loads [from, to) unless the last snapshot already covers it. Loads a day more on each side: the
   * first request is made before the board's zone is known, and a day either way covers every zone.
   */
  async ensure(from: number, to: number): Promise<boolean> {
    const l = this.loaded;
    if (l && l.from <= from && l.to >= to && this.status === 'ready') return false;
    await this.load(from - DAY_MS, to + DAY_MS);
    return true;
  }

  async load(from: number, to: number): Promise<void> {
    this.range = { from, to };
    this.status = this.status === 'ready' ? 'ready' : 'loading';
    this.error = null;
    const q = rangeQuery(from, to);
    try {
      const snap = await api.get<BoardSnapshot>(`/api/boards/${encodeURIComponent(this.boardId)}?${q}`);
      // A newer navigation may have replaced the range while this request was in flight.
      if (this.range.from !== from || this.range.to !== to) return;
      this.applySnapshot(snap);
      this.loaded = { from, to };
      this.status = 'ready';
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        this.status = 'not_found';
      } else {
        this.status = 'error';
        this.error = e instanceof Error ? e.message : String(e);
      }
      throw e;
    }
  }

  applySnapshot(snap: BoardSnapshot): void {
    this.board = snap.board;
    if (snap.role) this.role = snap.role;
    this.assets = snap.assets;
    this.jobs = indexById(snap.jobs);
    this.occurrences = indexById(snap.occurrences);
    this.conflicts = snap.conflicts;
    this.seq = snap.seq;
  }

  /** Keeps the newer of two versions: a socket event can overtake the HTTP answer of the same change. */
  upsertOccurrences(list: readonly OccurrenceDto[]): void {
    if (list.length > 0) this.occurrences = withVersioned(this.occurrences, list);
  }

  upsertJob(job: JobDto): void {
    this.jobs = withJob(this.jobs, job);
  }

  upsertConflict(conflict: ConflictDto): void {
    this.conflicts = withConflict(this.conflicts, conflict);
  }

  upsertAsset(asset: AssetDto): void {
    this.assets = withAsset(this.assets, asset);
  }

  /** Applies one event; the caller (BoardEventStream) delivers them in `seq` order, exactly once. */
  applyEvent(ev: BoardEvent): void {
    if (ev.seq <= this.seq) return;
    switch (ev.type) {
      case 'occurrence.created':
      case 'occurrence.updated':
      case 'occurrence.cancelled':
        // The actor is who changed it last (the tooltip's "Changed by"); snapshots carry it as updatedBy.
        this.upsertOccurrences([{ ...ev.data, updatedBy: ev.actor }]);
        break;
      case 'job.created':
      case 'job.updated':
      case 'job.deleted':
        this.upsertJob(ev.data);
        break;
      case 'conflict.opened':
      case 'conflict.resolved':
        this.upsertConflict(ev.data);
        break;
      case 'asset.created':
      case 'asset.updated':
        this.upsertAsset(ev.data);
        break;
      case 'member.updated':
        if (this.currentUserId && ev.data.userId === this.currentUserId) this.role = ev.data.removed ? null : ev.data.role;
        break;
      case 'board.updated':
        // The event's lastSeq is the one before its own append: keep the store's seq as the source.
        this.board = ev.data;
        break;
    }
    this.seq = ev.seq;
  }

  /** Reads events after `since`, for the event stream's gap filling. */
  fetchEvents(since: number, limit: number): Promise<BoardEventsResponse> {
    return api.get<BoardEventsResponse>(`/api/boards/${encodeURIComponent(this.boardId)}/events?since=${since}&limit=${limit}`);
  }

  /**
   * Deletes a job. Which runs that cancels is the server's rule, on the server's clock: the board
   * shows it from the server's own events (`job.deleted`, then `occurrence.cancelled` for each run),
   * which the live stream delivers here too, usually before the 204 itself.
   */
  async deleteJob(jobId: string): Promise<void> {
    await api.delete<void>(`/api/jobs/${encodeURIComponent(jobId)}`);
  }

  /** Optimistic move/resize: the block jumps at once and snaps back if the server says no. */
  async move(id: string, to: Placement): Promise<MoveResult> {
    const occ = this.occurrences.get(id);
    if (!occ) return { ok: false, feedback: { message: 'This occurrence no longer exists.', suggestions: [] } };
    this.overrides = withEntry(this.overrides, id, to);
    try {
      const res = await api.patch<{ occurrence: OccurrenceDto }>(`/api/occurrences/${encodeURIComponent(id)}`, {
        expectedVersion: occ.version,
        assetId: to.assetId,
        startsAt: toIso(to.start),
        endsAt: toIso(to.end),
      });
      this.#dropOverride(id);
      this.upsertOccurrences([res.occurrence]);
      return { ok: true };
    } catch (e) {
      this.#dropOverride(id);
      if (e instanceof ApiError && e.code === 'stale_version') {
        const current = (e.details as { current?: OccurrenceDto } | null)?.current;
        if (current?.id === id) this.upsertOccurrences([current]);
      }
      return { ok: false, feedback: explainMoveFailure(e, { occurrence: occ, placement: to, assetsById: this.assetsById, zone: this.board?.timezone ?? 'UTC' }) };
    }
  }

  #dropOverride(id: string): void {
    if (this.overrides.has(id)) this.overrides = withoutEntry(this.overrides, id);
  }
}
