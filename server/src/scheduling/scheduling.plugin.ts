import { conflictRoutes } from '../routes/conflict.routes';
import { jobRoutes } from '../routes/job.routes';
import { occurrenceRoutes } from '../routes/occurrence.routes';
import { previewRoutes } from '../routes/preview.routes';
import { plugins } from '../server';
import { seedDemoSchedules } from './demo-schedules';
import { HorizonWorker } from './horizon-worker';
import { createSchedulingServices, type SchedulingServices } from './scheduling-services';
import { withLastChange } from '../services/occurrence-last-change';

/** HORIZON_INTERVAL_MS: how often the horizon worker runs (default 1 min; 0 turns it off). */
function workerInterval(): number {
  const raw = process.env.HORIZON_INTERVAL_MS;
  const n = raw === undefined || raw === '' ? 60_000 : Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : 60_000;
}

// The demo seeder runs after register(), inside the seed transaction; it needs this server's services.
let current: SchedulingServices | undefined;
let demoOverlap = true;

plugins.push({
  name: 'scheduling',
  register(services, orm, config) {
    demoOverlap = config.demoOverlap;
    const scheduling = createSchedulingServices(services.bus);
    scheduling.horizon = new HorizonWorker(orm, scheduling.jobs, scheduling.idempotency, scheduling.clock, { metrics: services.metrics });
    services.scheduling = current = scheduling;
    services.routeMounts.push(
      () => jobRoutes(scheduling),
      () => occurrenceRoutes(scheduling),
      () => conflictRoutes(scheduling),
      () => previewRoutes(scheduling),
    );
    services.boards.addSnapshotPart(async (ctx, boardId, from, to) => ({
      jobs: await scheduling.jobs.jobsOf(ctx.em, boardId),
      occurrences: await withLastChange(ctx.em, boardId, await scheduling.occurrences.inRange(ctx.em, boardId, from, to)),
      conflicts: await scheduling.conflicts.openOf(ctx.em, boardId),
    }));
  },
  demoSeeder: (em, boardId, adminId) => seedDemoSchedules(current!, em, boardId, adminId, { overlap: demoOverlap }),
  attach({ services }) {
    const worker = services.scheduling?.horizon;
    worker?.start(workerInterval());
    return async () => {
      await worker?.stop();
    };
  },
});
