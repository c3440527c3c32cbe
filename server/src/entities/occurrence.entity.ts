import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Asset } from './asset.entity';
import { Board } from './board.entity';
import { Job } from './job.entity';

export const OCCURRENCE_STATUS_VALUES = ['scheduled', 'conflicted', 'cancelled'] as const;

/** One concrete run of a job, occupying `[starts_at, ends_at)` on its asset. */
export const Occurrence = defineEntity({
  name: 'Occurrence',
  tableName: 'occurrence',
  checks: [
    { name: 'occurrence_window_check', expression: 'ends_at > starts_at' },
    // At most 24 h (tours are capped, resizes too): lets every overlap search bound its index range scan.
    { name: 'occurrence_length_check', expression: 'extract(epoch from ends_at - starts_at) <= 86400' },
  ],
  indexes: [
    // No race between planners or nodes can store a double booking: the database refuses it (23P01).
    {
      name: 'occurrence_no_overlap',
      expression:
        'alter table "occurrence" add constraint "occurrence_no_overlap" exclude using gist ("asset_id" with =, tstzrange("starts_at", "ends_at") with &&) where ("status" = \'scheduled\')',
    },
    // Generation is idempotent: one live occurrence per cron slot of a job, whoever generates it.
    {
      name: 'occurrence_job_slot_unique',
      expression:
        'create unique index "occurrence_job_slot_unique" on "occurrence" ("job_id", "planned_start") where ("status" <> \'cancelled\')',
    },
    { name: 'occurrence_board_starts_index', properties: ['board', 'startsAt'] },
    { name: 'occurrence_job_starts_index', properties: ['job', 'startsAt'] },
    { name: 'occurrence_asset_starts_index', properties: ['asset', 'startsAt'] },
  ],
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    board: p.manyToOne(Board).ref().deleteRule('cascade'),
    job: p.manyToOne(Job).ref().deleteRule('cascade'),
    asset: p.manyToOne(Asset).ref(),
    /** The cron slot (or one-off start) this occurrence was generated for; kept when it is moved. */
    plannedStart: p.datetime(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    status: p.enum([...OCCURRENCE_STATUS_VALUES]).default('scheduled'),
    detached: p.boolean().default(false),
    version: p.integer().default(1),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type IOccurrence = InferEntity<typeof Occurrence>;
