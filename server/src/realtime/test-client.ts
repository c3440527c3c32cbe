/**
 * Test helpers for real socket.io-client connections (server tests, multi-process tests, bench).
 * Not used by the server itself.
 */
import type { BoardEvent, ClientToServerEvents, DragState, PresenceState, ServerToClientEvents } from '@schedhuler/shared/socket';
import { io as connectIo, type Socket } from 'socket.io-client';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectOptions {
  cookie?: string;
  reconnection?: boolean;
  /** Extra handshake headers (Origin tests). */
  headers?: Record<string, string>;
}

/** A websocket-only client (no sticky sessions needed across nodes), like the app's client. */
export function openSocket(url: string, opts: ConnectOptions = {}): ClientSocket {
  return connectIo(url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...opts.headers },
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
}

export function connectSocket(url: string, opts: ConnectOptions = {}): Promise<ClientSocket> {
  const socket = openSocket(url, opts);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Emits with an acknowledgement (untyped on purpose: tests also send invalid payloads). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- acks are inspected loosely in tests
export function request<T = any>(socket: ClientSocket, event: string, ...args: unknown[]): Promise<T> {
  return (socket.timeout(10_000) as unknown as { emitWithAck(ev: string, ...a: unknown[]): Promise<T> }).emitWithAck(event, ...args);
}

/** Records everything a socket receives, in arrival order. */
export class Recorder {
  readonly events: BoardEvent[] = [];
  readonly presence: PresenceState[] = [];
  readonly drags: DragState[] = [];

  constructor(readonly socket: ClientSocket) {
    socket.on('board:event', (e) => this.events.push(e));
    socket.on('presence:state', (p) => this.presence.push(p));
    socket.on('drag:state', (d) => this.drags.push(d));
  }

  seqs(boardId?: string): number[] {
    return this.events.filter((e) => !boardId || e.boardId === boardId).map((e) => e.seq);
  }

  lastPresence(boardId: string): PresenceState | undefined {
    return this.presence.filter((p) => p.boardId === boardId).at(-1);
  }
}

export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 1..n or from..to, for comparing seq lists. */
export const seqRange = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
