import type { EntityManager } from '@mikro-orm/postgresql';
import { UNBOOKABLE_STATUSES, type ConflictHints, type ConflictResolution, type ConflictStatus, type ConflictWindow, type DismissConflictsBody, type ResolveConflictBody } from '@schedhuler/shared';
import { MINUTE_MS, nextFreeWindows, SNAP_5_MIN_MS } from '@schedhuler/shared/domain/windows';
import { AppError, notFound, validationFailed } from '../errors';
import type { EventBus } from '../events/event-bus';
import { isUuid, requireActor, requireBoardRole } from './access';
import { ChangeSet, recordChange } from './change-history';
import type { Clock } from './clock';
import type { Actor, Ctx } from './context';
import { iso, toConflictView, toMs, type ConflictView, type OccurrenceRow } from './scheduling-rows';
import {
  dismissOpen,
  findBlocking,
  findConflict,
  findConflictsOf,
  findBlockingWithHintRows,
  findHintRows,
  findOverlapBlockers,
  insertOverlap,
  rejectedRecord,
  resolveIfOpen,
  resolveOverlapsOf,
  supersedeMovesOf,
  type BlockIgnore,
  type BlockRow,
  type HintQuery,
  type HintRows,
} from '../repositories/conflict.repository';
import { isExclusion, isRetryable, keptColliding, MAX_ATTEMPTS } from './retry';
import type { Emit } from './unit-of-work';
import { queryOf, type Statement } from '../repositories/sql';
import { inTransaction } from './unit-of-work';

export interface TimeSpan {
  start: number;
  end: number;
}

export interface RejectInput {
  boardId: string;
  assetId: string;
  windows: readonly TimeSpan[];
  /** What was attempted, kept in the conflict record for supervisors. */
  attempt: Record<string, unknown>;
  jobId?: string | null;
  /** The job's name and kind, kept on the record: a rejected create has no job row to look them up in. */
  jobName: string;
  jobKind: string;
  ignore?: BlockIgnore;
}

/** Hands resolution actions to the occurrence service (set once both exist). */
export interface OccurrenceActions {
  cancelIn(tx: EntityManager, emit: Emit, actor: Actor, occurrenceId: string, changes?: ChangeSet): Promise<unknown>;
  moveIn(tx: EntityManager, emit: Emit, actor: Actor, occurrenceId: string, to: { assetId?: string; startsAt?: number }, expectedVersion?: number, changes?: ChangeSet): Promise<unknown>;
  /** Validates a move target before any transaction; throws 400s. */
  checkTarget(em: EntityManager, boardId: string, assetId: string): Promise<void>;
  rejectMove(ctx: Ctx, occurrenceId: string, to: { assetId?: string; startsAt?: number }): Promise<void>;
}

const MAX_REPORTED = 50;
/** Records one dismiss-all closes (events included) in one transaction; the desk asks again for more. */
const DISMISS_LIMIT = 5000;
const HINT_SEARCH_MS = 31 * 86_400_000;

const toConflictWindow = (r: BlockRow): ConflictWindow => ({
  startsAt: iso(r.s),
  endsAt: iso(r.e),
  blocking: { occurrenceId: r.id, jobId: r.job_id, jobName: r.job_name, assetId: r.asset_id, startsAt: iso(r.starts_at), endsAt: iso(r.ends_at) },
});

/** The hints from what `hintQuery` read: 3 free windows as long as `first` from `after` on, the free peers, the asset's code. */
function hintsFrom({ busy, peers }: HintRows, first: TimeSpan, after: number): ConflictHints & { assetCode: string } {
  const nextFree = nextFreeWindows(
    busy.map((b) => ({ start: toMs(b.starts_at), end: toMs(b.ends_at) })),
    Math.max(first.end - first.start, MINUTE_MS),
    after,
    3,
    after + HINT_SEARCH_MS,
    SNAP_5_MIN_MS,
  ).map((w) => ({ startsAt: iso(w.start), endsAt: iso(w.end) }));
  const freeAssets = peers.filter((r) => r.id !== null).map((r) => ({ id: r.id!, code: r.code, name: r.name }));
  return { nextFree, freeAssets, assetCode: peers[0]?.target_code ?? 'the asset' };
}

export class ConflictService {
  private actions: OccurrenceActions | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  useOccurrenceActions(actions: OccurrenceActions): void {
    this.actions = actions;
  }

  /** Which scheduled occurrences block which requested windows (the GiST index answers each window). */
  async findBlocking(em: EntityManager, assetId: string, windows: readonly TimeSpan[], ignore?: BlockIgnore): Promise<ConflictWindow[]> {
    if (!windows.length) return [];
    const rows = await findBlocking(em, assetId, windows.map((w) => ({ start: iso(w.start), end: iso(w.end) })), MAX_REPORTED, ignore);
    return rows.map(toConflictWindow);
  }

  /** Next 3 free windows of the same length on the asset, and same-kind assets free for every window. */
  async hints(em: EntityManager, boardId: string, assetId: string, windows: readonly TimeSpan[], first: TimeSpan, ignore?: BlockIgnore): Promise<ConflictHints & { assetCode: string }> {
    const q = this.hintQuery(boardId, assetId, windows, first, ignore);
    return hintsFrom(await findHintRows(em, q), first, q.after.getTime());
  }

  /** What the hints read (one round trip): the asset's schedule from the first blocked window (or now) on, and its own row with its free same-kind peers. */
  private hintQuery(boardId: string, assetId: string, windows: readonly TimeSpan[], first: TimeSpan, ignore?: BlockIgnore): HintQuery {
    const after = Math.max(first.start, this.clock.now().getTime());
    const checked = windows.slice(0, 500);
    return {
      boardId,
      assetId,
      after: new Date(after),
      until: new Date(after + HINT_SEARCH_MS),
      windows: checked.map((w) => ({ start: iso(w.start), end: iso(w.end) })),
      unbookable: UNBOOKABLE_STATUSES,
      ignore,
    };
  }

  /**
   * After an overlap rolled a change back: record the rejected attempt (its own transaction, one
   * `conflict.opened` event) and throw the 409 with conflicts and hints. Returns without throwing
   * only when nothing blocks any more (the blocker went away meanwhile): the caller retries.
   */
  async reject(ctx: Ctx, input: RejectInput): Promise<void> {
    const found = await this.blockingWithHints(ctx.em, input);
    if (!found) return;
    const { result: refusal } = await inTransaction(ctx.em, this.bus, ctx.actor, async (_tx, emit, _changeId, deferred) => this.recordRejected(emit, ctx.actor, input, found, deferred));
    throw refusal;
  }

  /**
   * `reject` inside the caller's transaction (a create that found its slot taken before writing
   * anything): records the attempt there and returns the 409 to throw once that transaction has
   * committed; null when nothing blocks any more (the caller retries).
   */
  async rejectIn(tx: EntityManager, emit: Emit, actor: Actor | null, input: RejectInput, deferred: Statement[]): Promise<AppError | null> {
    const found = await this.blockingWithHints(tx, input);
    return found ? this.recordRejected(emit, actor, input, found, deferred) : null;
  }

  private async blockingWithHints(em: EntityManager, input: RejectInput): Promise<{ conflicts: ConflictWindow[]; hints: ConflictHints; assetCode: string } | null> {
    if (input.windows.length === 1) {
      // One window: if anything blocks, it is the first blocked one, so the hints are read with the blockers.
      const only = input.windows[0]!;
      const q = this.hintQuery(input.boardId, input.assetId, input.windows, only, input.ignore);
      const { blocking, ...rows } = await findBlockingWithHintRows(em, { assetId: input.assetId, windows: q.windows, limit: MAX_REPORTED, ignore: input.ignore }, q);
      if (!blocking.length) return null;
      const { assetCode, ...hints } = hintsFrom(rows, only, q.after.getTime());
      return { conflicts: blocking.map(toConflictWindow), hints, assetCode };
    }
    const conflicts = await this.findBlocking(em, input.assetId, input.windows, input.ignore);
    if (!conflicts.length) return null;
    const first = conflicts[0]!;
    const { assetCode, ...hints } = await this.hints(em, input.boardId, input.assetId, input.windows, { start: toMs(first.startsAt), end: toMs(first.endsAt) }, input.ignore);
    return { conflicts, hints, assetCode };
  }

  /**
   * The rejected-attempt record and its `conflict.opened` event; returns the 409 that reports it. The
   * record's insert goes in `deferred`: it is sent with the events, in their round trip.
   */
  private recordRejected(
    emit: Emit,
    actor: Actor | null,
    input: RejectInput,
    { conflicts, hints, assetCode }: { conflicts: ConflictWindow[]; hints: ConflictHints; assetCode: string },
    deferred: Statement[],
  ): AppError {
    const first = conflicts[0]!;
    const { row, insert } = rejectedRecord({
      boardId: input.boardId,
      assetId: input.assetId,
      startsAt: new Date(toMs(first.startsAt)),
      endsAt: new Date(toMs(first.endsAt)),
      jobId: input.jobId ?? null,
      occurrenceIds: [...new Set(conflicts.map((c) => c.blocking.occurrenceId))],
      details: { attempt: input.attempt, conflicts, hints },
      actor,
      jobName: input.jobName.slice(0, 200),
      jobKind: input.jobKind,
      at: this.clock.now(),
    });
    deferred.push(insert);
    const view = toConflictView(row);
    emit(input.boardId, 'conflict.opened', view);
    const more = new Set(conflicts.map((c) => c.startsAt)).size - 1;
    return new AppError(
      'conflict',
      `${assetCode} is already booked ${first.blocking.startsAt} – ${first.blocking.endsAt} by "${first.blocking.jobName}"` +
        (more > 0 ? ` (and ${more} more of the requested windows overlap)` : ''),
      undefined,
      { conflictId: view.id, conflicts, hints },
    );
  }

  /** Opens one `overlap` record per occurrence stored `conflicted`, naming what it overlaps. */
  async openOverlaps(tx: EntityManager, emit: Emit, actor: Actor | null, boardId: string, jobId: string, conflicted: readonly OccurrenceRow[]): Promise<ConflictView[]> {
    if (!conflicted.length) return [];
    const blockers = await findOverlapBlockers(tx, conflicted.map((c) => c.id));
    const views: ConflictView[] = [];
    for (const c of conflicted) {
      const mine = blockers.filter((b) => b.conflicted_id === c.id);
      const blocking = mine.map((b) => ({ occurrenceId: b.id, jobId: b.job_id, jobName: b.job_name, assetId: b.asset_id, startsAt: iso(b.starts_at), endsAt: iso(b.ends_at) }));
      const row = await insertOverlap(tx, {
        boardId,
        assetId: c.asset_id,
        startsAt: c.starts_at,
        endsAt: c.ends_at,
        jobId,
        occurrenceIds: [c.id, ...blocking.map((b) => b.occurrenceId)],
        details: { blocking },
        actor,
        at: this.clock.now(),
      });
      const view = toConflictView(row);
      emit(boardId, 'conflict.opened', view);
      views.push(view);
    }
    return views;
  }

  /** Closes open `overlap` records whose booked-anyway occurrence was cancelled or moved clear. */
  async resolveForOccurrences(tx: EntityManager, emit: Emit, actor: Actor | null, occurrenceIds: readonly string[], resolution: ConflictResolution): Promise<ConflictView[]> {
    if (!occurrenceIds.length) return [];
    const rows = await resolveOverlapsOf(tx, occurrenceIds, actor, resolution);
    return rows.map((r) => {
      const view = toConflictView(r);
      emit(r.board_id, 'conflict.resolved', view);
      return view;
    });
  }

  /** A moved occurrence: its open rejected move attempts are answered (the move happened after all). */
  async supersedeMoves(tx: EntityManager, emit: Emit, actor: Actor | null, occurrenceId: string): Promise<void> {
    const rows = await supersedeMovesOf(tx, occurrenceId, actor);
    for (const r of rows) emit(r.board_id, 'conflict.resolved', toConflictView(r));
  }

  /**
   * Supervisor: dismiss many open records at once ("dismiss all rejected", a grouped card) in one
   * transaction; one `conflict.resolved` event each. Returns how many were dismissed.
   */
  async dismissMany(ctx: Ctx, boardId: string, body: DismissConflictsBody): Promise<number> {
    requireActor(ctx);
    await requireBoardRole(ctx, boardId, 'supervisor');
    const { result } = await inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit) => {
      const rows = await dismissOpen(tx, boardId, ctx.actor, { kind: body.kind, ids: body.ids }, DISMISS_LIMIT);
      for (const r of rows) emit(r.board_id, 'conflict.resolved', toConflictView(r));
      return rows.length;
    });
    return result;
  }

  async list(ctx: Ctx, boardId: string, status: ConflictStatus): Promise<ConflictView[]> {
    await requireBoardRole(ctx, boardId, 'viewer');
    const rows = await findConflictsOf(ctx.em, boardId, status);
    return rows.map(toConflictView);
  }

  /** Open conflicts of a board, for the snapshot (inside its repeatable-read transaction). */
  async openOf(em: EntityManager, boardId: string): Promise<ConflictView[]> {
    const rows = await findConflictsOf(em, boardId, 'open');
    return rows.map(toConflictView);
  }

  /** Supervisor: dismiss, cancel one occurrence, or move one; the record and the change commit together. */
  async resolve(ctx: Ctx, conflictId: string, body: ResolveConflictBody): Promise<ConflictView> {
    requireActor(ctx);
    if (!isUuid(conflictId)) throw notFound('conflict');
    const found = await findConflict(ctx.em, conflictId);
    if (!found) throw notFound('conflict');
    await requireBoardRole(ctx, found.board_id, 'supervisor', 'conflict');
    const actions = this.actions!;
    if (body.occurrenceId && !found.occurrence_ids.includes(body.occurrenceId)) {
      throw validationFailed([{ path: 'occurrenceId', message: 'is not one of the occurrences of this conflict' }]);
    }
    if (body.action === 'move' && body.assetId) await actions.checkTarget(ctx.em, found.board_id, body.assetId);
    const to = { assetId: body.assetId, startsAt: body.startsAt ? Date.parse(body.startsAt) : undefined };
    const resolution: ConflictResolution = { action: body.action, ...(body.occurrenceId ? { occurrenceId: body.occurrenceId } : {}), ...(body.startsAt ? { startsAt: body.startsAt } : {}), ...(body.assetId ? { assetId: body.assetId } : {}) };
    for (let attempt = 1; ; attempt++) {
      try {
        const { result } = await inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit, changeId) => {
          const changes = new ChangeSet();
          const row = await resolveIfOpen(tx, conflictId, ctx.actor, resolution);
          if (!row) {
            const current = await findConflict(tx, conflictId);
            throw new AppError('stale_version', 'this conflict is already resolved', { current: toConflictView(current!) });
          }
          const view = toConflictView(row);
          emit(row.board_id, 'conflict.resolved', view);
          changes.conflictResolved(conflictId, row.job_name ?? 'a conflict', body.action);
          if (body.action === 'cancel') await actions.cancelIn(tx, emit, ctx.actor, body.occurrenceId!, changes);
          if (body.action === 'move') await actions.moveIn(tx, emit, ctx.actor, body.occurrenceId!, to, undefined, changes);
          // One entry of the supervisor's undo history (services/change-history.ts).
          await recordChange(queryOf(tx), ctx.actor, row.board_id, changeId, `Conflict ${body.action === 'dismiss' ? 'dismissed' : 'resolved'}${row.job_name ? ` on ${row.job_name}` : ''}`, changes);
          return view;
        });
        return result;
      } catch (err) {
        if (isRetryable(err) && attempt < MAX_ATTEMPTS) continue;
        if (!isExclusion(err) || body.action !== 'move') throw err;
        await actions.rejectMove(ctx, body.occurrenceId!, to);
        if (attempt >= MAX_ATTEMPTS) throw keptColliding();
      }
    }
  }
}
