import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { BoardStore } from './board-store.svelte';
import { BoardLiveSession } from './board-live-session.svelte';
import type { NetworkEvents } from './board-live-session.svelte';
import { FakeSocket } from '../../test-support/fake-socket';

function readyStore(): BoardStore {
  const s = new BoardStore('board-1', 'planner', 'u1');
  s.applySnapshot({
    board: { id: 'board-1', name: 'Depot', timezone: 'Europe/Berlin', horizonDays: 14, workingHours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' }, version: 1, lastSeq: 1 },
    assets: [],
    jobs: [],
    occurrences: [],
    conflicts: [],
    seq: 1,
  });
  s.status = 'ready';
  return s;
}

/** A window stand-in whose online/offline events the test fires. */
function fakeWindow(onLine = true): NetworkEvents & { fire(type: 'online' | 'offline'): void; listeners(): number } {
  const target = new EventTarget();
  let count = 0;
  return {
    navigator: { onLine },
    addEventListener: ((type: string, fn: EventListener) => {
      count++;
      target.addEventListener(type, fn);
    }) as NetworkEvents['addEventListener'],
    removeEventListener: ((type: string, fn: EventListener) => {
      count--;
      target.removeEventListener(type, fn);
    }) as NetworkEvents['removeEventListener'],
    fire: (type) => target.dispatchEvent(new Event(type)),
    listeners: () => count,
  };
}

const apiError = (status: number) => new ApiError({ status, code: status === 401 ? 'unauthenticated' : 'internal', message: 'x' });

describe('BoardLiveSession', () => {
  it('starts the socket once, only when the first snapshot is in, never with live updates off', () => {
    const store = new BoardStore('board-1', 'planner', 'u1');
    const sock = new FakeSocket();
    const s = new BoardLiveSession(store, { userId: 'u1', socket: () => sock.asSocket(), reload: async () => {}, onExpired: vi.fn() });
    s.startWhenReady();
    expect(s.live).toBeNull();
    const ready = readyStore();
    const s2 = new BoardLiveSession(ready, { userId: 'u1', socket: () => sock.asSocket(), reload: async () => {}, onExpired: vi.fn() });
    s2.startWhenReady();
    const first = s2.live;
    expect(first).not.toBeNull();
    s2.startWhenReady();
    expect(s2.live).toBe(first);
    const off = new BoardLiveSession(ready, { userId: 'u1', socket: null, reload: async () => {}, onExpired: vi.fn() });
    off.startWhenReady();
    expect(off.live).toBeNull();
    s2.close();
  });

  it('passes the browser’s offline/online events to the socket, and stops listening when told', () => {
    const sock = new FakeSocket();
    const s = new BoardLiveSession(readyStore(), { userId: 'u1', socket: () => sock.asSocket(), reload: async () => {}, onExpired: vi.fn() });
    s.startWhenReady();
    const win = fakeWindow();
    const stop = s.watchNetwork(win);
    expect(win.listeners()).toBe(2);
    win.fire('offline');
    expect(s.live!.networkDown).toBe(true);
    const calls = sock.connectCalls;
    win.fire('online');
    expect(s.live!.networkDown).toBe(false);
    expect(sock.connectCalls).toBe(calls + 1); // reconnects at once, not after a back-off
    stop();
    expect(win.listeners()).toBe(0);
    win.fire('offline');
    expect(s.live!.networkDown).toBe(false);
    s.close();
  });

  it('a page opened while offline starts with the network down', () => {
    const s = new BoardLiveSession(readyStore(), { userId: 'u1', socket: () => new FakeSocket().asSocket(), reload: async () => {}, onExpired: vi.fn() });
    s.startWhenReady();
    s.watchNetwork(fakeWindow(false));
    expect(s.live!.networkDown).toBe(true);
    s.close();
  });

  it('ends the session once, whether the socket refuses it or a load answers 401; other failures do not', () => {
    const sock = new FakeSocket();
    const onExpired = vi.fn();
    const s = new BoardLiveSession(readyStore(), { userId: 'u1', socket: () => sock.asSocket(), reload: async () => {}, onExpired });
    s.startWhenReady();
    s.loadFailed(apiError(500));
    s.loadFailed(new Error('boom'));
    expect(onExpired).not.toHaveBeenCalled();
    sock.serverSends('connect_error', new Error('unauthenticated'));
    expect(onExpired).toHaveBeenCalledTimes(1);
    s.loadFailed(apiError(401));
    expect(onExpired).toHaveBeenCalledTimes(1);
    s.close();
  });
});
