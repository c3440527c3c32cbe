import type { EntityManager } from '@mikro-orm/postgresql';
import { UNBOOKABLE_STATUSES, type JobDto, type PatchJobBody } from '@schedhuler/shared';
import { AppError, notFound, staleVersion } from '../errors';
import type { EventBus } from '../events/event-bus';
import { isUuid, requireActor, requireBoardRole } from './access';
import { ChangeSet, jobStateOfRow, occurrenceStateOfRow, recordChange } from './change-history';
import type { Clock } from './clock';
import type { ConflictService } from './conflict.service';
import type { Ctx } from './context';
import { createJob, isNaturalKeyClash, type CreateOptions, type CreateOutcome, type JobWithOccurrencesView } from './job-create';
import { checkSpecAssets, checkSpecRules, mergePatch, naturalKeyOf, scheduleChanged, specOfRow, type JobSpec } from './job-spec';
import {
  deleteStops,
  disableJob,
  findBoardHorizonDays,
  findEnabledJobsOf,
  findJob,
  insertStops,
  lockJobBehindHorizon,
  setMaterializedUntil,
  updateJob,
} from '../repositories/job.repository';
import { cancelJobOccurrences, findFutureOccurrencesOfJob, findLivePlannedStarts, insertSlots, lockAssetSchedule } from '../repositories/occurrence.repository';
import { jobLook, loadStops, loadViews } from './occurrence-store';
import { queryOf } from '../repositories/sql';
import { MAX_SLOTS_PER_CHANGE, type ScheduleService, type Slot } from './schedule.service';
import { toJobDto, toMs, type JobRow, type OccurrenceView, type StopRow } from './scheduling-rows';
import { isExclusion, isRetryable, keptColliding, MAX_ATTEMPTS, retryDeadlocks } from './retry';
import { inTransaction, type Emit } from './unit-of-work';

export type { CreateOutcome, JobWithOccurrencesView } from './job-create';

const DAY = 86_400_000;

/**
 * The job lifecycle shared by tours and tasks: create (expand over the horizon, insert, events, one
 * transaction; overlap → 409 via the conflict log), read, edit (regenerate the future), delete
 * (disable, cancel the future), and the horizon extension the worker runs.
 */
export class JobService {
  constructor(
    private readonly bus: EventBus,
    readonly clock: Clock,
    private readonly schedule: ScheduleService,
    private readonly conflicts: ConflictService,
  ) {}

  private async board(em: EntityManager, boardId: string): Promise<{ horizonDays: number }> {
    const horizonDays = await findBoardHorizonDays(em, boardId);
    if (horizonDays === undefined) throw notFound('board');
    return { horizonDays };
  }

  /** The access check of every job-scoped method: unknown ids and non-members get the same 404. */
  private async loadAuthorized(ctx: Ctx, jobId: string, min: 'viewer' | 'planner'): Promise<{ job: JobRow; stops: StopRow[] }> {
    requireActor(ctx);
    const found = isUuid(jobId) ? await this.loadJob(ctx.em, jobId) : null;
    if (!found) throw notFound('job');
    await requireBoardRole(ctx, found.job.board_id, min, 'job');
    return found;
  }

  private async loadJob(em: EntityManager, jobId: string, lock = false): Promise<{ job: JobRow; stops: StopRow[] } | null> {
    const job = await findJob(em, jobId, lock);
    if (!job) return null;
    const stops = job.kind === 'task' ? [] : ((await loadStops(em, [job.id])).get(job.id) ?? []);
    return { job, stops };
  }

  /** The job with its future (not yet ended), live occurrences. */
  private async view(em: EntityManager, job: JobRow, stops: StopRow[], now: Date): Promise<JobWithOccurrencesView> {
    const rows = await findFutureOccurrencesOfJob(em, job.id, now);
    return { job: toJobDto(job, stops), occurrences: await loadViews(em, rows, new Map([[job.id, jobLook(job, stops)]])) };
  }

  private async viewOf(em: EntityManager, job: JobRow): Promise<JobWithOccurrencesView> {
    const stops = job.kind === 'task' ? [] : ((await loadStops(em, [job.id])).get(job.id) ?? []);
    return this.view(em, job, stops, this.clock.now());
  }

  /** Inserts slots, emits one `occurrence.created` per row and one `conflict.opened` per booked-anyway row. */
  private async storeSlots(tx: EntityManager, emit: Emit, ctx: Pick<Ctx, 'actor'>, job: JobRow, stops: StopRow[], slots: readonly Slot[], allowConflict: boolean): Promise<OccurrenceView[]> {
    const { rows, conflicted } = await insertSlots(tx, { boardId: job.board_id, jobId: job.id, assetId: job.asset_id }, slots, allowConflict);
    const views = await loadViews(tx, rows, new Map([[job.id, jobLook(job, stops)]]));
    for (const v of views) emit(job.board_id, 'occurrence.created', v);
    await this.conflicts.openOverlaps(tx, emit, ctx.actor, job.board_id, job.id, conflicted);
    return views;
  }

  /** Creates a job (`createJob`: the planner check, one transaction, overlap → 409 via the conflict log). */
  create(ctx: Ctx, boardId: string, spec: JobSpec, opts: CreateOptions): Promise<CreateOutcome> {
    return createJob({ bus: this.bus, clock: this.clock, schedule: this.schedule, conflicts: this.conflicts, viewOf: (em, job) => this.viewOf(em, job) }, ctx, boardId, spec, opts);
  }

  async get(ctx: Ctx, jobId: string): Promise<JobWithOccurrencesView> {
    const found = await this.loadAuthorized(ctx, jobId, 'viewer');
    return this.view(ctx.em, found.job, found.stops, this.clock.now());
  }

  /** Enabled jobs of a board (snapshot and list). */
  async jobsOf(em: EntityManager, boardId: string): Promise<JobDto[]> {
    const jobs = await findEnabledJobsOf(em, boardId);
    const stops = await loadStops(em, jobs.filter((j) => j.kind !== 'task').map((j) => j.id));
    return jobs.map((j) => toJobDto(j, stops.get(j.id) ?? []));
  }

  async list(ctx: Ctx, boardId: string): Promise<JobDto[]> {
    await requireBoardRole(ctx, boardId, 'viewer');
    return this.jobsOf(ctx.em, boardId);
  }

  async patch(ctx: Ctx, jobId: string, body: PatchJobBody): Promise<JobWithOccurrencesView> {
    const found = await this.loadAuthorized(ctx, jobId, 'planner');
    if (!found.job.enabled) throw new AppError('not_found', 'job not found (it was deleted)');
    const boardId = found.job.board_id;
    const current = specOfRow(found.job, found.stops);
    const next = mergePatch(current, body);
    const cron = checkSpecRules(next);
    const regenerate = scheduleChanged(current, next);
    // Only a change of when or where books anything: renaming a job whose asset is in maintenance is fine.
    if (regenerate) await checkSpecAssets(ctx.em, boardId, next);
    const keyFields = (s: JobSpec) => JSON.stringify([s.name, s.assetId, s.cron, s.timezone, s.validFrom, s.validTo, s.startsAt, s.planDurationMin]);
    const naturalKey = keyFields(current) === keyFields(next) ? found.job.natural_key : naturalKeyOf(next, next.validFrom.toISOString());
    const { horizonDays } = await this.board(ctx.em, boardId);
    const now = this.clock.now();
    const slots = regenerate ? this.schedule.futureSlots(next, cron, now.getTime(), horizonDays) : [];
    const stopsGiven = body.checkpoints !== undefined || body.sites !== undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const { result } = await inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit, changeId) => {
          await lockAssetSchedule(tx, next.assetId);
          const changes = new ChangeSet();
          const locked = await this.loadJob(tx, jobId, true);
          if (!locked?.job.enabled) throw new AppError('not_found', 'job not found (it was deleted)');
          if (locked.job.version !== body.expectedVersion) throw staleVersion(toJobDto(locked.job, locked.stops));
          const oldLook = jobLook(locked.job, locked.stops);
          const job = await updateJob(tx, jobId, {
            spec: next,
            naturalKey,
            materializedUntil: regenerate ? (cron ? new Date(now.getTime() + horizonDays * DAY) : null) : locked.job.materialized_until,
          });
          let stops = locked.stops;
          if (stopsGiven) {
            await deleteStops(tx, jobId);
            stops = await insertStops(tx, jobId, next.stops);
          }
          emit(boardId, 'job.updated', toJobDto(job, stops));
          changes.job(jobStateOfRow(locked.job, locked.stops), job, stops);
          if (regenerate) {
            const cancelled = await cancelJobOccurrences(tx, jobId, now, { includeDetached: false });
            for (const c of cancelled) changes.occurrence({ ...occurrenceStateOfRow(c), status: c.prev_status }, c, locked.job.name);
            for (const v of await loadViews(tx, cancelled, new Map([[jobId, oldLook]]))) emit(boardId, 'occurrence.cancelled', v);
            await this.conflicts.resolveForOccurrences(tx, emit, ctx.actor, cancelled.map((c) => c.id), { action: 'cancel' });
            const taken = new Set((await findLivePlannedStarts(tx, jobId)).map(toMs));
            const created = await this.storeSlots(tx, emit, ctx, job, stops, slots.filter((s) => !taken.has(s.planned)), body.allowConflict ?? false);
            for (const v of created) changes.occurrence(null, v, job.name);
          }
          await recordChange(queryOf(tx), ctx.actor, boardId, changeId, `Edit of ${locked.job.name}`, changes);
          return this.view(tx, job, stops, now);
        });
        return result;
      } catch (err) {
        if (isNaturalKeyClash(err)) {
          throw new AppError('already_exists', `another enabled ${next.kind.replace('_', ' ')} with the same name, asset and schedule exists on this board`);
        }
        if (isRetryable(err) && attempt < MAX_ATTEMPTS) continue;
        if (!isExclusion(err)) throw err;
        await this.conflicts.reject(ctx, {
          boardId,
          assetId: next.assetId,
          windows: slots,
          jobId,
          jobName: next.name,
          jobKind: next.kind,
          attempt: { action: 'edit', jobId, ...body },
          ignore: { replacedOf: { jobId, after: now } },
        });
        if (attempt >= MAX_ATTEMPTS) throw keptColliding();
      }
    }
  }

  /** DELETE: the job is disabled (kept for history) and every future occurrence cancelled. */
  async remove(ctx: Ctx, jobId: string): Promise<void> {
    const found = await this.loadAuthorized(ctx, jobId, 'planner');
    if (!found.job.enabled) throw new AppError('not_found', 'job not found (it was deleted)');
    const boardId = found.job.board_id;
    const now = this.clock.now();
    await retryDeadlocks(() => inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit, changeId) => {
      const locked = await this.loadJob(tx, jobId, true);
      if (!locked?.job.enabled) throw new AppError('not_found', 'job not found (it was deleted)');
      const job = await disableJob(tx, jobId);
      emit(boardId, 'job.deleted', toJobDto(job, locked.stops));
      const cancelled = await cancelJobOccurrences(tx, jobId, now, { includeDetached: true });
      for (const v of await loadViews(tx, cancelled, new Map([[jobId, jobLook(job, locked.stops)]]))) emit(boardId, 'occurrence.cancelled', v);
      await this.conflicts.resolveForOccurrences(tx, emit, ctx.actor, cancelled.map((c) => c.id), { action: 'cancel' });
      const changes = new ChangeSet();
      changes.job(jobStateOfRow(locked.job, locked.stops), job, locked.stops);
      for (const c of cancelled) changes.occurrence({ ...occurrenceStateOfRow(c), status: c.prev_status }, c, job.name);
      await recordChange(queryOf(tx), ctx.actor, boardId, changeId, `Deletion of ${job.name}`, changes);
    }));
  }

  /**
   * Horizon worker step: locks ONE enabled recurring job that is behind (SKIP LOCKED, so nodes
   * running this at once take different jobs), materialises its runs up to `now + horizon`, moves
   * its watermark. Returns the number of occurrences created, or null when no job is behind.
   * Overlaps found here (something was booked meanwhile) are stored `conflicted` with a conflict record.
   * Jobs whose asset is in maintenance or scrapped are not extended until it is bookable again.
   */
  async extendHorizon(em: EntityManager, now: Date, slackMs: number): Promise<number | null> {
    const { result } = await inTransaction(em, this.bus, null, async (tx, emit) => {
      const job = await lockJobBehindHorizon(tx, now, slackMs, UNBOOKABLE_STATUSES);
      if (!job) return null;
      const stops = job.kind === 'task' ? [] : ((await loadStops(tx, [job.id])).get(job.id) ?? []);
      const spec = specOfRow(job, stops);
      const cron = checkSpecRules(spec);
      const target = now.getTime() + job.horizon_days * DAY;
      const from = Math.max(job.materialized_until ? toMs(job.materialized_until) : 0, spec.validFrom.getTime(), now.getTime());
      const to = spec.validTo ? Math.min(spec.validTo.getTime(), target) : target;
      let slots: Slot[];
      let reached = target;
      try {
        slots = from < to ? this.schedule.expand(spec, cron, from, to, { truncate: true }) : [];
      } catch {
        slots = []; // a job whose runs overlap each other cannot be extended; it keeps what it has
      }
      // Truncated: stop the watermark after the last slot, the next step continues from there.
      if (slots.length === MAX_SLOTS_PER_CHANGE) reached = slots[slots.length - 1]!.planned + 1;
      const views = await this.storeSlots(tx, emit, { actor: null }, job, stops, slots, true);
      await setMaterializedUntil(tx, job.id, new Date(reached));
      return views.length;
    });
    return result;
  }
}
