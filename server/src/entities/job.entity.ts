import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Asset } from './asset.entity';
import { Board } from './board.entity';

export const JOB_KIND_VALUES = ['internal_tour', 'external_tour', 'task'] as const;
export const PRIORITY_VALUES = ['low', 'medium', 'high'] as const;

/** A schedule template: a tour (with stops in `job_stop`) or a task. Never deleted, only disabled. */
export const Job = defineEntity({
  name: 'Job',
  tableName: 'job',
  checks: [
    { name: 'job_durations_check', expression: 'plan_duration_min >= 0 and grace_before_min >= 0 and grace_after_min >= 0' },
    { name: 'job_break_min_check', expression: 'break_min >= 0 and break_min <= 120' },
    { name: 'job_frequency_check', expression: 'frequency >= 1 and frequency <= 3' },
    { name: 'job_valid_range_check', expression: 'valid_to is null or valid_to > valid_from' },
    { name: 'job_schedule_check', expression: 'cron is not null or starts_at is not null' },
  ],
  indexes: [
    { name: 'job_board_id_index', properties: ['board'] },
    // Natural-key duplicates (docs/rules.md, Idempotency): two racing creates cannot both store an enabled job.
    {
      name: 'job_natural_key_unique',
      expression: 'create unique index "job_natural_key_unique" on "job" ("board_id", "natural_key") where "enabled"',
    },
  ],
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    board: p.manyToOne(Board).ref().deleteRule('cascade'),
    kind: p.enum([...JOB_KIND_VALUES]),
    name: p.string().length(200),
    description: p.text().nullable(),
    asset: p.manyToOne(Asset).ref(),
    cron: p.string().length(200).nullable(),
    timezone: p.string().length(64),
    validFrom: p.datetime(),
    validTo: p.datetime().nullable(),
    /** One-off tasks: the start of their single window. */
    startsAt: p.datetime().nullable(),
    planDurationMin: p.integer(),
    graceBeforeMin: p.integer().default(0),
    graceAfterMin: p.integer().default(0),
    priority: p.enum([...PRIORITY_VALUES]).default('medium'),
    enabled: p.boolean().default(true),
    breakMin: p.integer().default(0),
    frequency: p.integer().default(1),
    randomize: p.boolean().default(false),
    version: p.integer().default(1),
    naturalKey: p.string().length(64),
    /** Occurrences exist for every run before this instant; the horizon worker moves it forward. */
    materializedUntil: p.datetime().nullable(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type IJob = InferEntity<typeof Job>;
