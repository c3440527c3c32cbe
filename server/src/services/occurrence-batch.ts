import { END_RANGE_MESSAGE, instantInRange, type BatchOccurrencesBody, type ConflictHints, type ConflictWindow, type FieldIssue, type OccurrenceDto } from '@schedhuler/shared';
import { AppError, notFound, validationFailed } from '../errors';
import type { EventBus } from '../events/event-bus';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findBoardAssets } from '../repositories/asset.repository';
import { supersedeMovesOfMany } from '../repositories/conflict.repository';
import { findBoardHorizonWithRole } from '../repositories/job.repository';
import { isUuid, requireActor, requireRoleOf } from './access';
import { ChangeSet, occurrenceStateOfRow, recordChange } from './change-history';
import type { Clock } from './clock';
import type { ConflictService } from './conflict.service';
import type { AuthedCtx, Ctx } from './context';
import { performerProblem } from './job-spec';
import { findBlockingPerTarget, findOccurrencesWithJob, lockAssetSchedules, writeOccurrences, type OccurrenceWrite } from '../repositories/occurrence.repository';
import { loadViews } from './occurrence-store';
import { queryOf, type Query } from '../repositories/sql';
import { isExclusion, isRetryable, keptColliding, MAX_ATTEMPTS } from './retry';
import { MAX_OCCURRENCE_MS } from './schedule.service';
import { iso, toConflictView, toMs, type OccurrenceRow, type OccurrenceView } from './scheduling-rows';
import { inTransaction, type Emit } from './unit-of-work';

const DAY = 86_400_000;
/** Failing ops that get hints computed (each costs a query); the rest get their conflicts only. */
const MAX_HINTED_OPS = 10;

type BatchOp = BatchOccurrencesBody['ops'][number];
type Row = OccurrenceRow & { job_enabled: boolean; job_name: string };

/** A move op's target, checked before any transaction. */
interface Target {
  assetId: string;
  start: number;
  end: number;
}

/** One failing op of a refused batch (docs/api.md: `details.ops`). */
export interface BatchOpFailure {
  index: number;
  occurrenceId: string;
  code: 'conflict' | 'stale_version';
  message: string;
  conflicts?: ConflictWindow[];
  hints?: ConflictHints;
  /** `stale_version`: the occurrence as it is now. */
  current?: OccurrenceDto;
}

/** Thrown inside the transaction (rolling it back) when ops fail; turned into the 409 outside it. */
class BatchRefused extends Error {
  constructor(readonly failures: BatchOpFailure[]) {
    super('batch refused');
  }
}


/**
 * `POST /api/boards/:boardId/occurrences/batch`: moves and cancels of many occurrences as ONE
 * change — one transaction, one `changeId`, one history entry — or nothing. Asset schedules are
 * locked in sorted order, then the rows; every op is checked (version, overlap with the board and
 * with the batch's own targets) so a refusal lists every failing op; the exclusion constraint stays
 * the last word (a 23P01 is mapped back to its ops by a per-op check).
 */
export class OccurrenceBatchService {
  constructor(
    private readonly bus: EventBus,
    private readonly conflicts: ConflictService,
    private readonly clock: Clock,
  ) {}

  async run(ctx: Ctx, boardId: string, body: BatchOccurrencesBody): Promise<{ occurrences: OccurrenceView[]; changeId: string }> {
    requireActor(ctx);
    if (!isUuid(boardId)) throw notFound('board');
    const board = await findBoardHorizonWithRole(ctx.em, ctx.actor.id, boardId);
    requireRoleOf(ctx.actor, board, 'planner');
    const targets = await this.check(ctx, boardId, board!.horizon_days, body.ops);
    for (let attempt = 1; ; attempt++) {
      try {
        const { result, changeId } = await inTransaction(ctx.em, this.bus, ctx.actor, (tx, emit, id) => this.applyIn(ctx, queryOf(tx), emit, boardId, body.ops, targets, id, tx));
        return { occurrences: result, changeId };
      } catch (err) {
        if (err instanceof BatchRefused) throw await this.refusal(ctx, boardId, body.ops, targets, err.failures);
        if (isRetryable(err) && attempt < MAX_ATTEMPTS) continue;
        if (!isExclusion(err)) throw err;
        // Something booked meanwhile without our locks (the horizon worker): find the ops it blocks.
        const failures: BatchOpFailure[] = [];
        const ids = body.ops.map((o) => o.occurrenceId);
        for (const [index, t] of targets) {
          const conflicts = await this.conflicts.findBlocking(ctx.em, t.assetId, [t], { occurrenceIds: ids });
          if (conflicts.length) failures.push(this.conflictFailure(index, body.ops[index]!.occurrenceId, conflicts));
        }
        if (failures.length) throw await this.refusal(ctx, boardId, body.ops, targets, failures);
        if (attempt >= MAX_ATTEMPTS) throw keptColliding();
      }
    }
  }

  /** Everything that is wrong with the request itself: 400 naming `ops.<i>.<field>` for each. */
  private async check(ctx: AuthedCtx, boardId: string, horizonDays: number, ops: readonly BatchOp[]): Promise<Map<number, Target>> {
    const rows = await findOccurrencesWithJob(ctx.em, ops.map((o) => o.occurrenceId));
    const byId = new Map(rows.filter((r) => r.board_id === boardId).map((r) => [r.id, r]));
    const assetIds = [...new Set(ops.flatMap((o) => (o.assetId ? [o.assetId] : [])))];
    const assets = assetIds.length ? await findBoardAssets(ctx.em, boardId, assetIds) : [];
    const assetById = new Map(assets.map((a) => [a.id, a]));
    const horizonEnd = this.clock.now().getTime() + horizonDays * DAY;
    const issues: FieldIssue[] = [];
    const targets = new Map<number, Target>();
    ops.forEach((op, i) => {
      const at = (field: string, message: string) => issues.push({ path: `ops.${i}.${field}`, message });
      const row = byId.get(op.occurrenceId);
      if (!row) return at('occurrenceId', 'no such occurrence on this board');
      if (op.cancel) return;
      if (row.status === 'cancelled') return at('occurrenceId', 'this occurrence is cancelled and cannot be moved; restore it first');
      if (!row.job_enabled) return at('occurrenceId', "this occurrence's job was deleted; it can no longer be moved");
      if (op.assetId) {
        const asset = assetById.get(op.assetId);
        const problem = asset ? performerProblem(asset) : 'no such asset on this board';
        if (problem) return at('assetId', problem);
      }
      const start = op.startsAt ? Date.parse(op.startsAt) : toMs(row.starts_at);
      const length = toMs(row.ends_at) - toMs(row.starts_at);
      const end = op.endsAt ? Date.parse(op.endsAt) : op.startsAt ? start + length : toMs(row.ends_at);
      if (!(end > start)) return at('endsAt', `must be after startsAt (${iso(start)})`);
      if (end - start > MAX_OCCURRENCE_MS) return at('endsAt', 'an occurrence lasts at most 24 h');
      if (!instantInRange(end)) return at(op.endsAt ? 'endsAt' : 'startsAt', END_RANGE_MESSAGE);
      if (start >= horizonEnd) return at('startsAt', `is beyond the board's horizon (${horizonDays} days: before ${iso(horizonEnd)})`);
      targets.set(i, { assetId: op.assetId ?? row.asset_id, start, end });
    });
    if (issues.length) throw validationFailed(issues);
    return targets;
  }

  private async applyIn(ctx: AuthedCtx, q: Query, emit: Emit, boardId: string, ops: readonly BatchOp[], targets: Map<number, Target>, changeId: string, tx: Parameters<typeof loadViews>[0]): Promise<OccurrenceView[]> {
    await lockAssetSchedules(tx, [...targets.values()].map((t) => t.assetId));
    const ids = ops.map((o) => o.occurrenceId);
    const locked = await findOccurrencesWithJob(tx, ids, true);
    const byId = new Map(locked.map((r) => [r.id, r]));
    const failures: BatchOpFailure[] = [];
    const stale = ops.flatMap((op, index) => (byId.get(op.occurrenceId)?.version === op.expectedVersion ? [] : [index]));
    if (stale.length) {
      const views = await loadViews(tx, stale.map((i) => byId.get(ops[i]!.occurrenceId)!));
      stale.forEach((index, k) =>
        failures.push({ index, occurrenceId: ops[index]!.occurrenceId, code: 'stale_version', message: 'this occurrence was changed by someone else; reload it and try again', current: views[k] }),
      );
    }
    const staleSet = new Set(stale);
    failures.push(...(await this.overlaps(tx, ops, targets, byId, staleSet)));
    if (failures.length) throw new BatchRefused(failures.sort((a, b) => a.index - b.index));

    const writes: OccurrenceWrite[] = [];
    const changes = new ChangeSet();
    ops.forEach((op, index) => {
      const row = byId.get(op.occurrenceId)!;
      const t = targets.get(index);
      if (t) writes.push({ id: row.id, assetId: t.assetId, startsAt: iso(t.start), endsAt: iso(t.end), status: 'scheduled', detached: true });
      else if (row.status !== 'cancelled') writes.push({ ...occurrenceStateOfRow(row), id: row.id, status: 'cancelled' });
    });
    const written = new Map((await writeOccurrences(tx, writes)).map((r) => [r.id, r]));
    const rows = ops.map((op) => written.get(op.occurrenceId) ?? byId.get(op.occurrenceId)!);
    const views = await loadViews(tx, rows);
    ops.forEach((op, index) => {
      const before = byId.get(op.occurrenceId)!;
      const after = written.get(op.occurrenceId);
      if (!after) return; // cancelling a cancelled run: nothing to do, no event
      const view = views[index]!;
      emit(boardId, op.cancel ? 'occurrence.cancelled' : 'occurrence.updated', view);
      changes.occurrence(occurrenceStateOfRow(before), after, before.job_name);
      const t = targets.get(index);
      changes.note(before.job_name, !t ? 'cancel' : t.end - t.start !== toMs(before.ends_at) - toMs(before.starts_at) ? 'resize' : 'move');
    });
    const movedIds = ops.flatMap((op, i) => (targets.has(i) ? [op.occurrenceId] : []));
    const wasConflicted = (id: string) => byId.get(id)?.status === 'conflicted';
    const movedConflicted = movedIds.filter(wasConflicted);
    const cancelledConflicted = ops.filter((op) => op.cancel && wasConflicted(op.occurrenceId)).map((op) => op.occurrenceId);
    if (movedConflicted.length) await this.conflicts.resolveForOccurrences(tx, emit, ctx.actor, movedConflicted, { action: 'move' });
    if (cancelledConflicted.length) await this.conflicts.resolveForOccurrences(tx, emit, ctx.actor, cancelledConflicted, { action: 'cancel' });
    if (movedIds.length) {
      // A done move supersedes the rejected attempts to move the same occurrence (as a single move does).
      const superseded = await supersedeMovesOfMany(tx, boardId, movedIds, ctx.actor);
      for (const r of superseded) emit(boardId, 'conflict.resolved', toConflictView(r));
    }
    await recordChange(q, ctx.actor, boardId, changeId, changes.summary(), changes);
    return views;
  }

  /**
   * Move ops whose target overlaps a scheduled occurrence outside the batch, or another op's
   * target. Exact under the asset locks: every writer of these assets' schedules waits for them.
   */
  private async overlaps(tx: EntityManager, ops: readonly BatchOp[], targets: Map<number, Target>, byId: Map<string, Row>, stale: Set<number>): Promise<BatchOpFailure[]> {
    const moving = [...targets].filter(([i]) => !stale.has(i));
    if (!moving.length) return [];
    const ids = ops.map((o) => o.occurrenceId);
    const outside = await findBlockingPerTarget(
      tx,
      moving.map(([i, t]) => ({ idx: i, assetId: t.assetId, start: iso(t.start), end: iso(t.end) })),
      ids,
    );
    const found = new Map<number, ConflictWindow[]>();
    const add = (index: number, t: Target, b: { id: string; jobId: string; jobName: string; assetId: string; start: number; end: number }) => {
      const list = found.get(index) ?? [];
      list.push({ startsAt: iso(t.start), endsAt: iso(t.end), blocking: { occurrenceId: b.id, jobId: b.jobId, jobName: b.jobName, assetId: b.assetId, startsAt: iso(b.start), endsAt: iso(b.end) } });
      found.set(index, list);
    };
    for (const o of outside) {
      const index = Number(o.idx);
      add(index, targets.get(index)!, { id: o.id, jobId: o.job_id, jobName: o.job_name, assetId: o.asset_id, start: toMs(o.starts_at), end: toMs(o.ends_at) });
    }
    // Where the batch's own occurrences end up: moved ones at their targets, stale or untouched
    // scheduled ones where they are (cancelled ones leave the schedule).
    const finals = ops.flatMap((op, index) => {
      const row = byId.get(op.occurrenceId)!;
      const t = !stale.has(index) ? targets.get(index) : undefined;
      if (t) return [{ index, row, ...t }];
      if ((op.cancel && !stale.has(index)) || row.status !== 'scheduled') return [];
      return [{ index, row, assetId: row.asset_id, start: toMs(row.starts_at), end: toMs(row.ends_at) }];
    });
    const byAsset = new Map<string, typeof finals>();
    for (const f of finals) byAsset.set(f.assetId, [...(byAsset.get(f.assetId) ?? []), f]);
    for (const list of byAsset.values()) {
      list.sort((a, b) => a.start - b.start);
      for (let a = 0; a < list.length; a++) {
        for (let b = a + 1; b < list.length && list[b]!.start < list[a]!.end; b++) {
          const [x, y] = [list[a]!, list[b]!];
          const blockOf = (f: typeof x) => ({ id: f.row.id, jobId: f.row.job_id, jobName: f.row.job_name, assetId: f.assetId, start: f.start, end: f.end });
          if (targets.has(x.index) && !stale.has(x.index)) add(x.index, x, blockOf(y));
          if (targets.has(y.index) && !stale.has(y.index)) add(y.index, y, blockOf(x));
        }
      }
    }
    return [...found].map(([index, conflicts]) => this.conflictFailure(index, ops[index]!.occurrenceId, conflicts));
  }

  private conflictFailure(index: number, occurrenceId: string, conflicts: ConflictWindow[]): BatchOpFailure {
    const first = conflicts[0]!.blocking;
    return { index, occurrenceId, code: 'conflict', message: `overlaps "${first.jobName}" ${first.startsAt} – ${first.endsAt}`, conflicts };
  }

  /** The 409: `stale_version` when any op is stale (reload first), else `conflict`; hints for the first failing ops. */
  private async refusal(ctx: Ctx, boardId: string, ops: readonly BatchOp[], targets: Map<number, Target>, failures: BatchOpFailure[]): Promise<AppError> {
    const ids = ops.map((o) => o.occurrenceId);
    let hinted = 0;
    for (const f of failures) {
      const t = targets.get(f.index);
      if (f.code !== 'conflict' || !t || hinted >= MAX_HINTED_OPS) continue;
      hinted++;
      const { assetCode: _code, ...hints } = await this.conflicts.hints(ctx.em, boardId, t.assetId, [t], t, { occurrenceIds: ids });
      f.hints = hints;
    }
    const stale = failures.filter((f) => f.code === 'stale_version').length;
    const conflicting = failures.length - stale;
    const parts = [stale ? `${stale} op${stale > 1 ? 's are' : ' is'} stale` : '', conflicting ? `${conflicting} op${conflicting > 1 ? 's overlap' : ' overlaps'} a booking` : ''].filter(Boolean);
    const message = `${parts.join(' and ')}; nothing was changed (ops ${failures.slice(0, 10).map((f) => f.index).join(', ')}${failures.length > 10 ? ', …' : ''})`;
    const firstConflict = failures.find((f) => f.code === 'conflict');
    const extra = firstConflict
      ? { conflicts: failures.flatMap((f) => f.conflicts ?? []).slice(0, 50), hints: firstConflict.hints ?? { nextFree: [], freeAssets: [] } }
      : undefined;
    return new AppError(stale ? 'stale_version' : 'conflict', message, { ops: failures }, extra);
  }
}
