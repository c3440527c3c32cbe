import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Board } from './board.entity';
import { User } from './user.entity';

/**
 * One change of one user on one board, the unit of undo and redo (services/change-history.ts).
 * `pos` orders a user's entries on a board; `items` holds, per occurrence or job touched, the
 * version the latest application left and the fields before and after, enough to invert it.
 */
export const ChangeHistory = defineEntity({
  name: 'ChangeHistory',
  tableName: 'change_history',
  uniques: [{ properties: ['user', 'board', 'pos'], name: 'change_history_user_board_pos_unique' }],
  properties: (p) => ({
    changeId: p.uuid().primary(),
    user: p.manyToOne(User).ref().deleteRule('cascade'),
    board: p.manyToOne(Board).ref().deleteRule('cascade').index(),
    /** From the sequence `change_history_pos_seq` (created by the migration). */
    pos: p.bigint('number'),
    summary: p.string().length(300),
    at: p.datetime(),
    undone: p.boolean().default(false),
    items: p.json<unknown[]>(),
  }),
});
export type IChangeHistory = InferEntity<typeof ChangeHistory>;
