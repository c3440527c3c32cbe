import type { BoardSocket } from '../lib/board/live-connection.svelte';

type Listener = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket: records emits, lets the test play the server. */
export class FakeSocket {
  connected = false;
  readonly emitted: { event: string; payload: unknown }[] = [];
  /** Server-side answers to client emits, by event name. */
  readonly answers = new Map<string, (payload: unknown) => unknown>();
  readonly #listeners = new Map<string, Listener[]>();

  on(event: string, fn: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), fn]);
    return this;
  }

  emit(event: string, payload: unknown, ack?: (res: unknown) => void): this {
    this.emitted.push({ event, payload });
    const answer = this.answers.get(event);
    if (ack) queueMicrotask(() => ack(answer ? answer(payload) : { ok: true }));
    return this;
  }

  /** Plays a server → client event (or `connect` / `disconnect`). */
  serverSends(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const fn of this.#listeners.get(event) ?? []) fn(...args);
  }

  removeAllListeners(): this {
    this.#listeners.clear();
    return this;
  }

  /** Counts `connect()` calls; the test plays the server's 'connect' when it wants the handshake to succeed. */
  connectCalls = 0;

  connect(): this {
    this.connectCalls++;
    return this;
  }

  /** Like socket.io: a manual disconnect of a connected socket fires 'disconnect' ("io client disconnect"). */
  disconnect(): this {
    if (this.connected) this.serverSends('disconnect', 'io client disconnect');
    return this;
  }

  asSocket(): BoardSocket {
    return this as unknown as BoardSocket;
  }
}
