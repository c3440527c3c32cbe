import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { PROTOCOL_VERSION, type BoardEvent, type OccurrenceDto } from '@schedhuler/shared';
import { BoardStore } from './board-store.svelte';
import { LiveConnection } from './live-connection.svelte';
import { FakeSocket } from '../../test-support/fake-socket';
import { makeJob, makeOcc } from '../../test-support/factories';
import { mockFetch } from '../../test-support/fetch-mock';

const BOARD = 'board-1';
const occ = (id: string, version: number, startsAt = '2026-12-01T08:00:00.000Z', endsAt = '2026-12-01T09:00:00.000Z'): OccurrenceDto =>
  makeOcc({ id, jobId: 'j1', assetId: 'a1', startsAt, endsAt, version });
const ev = (seq: number, data: OccurrenceDto, type: 'occurrence.created' | 'occurrence.updated' = 'occurrence.updated'): BoardEvent =>
  ({ boardId: BOARD, seq, type, at: '2026-12-01T07:00:00Z', actor: { id: 'u2', displayName: 'Ben' }, data });

function setup(seq = 5) {
  const store = new BoardStore(BOARD, 'planner', 'u1');
  store.applySnapshot({
    board: { id: BOARD, name: 'B', timezone: 'Europe/Berlin', horizonDays: 14, workingHours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' }, version: 1, lastSeq: seq },
    assets: [{ id: 'a1', boardId: BOARD, code: 'A1', name: 'Van', kind: 'vehicle', status: 'working', version: 1 }],
    jobs: [makeJob({ id: 'j1', kind: 'task', name: 'Fuel run', assetId: 'a1' })],
    occurrences: [occ('o1', 1)],
    conflicts: [],
    seq,
  });
  const socket = new FakeSocket();
  const reload = vi.fn(async () => {});
  const remote: BoardEvent[] = [];
  const live = new LiveConnection(store, { userId: 'u1', reload, connect: () => socket.asSocket(), onRemoteEvent: (e) => remote.push(e) });
  return { store, socket, live, reload, remote };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('live connection', () => {
  it('joins with the last seen seq and applies the replayed events', async () => {
    const { store, socket, live, remote } = setup(5);
    socket.answers.set('board:join', () => ({ ok: true, seq: 7, events: [ev(6, occ('o1', 2, '2026-12-01T10:00:00.000Z', '2026-12-01T11:00:00.000Z')), ev(7, occ('o2', 1), 'occurrence.created')] }));
    expect(live.state).toBe('connecting');
    socket.serverSends('connect');
    await tick();
    expect(socket.emitted[0]).toEqual({ event: 'board:join', payload: { boardId: BOARD, sinceSeq: 5, protocol: PROTOCOL_VERSION } });
    expect(store.seq).toBe(7);
    expect(store.occurrences.get('o1')?.startsAt).toBe('2026-12-01T10:00:00.000Z');
    expect(store.occurrences.has('o2')).toBe(true);
    expect(remote.map((e) => e.seq)).toEqual([6, 7]);
    expect(live.state).toBe('online');
  });

  it('applies live events in seq order exactly once and fetches a missing one', async () => {
    const { store, socket } = setup(5);
    const fetchMock = mockFetch({
      [`GET /api/boards/${BOARD}/events`]: (url) => {
        expect(url.searchParams.get('since')).toBe('6');
        return { status: 200, body: { events: [ev(7, occ('o1', 3))], seq: 8 } };
      },
    });
    socket.answers.set('board:join', () => ({ ok: true, seq: 5, events: [] }));
    socket.serverSends('connect');
    await tick();
    socket.serverSends('board:event', ev(6, occ('o1', 2)));
    socket.serverSends('board:event', ev(6, occ('o1', 2)));
    socket.serverSends('board:event', ev(8, occ('o1', 4, '2026-12-01T12:00:00.000Z', '2026-12-01T13:00:00.000Z')));
    expect(store.seq).toBe(6);
    await vi.waitFor(() => expect(store.seq).toBe(8));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(store.occurrences.get('o1')?.version).toBe(4);
  });

  it('shows reconnecting, then resynced after catching up on reconnect', async () => {
    const { store, socket, live } = setup(5);
    socket.answers.set('board:join', () => ({ ok: true, seq: 5, events: [] }));
    socket.serverSends('connect');
    await tick();
    expect(live.state).toBe('online');
    socket.serverSends('disconnect');
    expect(live.state).toBe('reconnecting');
    socket.answers.set('board:join', () => ({ ok: true, seq: 6, events: [ev(6, occ('o1', 2))] }));
    socket.serverSends('connect');
    await tick();
    expect(socket.emitted.filter((e) => e.event === 'board:join').at(-1)?.payload).toEqual({ boardId: BOARD, sinceSeq: 5, protocol: PROTOCOL_VERSION });
    expect(store.seq).toBe(6);
    expect(live.state).toBe('resynced');
  });

  it('stops looking live when the browser goes offline, then reconnects and rejoins from the last seq when it is back', async () => {
    const { store, socket, live } = setup(5);
    socket.answers.set('board:join', () => ({ ok: true, seq: 5, events: [] }));
    socket.serverSends('connect');
    await tick();
    expect(live.state).toBe('online');
    // Chromium keeps the WebSocket open while offline: the browser's word is what drops it.
    live.networkLost();
    expect(live.state).toBe('reconnecting');
    expect(live.networkDown).toBe(true);
    expect(socket.connected).toBe(false);
    expect(socket.connectCalls).toBe(0); // no handshakes while there is no network
    live.networkBack();
    expect(live.networkDown).toBe(false);
    expect(socket.connectCalls).toBe(1);
    socket.answers.set('board:join', () => ({ ok: true, seq: 6, events: [ev(6, occ('o1', 2))] }));
    socket.serverSends('connect');
    await tick();
    expect(socket.emitted.filter((e) => e.event === 'board:join').at(-1)?.payload).toEqual({ boardId: BOARD, sinceSeq: 5, protocol: PROTOCOL_VERSION });
    expect(store.seq).toBe(6);
    expect(live.state).toBe('resynced');
  });

  it('forces a fresh connection when the browser comes back online with a socket that still looks open', async () => {
    const { socket, live } = setup(5);
    socket.answers.set('board:join', () => ({ ok: true, seq: 5, events: [] }));
    socket.serverSends('connect');
    await tick();
    live.networkBack();
    expect(live.state).toBe('reconnecting');
    expect(socket.connectCalls).toBe(1);
    socket.serverSends('connect');
    await tick();
    expect(socket.emitted.filter((e) => e.event === 'board:join')).toHaveLength(2);
    expect(live.state).toBe('resynced');
  });

  it('tries once more after the server ended the socket, so an ended session surfaces as unauthenticated', async () => {
    const { socket } = setup();
    socket.answers.set('board:join', () => ({ ok: true, seq: 5, events: [] }));
    socket.serverSends('connect');
    await tick();
    socket.serverSends('disconnect', 'transport close');
    expect(socket.connectCalls).toBe(0); // socket.io retries those by itself
    socket.serverSends('disconnect', 'io server disconnect');
    expect(socket.connectCalls).toBe(1);
  });

  it('leaves a refused connection offline and does not reconnect it when the network returns', async () => {
    const { socket, live } = setup(5);
    socket.answers.set('board:join', () => ({ ok: false, error: { code: 'not_found', message: 'Not found' } }));
    socket.serverSends('connect');
    await tick();
    expect(live.state).toBe('offline');
    live.networkLost();
    live.networkBack();
    expect(live.state).toBe('offline');
    expect(socket.connectCalls).toBe(0);
  });

  it('a join refused for another protocol version asks for a reload and stops reconnecting', async () => {
    const { socket, live } = setup(5);
    socket.answers.set('board:join', () => ({ ok: false, error: { code: 'protocol_mismatch', message: 'reload to update' } }));
    socket.serverSends('connect');
    await tick();
    expect(live.outdated).toBe(true);
    expect(live.state).toBe('offline');
    expect(socket.connected).toBe(false);
    live.networkBack();
    expect(socket.connectCalls).toBe(0);
  });

  it('reloads the range when the join answers with a snapshot (too far behind)', async () => {
    const { socket, reload } = setup(5);
    socket.answers.set('board:join', () => ({ ok: true, seq: 5000, snapshot: {} }));
    socket.serverSends('connect');
    await tick();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('tracks presence and remote drag ghosts, ignoring its own user', async () => {
    const { socket, live } = setup();
    socket.serverSends('presence:state', {
      boardId: BOARD,
      users: [
        { userId: 'u1', displayName: 'Me', color: '#111' },
        { userId: 'u2', displayName: 'Ben', color: '#a0a', editing: 'j1' },
      ],
    });
    flushSync();
    expect(live.others.map((u) => u.displayName)).toEqual(['Ben']);
    socket.serverSends('drag:state', { boardId: BOARD, occurrenceId: 'o1', userId: 'u2', assetId: 'a1', startsAt: '2026-12-01T09:00:00Z' });
    expect(live.ghosts.get('o1')?.start).toBe(Date.parse('2026-12-01T09:00:00Z'));
    socket.serverSends('drag:state', { boardId: BOARD, occurrenceId: 'o9', userId: 'u1', assetId: 'a1', startsAt: '2026-12-01T09:00:00Z' });
    expect(live.ghosts.has('o9')).toBe(false);
    socket.serverSends('drag:state', { boardId: BOARD, occurrenceId: 'o1', userId: 'u2', ended: true, committed: false });
    expect(live.ghosts.size).toBe(0);
  });

  it('sends presence throttled to about 10 updates a second', async () => {
    vi.useFakeTimers();
    const { socket, live } = setup();
    socket.connected = true;
    for (let i = 0; i < 20; i++) live.setCursor({ assetId: 'a1', at: Date.parse('2026-12-01T09:00:00Z') + i * 60_000 });
    const sent = () => socket.emitted.filter((e) => e.event === 'presence:update');
    expect(sent()).toHaveLength(1);
    vi.advanceTimersByTime(150);
    expect(sent()).toHaveLength(2);
    expect((sent()[1]!.payload as { cursor: { at: string } }).cursor.at).toBe('2026-12-01T09:19:00.000Z');
  });
});
