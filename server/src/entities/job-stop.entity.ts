import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Asset } from './asset.entity';
import { Job } from './job.entity';

/** A checkpoint (internal tour) or site (external tour) of a job, in `seq` order. */
export const JobStop = defineEntity({
  name: 'JobStop',
  tableName: 'job_stop',
  uniques: [{ properties: ['job', 'seq'], name: 'job_stop_job_seq_unique' }],
  checks: [{ name: 'job_stop_durations_check', expression: 'gap_min >= 0 and duration_min >= 0' }],
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    job: p.manyToOne(Job).ref().deleteRule('cascade'),
    seq: p.integer(),
    asset: p.manyToOne(Asset).ref(),
    gapMin: p.integer().default(0),
    durationMin: p.integer().nullable(),
  }),
});
export type IJobStop = InferEntity<typeof JobStop>;
