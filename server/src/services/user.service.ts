import { passwordProblem, type AdminUserDto, type CreateUserBody, type PatchUserBody, type ResetPasswordBody, type SessionDto, type UserDto } from '@schedhuler/shared';
import { AppError, alreadyExists, fieldInvalid, notFound } from '../errors';
import { isUuid, requireAdmin } from './access';
import type { AuthService } from './auth.service';
import type { AuthedCtx, Ctx } from './context';
import { hashPassword } from './password';
import { sqlTransaction, type Query } from '../repositories/sql';
import { listSessionsOf } from './session-rows';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  is_admin: boolean;
  disabled_at: Date | null;
  created_at: Date;
  active_sessions: string;
}

const USER_COLUMNS = `u.id, u.username, u.display_name, u.is_admin, u.disabled_at, u.created_at,
  (select count(*) from app_session s where s.user_id = u.id and s.revoked_at is null and s.expires_at > now()) as active_sessions`;

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
    const rows = await ctx.em.execute<UserRow[]>(`select ${USER_COLUMNS} from app_user u order by u.username`);
    return rows.map(toAdminUser);
  }

  async create(ctx: Ctx, body: CreateUserBody): Promise<UserDto> {
    requireAdmin(ctx);
    const passwordHash = await hashPassword(body.password);
    const [row] = await ctx.em.execute<{ id: string }[]>(
      `insert into app_user (id, username, display_name, password_hash, is_admin, created_at)
       values (gen_random_uuid(), ?, ?, ?, ?, now())
       on conflict (username) do nothing returning id`,
      [body.username, body.displayName, passwordHash, body.isAdmin ?? false],
    );
    if (!row) throw alreadyExists(`username "${body.username}" is taken`);
    return { id: row.id, username: body.username, displayName: body.displayName, isAdmin: body.isAdmin ?? false };
  }

  /** Disabling ends every session and socket of the user at once; enabling lets them sign in again. */
  async setDisabled(ctx: Ctx, userId: string, body: PatchUserBody): Promise<AdminUserDto> {
    requireAdmin(ctx);
    if (body.disabled && userId === ctx.actor.id) {
      throw new AppError('validation_failed', 'disabled: you cannot disable your own account (another admin can)', [{ path: 'disabled', message: 'you cannot disable your own account' }]);
    }
    const { user, revoked } = await sqlTransaction(ctx.em, async (q) => {
      await this.lockUser(q, userId);
      const [row] = await q<UserRow>(
        `update app_user u set disabled_at = ${body.disabled ? 'coalesce(u.disabled_at, now())' : 'null'} where u.id = ? returning ${USER_COLUMNS}`,
        [userId],
      );
      const hashes = body.disabled ? await this.auth.revokeSessions(q, userId) : [];
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
    const revoked = await sqlTransaction(ctx.em, async (q) => {
      await this.lockUser(q, userId);
      await q('update app_user set password_hash = ? where id = ?', [passwordHash, userId]);
      return this.auth.revokeSessions(q, userId);
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
    const revoked = await sqlTransaction(ctx.em, (q) => this.auth.revokeSessions(q, userId));
    this.auth.announceRevoked(userId, revoked, { allSockets: true });
    return revoked.length;
  }

  private async findUser(ctx: AuthedCtx, userId: string): Promise<{ id: string; username: string }> {
    if (!isUuid(userId)) throw notFound('user');
    const [row] = await ctx.em.execute<{ id: string; username: string }[]>('select id, username from app_user where id = ?', [userId]);
    if (!row) throw notFound('user');
    return row;
  }

  /** Serialises account changes of one user (a disable racing a sign-in's session insert is caught by the lookup's join). */
  private async lockUser(q: Query, userId: string): Promise<void> {
    if (!isUuid(userId)) throw notFound('user');
    const [row] = await q<{ id: string }>('select id from app_user where id = ? for update', [userId]);
    if (!row) throw notFound('user');
  }
}
