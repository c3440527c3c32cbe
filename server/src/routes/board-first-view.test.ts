import { decodeSnapshot, firstRowAssets, type BoardSnapshot, type CompactSnapshot, type OccurrenceDto } from '@schedhuler/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';

/** Issue 13.2: `?firstAssets=n`, the first view of a range (the board's first n asset rows). */
let t: TestServer;
let planner: HttpClient;
let boardId: string;
let range: string;
let full: BoardSnapshot;

beforeAll(async () => {
  t = await startTestServer({}, 'firstview');
  planner = await t.client('planner1');
  boardId = (await planner.get<{ boards: { id: string }[] }>('/api/boards')).body.boards[0]!.id;
  range = new URLSearchParams({ from: new Date(Date.now() - 2 * 86_400_000).toISOString(), to: new Date(Date.now() + 5 * 86_400_000).toISOString() }).toString();
  full = (await planner.get<BoardSnapshot>(`/api/boards/${boardId}?${range}`)).body;
});
afterAll(() => t?.stop());

type Occ = OccurrenceDto & { stops?: { assetId: string }[] };
/** What a first view of n rows holds: the runs performed on those rows, in the full answer's order. */
function expectedFirstView(n: number): Occ[] {
  const rows = new Set(firstRowAssets(full.assets, n).map((a) => a.id));
  return (full.occurrences as Occ[]).filter((o) => rows.has(o.assetId));
}

describe('GET /api/boards/:boardId?firstAssets=n', () => {
  it('answers the runs performed on the first n rows, in the full answer\'s order, for every n; the rest whole', async () => {
    const tours = (full.occurrences as Occ[]).filter((o) => o.stops?.length);
    expect(tours.length, 'the demo board has tours with stops').toBeGreaterThan(0);
    for (let n = 1; n < full.assets.length; n++) {
      const res = await planner.get<BoardSnapshot>(`/api/boards/${boardId}?${range}&firstAssets=${n}`);
      expect(res.status).toBe(200);
      const { occurrences, firstAssets, ...rest } = res.body;
      expect(firstAssets).toBe(n);
      expect(occurrences).toStrictEqual(expectedFirstView(n));
      const { occurrences: _all, ...fullRest } = full;
      expect(rest).toStrictEqual(fullRest);
      // Stops are on checkpoints and sites, below every performer: a tour visiting one of the first rows is in.
      const rows = new Set(firstRowAssets(full.assets, n).map((a) => a.id));
      const ids = new Set(occurrences.map((o) => o.id));
      for (const o of tours) if (o.stops!.some((s) => rows.has(s.assetId))) expect(ids.has(o.id)).toBe(true);
    }
    expect(expectedFirstView(1).length).toBeLessThan(full.occurrences.length);
  });

  it('compact: decodes to the default first view', async () => {
    const plain = await planner.get<BoardSnapshot>(`/api/boards/${boardId}?${range}&firstAssets=2`);
    const compact = await planner.get<CompactSnapshot>(`/api/boards/${boardId}?${range}&firstAssets=2&encoding=compact`);
    expect(compact.status).toBe(200);
    expect(compact.body.firstAssets).toBe(2);
    expect(decodeSnapshot(compact.body)).toStrictEqual(plain.body);
    expect(plain.body.occurrences).toStrictEqual(expectedFirstView(2));
  });

  it('kept apart from the full answer: a first view, the full range and the first view again, each as asked', async () => {
    const q = `${range}&encoding=compact`;
    const first = decodeSnapshot((await planner.get<CompactSnapshot>(`/api/boards/${boardId}?${q}&firstAssets=1`)).body);
    const whole = decodeSnapshot((await planner.get<CompactSnapshot>(`/api/boards/${boardId}?${q}`)).body);
    const again = decodeSnapshot((await planner.get<CompactSnapshot>(`/api/boards/${boardId}?${q}&firstAssets=1`)).body);
    expect(first.occurrences).toStrictEqual(expectedFirstView(1));
    expect(whole.occurrences).toStrictEqual(full.occurrences);
    expect(whole.firstAssets).toBeUndefined();
    expect(again).toStrictEqual(first);
  });

  it('as many rows as the board has, or more: every occurrence', async () => {
    const res = await planner.get<BoardSnapshot>(`/api/boards/${boardId}?${range}&firstAssets=1000`);
    expect(res.body.occurrences).toStrictEqual(full.occurrences);
    expect(res.body.firstAssets).toBe(1000);
  });

  it('after a write, the first view shows it (not a kept answer of the seq before)', async () => {
    const [row] = firstRowAssets(full.assets, 1);
    const startsAt = new Date(Date.now() + 86_400_000);
    startsAt.setUTCHours(2, 13, 0, 0);
    const created = await planner.post<{ occurrences: { id: string }[] }>(`/api/boards/${boardId}/tasks`, { name: 'First-view probe', assetId: row!.id, timezone: 'UTC', startsAt: startsAt.toISOString(), planDurationMin: 4 });
    expect(created.status).toBe(201);
    const res = await planner.get<BoardSnapshot>(`/api/boards/${boardId}?${range}&firstAssets=1&encoding=compact`);
    const ids = decodeSnapshot(res.body as unknown as CompactSnapshot).occurrences.map((o) => o.id);
    expect(ids).toContain(created.body.occurrences[0]!.id);
  });

  it.each([
    ['0', 'must be at least 1'],
    ['1001', 'must be at most 1000'],
    ['2.5', 'must be an integer'],
    ['many', 'must be an integer'],
  ])('refuses firstAssets=%s with a 400 naming the field (%s)', async (value, message) => {
    const res = await planner.get(`/api/boards/${boardId}?${range}&firstAssets=${value}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'firstAssets', message })]);
  });

  it('a viewer gets the first view too; without a session, 401', async () => {
    const viewer = await t.client('viewer');
    const seen = await viewer.get<BoardSnapshot>(`/api/boards/${boardId}?${range}&firstAssets=3`);
    expect(seen.status).toBe(200);
    expect(seen.body.firstAssets).toBe(3);
    const anonymous = await (await t.client()).get(`/api/boards/${boardId}?${range}&firstAssets=3`);
    expect(anonymous.status).toBe(401);
  });
});
