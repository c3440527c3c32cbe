import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Board } from './board.entity';

/** The per-board event log: feeds live broadcasts and the replay after a reconnect. */
export const BoardEvent = defineEntity({
  name: 'BoardEvent',
  tableName: 'board_event',
  primaryKeys: ['board', 'seq'],
  properties: (p) => ({
    board: p.manyToOne(Board).ref().primary().deleteRule('cascade'),
    seq: p.bigint('number').primary(),
    type: p.string().length(40),
    at: p.datetime(),
    actorId: p.uuid().nullable(),
    actorName: p.string().length(100).nullable(),
    data: p.json<Record<string, unknown>>(),
  }),
});
export type IBoardEvent = InferEntity<typeof BoardEvent>;
