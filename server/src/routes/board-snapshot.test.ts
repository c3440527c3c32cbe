import { compactSnapshot, decodeSnapshot, encodeSnapshot, type CompactSnapshot } from '@schedhuler/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLastChange } from '../services/occurrence-last-change';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';

let t: TestServer;
let planner: HttpClient;
let boardId: string;

beforeAll(async () => {
  t = await startTestServer({}, 'snapenc');
  planner = await t.client('planner1');
  boardId = (await planner.get<{ boards: { id: string }[] }>('/api/boards')).body.boards[0]!.id;
});
afterAll(() => t?.stop());

describe('GET /api/boards/:boardId', () => {
  it('reads the same occurrences, in the same order, as the occurrence list with the last change joined in', async () => {
    const from = new Date(Date.now() - 2 * 86_400_000);
    const to = new Date(Date.now() + 5 * 86_400_000);
    // A move by another planner, so updatedBy differs from the creator's on one row.
    const planner2 = await t.client('planner2');
    const first = (await planner.get(`/api/boards/${boardId}?from=${from.toISOString()}&to=${to.toISOString()}`)).body.occurrences as { id: string; version: number; startsAt: string }[];
    const target = first.find((o) => Date.parse(o.startsAt) > Date.now() + 86_400_000)!;
    const moved = await planner2.patch(`/api/occurrences/${target.id}`, { expectedVersion: target.version, startsAt: new Date(Date.parse(target.startsAt) + 60_000).toISOString() });
    expect([200, 409]).toContain(moved.status);
    const snap = await planner.get(`/api/boards/${boardId}?from=${from.toISOString()}&to=${to.toISOString()}`);
    const em = t.orm.em.fork();
    const expected = await withLastChange(em, boardId, await t.services.scheduling.occurrences.inRange(em, boardId, from, to));
    expect(snap.body.occurrences.length).toBeGreaterThan(10);
    expect(snap.body.occurrences).toStrictEqual(JSON.parse(JSON.stringify(expected)));
    if (moved.status === 200) expect(snap.body.occurrences.find((o: { id: string }) => o.id === target.id).updatedBy).toMatchObject({ displayName: 'Ben Planner' });
  });
});

describe('GET /api/boards/:boardId?encoding=compact', () => {
  it('decodes to exactly the default answer (demo board: tasks, tours with stops, updatedBy)', async () => {
    const range = new URLSearchParams({ from: new Date(Date.now() - 2 * 86_400_000).toISOString(), to: new Date(Date.now() + 5 * 86_400_000).toISOString() });
    const plain = await planner.get(`/api/boards/${boardId}?${range}`);
    const compact = await planner.get<CompactSnapshot>(`/api/boards/${boardId}?${range}&encoding=compact`);
    expect(plain.status).toBe(200);
    expect(compact.status).toBe(200);
    expect(compactSnapshot.safeParse(compact.body).success).toBe(true);
    const occurrences = plain.body.occurrences as { stops?: unknown[]; updatedBy: unknown }[];
    expect(occurrences.length).toBeGreaterThan(10);
    expect(occurrences.some((o) => o.stops && o.stops.length > 0)).toBe(true);
    expect(occurrences.some((o) => o.updatedBy !== null)).toBe(true);
    // The server builds the columns straight from its rows: the same as the shared encoder's output.
    expect(compact.body).toStrictEqual(encodeSnapshot(plain.body));
    expect(decodeSnapshot(compact.body)).toStrictEqual(plain.body);
    expect(JSON.stringify(compact.body).length).toBeLessThan(JSON.stringify(plain.body).length / 2);
    // The default encoding by name is the default answer.
    expect((await planner.get(`/api/boards/${boardId}?${range}&encoding=default`)).body).toStrictEqual(plain.body);
  });

  it('refuses an unknown encoding with a 400 naming the field', async () => {
    const res = await planner.get(`/api/boards/${boardId}?encoding=msgpack`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'encoding' })]);
  });
});
