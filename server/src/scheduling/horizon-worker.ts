import type { MikroORM } from '@mikro-orm/postgresql';
import { logger } from '../logger';
import type { Metrics } from '../observability/metrics';
import type { Clock } from '../services/clock';
import type { IdempotencyService } from '../services/idempotency.service';
import type { JobService } from '../services/job.service';

export interface HorizonWorkerOptions {
  /** A job is extended once it is this much short of `now + horizonDays` (fewer, larger steps). */
  slackMs?: number;
  /** Upper bound of jobs one run handles; the next run continues. */
  maxJobsPerRun?: number;
  metrics?: Pick<Metrics, 'horizonRun'>;
}

/**
 * Keeps every enabled recurring job materialised `horizonDays` ahead as time passes. Each job is
 * extended in its own transaction with its row locked `FOR UPDATE SKIP LOCKED`, so several nodes
 * (or two runs on one node) work on different jobs, and the per-slot unique index makes a repeated
 * run create nothing twice.
 */
export class HorizonWorker {
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly slackMs: number;
  private readonly maxJobsPerRun: number;
  private readonly metrics: HorizonWorkerOptions['metrics'];

  constructor(
    private readonly orm: MikroORM,
    private readonly jobs: JobService,
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
    opts: HorizonWorkerOptions = {},
  ) {
    this.slackMs = opts.slackMs ?? 15 * 60_000;
    this.maxJobsPerRun = opts.maxJobsPerRun ?? 10_000;
    this.metrics = opts.metrics;
  }

  async runOnce(): Promise<{ jobs: number; created: number }> {
    const now = this.clock.now();
    let jobs = 0;
    let created = 0;
    try {
      while (jobs < this.maxJobsPerRun) {
        const n = await this.jobs.extendHorizon(this.orm.em.fork(), now, this.slackMs);
        if (n === null) break;
        jobs += 1;
        created += n;
      }
      await this.idempotency.purgeExpired(this.orm.em.fork());
    } catch (err) {
      // Jobs extended before the failure were committed: their occurrences count.
      this.metrics?.horizonRun('failed', created);
      throw err;
    }
    this.metrics?.horizonRun('ok', created);
    if (jobs) logger.info({ jobs, created }, 'horizon worker extended jobs');
    return { jobs, created };
  }

  /** Runs soon after start-up (catching up after downtime), then every `intervalMs`. */
  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.first = setTimeout(() => this.tick(), Math.min(intervalMs, 5_000));
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.first.unref();
    this.timer.unref();
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.runOnce()
      .catch((err) => logger.warn({ err }, 'horizon worker run failed; retrying on the next tick'))
      .finally(() => (this.running = undefined));
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    clearTimeout(this.first);
    clearInterval(this.timer);
    this.first = this.timer = undefined;
    await this.running;
  }
}
