import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sanitizeUserAgent, textProblem, type EffectiveRole, type LoginBody, type UserDto } from '@schedhuler/shared';
import { Session, User, type IUser } from '../entities/index';
import { AppError } from '../errors';
import type { Metrics } from '../observability/metrics';
import { requireActor } from './access';
import type { Actor, Ctx } from './context';
import { LoginLimiter } from './login-limiter';
import { dummyPasswordHash, verifyPassword } from './password';
import { findLiveSession, revokeSessionByTokenHash, revokeSessionsOf, touchSession } from '../repositories/session.repository';
import { findMembershipsOf } from '../repositories/user.repository';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
// Refreshing the expiry on every request would write on every request; a few minutes is precise enough.
const SLIDE_AFTER_MS = 5 * 60_000;
/**
 * Session lookups are the one query every API request pays. A short per-node cache keeps them off the
 * hot path; ending a session clears it at once on the node that served it, and on the others when
 * realtime relays the revocation (Redis); without that relay other nodes notice within this time.
 */
const SESSION_CACHE_MS = 2_000;
const SESSION_CACHE_MAX = 50_000;

export const toUserDto = (u: Pick<IUser, 'id' | 'username' | 'displayName' | 'isAdmin'>): UserDto => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  isAdmin: u.isAdmin,
});

export interface SessionLookup {
  actor: Actor;
  /** Set when the expiry slid forward: the cookie must be re-issued. */
  renewedUntil?: Date;
}

type SessionListener = (userId: string, sessionTokenHash: string | null) => void;

export class AuthService {
  readonly limiter = new LoginLimiter();
  private readonly revokedListeners = new Set<SessionListener>();
  private readonly sessionCache = new Map<string, { actor: Actor; until: number }>();

  constructor(
    private readonly sessionTtlMs: number,
    private readonly metrics?: Pick<Metrics, 'loginFailed'>,
  ) {}

  /** Realtime subscribes to disconnect sockets of a revoked session. */
  onSessionRevoked(fn: SessionListener): () => void {
    this.revokedListeners.add(fn);
    return () => this.revokedListeners.delete(fn);
  }

  async login(ctx: Ctx, body: LoginBody, ip: string, userAgent?: string): Promise<{ user: UserDto; token: string; expiresAt: Date }> {
    const username = body.username.toLowerCase();
    if (this.limiter.isBlocked(ip, username)) {
      this.metrics?.loginFailed('rate_limited');
      throw new AppError('rate_limited', 'too many failed sign-in attempts for this user; wait a minute and try again');
    }
    // No user is named with a NUL or a lone surrogate (`createUserBody` refuses them), and PostgreSQL
    // cannot even compare such text: it is an unknown user, answered and counted like any other.
    const user = textProblem(username) ? null : await ctx.em.findOne(User, { username });
    const ok = user ? await verifyPassword(body.password, user.passwordHash) : await verifyPassword(body.password, await dummyPasswordHash()).then(() => false);
    // A disabled account answers exactly like a wrong password: the form tells an attacker nothing.
    if (!user || !ok || user.disabledAt) {
      this.limiter.recordFailure(ip, username);
      this.metrics?.loginFailed('invalid_credentials');
      throw new AppError('unauthenticated', 'wrong username or password');
    }
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
    ctx.em.create(Session, { user: user.id, tokenHash: hashToken(token), lastSeenAt: now, expiresAt, revokedAt: null, userAgent: sanitizeUserAgent(userAgent) });
    await ctx.em.flush();
    return { user: toUserDto(user), token, expiresAt };
  }

  /**
   * The session of `token`, sliding its expiry when `slide` (HTTP, which re-issues the cookie with
   * the new expiry). The Socket.IO handshake passes `slide: false`: it cannot set a cookie, and a
   * server-side expiry that runs ahead of the browser's cookie would only hide when the user is
   * really signed out.
   */
  async authenticate(db: { readonly em: EntityManager }, token: string | undefined, opts: { slide?: boolean } = {}): Promise<SessionLookup | null> {
    if (!token || token.length > 100) return null;
    const tokenHash = hashToken(token);
    const cached = this.sessionCache.get(tokenHash);
    if (cached && cached.until > Date.now()) return { actor: cached.actor };
    const em = db.em;
    const row = await findLiveSession(em, tokenHash);
    if (!row) {
      this.sessionCache.delete(tokenHash);
      return null;
    }
    const actor: Actor = { id: row.id, username: row.username, displayName: row.display_name, isAdmin: row.is_admin };
    // A lookup that may not slide leaves the cache alone, so that the next HTTP request still does.
    if (opts.slide === false) return { actor };
    const now = Date.now();
    if (this.sessionCache.size >= SESSION_CACHE_MAX) this.sessionCache.clear();
    this.sessionCache.set(tokenHash, { actor, until: Math.min(now + SESSION_CACHE_MS, new Date(row.expires_at).getTime()) });
    if (now - new Date(row.last_seen_at).getTime() < SLIDE_AFTER_MS) return { actor };
    const renewedUntil = new Date(now + this.sessionTtlMs);
    await touchSession(em, row.session_id, renewedUntil);
    return { actor, renewedUntil };
  }

  async logout(ctx: Ctx, token: string | undefined): Promise<void> {
    requireActor(ctx);
    if (!token) return;
    const tokenHash = hashToken(token);
    this.sessionCache.delete(tokenHash);
    await revokeSessionByTokenHash(ctx.em, tokenHash);
    for (const fn of this.revokedListeners) fn(ctx.actor.id, tokenHash);
  }

  /**
   * Ends sessions of one user inside the caller's transaction (all of them, one by id, or all but
   * one token hash) and returns their token hashes for `announceRevoked` once committed.
   */
  revokeSessions(tx: EntityManager, userId: string, only: { sessionId?: string; exceptTokenHash?: string } = {}): Promise<string[]> {
    return revokeSessionsOf(tx, userId, only);
  }

  /**
   * After the commit: this node forgets the sessions at once and realtime ends their sockets (on
   * every node). `allSockets` also ends sockets of the user whose session was not among them
   * (expired meanwhile), for a disabled account.
   */
  announceRevoked(userId: string, tokenHashes: string[], opts: { allSockets?: boolean } = {}): void {
    for (const hash of tokenHashes) this.forgetSession(hash);
    for (const fn of this.revokedListeners) {
      for (const hash of tokenHashes) fn(userId, hash);
      if (opts.allSockets) fn(userId, null);
    }
  }

  /** Drops a session from this node's cache (realtime calls it when another node ended one). */
  forgetSession(tokenHash: string): void {
    this.sessionCache.delete(tokenHash);
  }

  static tokenHash(token: string): string {
    return hashToken(token);
  }

  async me(ctx: Ctx): Promise<{ user: UserDto; memberships: { boardId: string; role: EffectiveRole }[] }> {
    requireActor(ctx);
    const rows = await findMembershipsOf(ctx.em, ctx.actor.id);
    return { user: toUserDto(ctx.actor), memberships: rows.map((r) => ({ boardId: r.board_id, role: r.role })) };
  }
}
