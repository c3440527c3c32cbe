import type { CreateTourBody } from '@schedhuler/shared';
import type { Ctx } from './context';
import type { JobSpec } from './job-spec';
import type { CreateOutcome, JobService } from './job.service';

/** Internal tours (checkpoints) and external tours (sites, break, frequency, randomize). */
export class TourJobService {
  constructor(private readonly jobs: JobService) {}

  async create(ctx: Ctx, boardId: string, body: CreateTourBody): Promise<CreateOutcome> {
    // The access check (planner) is the first thing `jobs.create` does with the database.
    const stops = (body.kind === 'internal_tour' ? body.checkpoints : body.sites).map((s) => ({
      seq: s.seq,
      assetId: s.assetId,
      gapMin: s.gapMin,
      durationMin: s.durationMin ?? null,
    }));
    const spec: JobSpec = {
      kind: body.kind,
      name: body.name,
      description: body.description ?? null,
      assetId: body.assetId,
      cron: body.cron,
      timezone: body.timezone,
      validFrom: new Date(body.validFrom),
      validTo: body.validTo ? new Date(body.validTo) : null,
      startsAt: null,
      planDurationMin: body.planDurationMin,
      graceBeforeMin: body.graceBeforeMin,
      graceAfterMin: body.graceAfterMin,
      priority: body.priority,
      breakMin: body.kind === 'external_tour' ? body.breakMin : 0,
      frequency: body.kind === 'external_tour' ? body.frequency : 1,
      randomize: body.kind === 'external_tour' ? body.randomize : false,
      stops,
    };
    return this.jobs.create(ctx, boardId, spec, { allowConflict: body.allowConflict, validFromGiven: body.validFrom });
  }
}
