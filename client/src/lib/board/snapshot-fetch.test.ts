import { encodeSnapshot, type BoardSnapshot } from '@schedhuler/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../../test-support/fetch-mock';
import { fetchBoardSnapshot } from './snapshot-fetch';

const BOARD = 'b0a7d1c2-0000-4000-8000-000000000001';
const snapshot: BoardSnapshot = {
  board: { id: BOARD, name: 'Depot', timezone: 'Europe/Berlin', horizonDays: 14, workingHours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' }, version: 1, lastSeq: 9 },
  assets: [],
  jobs: [],
  occurrences: [
    { id: 'o1', boardId: BOARD, jobId: 'j1', assetId: 'a1', startsAt: '2026-11-30T07:00:00.000Z', endsAt: '2026-11-30T07:20:00.000Z', status: 'scheduled', version: 1, detached: false, updatedBy: null },
    {
      id: 'o2',
      boardId: BOARD,
      jobId: 'j2',
      assetId: 'a2',
      startsAt: '2026-11-30T08:00:30.250Z',
      endsAt: '2026-11-30T09:00:00.000Z',
      status: 'conflicted',
      version: 3,
      detached: true,
      stops: [{ seq: 1, assetId: 'a3', startsAt: '2026-11-30T08:10:00.000Z', endsAt: '2026-11-30T08:20:00.000Z' }],
      updatedBy: { id: 'u1', displayName: 'Ana Planner' },
    },
  ],
  conflicts: [],
  seq: 9,
};

afterEach(() => vi.unstubAllGlobals());

describe('fetchBoardSnapshot', () => {
  it('asks for the compact encoding with the range and decodes it to the default shape', async () => {
    const fetch = mockFetch({ [`GET /api/boards/${BOARD}`]: (url) => ({ status: 200, body: url.searchParams.get('encoding') === 'compact' ? encodeSnapshot(snapshot) : { wrong: true } }) });
    const from = Date.UTC(2026, 10, 29);
    const to = Date.UTC(2026, 11, 2);
    const { instants, ...decoded } = await fetchBoardSnapshot(BOARD, from, to);
    expect(decoded).toStrictEqual(snapshot);
    expect([...instants!]).toEqual(snapshot.occurrences.flatMap((o) => [Date.parse(o.startsAt), Date.parse(o.endsAt)]));
    const url = new URL(String(fetch.mock.calls[0]![0]), 'http://localhost');
    expect(Object.fromEntries(url.searchParams)).toEqual({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), encoding: 'compact' });
  });

  it('follows a cut answer (nextFrom) from where it stopped to the end of the range, and hands back one snapshot of it', async () => {
    const [o1, o2] = snapshot.occurrences;
    const cut = '2026-11-30T08:00:30.250Z';
    // The second page (read later, at a newer seq) has o2 again, overlapping the cut, and o3.
    const o3 = { ...o1!, id: 'o3', startsAt: '2026-11-30T10:00:00.000Z', endsAt: '2026-11-30T11:00:00.000Z' };
    const pages: Record<string, BoardSnapshot> = {
      [new Date(Date.UTC(2026, 10, 29)).toISOString()]: { ...snapshot, occurrences: [o1!, o2!], nextFrom: cut },
      [cut]: { ...snapshot, seq: 11, occurrences: [o2!, o3] },
    };
    const fetch = mockFetch({ [`GET /api/boards/${BOARD}`]: (url) => ({ status: 200, body: encodeSnapshot(pages[url.searchParams.get('from')!]!) }) });
    const { instants, ...joined } = await fetchBoardSnapshot(BOARD, Date.UTC(2026, 10, 29), Date.UTC(2026, 11, 2));
    expect(fetch.mock.calls.map((c) => Object.fromEntries(new URL(String(c[0]), 'http://localhost').searchParams))).toEqual([
      { from: '2026-11-29T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z', encoding: 'compact' },
      { from: cut, to: '2026-12-02T00:00:00.000Z', encoding: 'compact' },
    ]);
    // The first page's seq (the oldest: the live stream replays from it) and no nextFrom: it is whole now.
    expect(joined).toStrictEqual({ ...snapshot, occurrences: [o1, o2, o2, o3] });
    expect([...instants!]).toEqual([o1, o2, o2, o3].flatMap((o) => [Date.parse(o!.startsAt), Date.parse(o!.endsAt)]));
  });

  it('gives up with an error, not a loop, when an answer is cut where it was asked from', async () => {
    const from = Date.UTC(2026, 10, 30, 8);
    mockFetch({ [`GET /api/boards/${BOARD}`]: () => ({ status: 200, body: encodeSnapshot({ ...snapshot, nextFrom: new Date(from).toISOString() }) }) });
    await expect(fetchBoardSnapshot(BOARD, from, from + 86_400_000)).rejects.toThrow('More occurrences overlap 2026-11-30T08:00:00.000Z than the board can load at once');
  });

  it('takes the default answer as it is from a server that does not know the encoding', async () => {
    mockFetch({ [`GET /api/boards/${BOARD}`]: () => ({ status: 200, body: snapshot }) });
    expect(await fetchBoardSnapshot(BOARD, 0, 86_400_000)).toStrictEqual(snapshot);
  });
});
