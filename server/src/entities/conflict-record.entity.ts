import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Asset } from './asset.entity';
import { Board } from './board.entity';
import { Job } from './job.entity';

export const CONFLICT_KIND_VALUES = ['rejected', 'overlap'] as const;
export const CONFLICT_STATUS_VALUES = ['open', 'resolved'] as const;

/**
 * The supervisors' conflict log: every rejected attempt (`rejected`, the attempt itself is in
 * `details`) and every occurrence booked anyway (`overlap`), open until someone resolves it.
 */
export const ConflictRecord = defineEntity({
  name: 'ConflictRecord',
  tableName: 'conflict_record',
  checks: [{ name: 'conflict_record_window_check', expression: 'ends_at > starts_at' }],
  indexes: [{ name: 'conflict_record_board_status_index', properties: ['board', 'status', 'createdAt'] }],
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    board: p.manyToOne(Board).ref().deleteRule('cascade'),
    kind: p.enum([...CONFLICT_KIND_VALUES]),
    status: p.enum([...CONFLICT_STATUS_VALUES]).default('open'),
    asset: p.manyToOne(Asset).ref(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    job: p.manyToOne(Job).ref().nullable().deleteRule('set null'),
    /** Kept on the record: a rejected create stored no job to look the name up in. */
    jobName: p.string().length(200).nullable(),
    jobKind: p.string().length(20).nullable(),
    occurrenceIds: p.json<string[]>(),
    details: p.json<Record<string, unknown>>(),
    actorId: p.uuid().nullable(),
    actorName: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    resolvedAt: p.datetime().nullable(),
    resolvedById: p.uuid().nullable(),
    resolvedByName: p.string().length(100).nullable(),
    resolution: p.string().length(40).nullable(),
  }),
});
export type IConflictRecord = InferEntity<typeof ConflictRecord>;
