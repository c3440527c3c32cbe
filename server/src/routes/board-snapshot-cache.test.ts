import { decodeSnapshot, type BoardSnapshot, type CompactSnapshot } from '@schedhuler/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';

let t: TestServer;
let planner: HttpClient;
let admin: HttpClient;
let boardId: string;
const range = new URLSearchParams({ from: new Date(Date.now() - 2 * 86_400_000).toISOString(), to: new Date(Date.now() + 5 * 86_400_000).toISOString() });
const compactUrl = () => `/api/boards/${boardId}?${range}&encoding=compact`;

beforeAll(async () => {
  t = await startTestServer({}, 'snapcache');
  planner = await t.client('planner1');
  admin = await t.client('admin');
  boardId = (await planner.get<{ boards: { id: string }[] }>('/api/boards')).body.boards[0]!.id;
});
afterAll(() => t?.stop());

async function rename(name: string): Promise<void> {
  const res = await admin.patch(`/api/boards/${boardId}`, { name });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('GET /api/boards/:boardId with from and to: answers kept until the board changes', () => {
  it('serves a repeated open from memory, and the open after a write with the new data', async () => {
    const built = vi.spyOn(t.services.boards, 'snapshot');
    try {
      const first = await planner.get<CompactSnapshot>(compactUrl());
      const again = await planner.get<CompactSnapshot>(compactUrl());
      expect(first.status).toBe(200);
      expect(again.body).toStrictEqual(first.body);
      expect(built).toHaveBeenCalledTimes(1);

      // Another planner moves one of the rows: the next open must show it.
      const planner2 = await t.client('planner2');
      const rows = decodeSnapshot(first.body).occurrences;
      const target = rows.find((o) => o.status === 'scheduled' && !o.stops && Date.parse(o.startsAt) > Date.now() + 86_400_000)!;
      const moved = await planner2.patch(`/api/occurrences/${target.id}`, { expectedVersion: target.version, startsAt: new Date(Date.parse(target.startsAt) + 60_000).toISOString() });
      expect([200, 409]).toContain(moved.status);
      await rename('Demo depot after a write');

      const after = await planner.get<CompactSnapshot>(compactUrl());
      expect(built).toHaveBeenCalledTimes(2);
      expect(after.body.seq).toBeGreaterThan(first.body.seq);
      expect(after.body.board.name).toBe('Demo depot after a write');
      const row = decodeSnapshot(after.body).occurrences.find((o) => o.id === target.id)!;
      if (moved.status === 200) {
        expect(row.version).toBe(target.version + 1);
        expect(row.startsAt).toBe(new Date(Date.parse(target.startsAt) + 60_000).toISOString());
        expect(row.updatedBy).toMatchObject({ displayName: 'Ben Planner' });
      }
      // The kept compact answer decodes to a fresh read of the default answer (another key, built now).
      const plain = await planner.get<BoardSnapshot>(`/api/boards/${boardId}?${range}`);
      expect(built).toHaveBeenCalledTimes(3);
      expect(decodeSnapshot(after.body)).toStrictEqual(plain.body);
    } finally {
      built.mockRestore();
    }
  });

  it('opens racing writes: one answer per seq, names in commit order, the last write in the next open', async () => {
    const names = ['Depot r1', 'Depot r2', 'Depot r3', 'Depot r4', 'Depot r5'];
    const seen: { seq: number; name: string; body: CompactSnapshot }[] = [];
    let writing = true;
    const writes = (async () => {
      for (const n of names) await rename(n);
      writing = false;
    })();
    const reads = Array.from({ length: 3 }, async () => {
      while (writing) {
        const res = await planner.get<CompactSnapshot>(compactUrl());
        expect(res.status).toBe(200);
        seen.push({ seq: res.body.seq, name: res.body.board.name, body: res.body });
      }
    });
    await Promise.all([writes, ...reads]);
    expect(seen.length).toBeGreaterThan(3);
    const bySeq = new Map<number, CompactSnapshot>();
    for (const s of seen) {
      const same = bySeq.get(s.seq);
      if (same) expect(s.body).toStrictEqual(same);
      else bySeq.set(s.seq, s.body);
    }
    // A later seq never shows an earlier rename.
    const order = [...bySeq].sort(([a], [b]) => a - b).map(([, b]) => names.indexOf(b.board.name));
    expect(order).toStrictEqual([...order].sort((a, b) => a - b));
    const last = await planner.get<CompactSnapshot>(compactUrl());
    expect(last.body.board.name).toBe('Depot r5');
    expect(last.body.seq).toBeGreaterThanOrEqual(Math.max(...bySeq.keys()));
  });

  it('keeps answers apart per role and coding, and refuses unknown or foreign boards as before', async () => {
    const viewer = await t.client('viewer');
    const url = `/api/boards/${boardId}?${range}`;
    const [asPlanner, asViewer] = await Promise.all([planner.get<BoardSnapshot>(url), viewer.get<BoardSnapshot>(url)]);
    expect(asPlanner.body.role).toBe('planner');
    expect(asViewer.body.role).toBe('viewer');
    const { role: _p, ...restPlanner } = asPlanner.body;
    const { role: _v, ...restViewer } = asViewer.body;
    expect(restViewer).toStrictEqual(restPlanner);
    const identity = await planner.request<BoardSnapshot>('GET', url, undefined, { 'accept-encoding': 'identity' });
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(identity.body).toStrictEqual(asPlanner.body);
    for (const coding of ['br', 'gzip']) {
      const coded = await planner.request<BoardSnapshot>('GET', url, undefined, { 'accept-encoding': coding });
      expect(coded.headers.get('content-encoding')).toBe(coding);
      expect(coded.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(Number(coded.headers.get('content-length'))).toBeLessThan(Number(identity.headers.get('content-length')) / 3);
      expect(coded.body).toStrictEqual(asPlanner.body);
    }

    expect((await planner.get(`/api/boards/00000000-0000-4000-8000-000000000000?${range}`)).status).toBe(404);
    expect((await planner.get(`/api/boards/nope?${range}`)).status).toBe(404);
    expect((await new HttpClient(t.url).get(url)).status).toBe(401);
  });
});
