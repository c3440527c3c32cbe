import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { ROLES } from '@schedhuler/shared';
import { Board } from './board.entity';
import { User } from './user.entity';

export const Membership = defineEntity({
  name: 'Membership',
  tableName: 'membership',
  uniques: [{ properties: ['board', 'user'], name: 'membership_board_user_unique' }],
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    board: p.manyToOne(Board).ref().deleteRule('cascade'),
    user: p.manyToOne(User).ref().deleteRule('cascade').index(),
    role: p.enum([...ROLES]),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type IMembership = InferEntity<typeof Membership>;
