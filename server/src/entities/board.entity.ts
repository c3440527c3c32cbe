import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export const Board = defineEntity({
  name: 'Board',
  tableName: 'board',
  checks: [{ name: 'board_horizon_days_check', expression: 'horizon_days >= 1 and horizon_days <= 90' }],
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    name: p.string().length(200),
    timezone: p.string().length(64),
    horizonDays: p.integer().default(14),
    // Highest event seq appended so far; bumped under a row lock so seq has no gaps.
    lastSeq: p.bigint('number').default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type IBoard = InferEntity<typeof Board>;
