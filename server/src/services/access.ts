import type { EntityManager } from '@mikro-orm/postgresql';
import { roleAtLeast, type EffectiveRole } from '@schedhuler/shared';
import { AppError, forbidden, notFound, unauthenticated } from '../errors';
import type { Actor, AuthedCtx, Ctx } from './context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);

export function requireActor(ctx: Ctx): asserts ctx is AuthedCtx {
  if (!ctx.actor) throw unauthenticated();
}

export function requireAdmin(ctx: Ctx): asserts ctx is AuthedCtx {
  requireActor(ctx);
  if (!ctx.actor.isAdmin) throw forbidden('only an admin may do this');
}

/** The caller's role on a board; a non-member learns nothing: 404, as if the board did not exist. */
export async function boardRole(em: EntityManager, actor: Actor, boardId: string): Promise<EffectiveRole> {
  if (!isUuid(boardId)) throw notFound('board');
  const [row] = await em.execute<{ role: string | null }[]>(
    'select m.role from board b left join membership m on m.board_id = b.id and m.user_id = ? where b.id = ?',
    [actor.id, boardId],
  );
  if (!row) throw notFound('board');
  if (actor.isAdmin) return 'admin';
  if (!row.role) throw notFound('board');
  return row.role as EffectiveRole;
}

const VERB: Record<EffectiveRole, string> = {
  viewer: 'a viewer',
  planner: 'a planner',
  supervisor: 'a supervisor',
  admin: 'an admin',
};

/** First line of every board-scoped service method. */
export async function requireBoardRole(ctx: Ctx, boardId: string, min: EffectiveRole): Promise<EffectiveRole> {
  requireActor(ctx);
  const role = await boardRole(ctx.em, ctx.actor, boardId);
  if (!roleAtLeast(role, min)) {
    throw new AppError('forbidden', `you are ${VERB[role]} on this board; this needs ${VERB[min]} or higher`);
  }
  return role;
}
