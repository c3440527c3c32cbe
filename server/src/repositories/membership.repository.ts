import type { EntityManager } from '@mikro-orm/postgresql';
import type { BoardRole } from '@schedhuler/shared';
import { rawQuery } from './sql';

/**
 * The actor's membership role as a column of a query over `board b` (one parameter: the actor id),
 * so a repository can fold the access check into a read it does anyway, before anything is written.
 */
export const MEMBER_ROLE_SQL = '(select m.role from membership m where m.board_id = b.id and m.user_id = ?) as role';

/** The board's row with the actor's role (null: not a member); undefined when there is no such board. */
export async function findMemberRole(em: EntityManager, actorId: string, boardId: string): Promise<{ role: string | null } | undefined> {
  const [row] = await rawQuery<{ role: string | null }>(em, 'select m.role from board b left join membership m on m.board_id = b.id and m.user_id = ? where b.id = ?', [actorId, boardId]);
  return row;
}

/** A user's role on a board (undefined: not a member). */
export async function findMembershipRole(em: EntityManager, boardId: string, userId: string): Promise<BoardRole | undefined> {
  const [row] = await rawQuery<{ role: BoardRole }>(em, 'select role from membership where board_id = ? and user_id = ?', [boardId, userId]);
  return row?.role;
}

/** How many supervisors the board has besides this user. */
export async function countOtherSupervisors(em: EntityManager, boardId: string, userId: string): Promise<number> {
  const [row] = await rawQuery<{ n: string }>(em, `select count(*) as n from membership where board_id = ? and role = 'supervisor' and user_id <> ?`, [boardId, userId]);
  return Number(row?.n ?? 0);
}

/** Makes the user a member with this role (a member already: the role changes). */
export async function upsertMembership(em: EntityManager, boardId: string, userId: string, role: BoardRole): Promise<void> {
  await rawQuery(
    em,
    `insert into membership (id, board_id, user_id, role, created_at) values (gen_random_uuid(), ?, ?, ?, now())
     on conflict (board_id, user_id) do update set role = excluded.role`,
    [boardId, userId, role],
  );
}

/** A board's members with their accounts, by username. */
export function findMembersOf(em: EntityManager, boardId: string): Promise<{ user_id: string; username: string; display_name: string; role: BoardRole }[]> {
  return rawQuery(
    em,
    `select m.user_id, u.username, u.display_name, m.role from membership m join app_user u on u.id = m.user_id
      where m.board_id = ? order by u.username`,
    [boardId],
  );
}

/** A board's id with one of its members' actor fields. */
export interface BoardMemberRow {
  board_id: string;
  id: string;
  username: string;
  display_name: string;
  is_admin: boolean;
}

/** A member of the board with the most events (the busiest); undefined when no board has members. */
export async function findBusiestBoardMember(em: EntityManager): Promise<BoardMemberRow | undefined> {
  const [row] = await rawQuery<BoardMemberRow>(
    em,
    'select m.board_id, u.id, u.username, u.display_name, u.is_admin from membership m join app_user u on u.id = m.user_id join board b on b.id = m.board_id order by b.last_seq desc, m.board_id, u.id limit 1',
  );
  return row;
}
