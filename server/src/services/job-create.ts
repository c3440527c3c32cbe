import type { EntityManager } from '@mikro-orm/postgresql';
import { ROLES, roleAtLeast, type JobDto } from '@schedhuler/shared';
import { notFound, type AppError } from '../errors';
import type { EventBus } from '../events/event-bus';
import { createJobParams, findCreateContext, findEnabledByNaturalKey, insertJobChecked } from '../repositories/job.repository';
import { insertLeftovers } from '../repositories/occurrence.repository';
import { isUuid, requireActor, requireBoardRole, requireRoleOf } from './access';
import { ChangeSet, historyEntry } from './change-history';
import type { Clock } from './clock';
import type { ConflictService, RejectInput } from './conflict.service';
import type { AuthedCtx, Ctx } from './context';
import { assetIdsOf, checkAssetRows, checkSpecRules, naturalKeyOf, type JobSpec } from './job-spec';
import { jobLook, loadViews } from './occurrence-store';
import { isExclusion, isRetryable, keptColliding, MAX_ATTEMPTS } from './retry';
import type { ScheduleService, Slot } from './schedule.service';
import { toConflictView, toJobDto, toMs, type JobRow, type OccurrenceRow, type OccurrenceView } from './scheduling-rows';
import { inTransaction } from './unit-of-work';

/*
 * Job creation (tours and tasks), the hot path of the scheduling benchmark: one transaction whose
 * first round trip reads what the checks need (access, natural-key twin, assets), takes the asset's
 * schedule lock and inserts the job, its stops and occurrences, writing nothing unless the checks
 * hold; then the events. A recurring job reads the board's horizon before (its runs depend on it). A slot
 * that is already taken writes nothing and the same transaction records the rejected attempt in the
 * conflict log (409); an overlap only the exclusion constraint caught rolls back and is recorded after.
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

/** One attempt's outcome: the job stored, an enabled twin found (200), or the 409 recorded instead (null: try again). */
type Attempt = { view: JobWithOccurrencesView } | { existing: JobRow } | { refusal: AppError | null };

/** Membership roles that may create jobs (planner or higher; an admin may on any board). */
const CREATOR_ROLES = ROLES.filter((r) => roleAtLeast(r, 'planner'));

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
 * conflict log. The planner check is read in the insert's round trip and nothing is written unless it
 * passes (a recurring job's prefetch checks before that; a body breaking the rules is checked before
 * its 400).
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
  let slots: Slot[];
  let materializedUntil: Date | null = null;
  if (cron) {
    // The runs depend on the board's horizon: read it (and check access, assets and the twin) first.
    const { horizonDays, existing } = await prefetch(ctx, boardId, spec, naturalKey);
    if (existing) return { created: false, result: await deps.viewOf(ctx.em, existing) };
    const now = deps.clock.now();
    const range = deps.schedule.range(spec, now.getTime(), horizonDays);
    slots = deps.schedule.expand(spec, cron, range.from, range.to);
    materializedUntil = new Date(now.getTime() + horizonDays * DAY);
  } else {
    // A one-off needs nothing from the board to compute its window: the checks go with the insert.
    if (!isUuid(boardId)) throw notFound('board');
    slots = [deps.schedule.windowAt(spec, spec.startsAt!.getTime())];
  }
  const gate = { actorId: ctx.actor.id, isAdmin: ctx.actor.isAdmin, roles: CREATOR_ROLES };
  const assetIds = assetIdsOf(spec);
  const rejected: RejectInput = {
    boardId,
    assetId: spec.assetId,
    windows: slots,
    jobName: spec.name,
    jobKind: spec.kind,
    attempt: {
      action: 'create', kind: spec.kind, name: spec.name, cron: spec.cron, timezone: spec.timezone, startsAt: spec.startsAt?.toISOString() ?? null,
      planDurationMin: spec.planDurationMin, priority: spec.priority, graceBeforeMin: spec.graceBeforeMin, graceAfterMin: spec.graceAfterMin,
    },
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const { result } = await inTransaction(ctx.em, deps.bus, ctx.actor, async (tx, emit, changeId, deferred): Promise<Attempt> => {
        const params = createJobParams(boardId, spec, naturalKey, materializedUntil, ctx.actor.id, slots, ctx.actor.displayName);
        const { context, created } = await insertJobChecked(tx, { gate, boardId, naturalKey, assetIds, allowConflict: opts.allowConflict, params, assetId: spec.assetId });
        // The prefetch's checks, in its order, on what the same round trip read; a failed one rolls back.
        requireRoleOf(ctx.actor, context, 'planner');
        checkAssetRows(spec, context!.assets);
        if (context!.existing) return { existing: context!.existing };
        // Every check passed on the first read, and the insert's own gate did not: the board changed in between.
        if (!created.admitted) return { refusal: null };
        // A slot is taken and nothing was written: the rejected attempt is recorded in this same transaction.
        if (created.blocked) return { refusal: await deps.conflicts.rejectIn(tx, emit, ctx.actor, rejected, deferred) };
        const { job, stops, occurrences: stored, superseded } = created;
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
        return { view: { job: dto, occurrences } };
      });
      if ('view' in result) return { created: true, result: result.view };
      if ('existing' in result) return { created: false, result: await deps.viewOf(ctx.em, result.existing) };
      if (result.refusal) throw result.refusal;
      // The blocker went away before it could be reported: try again.
      if (attempt >= MAX_ATTEMPTS) throw keptColliding();
    } catch (err) {
      if (isNaturalKeyClash(err)) {
        const winner = await findEnabledByNaturalKey(ctx.em, boardId, naturalKey);
        if (winner) return { created: false, result: await deps.viewOf(ctx.em, winner) };
      }
      if (isRetryable(err) && attempt < MAX_ATTEMPTS) continue;
      if (!isExclusion(err)) throw err;
      // A booking committed past the schedule lock (the constraint caught it): the change rolled back.
      await deps.conflicts.reject(ctx, rejected);
      if (attempt >= MAX_ATTEMPTS) throw keptColliding();
    }
  }
}
