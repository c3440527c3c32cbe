import type { EntityManager } from '@mikro-orm/postgresql';
import type { EffectiveRole, WorkingHours } from '@schedhuler/shared';
import { rawQuery } from './sql';

/** Boards' own rows. */

export async function findBoardTimezone(em: EntityManager, boardId: string): Promise<string | undefined> {
  const [row] = await rawQuery<{ timezone: string }>(em, 'select timezone from board where id = ?', [boardId]);
  return row?.timezone;
}

/** Row-locks the board until the caller's transaction ends; false when there is no such board. */
export async function lockBoard(em: EntityManager, boardId: string): Promise<boolean> {
  const rows = await rawQuery<{ id: string }>(em, 'select id from board where id = ? for update', [boardId]);
  return rows.length > 0;
}

export interface BoardListRow {
  id: string;
  name: string;
  timezone: string;
  horizon_days: number;
  working_hours: WorkingHours;
  role: EffectiveRole;
}

/** Every board, by name, with the role `admin` (what an admin sees). */
export function findAllBoards(em: EntityManager): Promise<BoardListRow[]> {
  return rawQuery<BoardListRow>(em, `select id, name, timezone, horizon_days, working_hours, 'admin' as role from board order by name`);
}

/** The boards a user is a member of, by name, with the user's role. */
export function findBoardsOfMember(em: EntityManager, userId: string): Promise<BoardListRow[]> {
  return rawQuery<BoardListRow>(
    em,
    `select b.id, b.name, b.timezone, b.horizon_days, b.working_hours, m.role from board b
       join membership m on m.board_id = b.id where m.user_id = ? order by b.name`,
    [userId],
  );
}

/** These boards' `last_seq` (boards that are gone are left out). */
export function findLastSeqs(em: EntityManager, boardIds: readonly string[]): Promise<{ id: string; last_seq: string }[]> {
  return rawQuery(em, `select id, last_seq from board where id in (${boardIds.map(() => '?').join(', ')})`, boardIds);
}
