import type { EntityManager } from '@mikro-orm/postgresql';
import { END_RANGE_MESSAGE, instantInRange, type PatchOccurrenceBody, type RestoreOccurrenceBody } from '@schedhuler/shared';
import { AppError, notFound, staleVersion, validationFailed } from '../errors';
import type { EventBus } from '../events/event-bus';
import { isUuid, requireActor, requireBoardRole } from './access';
import type { ConflictService, OccurrenceActions } from './conflict.service';
import { ChangeSet, occurrenceStateOfRow, recordChange } from './change-history';
import type { Actor, Ctx } from './context';
import { performerProblem } from './job-spec';
import { findBoardAsset } from '../repositories/asset.repository';
import { findJobLabel } from '../repositories/job.repository';
import { findOccurrence, findOccurrencesInRange, lockAssetSchedule, lockOccurrence, moveOccurrence, OCCURRENCE_LIST_LIMIT, setOccurrenceStatus } from '../repositories/occurrence.repository';
import { loadViews } from './occurrence-store';
import { queryOf } from '../repositories/sql';
import { MAX_OCCURRENCE_MS } from './schedule.service';
import { iso, toMs, type OccurrenceRow, type OccurrenceView } from './scheduling-rows';
import { isExclusion, isRetryable, keptColliding, MAX_ATTEMPTS, retryDeadlocks } from './retry';
import { inTransaction, type Emit } from './unit-of-work';

export interface MoveTarget {
  assetId?: string;
  startsAt?: number;
  endsAt?: number;
}

type LockedRow = OccurrenceRow & { job_enabled: boolean };


/** Drag, resize and cancel of single occurrences, each with its events in one transaction. */
export class OccurrenceService implements OccurrenceActions {
  constructor(
    private readonly bus: EventBus,
    private readonly conflicts: ConflictService,
  ) {}

  private async load(em: EntityManager, occurrenceId: string): Promise<OccurrenceRow> {
    if (!isUuid(occurrenceId)) throw notFound('occurrence');
    const row = await findOccurrence(em, occurrenceId);
    if (!row) throw notFound('occurrence');
    return row;
  }

  async get(ctx: Ctx, occurrenceId: string): Promise<OccurrenceView> {
    requireActor(ctx);
    const row = await this.load(ctx.em, occurrenceId);
    await requireBoardRole(ctx, row.board_id, 'viewer', 'occurrence');
    return (await loadViews(ctx.em, [row]))[0]!;
  }

  /** Non-cancelled occurrences of a board overlapping `[from, to)`, ordered by start. */
  async inRange(em: EntityManager, boardId: string, from: Date, to: Date): Promise<OccurrenceView[]> {
    const rows = await findOccurrencesInRange(em, boardId, from, to, MAX_OCCURRENCE_MS);
    return loadViews(em, rows);
  }

  /** `inRange` for a reader; cut at OCCURRENCE_LIST_LIMIT rows with `nextFrom` (the last row's start: whole before it). */
  async list(ctx: Ctx, boardId: string, from: Date, to: Date): Promise<{ occurrences: OccurrenceView[]; nextFrom?: string }> {
    await requireBoardRole(ctx, boardId, 'viewer');
    const occurrences = await this.inRange(ctx.em, boardId, from, to);
    return occurrences.length >= OCCURRENCE_LIST_LIMIT ? { occurrences, nextFrom: occurrences.at(-1)!.startsAt } : { occurrences };
  }

  async checkTarget(em: EntityManager, boardId: string, assetId: string): Promise<void> {
    const asset = isUuid(assetId) ? await findBoardAsset(em, boardId, assetId) : undefined;
    if (!asset) throw validationFailed([{ path: 'assetId', message: 'no such asset on this board' }]);
    const problem = performerProblem(asset);
    if (problem) throw validationFailed([{ path: 'assetId', message: problem }]);
  }

  private targetWindow(row: OccurrenceRow, to: MoveTarget): { assetId: string; start: number; end: number } {
    const start = to.startsAt ?? toMs(row.starts_at);
    const end = to.endsAt ?? (to.startsAt !== undefined ? start + (toMs(row.ends_at) - toMs(row.starts_at)) : toMs(row.ends_at));
    if (!(end > start)) throw validationFailed([{ path: 'endsAt', message: `must be after startsAt (${new Date(start).toISOString()})` }]);
    if (end - start > MAX_OCCURRENCE_MS) throw validationFailed([{ path: 'endsAt', message: 'an occurrence lasts at most 24 h' }]);
    // A move keeps the length: 9999-12-31T23:30Z plus an hour is past what can be stored.
    if (!instantInRange(end)) throw validationFailed([{ path: to.endsAt !== undefined ? 'endsAt' : 'startsAt', message: END_RANGE_MESSAGE }]);
    return { assetId: to.assetId ?? row.asset_id, start, end };
  }

  /** PATCH: move and/or resize with `expectedVersion`; the occurrence becomes `detached`. */
  async patch(ctx: Ctx, occurrenceId: string, body: PatchOccurrenceBody): Promise<OccurrenceView> {
    requireActor(ctx);
    const row = await this.load(ctx.em, occurrenceId);
    await requireBoardRole(ctx, row.board_id, 'planner', 'occurrence');
    if (body.assetId) await this.checkTarget(ctx.em, row.board_id, body.assetId);
    const to: MoveTarget = {
      assetId: body.assetId,
      startsAt: body.startsAt ? Date.parse(body.startsAt) : undefined,
      endsAt: body.endsAt ? Date.parse(body.endsAt) : undefined,
    };
    this.targetWindow(row, to);
    for (let attempt = 1; ; attempt++) {
      try {
        const { result } = await inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit, changeId) => {
          const q = queryOf(tx);
          await lockAssetSchedule(tx, to.assetId ?? row.asset_id);
          const changes = new ChangeSet();
          const view = await this.moveIn(tx, emit, ctx.actor, occurrenceId, to, body.expectedVersion, changes);
          await recordChange(q, ctx.actor, view.boardId, changeId, changes.summary(), changes);
          return view;
        });
        return result;
      } catch (err) {
        if (isRetryable(err) && attempt < MAX_ATTEMPTS) continue;
        if (!isExclusion(err)) throw err;
        await this.rejectMove(ctx, occurrenceId, to);
        if (attempt >= MAX_ATTEMPTS) throw keptColliding();
      }
    }
  }

  private async lock(tx: EntityManager, occurrenceId: string): Promise<LockedRow> {
    const row = await lockOccurrence(tx, occurrenceId);
    if (!row) throw notFound('occurrence');
    return row;
  }

  async moveIn(tx: EntityManager, emit: Emit, actor: Actor | null, occurrenceId: string, to: MoveTarget, expectedVersion?: number, changes?: ChangeSet): Promise<OccurrenceView> {
    const row = await this.lock(tx, occurrenceId);
    if (!row.job_enabled) throw new AppError('not_found', "this occurrence's job was deleted; it can no longer be moved");
    if (expectedVersion !== undefined && row.version !== expectedVersion) throw staleVersion((await loadViews(tx, [row]))[0]);
    if (row.status === 'cancelled') throw validationFailed([{ path: '(body)', message: 'this occurrence is cancelled and cannot be moved' }]);
    const target = this.targetWindow(row, to);
    // A conflicted occurrence moved to a free window becomes an ordinary booking again.
    const updated = await moveOccurrence(tx, occurrenceId, { assetId: target.assetId, start: new Date(target.start), end: new Date(target.end) });
    const view = (await loadViews(tx, [updated]))[0]!;
    emit(view.boardId, 'occurrence.updated', view);
    changes?.occurrence(occurrenceStateOfRow(row), updated, view.jobName);
    changes?.note(view.jobName, target.end - target.start !== toMs(row.ends_at) - toMs(row.starts_at) ? 'resize' : 'move');
    await this.conflicts.supersedeMoves(tx, emit, actor, occurrenceId);
    if (row.status === 'conflicted') {
      await this.conflicts.resolveForOccurrences(tx, emit, actor, [occurrenceId], {
        action: 'move',
        occurrenceId,
        startsAt: view.startsAt,
        assetId: view.assetId,
      });
    }
    return view;
  }

  /** After a rolled-back move: the rejected attempt goes to the conflict log and the 409 is thrown. */
  async rejectMove(ctx: Ctx, occurrenceId: string, to: MoveTarget): Promise<void> {
    const row = await this.load(ctx.em, occurrenceId);
    const target = this.targetWindow(row, to);
    const job = await findJobLabel(ctx.em, row.job_id);
    await this.conflicts.reject(ctx, {
      boardId: row.board_id,
      assetId: target.assetId,
      windows: [target],
      jobId: row.job_id,
      jobName: job?.name ?? '',
      jobKind: job?.kind ?? 'task',
      attempt: { action: 'move', occurrenceId, assetId: target.assetId, startsAt: new Date(target.start).toISOString(), endsAt: new Date(target.end).toISOString() },
      ignore: { occurrenceIds: [occurrenceId] },
    });
  }

  async cancel(ctx: Ctx, occurrenceId: string): Promise<void> {
    requireActor(ctx);
    const row = await this.load(ctx.em, occurrenceId);
    await requireBoardRole(ctx, row.board_id, 'planner', 'occurrence');
    await retryDeadlocks(() =>
      inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit, changeId) => {
        const changes = new ChangeSet();
        await this.cancelIn(tx, emit, ctx.actor, occurrenceId, changes);
        await recordChange(queryOf(tx), ctx.actor, row.board_id, changeId, changes.summary(), changes);
      }),
    );
  }

  /** Cancelling twice is a no-op (no second event). */
  async cancelIn(tx: EntityManager, emit: Emit, actor: Actor | null, occurrenceId: string, changes?: ChangeSet): Promise<OccurrenceView> {
    const row = await this.lock(tx, occurrenceId);
    if (row.status === 'cancelled') return (await loadViews(tx, [row]))[0]!;
    const updated = await setOccurrenceStatus(tx, occurrenceId, 'cancelled');
    const view = (await loadViews(tx, [updated]))[0]!;
    emit(view.boardId, 'occurrence.cancelled', view);
    changes?.occurrence(occurrenceStateOfRow(row), updated, view.jobName);
    changes?.note(view.jobName, 'cancel');
    await this.conflicts.resolveForOccurrences(tx, emit, actor, [occurrenceId], { action: 'cancel', occurrenceId });
    return view;
  }

  /** POST …/restore: a cancelled run back to `scheduled` (same id); its slot taken → 409 `conflict` with hints. */
  async restore(ctx: Ctx, occurrenceId: string, body: RestoreOccurrenceBody): Promise<OccurrenceView> {
    requireActor(ctx);
    const row = await this.load(ctx.em, occurrenceId);
    await requireBoardRole(ctx, row.board_id, 'planner', 'occurrence');
    for (let attempt = 1; ; attempt++) {
      try {
        const { result } = await inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit, changeId) => {
          const q = queryOf(tx);
          // A cancelled run cannot be moved, so the asset read before the lock is still its asset.
          await lockAssetSchedule(tx, row.asset_id);
          const locked = await this.lock(tx, occurrenceId);
          if (locked.version !== body.expectedVersion) throw staleVersion((await loadViews(tx, [locked]))[0]);
          if (locked.status !== 'cancelled') throw validationFailed([{ path: '(body)', message: `this occurrence is ${locked.status}, not cancelled; there is nothing to restore` }]);
          if (!locked.job_enabled) throw validationFailed([{ path: '(body)', message: "this occurrence's job was deleted; undo the deletion of the job instead" }]);
          await this.checkTarget(tx, locked.board_id, locked.asset_id);
          const updated = await setOccurrenceStatus(tx, occurrenceId, 'scheduled');
          const view = (await loadViews(tx, [updated]))[0]!;
          emit(view.boardId, 'occurrence.updated', view);
          const changes = new ChangeSet();
          changes.occurrence(occurrenceStateOfRow(locked), updated, view.jobName);
          changes.note(view.jobName, 'restore');
          await recordChange(q, ctx.actor, view.boardId, changeId, changes.summary(), changes);
          return view;
        });
        return result;
      } catch (err) {
        if (isRetryable(err) && attempt < MAX_ATTEMPTS) continue;
        if (!isExclusion(err)) throw err;
        const job = await findJobLabel(ctx.em, row.job_id);
        await this.conflicts.reject(ctx, {
          boardId: row.board_id,
          assetId: row.asset_id,
          windows: [{ start: toMs(row.starts_at), end: toMs(row.ends_at) }],
          jobId: row.job_id,
          jobName: job?.name ?? '',
          jobKind: job?.kind ?? 'task',
          attempt: { action: 'move', via: 'restore', occurrenceId, assetId: row.asset_id, startsAt: iso(row.starts_at), endsAt: iso(row.ends_at) },
          ignore: { occurrenceIds: [occurrenceId] },
        });
        if (attempt >= MAX_ATTEMPTS) throw keptColliding();
      }
    }
  }
}
