import type { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from './sql';

/** Boards' own rows. */

export async function findBoardTimezone(em: EntityManager, boardId: string): Promise<string | undefined> {
  const [row] = await rawQuery<{ timezone: string }>(em, 'select timezone from board where id = ?', [boardId]);
  return row?.timezone;
}
