import { encodeSnapshot, type BoardSnapshot } from '@schedhuler/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../test-support/fetch-mock';
import { adoptEarly, earlyUrls, fetchEarly, firstBoardWindow, firstViewAssets, snapshotUrl, takeEarly } from './early-requests';
import { ROW_HEIGHT } from './timeline/row-layout';
import { ROW_MARGIN, ROW_STEP } from './timeline/mount-window.svelte';

/** What the page does at load: the boot script's fetches, taken over by main.ts. */
const startEarlyRequests = (hash: string, now: number) => adoptEarly(fetchEarly(hash, now));
import { fetchBoardSnapshot } from './board/snapshot-fetch';
import { Session } from './session.svelte';
import { BoardView } from './board/board-view.svelte';
import { planRanges } from './board/range-cache';

const BOARD = 'b0a7d1c2-0000-4000-8000-000000000002';
const NOW = Date.UTC(2026, 10, 30, 3, 20);
const DAY = 86_400_000;
const snapshot: BoardSnapshot = {
  board: { id: BOARD, name: 'Depot', timezone: 'Europe/Berlin', horizonDays: 14, workingHours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' }, version: 1, lastSeq: 4 },
  assets: [],
  jobs: [],
  occurrences: [],
  conflicts: [],
  seq: 4,
};
const me = { user: { id: 'u1', username: 'ana', displayName: 'Ana', isAdmin: false }, memberships: [{ boardId: BOARD, role: 'planner' }] };

afterEach(() => {
  vi.unstubAllGlobals();
  // Leave nothing behind for the next test.
  void takeEarly('/api/auth/me')?.catch(() => undefined);
});

describe('early requests (issue 12)', () => {
  it('asks for the same first window the board page loads: its Day view in UTC with a day either side', () => {
    const range = new BoardView(NOW, () => 'UTC').range;
    expect(firstBoardWindow(NOW)).toEqual(planRanges({ from: range.start, to: range.end }, [], { pad: DAY }).window);
    expect(firstBoardWindow(NOW)).toEqual({ from: Date.UTC(2026, 10, 29), to: Date.UTC(2026, 11, 2) });
  });

  it('is that window at the edges of a UTC day too (computed without the zone helpers)', () => {
    for (const at of [Date.UTC(2026, 10, 30), Date.UTC(2026, 10, 30, 23, 59, 59, 999), Date.UTC(2027, 2, 28, 1, 30), Date.UTC(1969, 11, 31, 12)]) {
      const range = new BoardView(at, () => 'UTC').range;
      expect(firstBoardWindow(at)).toEqual(planRanges({ from: range.start, to: range.end }, [], { pad: DAY }).window);
    }
  });

  it('on a board address, starts me and the snapshot at once; the session and the first fetch take them, once', async () => {
    const fetch = mockFetch({
      'GET /api/auth/me': () => ({ status: 200, body: me }),
      [`GET /api/boards/${BOARD}`]: () => ({ status: 200, body: encodeSnapshot(snapshot) }),
    });
    startEarlyRequests(`#/boards/${BOARD}`, NOW);
    expect(fetch).toHaveBeenCalledTimes(2);
    const session = new Session();
    await session.load();
    expect(session.status).toBe('authenticated');
    const { from, to } = firstBoardWindow(NOW);
    const { instants: _, ...decoded } = await fetchBoardSnapshot(BOARD, from, to);
    expect(decoded).toStrictEqual(snapshot);
    expect(fetch).toHaveBeenCalledTimes(2);
    // Taken once: a later load asks the server again.
    await fetchBoardSnapshot(BOARD, from, to);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('a snapshot for another range is fetched afresh; other addresses start only me', async () => {
    const fetch = mockFetch({ 'GET /api/auth/me': () => ({ status: 200, body: me }), [`GET /api/boards/${BOARD}`]: () => ({ status: 200, body: encodeSnapshot(snapshot) }) });
    startEarlyRequests('#/boards', NOW);
    expect(fetch).toHaveBeenCalledTimes(1);
    startEarlyRequests(`#/boards/${BOARD}`, NOW);
    const { from, to } = firstBoardWindow(NOW);
    await fetchBoardSnapshot(BOARD, from + DAY, to + DAY);
    expect(fetch).toHaveBeenCalledTimes(4);
    expect(takeEarly(snapshotUrl(BOARD, from, to), performance.now() + 10_001)).toBeUndefined();
  });

  it('a 401 shows the login; after signing in the board is fetched afresh, not answered by the early 401', async () => {
    let signedIn = false;
    const fetch = mockFetch({
      'GET /api/auth/me': () => (signedIn ? { status: 200, body: me } : { status: 401, body: { error: { code: 'unauthorized', message: 'no session' } } }),
      [`GET /api/boards/${BOARD}`]: () => (signedIn ? { status: 200, body: encodeSnapshot(snapshot) } : { status: 401, body: { error: { code: 'unauthorized', message: 'no session' } } }),
    });
    startEarlyRequests(`#/boards/${BOARD}`, Date.now());
    const session = new Session();
    await session.load();
    expect(session.status).toBe('anonymous');
    await new Promise((r) => setTimeout(r, 0));
    signedIn = true;
    const { from, to } = firstBoardWindow(Date.now());
    const got = await fetchBoardSnapshot(BOARD, from, to);
    expect(got.seq).toBe(4);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("the boot script's fetches are the app's JSON calls, and the app takes them over as its own answers", async () => {
    const fetch = mockFetch({
      'GET /api/auth/me': () => ({ status: 200, body: me }),
      [`GET /api/boards/${BOARD}`]: () => ({ status: 200, body: encodeSnapshot(snapshot) }),
    });
    const started = fetchEarly(`#/boards/${BOARD}`, NOW);
    expect(Object.keys(started.answers)).toEqual(earlyUrls(`#/boards/${BOARD}`, NOW));
    expect(earlyUrls(`#/boards/${BOARD}`, NOW)).toEqual(['/api/auth/me', snapshotUrl(BOARD, firstBoardWindow(NOW).from, firstBoardWindow(NOW).to)]);
    for (const [, init] of fetch.mock.calls) expect(init).toEqual({ method: 'GET', credentials: 'same-origin', headers: { Accept: 'application/json' } });
    adoptEarly(started);
    const session = new Session();
    await session.load();
    expect(session.status).toBe('authenticated');
    const { from, to } = firstBoardWindow(NOW);
    expect((await fetchBoardSnapshot(BOARD, from, to)).seq).toBe(4);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('a boot fetch that failed on the network is forgotten: the session asks again', async () => {
    const failing = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    vi.stubGlobal('fetch', failing);
    const started = fetchEarly('#/boards', NOW);
    // Nothing unhandled meanwhile (vitest fails a run on an unhandled rejection): the boot script marks its answers handled.
    await new Promise((r) => setTimeout(r, 0));
    adoptEarly(started);
    await new Promise((r) => setTimeout(r, 0));
    expect(takeEarly('/api/auth/me')).toBeUndefined();
    const fetch = mockFetch({ 'GET /api/auth/me': () => ({ status: 200, body: me }) });
    const session = new Session();
    await session.load();
    expect(session.status).toBe('authenticated');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('the first view asks for every row the timeline mounts at the top, on any screen but a phone (issue 13.2)', () => {
    for (let height = 200; height <= 3000; height += 37) {
      const rows = firstViewAssets({ width: 1440, height })!;
      // Rows are at least ROW_HEIGHT tall; the mount window reaches a step and two margins below the body.
      expect(rows * ROW_HEIGHT).toBeGreaterThanOrEqual(height + ROW_STEP + 2 * ROW_MARGIN);
      expect(rows % 8).toBe(0);
      expect(rows).toBeLessThanOrEqual(Math.ceil((height + ROW_STEP + 2 * ROW_MARGIN) / ROW_HEIGHT) + 7);
    }
    expect(firstViewAssets({ width: 1440, height: 900 })).toBe(32);
    expect(firstViewAssets({ width: 768, height: 1024 })).toBe(40);
    // A phone shows the day's agenda of every row; an unknown or absurd size asks for no first view.
    expect(firstViewAssets({ width: 390, height: 844 })).toBeNull();
    expect(firstViewAssets({ width: 1440, height: 0 })).toBeNull();
    expect(firstViewAssets({ width: 1440, height: Number.NaN })).toBeNull();
    expect(firstViewAssets({ width: 1440, height: Number.POSITIVE_INFINITY })).toBeNull();
    expect(firstViewAssets({ width: 1440, height: 1e9 })).toBe(1000);
  });

  it('on a board address with a known viewport, the boot script asks for the first view instead of the full snapshot', () => {
    const { from, to } = firstBoardWindow(NOW);
    expect(earlyUrls(`#/boards/${BOARD}`, NOW, { width: 1440, height: 900 })).toEqual(['/api/auth/me', snapshotUrl(BOARD, from, to, 32)]);
    expect(snapshotUrl(BOARD, from, to, 32)).toBe(`${snapshotUrl(BOARD, from, to)}&firstAssets=32`);
    expect(earlyUrls(`#/boards/${BOARD}`, NOW, { width: 390, height: 844 })).toEqual(['/api/auth/me', snapshotUrl(BOARD, from, to)]);
    expect(earlyUrls('#/boards', NOW, { width: 1440, height: 900 })).toEqual(['/api/auth/me']);
  });
});
