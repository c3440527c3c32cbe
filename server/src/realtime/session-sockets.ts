/**
 * Sockets per session on this node. One browser session may hold a few tabs, not hundreds: each
 * socket costs memory, a presence entry and a share of every broadcast, so past `max` the
 * handshake is refused ("too many connections for this session"). A place is claimed during the
 * handshake, so handshakes racing each other cannot all slip under the limit, and released when
 * the socket disconnects or its connection closes before it was ever connected.
 */
export class SessionSockets {
  private readonly bySession = new Map<string, Set<string>>();

  constructor(readonly max: number) {}

  /** Claims a place for the socket; false when the session holds `max` already. */
  claim(sessionId: string, socketId: string): boolean {
    const sockets = this.bySession.get(sessionId) ?? new Set<string>();
    if (!sockets.has(socketId) && sockets.size >= this.max) return false;
    sockets.add(socketId);
    this.bySession.set(sessionId, sockets);
    return true;
  }

  /** Idempotent: called on disconnect and on the connection's close. */
  release(sessionId: string, socketId: string): void {
    const sockets = this.bySession.get(sessionId);
    if (!sockets?.delete(socketId)) return;
    if (!sockets.size) this.bySession.delete(sessionId);
  }

  count(sessionId: string): number {
    return this.bySession.get(sessionId)?.size ?? 0;
  }
}
