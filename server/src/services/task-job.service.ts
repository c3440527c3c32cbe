import type { CreateTaskBody } from '@schedhuler/shared';
import type { Ctx } from './context';
import type { JobSpec } from './job-spec';
import type { CreateOutcome, JobService } from './job.service';

/** Tasks: one asset, one window; recurring (`cron`) or one-off (`startsAt`). */
export class TaskJobService {
  constructor(private readonly jobs: JobService) {}

  async create(ctx: Ctx, boardId: string, body: CreateTaskBody): Promise<CreateOutcome> {
    // The access check (planner) is the first thing `jobs.create` does with the database.
    const startsAt = body.startsAt ? new Date(body.startsAt) : null;
    // validFrom defaults to now for a recurring task, to its start for a one-off.
    const validFrom = body.validFrom ? new Date(body.validFrom) : (startsAt ?? this.jobs.clock.now());
    const spec: JobSpec = {
      kind: 'task',
      name: body.name,
      description: body.description ?? null,
      assetId: body.assetId,
      cron: body.cron ?? null,
      timezone: body.timezone,
      validFrom,
      validTo: body.validTo ? new Date(body.validTo) : null,
      startsAt,
      planDurationMin: body.planDurationMin,
      graceBeforeMin: body.graceBeforeMin,
      graceAfterMin: body.graceAfterMin,
      priority: body.priority,
      breakMin: 0,
      frequency: 1,
      randomize: false,
      stops: [],
    };
    return this.jobs.create(ctx, boardId, spec, { allowConflict: body.allowConflict, validFromGiven: body.validFrom ?? null });
  }
}
