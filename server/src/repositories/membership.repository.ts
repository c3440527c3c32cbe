import type { EntityManager } from '@mikro-orm/postgresql';
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
