import { ApiError } from '../api';
import type { BoardStore } from './board-store.svelte';
import type { BoardEvent } from './board-types';
import { LiveConnection } from './live-connection.svelte';
import type { BoardSocket } from './live-connection.svelte';

/** What the board page's live session needs from its surroundings. */
export interface BoardLiveSessionOptions {
  userId: string | null;
  /** Socket factory (tests); null turns live updates off; undefined uses the real socket. */
  socket?: (() => BoardSocket) | null;
  /** Loads the visible range again (after a gap the stream cannot fill). */
  reload: () => Promise<void>;
  onRemoteEvent?: (ev: BoardEvent) => void;
  /** The session ended (socket refused, or a request answered 401): go to the sign-in and come back here. */
  onExpired: () => void;
}

/** The part of `window` the session listens to, so tests can play the browser's online/offline events. */
export type NetworkEvents = Pick<Window, 'addEventListener' | 'removeEventListener'> & { navigator: Pick<Navigator, 'onLine'> };

/**
 * The board page's live side, out of the view: the socket starts once the first snapshot is in
 * (the stream continues from its seq), the browser's online/offline events reach it (Chromium keeps
 * an open WebSocket alive while offline, so the socket alone cannot tell), and every way a session
 * can end (the socket's refusal, a 401 on a load) leads to one place.
 */
export class BoardLiveSession {
  live = $state<LiveConnection | null>(null);

  readonly #store: BoardStore;
  readonly #opts: BoardLiveSessionOptions;
  #expired = false;

  constructor(store: BoardStore, opts: BoardLiveSessionOptions) {
    this.#store = store;
    this.#opts = opts;
  }

  /** Starts the socket when the store has its first snapshot; does nothing before, twice, or with live updates off. */
  startWhenReady(): void {
    if (this.#store.status !== 'ready' || this.live || this.#opts.socket === null) return;
    this.live = new LiveConnection(this.#store, {
      userId: this.#opts.userId,
      reload: this.#opts.reload,
      ...(this.#opts.socket ? { connect: this.#opts.socket } : {}),
      ...(this.#opts.onRemoteEvent ? { onRemoteEvent: this.#opts.onRemoteEvent } : {}),
      onUnauthenticated: () => this.expire(),
    });
  }

  /** Passes the browser's online/offline events to the socket; returns the unsubscribe. */
  watchNetwork(target: NetworkEvents = window): () => void {
    const conn = this.live;
    if (!conn) return () => {};
    if (!target.navigator.onLine) conn.networkLost();
    const lost = () => conn.networkLost();
    const back = () => conn.networkBack();
    target.addEventListener('offline', lost);
    target.addEventListener('online', back);
    return () => {
      target.removeEventListener('offline', lost);
      target.removeEventListener('online', back);
    };
  }

  /** A failed load: a 401 ends the session; anything else stays with the store (it shows the error). */
  loadFailed(e: unknown): void {
    if (e instanceof ApiError && e.status === 401) this.expire();
  }

  /** The session is over: once, however many ways it was noticed. */
  expire(): void {
    if (this.#expired) return;
    this.#expired = true;
    this.#opts.onExpired();
  }

  close(): void {
    this.live?.close();
  }
}
