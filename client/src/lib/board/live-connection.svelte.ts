import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { BoardEventStream, PROTOCOL_VERSION, SOCKET_PATH } from '@schedhuler/shared';
import type { BoardEvent, ClientToServerEvents, DragState, PresenceUser, PreviewResponse, SchedulePreviewPayload, ServerToClientEvents } from '@schedhuler/shared';
import { throttle } from '../throttle';
import type { BoardStore } from './board-store.svelte';
import { emptyMap, toIso, withEntry, withoutEntry } from './board-data';

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'resynced' | 'offline';

export type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Another planner's drag in progress. */
export interface Ghost {
  occurrenceId: string;
  userId: string;
  assetId: string;
  start: number;
}

export interface LiveOptions {
  /** The signed-in user: their own presence entry is not drawn as a remote one. */
  userId: string | null;
  /** Loads the visible range again (after a snapshot-sized gap). */
  reload: () => Promise<void>;
  /** For tests: a socket factory. */
  connect?: () => BoardSocket;
  /** Told about every applied remote event (screen-reader announcements). */
  onRemoteEvent?: (ev: BoardEvent) => void;
  onUnauthenticated?: () => void;
}

const PRESENCE_MS = 100; // ≈ 10 updates/s, the server's budget per user

/**
 * The board's socket: joins the room with the last seen `seq`, feeds events through the shared
 * BoardEventStream (ordered, exactly once, gaps fetched), and carries presence and drag ghosts.
 */
export class LiveConnection {
  state = $state<ConnectionState>('connecting');
  users = $state.raw<PresenceUser[]>([]);
  ghosts = $state.raw<ReadonlyMap<string, Ghost>>(emptyMap());
  /** The browser reports no network (`navigator.onLine` false). */
  networkDown = $state(false);
  /** The server speaks another socket protocol (a deploy since this page loaded): only a reload helps. */
  outdated = $state(false);

  readonly #store: BoardStore;
  readonly #opts: LiveOptions;
  readonly #socket: BoardSocket;
  readonly #stream: BoardEventStream<BoardEvent>;
  #joinedOnce = false;
  #closed = false;
  #resyncTimer: ReturnType<typeof setTimeout> | undefined;
  #presence: { cursor?: { assetId: string; at: string } | null; selection?: string[]; editing?: string | null } = {};

  readonly others = $derived(this.users.filter((u) => u.userId !== this.#opts.userId));

  constructor(store: BoardStore, opts: LiveOptions) {
    this.#store = store;
    this.#opts = opts;
    this.#stream = new BoardEventStream<BoardEvent>(
      {
        fetch: (since, limit) => store.fetchEvents(since, limit),
        apply: (ev) => {
          // A replay after a range snapshot rewound the store's seq: applied again, told about once.
          const replay = store.isReplay(ev.seq);
          store.applyEvent(ev);
          if (!replay) opts.onRemoteEvent?.(ev);
        },
        onResyncNeeded: () => void this.#resync(),
      },
      store.seq,
    );
    this.#socket = opts.connect?.() ?? io({ path: SOCKET_PATH, transports: ['websocket'], withCredentials: true });
    const s = this.#socket;
    s.on('connect', () => this.#join());
    s.on('disconnect', (reason) => {
      this.#lost();
      // The server ends the sockets of a session that ended (signed out elsewhere, account disabled,
      // password reset) and socket.io does not retry after that: try once more, so the handshake
      // answers "unauthenticated" and the page goes to the sign-in at once — or, when the server
      // had another reason, the board is live again.
      if (reason === 'io server disconnect' && !this.#closed) s.connect();
    });
    s.on('connect_error', (err) => {
      if (err.message === 'unauthenticated') {
        this.state = 'offline';
        opts.onUnauthenticated?.();
      } else {
        this.state = this.#joinedOnce ? 'reconnecting' : 'connecting';
      }
    });
    s.on('board:event', (ev) => {
      if (ev.boardId === store.boardId) this.#stream.receive(ev);
    });
    s.on('presence:state', (p) => {
      if (p.boardId === store.boardId) this.users = p.users;
    });
    s.on('drag:state', (d) => this.#onDrag(d));
    if (s.connected) this.#join();
  }

  /**
   * The browser says the network is gone. Chromium keeps an open WebSocket through that (frames are only
   * held back), so the socket would go on looking live: drop it and wait for `networkBack()` instead of
   * letting socket.io retry handshakes that cannot succeed.
   */
  networkLost(): void {
    this.networkDown = true;
    if (this.#closed || this.state === 'offline') return;
    clearTimeout(this.#resyncTimer);
    // Fires 'disconnect' only when the socket was connected; #lost() covers a socket that was retrying.
    this.#socket.disconnect();
    this.#lost();
  }

  /** The browser is online again: reconnect now (not after a back-off) and rejoin from the last seen seq. */
  networkBack(): void {
    this.networkDown = false;
    if (this.#closed || this.state === 'offline') return;
    // A socket that still looks connected may have lost frames meanwhile: start over, the join replays them.
    this.#socket.disconnect();
    this.#lost();
    this.#socket.connect();
  }

  #lost(): void {
    this.state = this.#joinedOnce ? 'reconnecting' : 'connecting';
    this.users = [];
    this.ghosts = emptyMap();
  }

  /** After the store loaded a snapshot over HTTP: the stream continues from its seq. */
  snapshotApplied(previousSeq: number): void {
    this.#stream.reset(this.#store.seq);
    // The snapshot may be older than events already applied: replay them over it.
    if (previousSeq > this.#store.seq) {
      void this.#store.fetchEvents(this.#store.seq, 1000).then((page) => this.#stream.receive(page.events)).catch(() => this.#resync());
    }
  }

  #join(): void {
    const store = this.#store;
    const since = store.seq;
    this.#socket.emit('board:join', { boardId: store.boardId, sinceSeq: since, protocol: PROTOCOL_VERSION }, (ack) => {
      if (!ack.ok) {
        if (ack.error.code === 'protocol_mismatch') {
          // Every rejoin would be refused alike: stop reconnecting and ask for a reload.
          this.outdated = true;
          this.#socket.disconnect();
        }
        this.state = 'offline';
        return;
      }
      const wasReconnect = this.#joinedOnce;
      this.#joinedOnce = true;
      if (ack.snapshot) {
        // Too far behind: the join snapshot covers the default range, so reload ours instead.
        void this.#resync();
      } else {
        this.#stream.receive(ack.events);
      }
      this.#sendPresence();
      this.#markOnline(wasReconnect);
    });
  }

  async #resync(): Promise<void> {
    try {
      await this.#opts.reload();
      this.#stream.reset(this.#store.seq);
      this.#markOnline(true);
    } catch {
      this.state = 'reconnecting';
    }
  }

  #markOnline(resynced: boolean): void {
    clearTimeout(this.#resyncTimer);
    if (!resynced) {
      this.state = 'online';
      return;
    }
    this.state = 'resynced';
    this.#resyncTimer = setTimeout(() => {
      if (this.state === 'resynced') this.state = 'online';
    }, 4000);
  }

  #onDrag(d: DragState): void {
    if (d.boardId !== this.#store.boardId || d.userId === this.#opts.userId) return;
    if (d.ended || !d.assetId || !d.startsAt) {
      if (this.ghosts.has(d.occurrenceId)) this.ghosts = withoutEntry(this.ghosts, d.occurrenceId);
      return;
    }
    this.ghosts = withEntry(this.ghosts, d.occurrenceId, { occurrenceId: d.occurrenceId, userId: d.userId, assetId: d.assetId, start: Date.parse(d.startsAt) });
  }

  readonly #emitPresence = throttle(() => this.#sendPresence(), PRESENCE_MS);

  #sendPresence(): void {
    if (!this.#socket.connected) return;
    this.#socket.emit('presence:update', { boardId: this.#store.boardId, ...this.#presence }, () => {});
  }

  setCursor(cursor: { assetId: string; at: number } | null): void {
    this.#presence = { ...this.#presence, cursor: cursor ? { assetId: cursor.assetId, at: toIso(cursor.at) } : null };
    this.#emitPresence();
  }

  setSelection(ids: string[]): void {
    this.#presence = { ...this.#presence, selection: ids };
    this.#emitPresence();
  }

  setEditing(what: string | null): void {
    this.#presence = { ...this.#presence, editing: what };
    this.#emitPresence();
  }

  readonly #emitDragMove = throttle((occurrenceId: string, assetId: string, start: number) => {
    this.#socket.emit('drag:move', { boardId: this.#store.boardId, occurrenceId, assetId, startsAt: toIso(start) }, () => {});
  }, PRESENCE_MS);

  dragStart(occurrenceId: string): void {
    if (this.#socket.connected) this.#socket.emit('drag:start', { boardId: this.#store.boardId, occurrenceId }, () => {});
  }

  dragMove(occurrenceId: string, assetId: string, start: number): void {
    if (this.#socket.connected) this.#emitDragMove(occurrenceId, assetId, start);
  }

  dragEnd(occurrenceId: string, committed: boolean): void {
    this.#emitDragMove.flush();
    if (this.#socket.connected) this.#socket.emit('drag:end', { boardId: this.#store.boardId, occurrenceId, committed }, () => {});
  }

  // A multi-drag: the latest position of every dragged occurrence, sent together at the presence pace
  // (the server relays about 20 states/s per user and board and gives every occurrence its turn).
  #multiMoves: Record<string, { assetId: string; start: number }> = {};
  readonly #emitMultiMoves = throttle(() => {
    const moves = Object.entries(this.#multiMoves);
    this.#multiMoves = {};
    if (!this.#socket.connected) return;
    for (const [occurrenceId, m] of moves) this.#socket.emit('drag:move', { boardId: this.#store.boardId, occurrenceId, assetId: m.assetId, startsAt: toIso(m.start) }, () => {});
  }, PRESENCE_MS);

  dragMoveMany(moves: readonly { id: string; assetId: string; start: number }[]): void {
    for (const m of moves) this.#multiMoves[m.id] = { assetId: m.assetId, start: m.start };
    this.#emitMultiMoves();
  }

  dragEndMany(ids: readonly string[], committed: boolean): void {
    this.#emitMultiMoves.flush();
    if (!this.#socket.connected) return;
    for (const occurrenceId of ids) this.#socket.emit('drag:end', { boardId: this.#store.boardId, occurrenceId, committed }, () => {});
  }

  /** Server-side preview (with conflict marks) over the socket; null when not connected or too slow. */
  preview(body: SchedulePreviewPayload, timeoutMs = 3000): Promise<PreviewResponse | null> {
    if (!this.#socket.connected) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      this.#socket.emit('schedule:preview', body, (res) => {
        clearTimeout(timer);
        resolve(res);
      });
    });
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#resyncTimer);
    this.#emitPresence.cancel();
    this.#emitDragMove.cancel();
    this.#emitMultiMoves.cancel();
    this.#stream.close();
    if (this.#socket.connected) this.#socket.emit('board:leave', { boardId: this.#store.boardId }, () => {});
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }
}
