import type { EntityManager } from '@mikro-orm/postgresql';
import { UNBOOKABLE_STATUSES, type HistoryEntryDto, type JobDto } from '@schedhuler/shared';
import { AppError, validationFailed } from '../errors';
import type { EventBus } from '../events/event-bus';
import { requireBoardRole } from './access';
import { toHistoryEntryDto, type HistoryEntryRow, type HistoryItem, type JobState, type OccurrenceState } from './change-history';
import type { Clock } from './clock';
import type { ConflictService } from './conflict.service';
import type { AuthedCtx, Ctx } from './context';
import { findAssetStatuses } from '../repositories/asset.repository';
import { findLatestEventPerItem } from '../repositories/board-event.repository';
import { findHistoryEntries, findRedoCandidate, findUndoCandidate, lockHistory, markApplied } from '../repositories/change-history.repository';
import { lockConflictsById, reopenConflict, resolveConflictAgain } from '../repositories/conflict.repository';
import { deleteStops, disableJob, findJobOfOccurrence, findJobsByIds, insertStops, lockJobsById, restoreJob } from '../repositories/job.repository';
import { cancelJobOccurrences, lockAssetSchedules, lockOccurrencesById, writeOccurrences, type OccurrenceWrite } from '../repositories/occurrence.repository';
import { jobLook, loadStops, loadViews } from './occurrence-store';
import { isExclusion, isRetryable, keptColliding, MAX_ATTEMPTS } from './retry';
import { stopRowToDto, toConflictView, toJobDto, toMs, type JobRow, type OccurrenceView, type StopRow } from './scheduling-rows';
import { inTransaction, type Emit } from './unit-of-work';

type Direction = 'undo' | 'redo';

export interface UndoOutcome {
  entry: { changeId: string; summary: string };
  occurrences: OccurrenceView[];
  jobs: JobDto[];
}

/** One item an undo/redo refused to touch: someone changed it after this user's change. */
export interface UndoConflictDetail {
  kind: HistoryItem['kind'];
  id: string;
  name: string;
  changedBy: { id: string; displayName: string } | null;
  at: string | null;
  /** The change that blocked it (its events' `data.changeId`). */
  changeId: string | null;
  /** What they did, in words: moved, cancelled, edited, deleted, changed. */
  action: string;
}

/** The entry moved under us (the user's other tab undid or redid it first): look again. */
class EntryMoved extends Error {}

const VERBS: Record<string, string> = {
  'occurrence.updated': 'moved',
  'occurrence.cancelled': 'cancelled',
  'occurrence.created': 'created',
  'job.updated': 'edited',
  'job.deleted': 'deleted',
  'job.created': 'created',
  'conflict.opened': 'reopened',
  'conflict.resolved': 'resolved',
};

const isNaturalKeyClash = (err: unknown) => (err as { code?: string }).code === '23505' && (err as { constraint?: string }).constraint === 'job_natural_key_unique';
const isSlotClash = (err: unknown) => (err as { code?: string }).code === '23505' && (err as { constraint?: string }).constraint === 'occurrence_job_slot_unique';

/**
 * Undo and redo of a user's own changes on a board (docs/api.md, "Undo and redo"). Each is a new change:
 * one transaction that first checks every item still has the version this user's history left
 * (else 409 `undo_conflict` naming who changed it), then writes the other side of the entry; an
 * overlap rolls it back into a 409 `conflict` with hints. Per (user, board) these serialise on an
 * advisory lock, so two tabs racing undo and redo apply one after the other, never half.
 */
export class UndoService {
  constructor(
    private readonly bus: EventBus,
    private readonly conflicts: ConflictService,
    private readonly clock: Clock,
  ) {}

  async history(ctx: Ctx, boardId: string, limit: number): Promise<HistoryEntryDto[]> {
    await requireBoardRole(ctx, boardId, 'planner');
    const rows = await findHistoryEntries(ctx.em, ctx.actor!.id, boardId, limit);
    return rows.map(toHistoryEntryDto);
  }

  undo(ctx: Ctx, boardId: string): Promise<UndoOutcome> {
    return this.apply(ctx, boardId, 'undo');
  }

  redo(ctx: Ctx, boardId: string): Promise<UndoOutcome> {
    return this.apply(ctx, boardId, 'redo');
  }

  /** The entry an undo (newest not undone) or a redo (oldest undone) would apply. */
  private next(em: EntityManager, userId: string, boardId: string, dir: Direction): Promise<HistoryEntryRow | undefined> {
    return dir === 'undo' ? findUndoCandidate(em, userId, boardId) : findRedoCandidate(em, userId, boardId);
  }

  private async apply(ctx: Ctx, boardId: string, dir: Direction): Promise<UndoOutcome> {
    await requireBoardRole(ctx, boardId, 'planner');
    const authed = ctx as AuthedCtx;
    for (let attempt = 1; ; attempt++) {
      const entry = await this.next(ctx.em, authed.actor.id, boardId, dir);
      if (!entry) {
        throw dir === 'undo'
          ? new AppError('nothing_to_undo', 'you have no change left to undo on this board')
          : new AppError('nothing_to_redo', 'you have nothing to redo on this board (a new change clears what was undone)');
      }
      try {
        const { result } = await inTransaction(ctx.em, this.bus, authed.actor, (tx, emit) => this.applyIn(authed, tx, emit, boardId, entry, dir));
        return result;
      } catch (err) {
        if (err instanceof EntryMoved && attempt < 10) continue;
        if (isRetryable(err) && attempt < MAX_ATTEMPTS) continue;
        if (isNaturalKeyClash(err)) throw new AppError('already_exists', `another enabled job with the same name, asset and schedule exists now; nothing was ${dir === 'undo' ? 'undone' : 'redone'}`);
        if (isSlotClash(err)) throw new AppError('undo_conflict', `the job has another run at that time now; nothing was ${dir === 'undo' ? 'undone' : 'redone'}`, []);
        if (!isExclusion(err)) throw err;
        await this.rejectOverlap(ctx, boardId, entry, dir);
        if (attempt >= MAX_ATTEMPTS) throw keptColliding();
      }
    }
  }

  private async applyIn(ctx: AuthedCtx, tx: EntityManager, emit: Emit, boardId: string, peeked: HistoryEntryRow, dir: Direction): Promise<UndoOutcome> {
    const target = <I extends HistoryItem>(item: I): I['before'] | I['after'] => (dir === 'undo' ? item.before : item.after);
    const occItems = peeked.items.filter((i): i is Extract<HistoryItem, { kind: 'occurrence' }> => i.kind === 'occurrence');
    const jobItems = peeked.items.filter((i): i is Extract<HistoryItem, { kind: 'job' }> => i.kind === 'job');
    const conflictItems = peeked.items.filter((i): i is Extract<HistoryItem, { kind: 'conflict' }> => i.kind === 'conflict');
    // Lock order as everywhere: asset schedules (sorted), rows (by id), then the user's history.
    await lockAssetSchedules(tx, [
      ...occItems.flatMap((i) => [i.after.assetId, ...(i.before ? [i.before.assetId] : [])]),
      ...jobItems.flatMap((i) => [i.after.assetId, ...(i.before ? [i.before.assetId] : [])]),
    ]);
    const occRows = occItems.length ? await lockOccurrencesById(tx, occItems.map((i) => i.id)) : [];
    const jobRows = jobItems.length ? await lockJobsById(tx, jobItems.map((i) => i.id)) : [];
    const conflictRows = conflictItems.length ? await lockConflictsById(tx, conflictItems.map((i) => i.id)) : [];
    await lockHistory(tx, ctx.actor.id, boardId);
    const entry = await this.next(tx, ctx.actor.id, boardId, dir);
    if (entry?.change_id !== peeked.change_id) throw new EntryMoved();

    // Nobody else changed anything this entry touches since this user's history last did.
    const occById = new Map(occRows.map((r) => [r.id, r]));
    const jobById = new Map(jobRows.map((r) => [r.id, r]));
    const conflictById = new Map(conflictRows.map((r) => [r.id, r]));
    const moved = peeked.items.filter((item) => {
      if (item.kind === 'occurrence') return occById.get(item.id)?.version !== item.version;
      if (item.kind === 'job') return jobById.get(item.id)?.version !== item.version;
      return conflictById.get(item.id)?.status !== (dir === 'undo' ? 'resolved' : 'open');
    });
    // A run brought back needs its job enabled (now, or by this same entry).
    const enabledAfter = new Map(jobRows.map((j) => [j.id, j.enabled]));
    for (const i of jobItems) enabledAfter.set(i.id, target(i)?.enabled ?? false);
    const missingJobs = new Set<string>();
    const liveJobIds = occItems.filter((i) => (target(i)?.status ?? 'cancelled') !== 'cancelled').map((i) => occById.get(i.id)?.job_id);
    const unknownJobs = [...new Set(liveJobIds.filter((id): id is string => !!id && !enabledAfter.has(id)))];
    if (unknownJobs.length) {
      for (const j of await findJobsByIds(tx, unknownJobs)) enabledAfter.set(j.id, j.enabled);
    }
    for (const id of liveJobIds) if (id && !enabledAfter.get(id)) missingJobs.add(id);
    if (moved.length || missingJobs.size) throw await this.undoConflict(tx, boardId, dir, moved, [...missingJobs]);
    // A run goes back onto its asset only while that asset can be booked (maintenance or scrapped since: refused).
    const bookedAssets = [...new Set(occItems.map((i) => target(i)).filter((st) => st?.status === 'scheduled').map((st) => st!.assetId))];
    if (bookedAssets.length) {
      const unbookable = (await findAssetStatuses(tx, bookedAssets)).filter((a) => UNBOOKABLE_STATUSES.includes(a.status));
      if (unbookable.length) {
        const what = unbookable.map((a) => `${a.code} is ${a.status === 'scrapped' ? 'retired' : 'in maintenance'}`).join(', ');
        throw validationFailed([{ path: 'assetId', message: `${what} and cannot be booked; ${dir} skipped, nothing was changed` }]);
      }
    }

    // Jobs first: a run restored below may belong to a job re-enabled here.
    const jobs: JobDto[] = [];
    const newVersions = new Map<string, number>();
    const stopsOf = await loadStops(tx, jobItems.map((i) => i.id));
    const occIds = occItems.map((i) => i.id);
    for (const item of jobItems) {
      const current = jobById.get(item.id)!;
      const state = target(item);
      const { job, stops } = await this.writeJob(tx, current, stopsOf.get(item.id) ?? [], state);
      const dto = toJobDto(job, stops);
      emit(boardId, !job.enabled ? 'job.deleted' : current.enabled ? 'job.updated' : 'job.created', dto);
      jobs.push(dto);
      newVersions.set(job.id, job.version);
      if (!job.enabled && current.enabled) {
        // Runs the horizon worker added meanwhile go with the job, as on a delete.
        const extra = await cancelJobOccurrences(tx, job.id, this.clock.now(), { includeDetached: true, exceptIds: occIds });
        for (const v of await loadViews(tx, extra, new Map([[job.id, jobLook(job, stops)]]))) emit(boardId, 'occurrence.cancelled', v);
      }
    }

    const writes: OccurrenceWrite[] = occItems.map((item) => {
      const state: OccurrenceState = target(item) ?? { ...item.after, status: 'cancelled' };
      return { id: item.id, ...state };
    });
    const written = await writeOccurrences(tx, writes);
    const views = await loadViews(tx, written);
    for (const v of views) {
      emit(boardId, v.status === 'cancelled' ? 'occurrence.cancelled' : 'occurrence.updated', v);
      newVersions.set(v.id, v.version);
    }
    const cancelledNow = views.filter((v) => v.status === 'cancelled' && occById.get(v.id)?.status !== 'cancelled').map((v) => v.id);
    if (cancelledNow.length) await this.conflicts.resolveForOccurrences(tx, emit, ctx.actor, cancelledNow, { action: 'cancel' });

    for (const item of conflictItems) {
      const row = dir === 'undo' ? await reopenConflict(tx, item.id) : await resolveConflictAgain(tx, item.id, ctx.actor, item.resolution);
      if (!row) throw new Error(`conflict ${item.id} vanished during ${dir}`);
      const view = toConflictView(row);
      emit(boardId, dir === 'undo' ? 'conflict.opened' : 'conflict.resolved', view);
    }

    // The entry flips; every entry of this user naming these items (this one too) learns their new versions.
    await markApplied(tx, { userId: ctx.actor.id, boardId, changeId: peeked.change_id, undone: dir === 'undo', versions: newVersions });
    return { entry: { changeId: peeked.change_id, summary: peeked.summary }, occurrences: views, jobs };
  }

  /** Writes a job's side of an entry: `null` disables it (the undo of a create). */
  private async writeJob(tx: EntityManager, current: JobRow, currentStops: StopRow[], state: JobState | null): Promise<{ job: JobRow; stops: StopRow[] }> {
    if (!state) return { job: await disableJob(tx, current.id), stops: currentStops };
    const job = await restoreJob(tx, current.id, state);
    const now = currentStops.map(stopRowToDto);
    if (JSON.stringify(now) === JSON.stringify(state.stops)) return { job, stops: currentStops };
    await deleteStops(tx, current.id);
    return { job, stops: await insertStops(tx, current.id, state.stops) };
  }

  /** 409 `undo_conflict`: for each item, who changed it last and when (its latest event). */
  private async undoConflict(tx: EntityManager, boardId: string, dir: Direction, moved: HistoryItem[], deletedJobs: string[]): Promise<AppError> {
    const names = new Map(moved.map((i) => [i.id, i.name]));
    const ids = [...moved.map((i) => i.id), ...deletedJobs];
    if (deletedJobs.length) {
      for (const j of await findJobsByIds(tx, deletedJobs)) names.set(j.id, j.name);
    }
    const events = await findLatestEventPerItem(tx, boardId, ids);
    const byId = new Map(events.map((e) => [e.id, e]));
    const details: UndoConflictDetail[] = ids.map((id) => {
      const e = byId.get(id);
      const kind = moved.find((i) => i.id === id)?.kind ?? 'job';
      return {
        kind,
        id,
        name: names.get(id) ?? '',
        changedBy: e?.actor_id ? { id: e.actor_id, displayName: e.actor_name ?? '' } : null,
        at: e ? new Date(e.at).toISOString() : null,
        changeId: e?.change_id ?? null,
        action: e ? (VERBS[e.type] ?? 'changed') : 'changed',
      };
    });
    const first = details[0]!;
    const who = first.changedBy?.displayName ?? 'the system';
    const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
    return new AppError('undo_conflict', `${who} ${first.action} ${first.name || `this ${first.kind}`} since${more}; ${dir} skipped, nothing was changed`, details);
  }

  /** After an overlap rolled the undo back: the first run that cannot go back gets the usual 409 with hints. */
  private async rejectOverlap(ctx: Ctx, boardId: string, entry: HistoryEntryRow, dir: Direction): Promise<void> {
    const ids = entry.items.map((i) => i.id);
    for (const item of entry.items) {
      if (item.kind !== 'occurrence') continue;
      const state = dir === 'undo' ? item.before : item.after;
      if (!state || state.status !== 'scheduled') continue;
      const window = { start: toMs(state.startsAt), end: toMs(state.endsAt) };
      const blocking = await this.conflicts.findBlocking(ctx.em, state.assetId, [window], { occurrenceIds: ids });
      if (!blocking.length) continue;
      const job = await findJobOfOccurrence(ctx.em, item.id);
      await this.conflicts.reject(ctx, {
        boardId,
        assetId: state.assetId,
        windows: [window],
        jobId: job?.id ?? null,
        jobName: job?.name ?? item.name,
        jobKind: job?.kind ?? 'task',
        attempt: { action: dir, changeId: entry.change_id, occurrenceId: item.id, assetId: state.assetId, startsAt: state.startsAt, endsAt: state.endsAt },
        ignore: { occurrenceIds: ids },
      });
    }
  }
}
