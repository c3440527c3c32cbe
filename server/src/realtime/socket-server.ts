import type { ServerType } from '@hono/node-server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { presenceColorFor, type EffectiveRole } from '@schedhuler/shared';
import { MAX_SOCKET_PAYLOAD_BYTES, SOCKET_PATH, type BoardEvent } from '@schedhuler/shared/socket';
import { Server } from 'socket.io';
import type { AppConfig } from '../config';
import { isDatabaseUnavailable } from '../errors';
import { isForeignOrigin } from '../http/origin';
import { tokenFromCookieHeader } from '../http/session';
import { logger } from '../logger';
import { findLastSeqs } from '../repositories/board.repository';
import { AuthService } from '../services/auth.service';
import type { Actor, Ctx } from '../services/context';
import { readEvents } from '../services/event-log';
import type { Services } from '../services/index';
import { BoardRooms } from './board-rooms';
import { DragRelay } from './drag';
import type { HandlerHost, JoinedBoard } from './handler-host';
import { registerHandlers } from './handlers';
import { PresenceHub } from './presence';
import { connectRedisAdapter, type RedisAdapterHandle } from './redis';
import { guardedParser } from './guarded-parser';
import { PER_MESSAGE_DEFLATE } from './per-message-deflate';
import { SessionSockets } from './session-sockets';
import { SessionWatch } from './session-watch';
import { roomOf, type IoServer, type IoSocket } from './types';

export interface RealtimeOptions {
  http: ServerType;
  services: Services;
  orm: MikroORM;
  config: AppConfig;
  /** Tunables; tests shorten them. */
  gapTimeoutMs?: number;
  sessionCheckMs?: number;
  presenceFlushMs?: number;
  presenceGraceMs?: number;
  heartbeatMs?: number;
  dragMoveMs?: number;
  /** Sockets one session may hold on this node (20). */
  maxSocketsPerSession?: number;
}

const envMs = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/**
 * The real-time hub: Socket.IO on the app's HTTP server, authenticated with the session cookie.
 * Committed events come from the bus (this node) and the adapter (other nodes); each node orders
 * them per board and delivers to its own sockets. Presence and drag ghosts live in memory.
 */
export class RealtimeHub implements HandlerHost {
  readonly io: IoServer;
  readonly rooms: BoardRooms;
  readonly presence: PresenceHub;
  readonly drags: DragRelay;
  readonly sessions: SessionWatch;
  readonly sessionSockets: SessionSockets;
  readonly nodeId: string;
  private readonly joined = new Map<string, Map<string, JoinedBoard>>();
  private readonly localCount = new Map<string, number>();
  private readonly cleanups: (() => void)[] = [];
  private redis?: RedisAdapterHandle;
  private heartbeat?: ReturnType<typeof setInterval>;
  private joinTokens = 0;
  private eventCounter = 0;
  private pollError = '';

  private constructor(readonly opts: RealtimeOptions) {
    this.nodeId = opts.config.nodeId;
    this.io = new Server({ path: SOCKET_PATH, maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES, serveClient: false, parser: guardedParser, perMessageDeflate: PER_MESSAGE_DEFLATE });
    this.rooms = new BoardRooms({
      deliver: (boardId, e) => {
        this.io.local.to(roomOf(boardId)).emit('board:event', e);
        this.recordBroadcast(e);
      },
      readEvents: (boardId, since, limit) => readEvents(this.opts.orm.em.fork(), boardId, since, limit),
      onDelivered: (e) => this.onDelivered(e),
      gapTimeoutMs: opts.gapTimeoutMs ?? envMs('REALTIME_GAP_TIMEOUT_MS', 250),
    });
    this.presence = new PresenceHub({
      nodeId: this.nodeId,
      deliver: (boardId, users) => this.io.local.to(roomOf(boardId)).emit('presence:state', { boardId, users }),
      publish: (message) => {
        if (this.redis) this.io.serverSideEmit('presence:sync', message);
      },
      flushMs: opts.presenceFlushMs ?? 100,
      graceMs: opts.presenceGraceMs ?? envMs('REALTIME_PRESENCE_GRACE_MS', 5_000),
      remoteTtlMs: 3 * (opts.heartbeatMs ?? 2_000),
    });
    this.drags = new DragRelay({
      relay: (from, state) => this.io.to(roomOf(state.boardId)).except(from).emit('drag:state', state),
      intervalMs: opts.dragMoveMs ?? 50,
    });
    this.sessions = new SessionWatch(this.io, () => this.opts.orm.em.fork());
    this.sessionSockets = new SessionSockets(opts.maxSocketsPerSession ?? envMs('REALTIME_MAX_SOCKETS_PER_SESSION', 20));
  }

  static async start(opts: RealtimeOptions): Promise<RealtimeHub> {
    const hub = new RealtimeHub(opts);
    await hub.init();
    return hub;
  }

  get clustered(): boolean {
    return Boolean(this.redis);
  }

  /** A fresh EM fork and the socket's user: one per socket event. */
  ctx(socket: IoSocket): Ctx & { actor: Actor } {
    const d = socket.data;
    return {
      em: this.opts.orm.em.fork(),
      actor: { id: d.userId, username: d.username, displayName: d.displayName, isAdmin: d.isAdmin },
      requestId: `${socket.id}#${++this.eventCounter}`,
    };
  }

  joinedBoard(socket: IoSocket, boardId: string): JoinedBoard | undefined {
    return this.joined.get(socket.id)?.get(boardId);
  }

  /**
   * Records the join and admits the socket to the room at `seq` (see BoardRooms.join). `respond`
   * sends the answer; it runs synchronously with the admission decision.
   */
  async admit(socket: IoSocket, boardId: string, role: EffectiveRole, seq: number, respond: (catchUp: BoardEvent[]) => void): Promise<void> {
    const boards = this.joined.get(socket.id);
    if (!boards || !socket.connected) return;
    const previous = boards.get(boardId);
    const token = ++this.joinTokens;
    boards.set(boardId, { role, token });
    if (previous) {
      // A rejoin (resync) on the same socket: leave the room, keep presence and drags.
      void socket.leave(roomOf(boardId));
      this.presence.setRole(boardId, socket.data.userId, role);
    } else {
      this.localCount.set(boardId, (this.localCount.get(boardId) ?? 0) + 1);
      this.presence.join(boardId, socket.id, { id: socket.data.userId, displayName: socket.data.displayName }, role);
    }
    try {
      await this.rooms.join(boardId, seq, {
        admit: () => {
          if (socket.connected && this.joined.get(socket.id)?.get(boardId)?.token === token) void socket.join(roomOf(boardId));
        },
        respond: (catchUp) => {
          respond(catchUp);
          socket.emit('presence:state', { boardId, users: this.presence.state(boardId) });
        },
      });
    } catch (err) {
      this.leave(socket, boardId, { grace: false });
      throw err;
    }
  }

  /** Takes a socket off a board: room, drags, presence (after a grace period on disconnect). */
  leave(socket: IoSocket, boardId: string, opts: { grace: boolean }): boolean {
    const boards = this.joined.get(socket.id);
    if (!boards?.delete(boardId)) return false;
    if (socket.connected) void socket.leave(roomOf(boardId));
    this.drags.dropBoard(socket.id, boardId);
    this.presence.leave(boardId, socket.id, socket.data.userId, opts);
    const left = (this.localCount.get(boardId) ?? 1) - 1;
    if (left > 0) this.localCount.set(boardId, left);
    else {
      this.localCount.delete(boardId);
      this.rooms.release(boardId);
    }
    return true;
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.sessions.stop();
    for (const c of this.cleanups) c();
    this.presence.close();
    this.drags.close();
    this.rooms.close();
    // io.close() would also close the HTTP server, which belongs to server.ts.
    this.io.disconnectSockets(true);
    this.io.engine?.close();
    await this.io.of('/').adapter.close();
    await this.redis?.close();
  }

  private async init(): Promise<void> {
    const { config, services, http } = this.opts;
    if (config.redisUrl) {
      this.redis = await connectRedisAdapter(config.redisUrl, config.nodeId);
      this.io.adapter(this.redis.adapter);
      this.listenToNodes();
    }
    this.io.attach(http);
    this.io.use((socket, next) => {
      this.authenticate(socket).then(
        (err) => next(err ?? undefined),
        (err: unknown) => next(new Error(isDatabaseUnavailable(err) ? 'unavailable' : 'internal')),
      );
    });
    this.io.on('connection', (socket) => this.onConnection(socket));

    this.cleanups.push(
      services.bus.subscribe((events) => {
        this.rooms.accept(events);
        if (this.redis) this.io.serverSideEmit('board:committed', events);
      }),
      services.metrics.watchRealtime(() => ({ sockets: this.io.of('/').sockets.size, boards: this.localCount.size })),
      services.auth.onSessionRevoked((userId, sessionId) => {
        this.sessions.revoked(userId, sessionId);
        if (this.redis) this.io.serverSideEmit('session:revoked', { userId, sessionId });
      }),
    );
    this.sessions.start(this.opts.sessionCheckMs ?? envMs('REALTIME_SESSION_CHECK_MS', 30_000));
    this.heartbeat = setInterval(() => this.beat(), this.opts.heartbeatMs ?? 2_000);
    this.heartbeat.unref?.();
    logger.info({ nodeId: this.nodeId, redis: Boolean(this.redis) }, 'realtime hub attached');
  }

  /** Handshake: the session cookie (and, like HTTP, a foreign Origin is refused). */
  private async authenticate(socket: IoSocket): Promise<Error | null> {
    const { headers } = socket.handshake;
    if (isForeignOrigin(socket.request, this.opts.config.trustProxy, this.opts.config.allowedOrigins)) return new Error('forbidden');
    const token = tokenFromCookieHeader(headers.cookie);
    if (token && this.sessions.isRevoked(AuthService.tokenHash(token))) return new Error('unauthenticated');
    const session = await this.opts.services.auth.authenticate({ em: this.opts.orm.em.fork() }, token, { slide: false });
    if (!session || !token) return new Error('unauthenticated');
    const { actor } = session;
    socket.data = {
      userId: actor.id,
      username: actor.username,
      displayName: actor.displayName,
      isAdmin: actor.isAdmin,
      sessionId: AuthService.tokenHash(token),
      color: presenceColorFor(actor.id),
    };
    const { sessionId } = socket.data;
    if (!this.sessionSockets.claim(sessionId, socket.id)) return new Error('too many connections for this session');
    // Released on disconnect, or here when the client went away before the connection completed.
    socket.conn.once('close', () => this.sessionSockets.release(sessionId, socket.id));
    return null;
  }

  private onConnection(socket: IoSocket): void {
    this.joined.set(socket.id, new Map());
    // Malformed packets and middleware errors surface here; the connection is closed by Socket.IO.
    socket.on('error', (err) => logger.warn({ socket: socket.id, err: err.message }, 'socket error'));
    registerHandlers(this, socket);
    socket.on('disconnect', (reason) => {
      this.sessionSockets.release(socket.data.sessionId, socket.id);
      this.drags.dropSocket(socket.id);
      for (const boardId of [...(this.joined.get(socket.id)?.keys() ?? [])]) this.leave(socket, boardId, { grace: true });
      this.joined.delete(socket.id);
      logger.debug({ socket: socket.id, reason }, 'socket disconnected');
    });
  }

  /** Lag is known for events committed on this node: their bus kept the commit time. */
  private recordBroadcast(e: BoardEvent): void {
    const { metrics, bus } = this.opts.services;
    metrics.eventBroadcast();
    const committed = bus.committedAt(e);
    if (committed !== undefined) metrics.broadcastLag((performance.now() - committed) / 1000);
  }

  /** Membership changes reach the sockets of that user on this node. */
  private onDelivered(e: BoardEvent): void {
    if (e.type !== 'member.updated') return;
    const data = e.data as { userId?: string; role?: EffectiveRole | null; removed?: boolean };
    for (const socket of this.io.of('/').sockets.values()) {
      if (socket.data.userId !== data.userId || socket.data.isAdmin) continue;
      const joined = this.joined.get(socket.id)?.get(e.boardId);
      if (!joined) continue;
      if (data.removed || !data.role) this.leave(socket, e.boardId, { grace: false });
      else {
        joined.role = data.role;
        this.presence.setRole(e.boardId, socket.data.userId, data.role);
      }
    }
  }

  private listenToNodes(): void {
    this.io.on('board:committed', (events) => {
      if (Array.isArray(events)) this.rooms.accept(events);
    });
    this.io.on('presence:sync', (message) => this.presence.remote(message));
    this.io.on('board:seqs', ({ seqs }) => {
      for (const [boardId, seq] of Object.entries(seqs ?? {})) this.rooms.hint(boardId, seq);
    });
    this.io.on('session:revoked', ({ userId, sessionId }) => {
      // Another node ended the session: this node's request cache forgets it too, rather than
      // letting it work here for the rest of its cache time.
      if (sessionId) this.opts.services.auth.forgetSession(sessionId);
      this.sessions.revoked(userId, sessionId);
    });
  }

  private beat(): void {
    this.presence.heartbeat();
    if (!this.redis) return;
    const boards = this.rooms.activeBoards();
    if (!boards.length) return;
    const seqs: Record<string, number> = {};
    for (const boardId of boards) seqs[boardId] = this.rooms.deliveredSeq(boardId)!;
    this.io.serverSideEmit('board:seqs', { nodeId: this.nodeId, seqs });
    void this.pollLogSeqs(boards).then(
      () => (this.pollError = ''),
      (err: unknown) => {
        // Every beat fails alike while the database is down: say it once, not every 2 s.
        const message = (err as Error).message;
        if (message !== this.pollError) logger.warn({ err: message }, 'board seq poll failed');
        this.pollError = message;
      },
    );
  }

  /**
   * With several nodes, the event log is asked too (one query per beat): when Redis is down, or a
   * node's publish was lost, other nodes' commits still reach this node's rooms within a beat or two,
   * read from the log by the gap filler, instead of waiting for Redis to come back.
   */
  private async pollLogSeqs(boards: string[]): Promise<void> {
    const rows = await findLastSeqs(this.opts.orm.em.fork(), boards);
    for (const r of rows) this.rooms.hint(r.id, Number(r.last_seq));
  }
}
