import type { EntityManager } from '@mikro-orm/postgresql';
import { roleAtLeast, type EffectiveRole } from '@schedhuler/shared';
import { AppError, forbidden, notFound, unauthenticated } from '../errors';
import { findMemberRole } from '../repositories/membership.repository';
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

/**
 * What a non-member is told: the thing they asked for by id is "not found", exactly as when the id
 * does not exist. A job, occurrence, asset or conflict of a foreign board answers "job not found",
 * never "board not found", which would confirm that the id is real.
 */
export type Hidden = 'board' | 'job' | 'occurrence' | 'asset' | 'conflict';

/** The caller's role on a board; a non-member learns nothing: 404, as if the board (or `hidden`) did not exist. */
export async function boardRole(em: EntityManager, actor: Actor, boardId: string, hidden: Hidden = 'board'): Promise<EffectiveRole> {
  if (!isUuid(boardId)) throw notFound(hidden);
  const row = await findMemberRole(em, actor.id, boardId);
  return roleOf(actor, row, hidden);
}

/** `row`: the board's row with the actor's membership role (`MEMBER_ROLE_SQL`), undefined when there is no such board. */
function roleOf(actor: Actor, row: { role: string | null } | undefined, hidden: Hidden): EffectiveRole {
  if (!row) throw notFound(hidden);
  if (actor.isAdmin) return 'admin';
  if (!row.role) throw notFound(hidden);
  return row.role as EffectiveRole;
}

const VERB: Record<EffectiveRole, string> = {
  viewer: 'a viewer',
  planner: 'a planner',
  supervisor: 'a supervisor',
  admin: 'an admin',
};

/**
 * First line of every board-scoped service method. A method that found its row by another id
 * (`/api/jobs/:id`) passes what that id names as `hidden`, so a non-member gets the same 404 as
 * for an unknown id.
 */
export async function requireBoardRole(ctx: Ctx, boardId: string, min: EffectiveRole, hidden: Hidden = 'board'): Promise<EffectiveRole> {
  requireActor(ctx);
  return atLeast(await boardRole(ctx.em, ctx.actor, boardId, hidden), min);
}

/** The access check on a board row fetched with `MEMBER_ROLE_SQL` (the caller checked `isUuid` before querying). */
export function requireRoleOf(actor: Actor, row: { role: string | null } | undefined, min: EffectiveRole): EffectiveRole {
  return atLeast(roleOf(actor, row, 'board'), min);
}

function atLeast(role: EffectiveRole, min: EffectiveRole): EffectiveRole {
  if (!roleAtLeast(role, min)) {
    throw new AppError('forbidden', `you are ${VERB[role]} on this board; this needs ${VERB[min]} or higher`);
  }
  return role;
}
