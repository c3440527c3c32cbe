import { compactSnapshot, decodeSnapshot, type BoardSnapshot, type CompactSnapshot } from '@schedhuler/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLastChange } from '../services/occurrence-last-change';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';

/** The cap on occurrences per snapshot of this server (50,000 in production): the demo's week holds several times as many. */
const LIMIT = 20;
const DAY = 86_400_000;

let t: TestServer;
let planner: HttpClient;
let boardId: string;

beforeAll(async () => {
  t = await startTestServer({ snapshotOccurrenceLimit: LIMIT }, 'snapcut');
  planner = await t.client('planner1');
  boardId = (await planner.get<{ boards: { id: string }[] }>('/api/boards')).body.boards[0]!.id;
});
afterAll(() => t?.stop());

async function snapshot(from: string, to: string, encoding: 'default' | 'compact'): Promise<BoardSnapshot> {
  const res = await planner.get<BoardSnapshot | CompactSnapshot>(`/api/boards/${boardId}?${new URLSearchParams({ from, to, encoding })}`);
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
  if (encoding === 'default') return res.body as BoardSnapshot;
  expect(compactSnapshot.safeParse(res.body).success).toBe(true);
  return decodeSnapshot(res.body as CompactSnapshot);
}

describe('a board snapshot over the cap on occurrences', () => {
  it.each(['default', 'compact'] as const)('(%s) says where it stops being whole; asked again from there, page by page, every occurrence of the range comes', async (encoding) => {
    const from = new Date(Date.now() - 2 * DAY).toISOString();
    const to = new Date(Date.now() + 5 * DAY).toISOString();
    const em = t.orm.em.fork();
    const expected = JSON.parse(JSON.stringify(await withLastChange(em, boardId, await t.services.scheduling.occurrences.inRange(em, boardId, new Date(from), new Date(to))))) as BoardSnapshot['occurrences'];
    expect(expected.length).toBeGreaterThan(3 * LIMIT);

    const got = new Map<string, unknown>();
    let at = from;
    let pages = 0;
    for (;;) {
      const page = await snapshot(at, to, encoding);
      pages += 1;
      for (const o of page.occurrences) got.set(o.id, o);
      if (page.nextFrom === undefined) {
        expect(page.occurrences.length).toBeLessThan(LIMIT);
        break;
      }
      expect(page.occurrences).toHaveLength(LIMIT);
      // Where the last row starts (rows come by start), to the millisecond: past where the page was asked from.
      const last = page.occurrences.at(-1)!;
      expect(page.nextFrom).toBe(new Date(Math.floor(Date.parse(last.startsAt))).toISOString());
      expect(Date.parse(page.nextFrom)).toBeGreaterThan(Date.parse(at));
      // Whole up to there: every occurrence of the range overlapping [at, nextFrom) is in this page.
      const ids = new Set(page.occurrences.map((o) => o.id));
      const owed = expected.filter((o) => Date.parse(o.startsAt) < Date.parse(page.nextFrom!) && Date.parse(o.endsAt) > Date.parse(at));
      expect(owed.filter((o) => !ids.has(o.id)).map((o) => o.id)).toEqual([]);
      expect(pages, 'the pages come to an end').toBeLessThan(expected.length);
      at = page.nextFrom;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect([...got.values()].sort(byId as never)).toStrictEqual([...expected].sort(byId));
  });

  it('a range the cap holds whole says nothing more', async () => {
    const from = new Date(Date.now() + DAY).toISOString();
    const page = await snapshot(from, new Date(Date.parse(from) + 3_600_000).toISOString(), 'compact');
    expect(page.occurrences.length).toBeLessThan(LIMIT);
    expect('nextFrom' in page).toBe(false);
  });
});
