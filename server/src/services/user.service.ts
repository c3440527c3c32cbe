import { passwordProblem, type AdminUserDto, type CreateUserBody, type PatchUserBody, type ResetPasswordBody, type SessionDto, type UserDto } from '@schedhuler/shared';
import { AppError, alreadyExists, fieldInvalid, notFound } from '../errors';
import { isUuid, requireAdmin } from './access';
import type { AuthService } from './auth.service';
import type { AuthedCtx, Ctx } from './context';
import { hashPassword } from './password';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findUserName, findUsers, insertUser, lockUser, setPasswordHash, setUserDisabled, type UserRow } from '../repositories/user.repository';
import { listSessionsOf } from './session-rows';

const toAdminUser = (r: UserRow): AdminUserDto => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  isAdmin: r.is_admin,
  disabled: r.disabled_at !== null,
  createdAt: new Date(r.created_at).toISOString(),
  activeSessions: Number(r.active_sessions),
});

/**
 * Accounts, for admins: create, disable / enable, reset a password, see and end a user's sessions.
 * Ending sessions goes through AuthService, which tells realtime to drop the sockets after commit.
 */
export class UserService {
  constructor(private readonly auth: AuthService) {}

  async list(ctx: Ctx): Promise<AdminUserDto[]> {
    requireAdmin(ctx);
    const rows = await findUsers(ctx.em);
    return rows.map(toAdminUser);
  }

  async create(ctx: Ctx, body: CreateUserBody): Promise<UserDto> {
    requireAdmin(ctx);
    const passwordHash = await hashPassword(body.password);
    const row = await insertUser(ctx.em, { username: body.username, displayName: body.displayName, passwordHash, isAdmin: body.isAdmin ?? false });
    if (!row) throw alreadyExists(`username "${body.username}" is taken`);
    return { id: row.id, username: body.username, displayName: body.displayName, isAdmin: body.isAdmin ?? false };
  }

  /** Disabling ends every session and socket of the user at once; enabling lets them sign in again. */
  async setDisabled(ctx: Ctx, userId: string, body: PatchUserBody): Promise<AdminUserDto> {
    requireAdmin(ctx);
    if (body.disabled && userId === ctx.actor.id) {
      throw new AppError('validation_failed', 'disabled: you cannot disable your own account (another admin can)', [{ path: 'disabled', message: 'you cannot disable your own account' }]);
    }
    const { user, revoked } = await ctx.em.transactional(async (tx) => {
      await this.lockUser(tx, userId);
      const row = await setUserDisabled(tx, userId, body.disabled);
      const hashes = body.disabled ? await this.auth.revokeSessions(tx, userId) : [];
      return { user: row!, revoked: hashes };
    });
    if (body.disabled) this.auth.announceRevoked(userId, revoked, { allSockets: true });
    // The count in the row was taken before the sessions ended.
    return { ...toAdminUser(user), activeSessions: body.disabled ? 0 : Number(user.active_sessions) };
  }

  /** A new password set by an admin: the user's sessions and sockets end (whoever held the old one is out). */
  async resetPassword(ctx: Ctx, userId: string, body: ResetPasswordBody): Promise<void> {
    requireAdmin(ctx);
    if (userId === ctx.actor.id) {
      throw fieldInvalid('password', 'to change your own password use your account page (it asks for your current password)');
    }
    const target = await this.findUser(ctx, userId);
    const problem = passwordProblem(body.password, target.username);
    if (problem) throw fieldInvalid('password', problem);
    const passwordHash = await hashPassword(body.password);
    const revoked = await ctx.em.transactional(async (tx) => {
      await this.lockUser(tx, userId);
      await setPasswordHash(tx, userId, passwordHash);
      return this.auth.revokeSessions(tx, userId);
    });
    this.auth.announceRevoked(userId, revoked, { allSockets: true });
  }

  async sessions(ctx: Ctx, userId: string): Promise<SessionDto[]> {
    requireAdmin(ctx);
    await this.findUser(ctx, userId);
    return listSessionsOf(ctx.em, userId, null);
  }

  /** Ends every session of the user (they stay enabled and may sign in again). */
  async endSessions(ctx: Ctx, userId: string): Promise<number> {
    requireAdmin(ctx);
    await this.findUser(ctx, userId);
    const revoked = await ctx.em.transactional((tx) => this.auth.revokeSessions(tx, userId));
    this.auth.announceRevoked(userId, revoked, { allSockets: true });
    return revoked.length;
  }

  private async findUser(ctx: AuthedCtx, userId: string): Promise<{ id: string; username: string }> {
    if (!isUuid(userId)) throw notFound('user');
    const row = await findUserName(ctx.em, userId);
    if (!row) throw notFound('user');
    return row;
  }

  /** Serialises account changes of one user (a disable racing a sign-in's session insert is caught by the lookup's join). */
  private async lockUser(tx: EntityManager, userId: string): Promise<void> {
    if (!isUuid(userId)) throw notFound('user');
    if (!(await lockUser(tx, userId))) throw notFound('user');
  }
}
