import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AssetDto, BoardEvent, BoardSnapshot, OccurrenceDto } from '@schedhuler/shared';
import { firstRowAssets } from '@schedhuler/shared';
import { BoardStore } from './board-store.svelte';
import { makeJob, makeOcc } from '../../test-support/factories';
import { mockFetch, type MockAnswer } from '../../test-support/fetch-mock';

/**
 * Issue 13.2: the store's first load shows the first view (`?firstAssets=n`: the runs on the board's
 * first n rows), then asks for the full snapshot of the same range once that is drawn, and merges it.
 */
const BOARD = 'board-1';
const H = 3_600_000;
const DAY = 24 * H;
const D = Date.parse('2026-12-07T00:00:00Z');
const iso = (t: number) => new Date(t).toISOString();
const asset = (id: string, code: string, kind: AssetDto['kind']): AssetDto => ({ id, boardId: BOARD, code, name: code, kind, status: 'working', version: 1 });
// Row order: people, then vehicles; within a kind by code, numbers as numbers.
const ASSETS = [asset('v10', 'V-10', 'vehicle'), asset('p2', 'P-2', 'person'), asset('v2', 'V-2', 'vehicle'), asset('p1', 'P-1', 'person')];
const run = (id: string, assetId: string, hour: number, version = 1): OccurrenceDto =>
  makeOcc({ id, jobId: 'j1', assetId, startsAt: iso(D + hour * H), endsAt: iso(D + (hour + 1) * H), version });

class Server {
  occurrences = new Map<string, OccurrenceDto>();
  seq = 5;
  /** What the full snapshot answers when it is asked for (read before later changes, like a slow read). */
  fullAt: { seq: number; occurrences: OccurrenceDto[] } | null = null;
  requests: { firstAssets: number | null }[] = [];
  /** Answers of the full snapshot wait for this when set. */
  holdFull: Promise<void> | null = null;
  failFirstView = false;
  failFull = false;

  constructor(list: OccurrenceDto[]) {
    for (const o of list) this.occurrences.set(o.id, o);
  }

  snapshot(firstAssets: number | null): BoardSnapshot {
    const state = (firstAssets === null && this.fullAt) || { seq: this.seq, occurrences: [...this.occurrences.values()] };
    const rows = firstAssets === null ? null : new Set(firstRowAssets(ASSETS, firstAssets).map((a) => a.id));
    return {
      board: { id: BOARD, name: 'B', timezone: 'UTC', horizonDays: 14, workingHours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' }, version: 1, lastSeq: state.seq },
      role: 'planner',
      assets: ASSETS,
      jobs: [makeJob({ id: 'j1', kind: 'task', name: 'Fuel run', assetId: 'p1' })],
      occurrences: state.occurrences.filter((o) => !rows || rows.has(o.assetId)),
      conflicts: [],
      seq: state.seq,
      ...(firstAssets === null ? {} : { firstAssets }),
    };
  }

  install() {
    return mockFetch({
      [`GET /api/boards/${BOARD}`]: async (url): Promise<MockAnswer> => {
        const first = url.searchParams.get('firstAssets');
        const firstAssets = first === null ? null : Number(first);
        this.requests.push({ firstAssets });
        if (firstAssets !== null && this.failFirstView) return { status: 500, body: { error: { code: 'internal', message: 'boom' } } };
        if (firstAssets === null) {
          await this.holdFull;
          if (this.failFull) return { status: 503, body: { error: { code: 'unavailable', message: 'down for a moment' } } };
        }
        return { status: 200, body: this.snapshot(firstAssets) };
      },
    });
  }
}

const ev = (seq: number, data: OccurrenceDto): BoardEvent => ({ boardId: BOARD, seq, type: 'occurrence.updated', at: iso(D), actor: null, data });

function gate() {
  let open!: () => void;
  const shut = new Promise<void>((r) => (open = r));
  return { shut, open };
}

const stores: BoardStore[] = [];
function newStore(firstViewAssets: number | null): BoardStore {
  const store = new BoardStore(BOARD, 'planner', 'u1');
  store.firstViewAssets = firstViewAssets;
  stores.push(store);
  return store;
}

afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
  vi.unstubAllGlobals();
});

describe('board store: first view, then the rest (issue 13.2)', () => {
  it('shows the first rows at once, says the rest is loading, then merges the full snapshot', async () => {
    const server = new Server([run('a', 'p1', 9), run('b', 'p2', 10), run('c', 'v2', 11), run('d', 'v10', 12)]);
    const full = gate();
    server.holdFull = full.shut;
    server.install();
    const store = newStore(2);
    const loaded = store.load(D - DAY, D + 2 * DAY);
    await vi.waitFor(() => expect(store.status).toBe('ready'));
    // The first two rows (P-1, P-2) only, everything board-wide whole.
    expect([...store.occurrences.keys()].sort()).toEqual(['a', 'b']);
    expect(store.assets).toHaveLength(4);
    expect(store.loadingRest).toBe(true);
    expect(store.windowLoading).toBe(true);
    expect(store.seq).toBe(5);
    // The full snapshot is asked for once the first view is drawn, and only then.
    await vi.waitFor(() => expect(server.requests).toEqual([{ firstAssets: 2 }, { firstAssets: null }]));
    full.open();
    await loaded;
    expect([...store.occurrences.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(store.loadingRest).toBe(false);
    expect(store.windowLoading).toBe(false);
    expect(server.requests.filter((r) => r.firstAssets === null)).toHaveLength(1);
  });

  it('events applied before the full snapshot arrives are kept; a full snapshot read before them rewinds seq for the replay', async () => {
    const server = new Server([run('a', 'p1', 9), run('c', 'v2', 11)]);
    const full = gate();
    server.holdFull = full.shut;
    // The full snapshot was read at seq 5, before the two changes below.
    server.fullAt = { seq: 5, occurrences: [run('a', 'p1', 9), run('c', 'v2', 11)] };
    server.install();
    const store = newStore(1);
    const rewinds: number[] = [];
    store.onRewind((previous) => rewinds.push(previous));
    const loaded = store.load(D - DAY, D + 2 * DAY);
    await vi.waitFor(() => expect(store.status).toBe('ready'));
    expect([...store.occurrences.keys()]).toEqual(['a']);
    // Live: a on the first row moves (seq 6); c, on a row not loaded yet, moves too (seq 7).
    store.applyEvent(ev(6, run('a', 'p1', 14, 2)));
    store.applyEvent(ev(7, run('c', 'v2', 15, 2)));
    expect(store.occurrences.get('c')?.startsAt).toBe(iso(D + 15 * H));
    full.open();
    await loaded;
    // The older full answer does not undo them; seq goes back to 5 so the stream replays 6 and 7.
    expect(store.occurrences.get('a')).toMatchObject({ version: 2, startsAt: iso(D + 14 * H) });
    expect(store.occurrences.get('c')).toMatchObject({ version: 2, startsAt: iso(D + 15 * H) });
    expect(store.seq).toBe(5);
    expect(rewinds).toEqual([7]);
  });

  it('a first view that fails is passed over: the full snapshot is shown as without one', async () => {
    const server = new Server([run('a', 'p1', 9), run('c', 'v2', 11)]);
    server.failFirstView = true;
    server.install();
    const store = newStore(1);
    await store.load(D - DAY, D + 2 * DAY);
    expect(store.status).toBe('ready');
    expect([...store.occurrences.keys()].sort()).toEqual(['a', 'c']);
    expect(store.loadingRest).toBe(false);
    expect(server.requests).toEqual([{ firstAssets: 1 }, { firstAssets: null }]);
  });

  it('a full snapshot that fails after the first view: the error is reported, the first rows stay, nothing says loading', async () => {
    const server = new Server([run('a', 'p1', 9), run('c', 'v2', 11)]);
    server.failFull = true;
    server.install();
    const store = newStore(1);
    await expect(store.load(D - DAY, D + 2 * DAY)).rejects.toThrow('down for a moment');
    expect(store.status).toBe('error');
    expect(store.error).toBe('down for a moment');
    expect([...store.occurrences.keys()]).toEqual(['a']);
    expect(store.loadingRest).toBe(false);
    // A retry loads the board again, first view first.
    server.failFull = false;
    await store.load(D - DAY, D + 2 * DAY);
    expect(store.status).toBe('ready');
    expect([...store.occurrences.keys()].sort()).toEqual(['a', 'c']);
    expect(server.requests.map((r) => r.firstAssets)).toEqual([1, null, 1, null]);
  });

  it('only the first load: a reload of a shown board and a store without a first view ask for the full snapshot alone', async () => {
    const server = new Server([run('a', 'p1', 9), run('c', 'v2', 11)]);
    server.install();
    const store = newStore(1);
    await store.load(D - DAY, D + 2 * DAY);
    server.requests = [];
    await store.load(D - DAY, D + 2 * DAY);
    expect(server.requests).toEqual([{ firstAssets: null }]);
    const plain = newStore(null);
    server.requests = [];
    await plain.load(D - DAY, D + 2 * DAY);
    expect(server.requests).toEqual([{ firstAssets: null }]);
    expect([...plain.occurrences.keys()].sort()).toEqual(['a', 'c']);
  });

  it('a page that draws no frames (a background tab) still asks for the rest, a second later', async () => {
    vi.stubGlobal('requestAnimationFrame', () => 0);
    const server = new Server([run('a', 'p1', 9), run('c', 'v2', 11)]);
    server.install();
    const store = newStore(1);
    const started = performance.now();
    await store.load(D - DAY, D + 2 * DAY);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect([...store.occurrences.keys()].sort()).toEqual(['a', 'c']);
    expect(server.requests).toEqual([{ firstAssets: 1 }, { firstAssets: null }]);
    expect(store.loadingRest).toBe(false);
  });

  it('a board with no more rows than the first view is whole in it: nothing more is asked for', async () => {
    const server = new Server([run('a', 'p1', 9), run('c', 'v2', 11), run('d', 'v10', 12)]);
    server.install();
    const store = newStore(4);
    await store.load(D - DAY, D + 2 * DAY);
    expect([...store.occurrences.keys()].sort()).toEqual(['a', 'c', 'd']);
    expect(store.loadingRest).toBe(false);
    expect(store.windowLoading).toBe(false);
    expect(server.requests.slice(0, 1)).toEqual([{ firstAssets: 4 }]);
    expect(server.requests.filter((r) => r.firstAssets === null)).toEqual([]);
  });
});
