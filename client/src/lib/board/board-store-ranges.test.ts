import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardEvent, BoardSnapshot, OccurrenceDto } from '@schedhuler/shared';
import { BoardStore } from './board-store.svelte';
import { LiveConnection } from './live-connection.svelte';
import { FakeSocket } from '../../test-support/fake-socket';
import { makeJob, makeOcc } from '../../test-support/factories';
import { mockFetch } from '../../test-support/fetch-mock';

/** Range loading in the store (issue 13.5) against a small in-memory server answering by range and seq. */
const BOARD = 'board-1';
const H = 3_600_000;
const DAY = 24 * H;
const D = Date.parse('2026-12-07T00:00:00Z');
const iso = (t: number) => new Date(t).toISOString();
const at = (day: number, hour: number, version = 1, id = `o-${day}-${hour}`): OccurrenceDto =>
  makeOcc({ id, jobId: 'j1', assetId: 'a1', startsAt: iso(D + day * DAY + hour * H), endsAt: iso(D + day * DAY + (hour + 1) * H), version });
const ev = (seq: number, data: OccurrenceDto): BoardEvent => ({ boardId: BOARD, seq, type: 'occurrence.updated', at: iso(D), actor: null, data });

class Server {
  occurrences = new Map<string, OccurrenceDto>();
  seq = 5;
  /** The seq (and state) the next snapshot answers are read at, when set: a read that raced an event. */
  readAt: { seq: number; occurrences: OccurrenceDto[] } | null = null;
  requests: { from: number; to: number }[] = [];
  events: BoardEvent[] = [];

  constructor(list: OccurrenceDto[]) {
    for (const o of list) this.occurrences.set(o.id, o);
  }

  change(o: OccurrenceDto): BoardEvent {
    this.occurrences.set(o.id, o);
    const e = ev(++this.seq, o);
    this.events.push(e);
    return e;
  }

  snapshot(from: number, to: number): BoardSnapshot {
    const state = this.readAt ?? { seq: this.seq, occurrences: [...this.occurrences.values()] };
    return {
      board: { id: BOARD, name: 'B', timezone: 'UTC', horizonDays: 14, workingHours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' }, version: 1, lastSeq: state.seq },
      role: 'planner',
      assets: [{ id: 'a1', boardId: BOARD, code: 'A1', name: 'Van', kind: 'vehicle', status: 'working', version: 1 }],
      jobs: [makeJob({ id: 'j1', kind: 'task', name: 'Fuel run', assetId: 'a1' })],
      occurrences: state.occurrences.filter((o) => Date.parse(o.startsAt) < to && Date.parse(o.endsAt) > from),
      conflicts: [],
      seq: state.seq,
    };
  }

  install() {
    return mockFetch({
      [`GET /api/boards/${BOARD}`]: (url) => {
        const [from, to] = [Date.parse(url.searchParams.get('from')!), Date.parse(url.searchParams.get('to')!)];
        this.requests.push({ from, to });
        return { status: 200, body: this.snapshot(from, to) };
      },
      [`GET /api/boards/${BOARD}/events`]: (url) => {
        const since = Number(url.searchParams.get('since'));
        return { status: 200, body: { events: this.events.filter((e) => e.seq > since), seq: this.seq } };
      },
    });
  }
}

const overlapsDay = (r: { from: number; to: number }, day: number) => r.from < D + (day + 1) * DAY && r.to > D + day * DAY;

const stores: BoardStore[] = [];
/** A store whose scheduled prefetch is cancelled after the test (it would ask the next test's server). */
function newStore(): BoardStore {
  const store = new BoardStore(BOARD, 'planner', 'u1');
  stores.push(store);
  return store;
}

afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
  vi.unstubAllGlobals();
});

describe('board store range loading', () => {
  it('fetches the padded day, prefetches a day either side, shows the next day from the cache and evicts far days', async () => {
    const server = new Server([at(0, 9), at(1, 9), at(2, 9), at(-2, 9), at(10, 9)]);
    server.install();
    const store = newStore();
    expect(await store.ensure(D, D + DAY)).toBe(true);
    expect(server.requests).toEqual([{ from: D - DAY, to: D + 2 * DAY }]);
    expect([...store.occurrences.keys()].sort()).toEqual(['o-0-9', 'o-1-9']);
    await vi.waitFor(() => expect(server.requests).toHaveLength(3));
    expect(server.requests.slice(1)).toEqual([
      { from: D - 2 * DAY, to: D - DAY },
      { from: D + 2 * DAY, to: D + 3 * DAY },
    ]);
    await vi.waitFor(() => expect(store.heldCount).toBe(4)); // the prefetched days are held, not shown

    // The next day: in the cache, shown at once without a request.
    const before = server.requests.length;
    expect(await store.ensure(D + DAY, D + 2 * DAY)).toBe(false);
    expect(server.requests).toHaveLength(before);
    expect(store.occurrences.has('o-2-9')).toBe(true);

    // Ten days on: everything near D is forgotten; the far day is fetched.
    expect(await store.ensure(D + 10 * DAY, D + 11 * DAY)).toBe(true);
    expect([...store.occurrences.keys()]).toEqual(['o-10-9']);
    expect(store.heldCount).toBe(1);
    expect(store.loadedSpans.every((s) => s.from >= D + 7 * DAY)).toBe(true);
    expect(server.requests.slice(before).some((r) => overlapsDay(r, 10))).toBe(true);
  });

  it('events: a held occurrence moved to an unloaded day leaves, one moved into a loaded day appears, others are ignored', async () => {
    const server = new Server([at(0, 9), at(5, 9)]);
    server.install();
    const store = newStore();
    await store.ensure(D, D + DAY);
    store.applyEvent(server.change(at(5, 9, 2, 'o-0-9'))); // out to an unloaded day
    expect(store.occurrences.has('o-0-9')).toBe(false);
    expect(store.heldCount).toBe(0);
    store.applyEvent(server.change(at(0, 14, 2, 'o-5-9'))); // in from an unloaded day
    expect(store.occurrences.get('o-5-9')?.startsAt).toBe(iso(D + 14 * H));
    store.applyEvent(server.change(at(6, 3, 1, 'o-far'))); // created far away
    expect(store.heldCount).toBe(1);
    expect(store.seq).toBe(8);
    // Later the far day is loaded: its state is the server's, with what the events said.
    await store.ensure(D + 5 * DAY, D + 6 * DAY);
    expect([...store.occurrences.keys()].sort()).toEqual(['o-0-9', 'o-far']);
  });

  it('a range snapshot read before an event already applied rewinds seq, and the live stream replays it', async () => {
    const server = new Server([at(0, 9), at(5, 9)]);
    server.install();
    const store = newStore();
    await store.ensure(D, D + DAY);
    const socket = new FakeSocket();
    socket.answers.set('board:join', () => ({ ok: true, seq: server.seq, events: [] }));
    const told: number[] = [];
    const live = new LiveConnection(store, { userId: 'u1', reload: async () => {}, connect: () => socket.asSocket(), onRemoteEvent: (e) => told.push(e.seq) });
    const off = store.onRewind((previousSeq) => live.snapshotApplied(previousSeq));
    socket.serverSends('connect');

    // The D+5 snapshot is read at seq 5; then o-5-9 moves away (seq 6) and the event arrives first.
    server.readAt = { seq: 5, occurrences: [...server.occurrences.values()] };
    socket.serverSends('board:event', server.change(at(9, 9, 2, 'o-5-9')));
    expect(store.seq).toBe(6);
    await store.ensure(D + 5 * DAY, D + 6 * DAY);
    // The stale snapshot showed it on D+5 for a moment; the replay of event 6 takes it away again.
    await vi.waitFor(() => expect(store.seq).toBe(6));
    await vi.waitFor(() => expect(store.occurrences.has('o-5-9')).toBe(false));
    expect(store.heldCount).toBe(0);
    expect(told).toEqual([6]); // the replay is not announced again
    off();
    live.close();
  });

  it('a range snapshot newer than the applied events keeps seq, and the events up to its seq change nothing it has', async () => {
    const server = new Server([at(0, 9), at(5, 9)]);
    server.install();
    const store = newStore();
    await store.ensure(D, D + DAY);
    const e6 = server.change(at(5, 12, 2, 'o-5-9')); // not delivered yet
    const e7 = server.change(at(5, 15, 3, 'o-5-9'));
    await store.ensure(D + 5 * DAY, D + 6 * DAY);
    expect(store.seq).toBe(5);
    expect(store.occurrences.get('o-5-9')?.version).toBe(3);
    store.applyEvent(e6);
    store.applyEvent(e7);
    expect(store.occurrences.get('o-5-9')?.startsAt).toBe(iso(D + 5 * DAY + 15 * H));
    expect(store.seq).toBe(7);
  });

  it('load() (a retry or a resync) forgets every range and holds the one it loaded', async () => {
    const server = new Server([at(0, 9), at(1, 9)]);
    server.install();
    const store = newStore();
    await store.ensure(D, D + DAY);
    await vi.waitFor(() => expect(server.requests).toHaveLength(3));
    server.change(at(0, 10, 2, 'o-0-9'));
    await store.load(D - DAY, D + 2 * DAY);
    expect(store.seq).toBe(6);
    expect(store.loadedSpans[0]!.from).toBe(D - DAY);
    expect(store.occurrences.get('o-0-9')?.version).toBe(2);
  });
});
