import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { ASSET_KINDS, ASSET_STATUSES } from '@schedhuler/shared';
import { Board } from './board.entity';

export const Asset = defineEntity({
  name: 'Asset',
  tableName: 'asset',
  uniques: [{ properties: ['board', 'code'], name: 'asset_board_code_unique' }],
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    board: p.manyToOne(Board).ref().deleteRule('cascade'),
    code: p.string().length(40),
    name: p.string().length(200),
    kind: p.enum([...ASSET_KINDS]),
    status: p.enum([...ASSET_STATUSES]).default('working'),
    version: p.integer().default(1),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type IAsset = InferEntity<typeof Asset>;
