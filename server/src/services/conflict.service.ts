import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConflictHints, ConflictResolution, ConflictStatus, ConflictWindow, DismissConflictsBody, ResolveConflictBody } from '@schedhuler/shared';
import { MINUTE_MS, nextFreeWindows, SNAP_5_MIN_MS } from '@schedhuler/shared/domain/windows';
import { AppError, notFound, validationFailed } from '../errors';
import type { EventBus } from '../events/event-bus';
import { isUuid, requireActor, requireBoardRole } from './access';
import { ChangeSet, recordChange } from './change-history';
import type { Clock } from './clock';
import type { Actor, Ctx } from './context';
import { iso, pgArray, toConflictView, toMs, type ConflictRow, type ConflictView, type OccurrenceRow, type PgInstant } from './scheduling-rows';
import { INSERT_REJECTED_SQL } from '../repositories/conflict.repository';
import { isExclusion, isRetryable, keptColliding, MAX_ATTEMPTS } from './retry';
import type { Emit } from './unit-of-work';
import { queryOf, rawQuery } from '../repositories/sql';
import { inSqlTransaction, inTransaction } from './unit-of-work';

export interface TimeSpan {
  start: number;
  end: number;
}

/** Occurrences that must not count as blocking: the one being moved, or a job's own future ones being replaced. */
export interface BlockIgnore {
  occurrenceIds?: string[];
  replacedOf?: { jobId: string; after: Date };
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

interface BlockRow {
  idx: string;
  s: PgInstant;
  e: PgInstant;
  id: string;
  job_id: string;
  job_name: string;
  asset_id: string;
  starts_at: PgInstant;
  ends_at: PgInstant;
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

  private ignoreSql(ignore: BlockIgnore | undefined, params: unknown[]): string {
    let sql = '';
    if (ignore?.occurrenceIds?.length) {
      sql += ' and o.id <> all(?::uuid[])';
      params.push(pgArray(ignore.occurrenceIds));
    }
    if (ignore?.replacedOf) {
      sql += ' and not (o.job_id = ? and not o.detached and o.starts_at > ?)';
      params.push(ignore.replacedOf.jobId, ignore.replacedOf.after);
    }
    return sql;
  }

  /** Which scheduled occurrences block which requested windows (the GiST index answers each window). */
  async findBlocking(em: EntityManager, assetId: string, windows: readonly TimeSpan[], ignore?: BlockIgnore): Promise<ConflictWindow[]> {
    if (!windows.length) return [];
    const params: unknown[] = [pgArray(windows.map((w) => iso(w.start))), pgArray(windows.map((w) => iso(w.end))), assetId];
    const extra = this.ignoreSql(ignore, params);
    const rows = await rawQuery<BlockRow>(
      em,
      `select w.idx, w.s, w.e, o.id, o.job_id, j.name as job_name, o.asset_id, o.starts_at, o.ends_at
         from unnest(?::timestamptz[], ?::timestamptz[]) with ordinality as w(s, e, idx)
         join occurrence o on o.asset_id = ? and o.status = 'scheduled' and tstzrange(o.starts_at, o.ends_at) && tstzrange(w.s, w.e)${extra}
         join job j on j.id = o.job_id
        order by w.idx, o.starts_at limit ${MAX_REPORTED}`,
      params,
    );
    return rows.map((r) => ({
      startsAt: iso(r.s),
      endsAt: iso(r.e),
      blocking: { occurrenceId: r.id, jobId: r.job_id, jobName: r.job_name, assetId: r.asset_id, startsAt: iso(r.starts_at), endsAt: iso(r.ends_at) },
    }));
  }

  /** Next 3 free windows of the same length on the asset, and same-kind assets free for every window. */
  async hints(em: EntityManager, boardId: string, assetId: string, windows: readonly TimeSpan[], first: TimeSpan, ignore?: BlockIgnore): Promise<ConflictHints & { assetCode: string }> {
    const after = Math.max(first.start, this.clock.now().getTime());
    const params: unknown[] = [assetId, new Date(after - 86_400_000), new Date(after + HINT_SEARCH_MS), new Date(after)];
    const extra = this.ignoreSql(ignore, params);
    const busy = await rawQuery<{ starts_at: PgInstant; ends_at: PgInstant }>(
      em,
      `select o.starts_at, o.ends_at from occurrence o
        where o.asset_id = ? and o.status <> 'cancelled' and o.starts_at > ? and o.starts_at < ? and o.ends_at > ?${extra}
        order by o.starts_at limit 5000`,
      params,
    );
    const nextFree = nextFreeWindows(
      busy.map((b) => ({ start: toMs(b.starts_at), end: toMs(b.ends_at) })),
      Math.max(first.end - first.start, MINUTE_MS),
      after,
      3,
      after + HINT_SEARCH_MS,
      SNAP_5_MIN_MS,
    ).map((w) => ({ startsAt: iso(w.start), endsAt: iso(w.end) }));
    const checked = windows.slice(0, 500);
    // The asset's own row and its free same-kind peers in one query (no row: the asset is gone).
    const rows = await rawQuery<{ target_code: string; id: string | null; code: string; name: string }>(
      em,
      `select t.code as target_code, f.id, f.code, f.name from (select kind, code from asset where id = ?) t
         left join lateral (
           select a.id, a.code, a.name from asset a
            where a.board_id = ? and a.kind = t.kind and a.id <> ? and a.status not in ('maintenance', 'scrapped')
              and not exists (
                select 1 from unnest(?::timestamptz[], ?::timestamptz[]) as w(s, e)
                  join occurrence o on o.asset_id = a.id and o.status <> 'cancelled'
                                   and o.starts_at < w.e and o.starts_at > w.s - interval '24 hours' and o.ends_at > w.s)
            order by a.code limit 10) f on true
        order by f.code`,
      [assetId, boardId, assetId, pgArray(checked.map((w) => iso(w.start))), pgArray(checked.map((w) => iso(w.end)))],
    );
    const freeAssets = rows.filter((r) => r.id !== null).map((r) => ({ id: r.id!, code: r.code, name: r.name }));
    return { nextFree, freeAssets, assetCode: rows[0]?.target_code ?? 'the asset' };
  }

  /**
   * After an overlap rolled a change back: record the rejected attempt (its own transaction, one
   * `conflict.opened` event) and throw the 409 with conflicts and hints. Returns without throwing
   * only when nothing blocks any more (the blocker went away meanwhile): the caller retries.
   */
  async reject(ctx: Ctx, input: RejectInput): Promise<void> {
    const conflicts = await this.findBlocking(ctx.em, input.assetId, input.windows, input.ignore);
    if (!conflicts.length) return;
    const first = conflicts[0]!;
    const firstWindow = { start: toMs(first.startsAt), end: toMs(first.endsAt) };
    const { assetCode, ...hints } = await this.hints(ctx.em, input.boardId, input.assetId, input.windows, firstWindow, input.ignore);
    const blockingIds = [...new Set(conflicts.map((c) => c.blocking.occurrenceId))];
    const { result: record } = await inSqlTransaction(ctx.em, this.bus, ctx.actor, async (q, emit) => {
      const [row] = await q<ConflictRow>(INSERT_REJECTED_SQL, [
          input.boardId,
          input.assetId,
          new Date(firstWindow.start),
          new Date(firstWindow.end),
          input.jobId ?? null,
          JSON.stringify(blockingIds),
          JSON.stringify({ attempt: input.attempt, conflicts, hints }),
          ctx.actor?.id ?? null,
          ctx.actor?.displayName ?? null,
          input.jobName.slice(0, 200),
          input.jobKind,
        ]);
      const view = toConflictView(row!);
      emit(input.boardId, 'conflict.opened', view);
      return view;
    });
    const more = new Set(conflicts.map((c) => c.startsAt)).size - 1;
    throw new AppError(
      'conflict',
      `${assetCode} is already booked ${first.blocking.startsAt} – ${first.blocking.endsAt} by "${first.blocking.jobName}"` +
        (more > 0 ? ` (and ${more} more of the requested windows overlap)` : ''),
      undefined,
      { conflictId: record.id, conflicts, hints },
    );
  }

  /** Opens one `overlap` record per occurrence stored `conflicted`, naming what it overlaps. */
  async openOverlaps(tx: EntityManager, emit: Emit, actor: Actor | null, boardId: string, jobId: string, conflicted: readonly OccurrenceRow[]): Promise<ConflictView[]> {
    if (!conflicted.length) return [];
    const blockers = await tx.execute<(BlockRow & { conflicted_id: string })[]>(
      `select c.id as conflicted_id, o.id, o.job_id, j.name as job_name, o.asset_id, o.starts_at, o.ends_at
         from occurrence c
         join occurrence o on o.asset_id = c.asset_id and o.status = 'scheduled' and tstzrange(o.starts_at, o.ends_at) && tstzrange(c.starts_at, c.ends_at)
         join job j on j.id = o.job_id
        where c.id = any(?::uuid[]) order by o.starts_at`,
      [pgArray(conflicted.map((c) => c.id))],
    );
    const views: ConflictView[] = [];
    for (const c of conflicted) {
      const mine = blockers.filter((b) => b.conflicted_id === c.id);
      const blocking = mine.map((b) => ({ occurrenceId: b.id, jobId: b.job_id, jobName: b.job_name, assetId: b.asset_id, startsAt: iso(b.starts_at), endsAt: iso(b.ends_at) }));
      const [row] = await tx.execute<ConflictRow[]>(
        `insert into conflict_record (id, board_id, kind, status, asset_id, starts_at, ends_at, job_id, occurrence_ids, details, actor_id, actor_name, created_at, job_name, job_kind)
         select gen_random_uuid(), ?, 'overlap', 'open', ?, ?, ?, j.id, ?::jsonb, ?::jsonb, ?, ?, now(), j.name, j.kind from job j where j.id = ? returning *`,
        [boardId, c.asset_id, c.starts_at, c.ends_at, JSON.stringify([c.id, ...blocking.map((b) => b.occurrenceId)]), JSON.stringify({ blocking }), actor?.id ?? null, actor?.displayName ?? null, jobId],
      );
      const view = toConflictView(row!);
      emit(boardId, 'conflict.opened', view);
      views.push(view);
    }
    return views;
  }

  /** Closes open `overlap` records whose booked-anyway occurrence was cancelled or moved clear. */
  async resolveForOccurrences(tx: EntityManager, emit: Emit, actor: Actor | null, occurrenceIds: readonly string[], resolution: ConflictResolution): Promise<ConflictView[]> {
    if (!occurrenceIds.length) return [];
    const rows = await tx.execute<ConflictRow[]>(
      `update conflict_record set status = 'resolved', resolved_at = now(), resolved_by_id = ?, resolved_by_name = ?, resolution = ?,
              details = details || jsonb_build_object('resolution', ?::jsonb)
        where status = 'open' and kind = 'overlap' and occurrence_ids->>0 = any(?::text[]) returning *`,
      [actor?.id ?? null, actor?.displayName ?? null, resolution.action, JSON.stringify(resolution), pgArray(occurrenceIds)],
    );
    return rows.map((r) => {
      const view = toConflictView(r);
      emit(r.board_id, 'conflict.resolved', view);
      return view;
    });
  }

  /** A moved occurrence: its open rejected move attempts are answered (the move happened after all). */
  async supersedeMoves(tx: EntityManager, emit: Emit, actor: Actor | null, occurrenceId: string): Promise<void> {
    const rows = await tx.execute<ConflictRow[]>(
      `update conflict_record set status = 'resolved', resolved_at = now(), resolved_by_id = ?, resolved_by_name = ?, resolution = 'superseded',
              details = details || jsonb_build_object('resolution', jsonb_build_object('action', 'superseded'))
        where status = 'open' and kind = 'rejected' and details->'attempt'->>'action' = 'move' and details->'attempt'->>'occurrenceId' = ? returning *`,
      [actor?.id ?? null, actor?.displayName ?? null, occurrenceId],
    );
    for (const r of rows) emit(r.board_id, 'conflict.resolved', toConflictView(r));
  }

  /**
   * Supervisor: dismiss many open records at once ("dismiss all rejected", a grouped card) in one
   * transaction; one `conflict.resolved` event each. Returns how many were dismissed.
   */
  async dismissMany(ctx: Ctx, boardId: string, body: DismissConflictsBody): Promise<number> {
    requireActor(ctx);
    await requireBoardRole(ctx, boardId, 'supervisor');
    const params: unknown[] = [ctx.actor.id, ctx.actor.displayName, boardId];
    let where = '';
    if (body.kind) {
      where += ' and kind = ?';
      params.push(body.kind);
    }
    if (body.ids) {
      where += ' and id = any(?::uuid[])';
      params.push(pgArray(body.ids));
    }
    const { result } = await inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit) => {
      const rows = await tx.execute<ConflictRow[]>(
        `update conflict_record set status = 'resolved', resolved_at = now(), resolved_by_id = ?, resolved_by_name = ?, resolution = 'dismiss',
                details = details || jsonb_build_object('resolution', jsonb_build_object('action', 'dismiss'))
          where id in (select id from conflict_record where board_id = ? and status = 'open'${where} order by created_at limit ${DISMISS_LIMIT} for update)
          returning *`,
        params,
      );
      for (const r of rows) emit(r.board_id, 'conflict.resolved', toConflictView(r));
      return rows.length;
    });
    return result;
  }

  async list(ctx: Ctx, boardId: string, status: ConflictStatus): Promise<ConflictView[]> {
    await requireBoardRole(ctx, boardId, 'viewer');
    const rows = await ctx.em.execute<ConflictRow[]>(
      `select * from conflict_record where board_id = ? and status = ? order by created_at desc, id limit 1000`,
      [boardId, status],
    );
    return rows.map(toConflictView);
  }

  /** Open conflicts of a board, for the snapshot (inside its repeatable-read transaction). */
  async openOf(em: EntityManager, boardId: string): Promise<ConflictView[]> {
    const rows = await em.execute<ConflictRow[]>(`select * from conflict_record where board_id = ? and status = 'open' order by created_at desc, id limit 1000`, [boardId]);
    return rows.map(toConflictView);
  }

  /** Supervisor: dismiss, cancel one occurrence, or move one; the record and the change commit together. */
  async resolve(ctx: Ctx, conflictId: string, body: ResolveConflictBody): Promise<ConflictView> {
    requireActor(ctx);
    if (!isUuid(conflictId)) throw notFound('conflict');
    const [found] = await ctx.em.execute<ConflictRow[]>('select * from conflict_record where id = ?', [conflictId]);
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
          const [row] = await tx.execute<ConflictRow[]>(
            `update conflict_record set status = 'resolved', resolved_at = now(), resolved_by_id = ?, resolved_by_name = ?, resolution = ?,
                    details = details || jsonb_build_object('resolution', ?::jsonb)
              where id = ? and status = 'open' returning *`,
            [ctx.actor.id, ctx.actor.displayName, body.action, JSON.stringify(resolution), conflictId],
          );
          if (!row) {
            const [current] = await tx.execute<ConflictRow[]>('select * from conflict_record where id = ?', [conflictId]);
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
