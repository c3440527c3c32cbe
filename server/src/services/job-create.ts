import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobDto } from '@schedhuler/shared';
import { notFound } from '../errors';
import type { EventBus } from '../events/event-bus';
import { isUuid, MEMBER_ROLE_SQL, requireActor, requireBoardRole, requireRoleOf } from './access';
import { ChangeSet, recordChange } from './change-history';
import type { Clock } from './clock';
import type { ConflictService } from './conflict.service';
import type { Actor, AuthedCtx, Ctx } from './context';
import { assetIdsOf, checkAssetRows, checkSpecRules, naturalKeyOf, type AssetRow, type JobSpec } from './job-spec';
import { createJobParams, createJobSql } from './job-sql';
import { insertLeftovers, jobLook, loadViews, lockAssetSchedule } from './occurrence-store';
import { queryOf, rawQuery, type Query } from './raw-sql';
import { isExclusion, isRetryable, keptColliding, MAX_ATTEMPTS } from './retry';
import type { ScheduleService } from './schedule.service';
import { pgArray, toConflictView, toJobDto, toMs, type ConflictRow, type JobRow, type OccurrenceRow, type OccurrenceView, type StopRow } from './scheduling-rows';
import { inSqlTransaction, inTransaction, type Emit } from './unit-of-work';

/*
 * Job creation (tours and tasks), the hot path of the scheduling benchmark: one read (access check,
 * board, natural-key twin, assets), then one transaction (job, stops, occurrences, events); an
 * overlap rolls it back and becomes a 409 through the conflict log.
 */

export interface JobWithOccurrencesView {
  job: JobDto;
  occurrences: OccurrenceView[];
}

export interface CreateOutcome {
  /** false: an enabled job with the same natural key existed and is returned instead (200). */
  created: boolean;
  result: JobWithOccurrencesView;
}

export interface CreateOptions {
  allowConflict: boolean;
  validFromGiven: string | null;
}

/** What `createJob` needs of `JobService`. */
export interface CreateDeps {
  bus: EventBus;
  clock: Clock;
  schedule: ScheduleService;
  conflicts: ConflictService;
  viewOf(em: EntityManager, job: JobRow): Promise<JobWithOccurrencesView>;
}

export const isNaturalKeyClash = (err: unknown) => (err as { code?: string }).code === '23505' && (err as { constraint?: string }).constraint === 'job_natural_key_unique';
const DAY = 86_400_000;

/** A plain create is SQL alone (`inSqlTransaction`); `allowConflict` needs the ORM manager too (leftovers, overlap records). */
function createTransaction<T>(
  bus: EventBus,
  em: EntityManager,
  actor: Actor | null,
  allowConflict: boolean,
  work: (q: Query, emit: Emit, tx: EntityManager | null, changeId: string) => Promise<T>,
) {
  return allowConflict
    ? inTransaction(em, bus, actor, (tx, emit, changeId) => work(queryOf(tx), emit, tx, changeId))
    : inSqlTransaction(em, bus, actor, (q, emit, changeId) => work(q, emit, null, changeId));
}

/**
 * Everything a create reads before its transaction, in one round trip, the access check included:
 * a non-member gets 404 and a viewer 403 before anything else is looked at or written.
 */
async function prefetch(ctx: AuthedCtx, boardId: string, spec: JobSpec, naturalKey: string): Promise<{ horizonDays: number; existing: JobRow | null }> {
  if (!isUuid(boardId)) throw notFound('board');
  const [row] = await rawQuery<{ role: string | null; horizon_days: number; existing: JobRow | null; assets: AssetRow[] }>(
    ctx.em,
    `select ${MEMBER_ROLE_SQL}, b.horizon_days,
            (select row_to_json(j) from job j where j.board_id = b.id and j.natural_key = ? and j.enabled) as existing,
            (select coalesce(json_agg(json_build_object('id', a.id, 'code', a.code, 'kind', a.kind, 'status', a.status)), '[]'::json)
               from asset a where a.id = any(?::uuid[]) and a.board_id = b.id) as assets
       from board b where b.id = ?`,
    [ctx.actor.id, naturalKey, pgArray(assetIdsOf(spec)), boardId],
  );
  requireRoleOf(ctx.actor, row, 'planner');
  checkAssetRows(spec, row!.assets);
  return { horizonDays: row!.horizon_days, existing: row!.existing };
}

/**
 * Creates a job: expand over the horizon, insert, events, one transaction; overlap → 409 via the
 * conflict log. The planner check is part of the prefetch (or, for a body breaking the rules, done
 * before the 400).
 */
export async function createJob(deps: CreateDeps, ctx: Ctx, boardId: string, spec: JobSpec, opts: CreateOptions): Promise<CreateOutcome> {
  requireActor(ctx);
  let cron: ReturnType<typeof checkSpecRules>;
  try {
    cron = checkSpecRules(spec);
  } catch (err) {
    await requireBoardRole(ctx, boardId, 'planner'); // who may not create learns that, not what is wrong with the body
    throw err;
  }
  const naturalKey = naturalKeyOf(spec, opts.validFromGiven);
  const { horizonDays, existing } = await prefetch(ctx, boardId, spec, naturalKey);
  if (existing) return { created: false, result: await deps.viewOf(ctx.em, existing) };
  const now = deps.clock.now();
  const range = deps.schedule.range(spec, now.getTime(), horizonDays);
  const slots = cron ? deps.schedule.expand(spec, cron, range.from, range.to) : [deps.schedule.windowAt(spec, spec.startsAt!.getTime())];
  const materializedUntil = cron ? new Date(now.getTime() + horizonDays * DAY) : null;
  for (let attempt = 1; ; attempt++) {
    try {
      const { result } = await createTransaction(deps.bus, ctx.em, ctx.actor, opts.allowConflict, async (q, emit, tx, changeId) => {
        await lockAssetSchedule(q, spec.assetId);
        const [row] = await q<{ job: JobRow; stops: StopRow[]; occurrences: OccurrenceRow[]; superseded: ConflictRow[] }>(
          createJobSql(opts.allowConflict),
          createJobParams(boardId, spec, naturalKey, materializedUntil, ctx.actor?.id ?? null, slots, ctx.actor?.displayName ?? null),
        );
        const { job, stops } = row!;
        let rows = row!.occurrences;
        let conflicted: OccurrenceRow[] = [];
        if (tx) {
          conflicted = await insertLeftovers(tx, { boardId, jobId: job.id, assetId: job.asset_id }, slots, rows);
          rows = [...rows, ...conflicted].sort((a, b) => toMs(a.starts_at) - toMs(b.starts_at));
        }
        const dto = toJobDto(job, stops);
        emit(boardId, 'job.created', dto);
        for (const c of row!.superseded) emit(boardId, 'conflict.resolved', toConflictView(c));
        const occurrences = await loadViews(tx ?? ctx.em, rows, new Map([[job.id, jobLook(job, stops)]])); // no query: the job is known
        for (const v of occurrences) emit(boardId, 'occurrence.created', v);
        if (tx) await deps.conflicts.openOverlaps(tx, emit, ctx.actor, boardId, job.id, conflicted);
        const changes = new ChangeSet();
        changes.job(null, job, stops);
        for (const r of rows) changes.occurrence(null, r, job.name);
        await recordChange(q, ctx.actor, boardId, changeId, `Creation of ${job.name}`, changes);
        return { job: dto, occurrences };
      });
      return { created: true, result };
    } catch (err) {
      if (isNaturalKeyClash(err)) {
        const [winner] = await ctx.em.execute<JobRow[]>('select * from job where board_id = ? and natural_key = ? and enabled', [boardId, naturalKey]);
        if (winner) return { created: false, result: await deps.viewOf(ctx.em, winner) };
      }
      if (isRetryable(err) && attempt < MAX_ATTEMPTS) continue;
      if (!isExclusion(err)) throw err;
      await deps.conflicts.reject(ctx, {
        boardId,
        assetId: spec.assetId,
        windows: slots,
        jobName: spec.name,
        jobKind: spec.kind,
        attempt: {
          action: 'create', kind: spec.kind, name: spec.name, cron: spec.cron, timezone: spec.timezone, startsAt: spec.startsAt?.toISOString() ?? null,
          planDurationMin: spec.planDurationMin, priority: spec.priority, graceBeforeMin: spec.graceBeforeMin, graceAfterMin: spec.graceAfterMin,
        },
      });
      if (attempt >= MAX_ATTEMPTS) throw keptColliding();
    }
  }
}
