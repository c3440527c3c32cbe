import { passwordProblem, type ChangePasswordBody, type SessionDto } from '@schedhuler/shared';
import { AppError, fieldInvalid, notFound } from '../errors';
import { isUuid, requireActor } from './access';
import { AuthService } from './auth.service';
import type { Ctx } from './context';
import { hashPassword, verifyPassword } from './password';
import { findPasswordHash, setPasswordHash } from '../repositories/user.repository';
import { listSessionsOf } from './session-rows';

/**
 * What every signed-in user does with their own account (OWASP ASVS V2.1, V3.3): change the
 * password (re-authenticated with the current one, optionally ending the other sessions), see the
 * live sessions and end any of them.
 */
export class AccountService {
  constructor(private readonly auth: AuthService) {}

  /** Returns how many other sessions were ended. The current session always stays. */
  async changePassword(ctx: Ctx, token: string | undefined, body: ChangePasswordBody): Promise<{ endedSessions: number }> {
    requireActor(ctx);
    const passwordHashNow = await findPasswordHash(ctx.em, ctx.actor.id);
    if (passwordHashNow === undefined) throw notFound('user');
    // Limited like sign-in: a stolen session must not become a way to guess the password.
    const limiterKey = `password-change:${ctx.actor.id}`;
    if (this.auth.limiter.isBlocked(limiterKey, ctx.actor.username)) {
      throw new AppError('rate_limited', 'too many wrong current passwords; wait a minute and try again');
    }
    if (!(await verifyPassword(body.currentPassword, passwordHashNow))) {
      this.auth.limiter.recordFailure(limiterKey, ctx.actor.username);
      throw fieldInvalid('currentPassword', 'is not your current password');
    }
    const problem = passwordProblem(body.newPassword, ctx.actor.username);
    if (problem) throw fieldInvalid('newPassword', problem);
    const passwordHash = await hashPassword(body.newPassword);
    const current = token ? AuthService.tokenHash(token) : undefined;
    const revoked = await ctx.em.transactional(async (tx) => {
      await setPasswordHash(tx, ctx.actor.id, passwordHash);
      return body.endOtherSessions ? this.auth.revokeSessions(tx, ctx.actor.id, current ? { exceptTokenHash: current } : {}) : [];
    });
    this.auth.announceRevoked(ctx.actor.id, revoked);
    return { endedSessions: revoked.length };
  }

  async sessions(ctx: Ctx, token: string | undefined): Promise<SessionDto[]> {
    requireActor(ctx);
    return listSessionsOf(ctx.em, ctx.actor.id, token ? AuthService.tokenHash(token) : null);
  }

  /** Ends one of the caller's own sessions (the current one too: that is a sign-out). Someone else's id is "not found". */
  async endSession(ctx: Ctx, sessionId: string): Promise<void> {
    requireActor(ctx);
    if (!isUuid(sessionId)) throw notFound('session');
    const revoked = await ctx.em.transactional((tx) => this.auth.revokeSessions(tx, ctx.actor.id, { sessionId }));
    // No live session of this user by that id (unknown, someone else's, or ended already).
    if (!revoked.length) throw notFound('session');
    this.auth.announceRevoked(ctx.actor.id, revoked);
  }

  /** Ends every session of the caller but the current one ("sign out everywhere else"). */
  async endOtherSessions(ctx: Ctx, token: string | undefined): Promise<number> {
    requireActor(ctx);
    const current = token ? AuthService.tokenHash(token) : undefined;
    const revoked = await ctx.em.transactional((tx) => this.auth.revokeSessions(tx, ctx.actor.id, current ? { exceptTokenHash: current } : {}));
    this.auth.announceRevoked(ctx.actor.id, revoked);
    return revoked.length;
  }
}
