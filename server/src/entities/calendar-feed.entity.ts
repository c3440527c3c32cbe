import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Board } from './board.entity';
import { User } from './user.entity';

/** A personal iCal feed of one board (optionally of some assets). Revoking deletes the row. */
export const CalendarFeed = defineEntity({
  name: 'CalendarFeed',
  tableName: 'calendar_feed',
  indexes: [{ name: 'calendar_feed_board_user_index', properties: ['board', 'user'] }],
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    board: p.manyToOne(Board).ref().deleteRule('cascade'),
    user: p.manyToOne(User).ref().deleteRule('cascade').index(),
    // sha256 of the URL's token, as for sessions: a leaked table does not leak working feed URLs.
    tokenHash: p.string().length(64).unique(),
    /** null: every asset of the board. */
    assetIds: p.json<string[]>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type ICalendarFeed = InferEntity<typeof CalendarFeed>;
