import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobDto } from '@schedhuler/shared';
import { notFound } from '../errors';
import type { EventBus } from '../events/event-bus';
import { createJobParams, findCreateContext, findEnabledByNaturalKey, insertJob } from '../repositories/job.repository';
import { insertLeftovers } from '../repositories/occurrence.repository';
import { isUuid, requireActor, requireBoardRole, requireRoleOf } from './access';
import { ChangeSet, historyEntry } from './change-history';
import type { Clock } from './clock';
import type { ConflictService } from './conflict.service';
import type { AuthedCtx, Ctx } from './context';
import { assetIdsOf, checkAssetRows, checkSpecRules, naturalKeyOf, type JobSpec } from './job-spec';
import { jobLook, loadViews } from './occurrence-store';
import { isExclusion, isRetryable, keptColliding, MAX_ATTEMPTS } from './retry';
import type { ScheduleService } from './schedule.service';
import { toConflictView, toJobDto, toMs, type JobRow, type OccurrenceRow, type OccurrenceView } from './scheduling-rows';
import { inTransaction } from './unit-of-work';

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

/**
 * Everything a create reads before its transaction, in one round trip, the access check included:
 * a non-member gets 404 and a viewer 403 before anything else is looked at or written.
 */
async function prefetch(ctx: AuthedCtx, boardId: string, spec: JobSpec, naturalKey: string): Promise<{ horizonDays: number; existing: JobRow | null }> {
  if (!isUuid(boardId)) throw notFound('board');
  const row = await findCreateContext(ctx.em, ctx.actor.id, boardId, naturalKey, assetIdsOf(spec));
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
      const { result } = await inTransaction(ctx.em, deps.bus, ctx.actor, async (tx, emit, changeId, deferred) => {
        const params = createJobParams(boardId, spec, naturalKey, materializedUntil, ctx.actor?.id ?? null, slots, ctx.actor?.displayName ?? null);
        const { job, stops, occurrences: stored, superseded } = await insertJob(tx, opts.allowConflict, params, spec.assetId);
        let rows = stored;
        let conflicted: OccurrenceRow[] = [];
        if (opts.allowConflict) {
          conflicted = await insertLeftovers(tx, { boardId, jobId: job.id, assetId: job.asset_id }, slots, rows);
          rows = [...rows, ...conflicted].sort((a, b) => toMs(a.starts_at) - toMs(b.starts_at));
        }
        const dto = toJobDto(job, stops);
        emit(boardId, 'job.created', dto);
        for (const c of superseded) emit(boardId, 'conflict.resolved', toConflictView(c));
        const occurrences = await loadViews(tx, rows, new Map([[job.id, jobLook(job, stops)]])); // no query: the job is known
        for (const v of occurrences) emit(boardId, 'occurrence.created', v);
        if (opts.allowConflict) await deps.conflicts.openOverlaps(tx, emit, ctx.actor, boardId, job.id, conflicted);
        const changes = new ChangeSet();
        changes.job(null, job, stops);
        for (const r of rows) changes.occurrence(null, r, job.name);
        // Sent with the events, in their round trip.
        const entry = historyEntry(ctx.actor, boardId, changeId, `Creation of ${job.name}`, changes);
        if (entry) deferred.push(entry);
        return { job: dto, occurrences };
      });
      return { created: true, result };
    } catch (err) {
      if (isNaturalKeyClash(err)) {
        const winner = await findEnabledByNaturalKey(ctx.em, boardId, naturalKey);
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
