import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '@schedhuler/shared';

/** Board names are unique regardless of case: two "Depot North" boards cannot be told apart in the list. */
const NAME_UNIQUE = 'create unique index "board_name_lower_unique" on "board" (lower("name"))';

export const Board = defineEntity({
  name: 'Board',
  tableName: 'board',
  checks: [{ name: 'board_horizon_days_check', expression: 'horizon_days >= 1 and horizon_days <= 90' }],
  indexes: [{ name: 'board_name_lower_unique', expression: NAME_UNIQUE }],
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    name: p.string().length(200),
    timezone: p.string().length(64),
    horizonDays: p.integer().default(14),
    // Checked by the shared `workingHoursSchema` before it is stored.
    workingHours: p.json<WorkingHours>().defaultRaw(`'${JSON.stringify(DEFAULT_WORKING_HOURS)}'`),
    version: p.integer().default(1),
    // Highest event seq appended so far; bumped under a row lock so seq has no gaps.
    lastSeq: p.bigint('number').default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type IBoard = InferEntity<typeof Board>;
