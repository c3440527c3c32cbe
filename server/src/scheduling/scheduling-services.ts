import type { MikroORM } from '@mikro-orm/postgresql';
import type { EventBus } from '../events/event-bus';
import type { Metrics } from '../observability/metrics';
import { AdjustableClock } from '../services/clock';
import { ConflictService } from '../services/conflict.service';
import { IdempotencyService } from '../services/idempotency.service';
import { JobService } from '../services/job.service';
import { OccurrenceBatchService } from '../services/occurrence-batch';
import { OccurrenceService } from '../services/occurrence.service';
import { ScheduleService } from '../services/schedule.service';
import { TaskJobService } from '../services/task-job.service';
import { TourJobService } from '../services/tour-job.service';
import { UndoService } from '../services/undo.service';
import { HorizonWorker } from './horizon-worker';

/** Everything the scheduling module adds to `Services` (as `services.scheduling`). */
export interface SchedulingServices {
  /** Tests pin it; production reads the system clock. */
  clock: AdjustableClock;
  schedule: ScheduleService;
  conflicts: ConflictService;
  occurrences: OccurrenceService;
  /** Many moves and cancels as one change. */
  batch: OccurrenceBatchService;
  /** Per-user, per-board history: undo, redo, list. */
  undo: UndoService;
  jobs: JobService;
  tours: TourJobService;
  tasks: TaskJobService;
  idempotency: IdempotencyService;
  /** Created with the services, started by `startServer` once the server listens. */
  horizon: HorizonWorker;
}

export interface SchedulingDeps {
  bus: EventBus;
  orm: MikroORM;
  metrics: Metrics;
}

export function createSchedulingServices({ bus, orm, metrics }: SchedulingDeps): SchedulingServices {
  const clock = new AdjustableClock();
  const schedule = new ScheduleService(clock);
  const conflicts = new ConflictService(bus, clock);
  const occurrences = new OccurrenceService(bus, conflicts);
  conflicts.useOccurrenceActions(occurrences);
  const jobs = new JobService(bus, clock, schedule, conflicts);
  const idempotency = new IdempotencyService();
  return {
    clock,
    schedule,
    conflicts,
    occurrences,
    batch: new OccurrenceBatchService(bus, conflicts, clock),
    undo: new UndoService(bus, conflicts, clock),
    jobs,
    tours: new TourJobService(jobs),
    tasks: new TaskJobService(jobs),
    idempotency,
    horizon: new HorizonWorker(orm, jobs, idempotency, clock, { metrics }),
  };
}
