import type { EntityManager } from '@mikro-orm/postgresql';
import { logger } from '../logger';
import { findLiveTokenHashes } from '../repositories/session.repository';
import type { IoServer, IoSocket } from './types';

/** Longer than any per-node session cache (AuthService: 2 s). */
const REMEMBER_REVOKED_MS = 30_000;

/**
 * Ends sockets whose session ended: at once on a logout (this node, or another node through the
 * adapter), and on expiry or a revocation we did not hear about, by a periodic check of the
 * sessions of this node's sockets (one query for all of them).
 */
export class SessionWatch {
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly io: IoServer,
    private readonly fork: () => EntityManager,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.sweep().catch((err) => logger.warn({ err: (err as Error).message }, 'session check failed')), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Sessions revoked recently. AuthService caches lookups per node for a moment, so a handshake on
   * this node right after a logout on another could still pass; these are refused here.
   */
  private readonly recentlyRevoked = new Map<string, number>();

  isRevoked(sessionId: string): boolean {
    const until = this.recentlyRevoked.get(sessionId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.recentlyRevoked.delete(sessionId);
    return false;
  }

  /** Disconnects this node's sockets of one session (or of every session of the user when null). */
  revoked(userId: string, sessionId: string | null): number {
    if (sessionId) {
      if (this.recentlyRevoked.size > 10_000) this.recentlyRevoked.clear();
      this.recentlyRevoked.set(sessionId, Date.now() + REMEMBER_REVOKED_MS);
    }
    let n = 0;
    for (const socket of this.localSockets()) {
      if (socket.data.userId === userId && (sessionId === null || socket.data.sessionId === sessionId)) {
        socket.disconnect(true);
        n += 1;
      }
    }
    if (n) logger.info({ userId, sockets: n }, 'session revoked: sockets disconnected');
    return n;
  }

  /** Disconnects sockets whose session expired or was revoked; returns how many. */
  async sweep(): Promise<number> {
    const sockets = this.localSockets();
    const ids = [...new Set(sockets.map((s) => s.data.sessionId))];
    if (!ids.length) return 0;
    const alive = await findLiveTokenHashes(this.fork(), ids);
    let n = 0;
    for (const socket of sockets) {
      if (!alive.has(socket.data.sessionId) && socket.connected) {
        socket.disconnect(true);
        n += 1;
      }
    }
    if (n) logger.info({ sockets: n }, 'sessions expired: sockets disconnected');
    return n;
  }

  private localSockets(): IoSocket[] {
    return [...this.io.of('/').sockets.values()];
  }
}
