import type { AssetDto, BoardDto, EffectiveRole } from '@schedhuler/shared';
import { roleAtLeast } from '@schedhuler/shared';
import { api, ApiError } from '../api';
import { OccurrenceIndex } from '../timeline/occurrence-index';
import type { Placement } from '../timeline/drag-maths';
import type { BoardEventsResponse } from '@schedhuler/shared';
import type { BoardEvent, BoardSnapshot, ConflictDto, JobDto, OccurrenceDto } from './board-types';
import { emptyMap, indexById, withAsset, withConflict, withJob } from './board-data';
import { BlockBuilder } from './board-blocks';
import { applyWideEvent, isOccurrenceEvent } from './board-events';
import { ALL, BoardRanges } from './board-ranges';
import { moveOccurrence, type MoveResult } from './optimistic-move';
import { fetchBoardSnapshot, type FetchedSnapshot } from './snapshot-fetch';
import { overlaps } from './range-cache';
import type { Span } from './range-cache';

export type { TimelineBlock } from './board-blocks';
export type { MoveResult } from './optimistic-move';

const DAY_MS = 86_400_000;

/**
 * Resolves after the next frame is drawn (at once where nothing draws frames), or after a second at the
 * latest: a page opened in a background tab draws no frames until it is shown, and still loads the rest.
 */
function afterPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    const late = setTimeout(resolve, 1000);
    requestAnimationFrame(() => setTimeout(() => (clearTimeout(late), resolve()), 0));
  });
}

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error' | 'not_found';

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
  /** Every event up to here is applied to the loaded ranges (the live stream continues from it). */
  seq = $state(0);
  /** The published window: a visible range with a day either side. `occurrences` holds the loaded ones in it. */
  range = $state.raw<{ from: number; to: number } | null>(null);
  /** Part of the window is still being fetched (what is shown may be incomplete). */
  windowLoading = $state(false);
  /**
   * Issue 13.2: the asset rows a first load shows before the rest (`?firstAssets=n`: what the view
   * mounts when it opens), or null for the full snapshot alone. Set by the board page from its height.
   */
  firstViewAssets: number | null = null;
  /** The first view is shown and the rest of its range (the other rows) is still on its way. */
  loadingRest = $state(false);

  // Range loading (issue 13.5): the loaded spans live in a plain cache; only the window is published,
  // so prefetching neighbours and events far away cost the view nothing.
  readonly #ranges = new BoardRanges();
  /** The seq the board-wide parts (board, assets, jobs, conflicts) are consistent with. */
  #wideSeq = 0;
  #loadToken = 0;
  /** The highest seq ever applied: events at or below it come again only as a replay after a rewind. */
  #appliedMax = 0;
  #rewindListeners: ((previousSeq: number) => void)[] = [];

  readonly canEdit = $derived(this.role !== null && roleAtLeast(this.role, 'planner'));
  readonly canResolve = $derived(this.role !== null && roleAtLeast(this.role, 'supervisor'));
  readonly assetsById = $derived(indexById(this.assets));
  readonly openConflicts = $derived(this.conflicts.filter((c) => !c.resolvedAt));

  readonly #builder = new BlockBuilder();
  /** Blocks reuse the instants the range cache read at decode (no Date.parse per occurrence per change). */
  readonly #built = $derived(this.#builder.build(this.occurrences, this.jobs, this.overrides, (occ) => this.#ranges.cache.timed(occ)));
  readonly blocks = $derived(this.#built.list);
  readonly index = $derived(new OccurrenceIndex(this.blocks));
  readonly blocksById = $derived(this.#built.byId);

  readonly currentUserId: string | null;

  constructor(boardId: string, role: EffectiveRole | null = null, currentUserId: string | null = null) {
    this.boardId = boardId;
    this.role = role;
    this.currentUserId = currentUserId;
  }

  /**
   * Shows [from, to): what is loaded of it at once, the missing parts fetched (with a day more on each
   * side: the first request is made before the board's zone is known, and a day either way covers every
   * zone), then the neighbouring ranges prefetched when the browser is idle; far ranges are forgotten.
   * True when something had to be fetched.
   */
  async ensure(from: number, to: number): Promise<boolean> {
    this.#ranges.visible = { from, to };
    const plan = this.#ranges.plan(this.range);
    // The published window moves only when it no longer holds the visible range with half a day either
    // side (the Day view shows 6 h of each neighbouring day): the zone-corrected first range re-renders nothing.
    const r = this.range;
    const moved = !r || r.from > from - DAY_MS / 2 || r.to < to + DAY_MS / 2;
    if (moved) this.range = plan.window;
    this.#ranges.cache.evict(plan.keep);
    if (this.status !== 'ready') {
      await this.load(plan.window.from, plan.window.to);
      return true;
    }
    if (moved) this.#publish();
    this.#updateWindowLoading();
    if (plan.fetch.length === 0) {
      this.#schedulePrefetch();
      return false;
    }
    try {
      await Promise.all(plan.fetch.map((s) => this.#fetchSpan(s)));
    } catch (e) {
      this.#failed(e);
      throw e;
    }
    this.#schedulePrefetch();
    return true;
  }

  /** Forgets every loaded range and loads [from, to) afresh (a retry, or a gap the event log cannot fill). */
  async load(from: number, to: number): Promise<void> {
    const token = ++this.#loadToken;
    this.range = { from, to };
    // A first view only when nothing is shown yet: a reload keeps showing the board until the full answer.
    const firstView = this.status === 'ready' ? null : this.firstViewAssets;
    this.status = this.status === 'ready' ? 'ready' : 'loading';
    this.error = null;
    try {
      if (firstView !== null && (await this.#showFirstView(token, { from, to }, firstView))) return;
      const snap = await fetchBoardSnapshot(this.boardId, from, to);
      // A newer full load was started while this request was in flight.
      if (token !== this.#loadToken) return;
      const previousSeq = this.seq;
      this.#replace({ from, to }, snap);
      this.status = 'ready';
      if (snap.seq < previousSeq) this.#rewound(previousSeq);
      this.#schedulePrefetch();
    } catch (e) {
      this.#failed(e);
      throw e;
    }
  }

  /**
   * Shows the first view of `span` (the occurrences of its first `rows` asset rows), then, once that is
   * drawn, asks for the full snapshot and merges it like a range snapshot (by version, `seq` rewound
   * when it is older), `windowLoading` set until it is in. Asked for at once, the server built both at
   * the same time and the full one's build took the cores the first view's draw needed (50,000: open
   * 0.9 s with both asked at load, 0.74 s with the full one after the first view's answer, 0.65 s after
   * its draw). A board of no more rows than that is whole in its first view: nothing more is asked.
   * False when the first view failed: the caller loads the full one. Its failure is thrown.
   */
  async #showFirstView(token: number, span: Span, rows: number): Promise<boolean> {
    const shown = await fetchBoardSnapshot(this.boardId, span.from, span.to, { firstAssets: rows }).catch(() => null);
    if (token !== this.#loadToken) return true;
    if (!shown) return false;
    this.#replace(span, shown);
    this.status = 'ready';
    if (shown.assets.length <= rows) {
      this.#schedulePrefetch();
      return true;
    }
    this.loadingRest = true;
    this.#updateWindowLoading();
    try {
      await afterPaint();
      const got = token === this.#loadToken ? await this.#ranges.fetch(span, (s) => fetchBoardSnapshot(this.boardId, s.from, s.to), () => this.range) : null;
      if (got && token === this.#loadToken && this.status === 'ready') this.#merge(got.kept, got.snap);
    } finally {
      if (token === this.#loadToken) {
        this.loadingRest = false;
        this.#updateWindowLoading();
      }
    }
    if (token === this.#loadToken) this.#schedulePrefetch();
    return true;
  }

  applySnapshot(snap: BoardSnapshot): void {
    const span = snap.from && snap.to ? { from: Date.parse(snap.from), to: Date.parse(snap.to) } : ALL;
    this.range ??= span;
    this.#replace(span, snap);
  }

  /**
   * Called with the seq before a snapshot older than the events already applied went in: the live
   * stream must replay from `seq` (the replay is idempotent, the cache keeps the newer versions).
   */
  onRewind(listener: (previousSeq: number) => void): () => void {
    this.#rewindListeners = [...this.#rewindListeners, listener];
    return () => {
      this.#rewindListeners = this.#rewindListeners.filter((l) => l !== listener);
    };
  }

  /** Stops a scheduled prefetch (the page is gone). */
  dispose(): void {
    this.#ranges.prefetchTask.cancel();
    this.#rewindListeners = [];
  }

  /** Spans loaded (for diagnostics and tests). */
  get loadedSpans(): readonly Span[] {
    return this.#ranges.cache.spans;
  }

  /** Occurrences held across every loaded range. */
  get heldCount(): number {
    return this.#ranges.cache.size;
  }

  #replace(span: Span, snap: FetchedSnapshot): void {
    this.#ranges.cache.reset(span, snap.occurrences, snap.instants);
    this.#takeWide(snap);
    this.seq = snap.seq;
    this.#publish();
    this.#updateWindowLoading();
  }

  #takeWide(snap: BoardSnapshot): void {
    this.board = snap.board;
    if (snap.role) this.role = snap.role;
    this.assets = snap.assets;
    this.jobs = indexById(snap.jobs);
    this.conflicts = snap.conflicts;
    this.#wideSeq = snap.seq;
  }

  /** Fetches one span and merges it, unless the view moved so far meanwhile that it would be evicted at once. */
  async #fetchSpan(span: Span): Promise<void> {
    const got = await this.#ranges.fetch(span, (s) => fetchBoardSnapshot(this.boardId, s.from, s.to), () => this.range);
    if (got && this.status === 'ready') this.#merge(got.kept, got.snap);
  }

  /**
   * A range snapshot read at its own seq. Occurrences merge by version. Board-wide parts are taken when
   * newer than ours. A snapshot older than the applied events rewinds `seq`: the stream replays from
   * there, and events that were dropped for this then unloaded range take effect. A newer one leaves
   * `seq` alone: the events up to its seq are on their way and change nothing it already has.
   */
  #merge(span: Span, snap: FetchedSnapshot): void {
    const previousSeq = this.seq;
    this.#ranges.cache.merge(span, snap.occurrences, snap.instants);
    if (snap.seq > this.#wideSeq) this.#takeWide(snap);
    const window = this.range;
    if (window && overlaps(span.from, span.to, window)) this.#publish();
    this.#updateWindowLoading();
    if (snap.seq < previousSeq) {
      this.seq = snap.seq;
      this.#rewound(previousSeq);
    }
  }

  #updateWindowLoading(): void {
    const loading = this.#ranges.loadingVisible || this.loadingRest;
    if (loading !== this.windowLoading) this.windowLoading = loading;
  }

  #rewound(previousSeq: number): void {
    for (const l of this.#rewindListeners) l(previousSeq);
  }

  /** Shows the window's occurrences; the same ones (a window moved by an hour) change nothing downstream. */
  #publish(): void {
    const next = this.#ranges.shownIn(this.range, this.occurrences);
    if (next) this.occurrences = next;
  }

  #failed(e: unknown): void {
    if (e instanceof ApiError && e.status === 404) {
      this.status = 'not_found';
    } else {
      this.status = 'error';
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  #schedulePrefetch(): void {
    this.#ranges.schedulePrefetch(() => void this.#prefetch());
  }

  async #prefetch(): Promise<void> {
    // Offline, the request would only fail (and log): the next navigation or the resync plans again.
    if (this.status !== 'ready' || (typeof navigator !== 'undefined' && navigator.onLine === false)) return;
    await Promise.all(this.#ranges.plan(this.range).prefetch.map((s) => this.#fetchSpan(s).catch(() => undefined)));
  }

  /**
   * New states of occurrences (events, HTTP answers): the cache keeps the newer version, drops one that
   * left every loaded range, and the window changes only when the occurrence was or is in it.
   */
  upsertOccurrences(list: readonly OccurrenceDto[]): void {
    const next = this.#ranges.cache.applyInWindow(list, this.range, this.occurrences);
    if (next) this.occurrences = next;
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
    const wide = ev.seq > this.#wideSeq;
    this.seq = ev.seq;
    if (ev.seq > this.#appliedMax) this.#appliedMax = ev.seq;
    if (isOccurrenceEvent(ev)) {
      // The actor is who changed it last (the tooltip's "Changed by"); snapshots carry it as updatedBy.
      this.upsertOccurrences([{ ...ev.data, updatedBy: ev.actor }]);
      return;
    }
    // A replay after a rewind: the board-wide parts already come from a newer snapshot.
    if (!wide) return;
    this.#wideSeq = ev.seq;
    applyWideEvent(this, ev);
  }

  /** The event was applied before (the stream replays it after a range snapshot rewound `seq`). */
  isReplay(seq: number): boolean {
    return seq <= this.#appliedMax;
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

  /** The board's zone (UTC until the snapshot says). */
  get zone(): string {
    return this.board?.timezone ?? 'UTC';
  }

  /** Optimistic move/resize: the block jumps at once and snaps back if the server says no. */
  move(id: string, to: Placement): Promise<MoveResult> {
    return moveOccurrence(this, id, to);
  }
}
