/**
 * Board roles and their order. Plain values with no zod in sight: the board page imports them, and a
 * module that builds schemas would build all of them at load (schemas/common.ts re-exports these).
 */
export const ROLES = ['viewer', 'planner', 'supervisor'] as const;
export type BoardRole = (typeof ROLES)[number];
/** What a user is on one board: a member role, or the global admin who may do everything everywhere. */
export type EffectiveRole = BoardRole | 'admin';

export const ROLE_RANK: Record<EffectiveRole, number> = { viewer: 1, planner: 2, supervisor: 3, admin: 4 };

export function roleAtLeast(role: EffectiveRole, min: EffectiveRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[min];
}
