import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../testing/http-client';
import { schedulingFixture, type SchedulingFixture } from '../scheduling/test-fixture';

/** `POST /api/boards/:boardId/occurrences/batch`: all ops or none, every failing op named. */
let f: SchedulingFixture;
let admin: HttpClient;
let viewer: HttpClient;

beforeAll(async () => {
  f = await schedulingFixture('batch');
  admin = await f.t.client('admin');
  viewer = await f.t.client('viewer');
});
afterAll(() => f?.t.stop());

const batch = (ops: unknown[], headers?: Record<string, string>, c: HttpClient = f.planner) => c.post(`/api/boards/${f.boardId}/occurrences/batch`, { ops }, headers);
const at = (day: number, hour: number, min = 0) => `2027-08-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(min).padStart(2, '0')}:00.000Z`;

/** One job with `n` one-hour runs on `assetId`, `perDay` a day from `startHour` (one request, many occurrences). */
async function runs(assetId: string, n: number, name: string, startHour = 0, perDay = 1) {
  const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, {
    name,
    assetId,
    timezone: 'UTC',
    cron: perDay > 1 ? `0 ${startHour}-${startHour + perDay - 1} * * *` : `0 ${startHour} * * *`,
    validFrom: '2027-08-01T00:00:00Z',
    validTo: new Date(Date.parse('2027-08-01T00:00:00Z') + Math.ceil(n / perDay) * 86_400_000).toISOString(),
    planDurationMin: 60,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.occurrences).toHaveLength(n);
  return res.body.occurrences as { id: string; version: number; startsAt: string; assetId: string }[];
}

const snapshot = async (assetIds: string[]) =>
  f.t.orm.em.fork().execute<{ id: string; starts_at: Date; status: string; version: number }[]>(
    'select id, asset_id, starts_at, ends_at, status, version from occurrence where asset_id = any(?::uuid[]) order by id',
    [`{${assetIds.join(',')}}`],
  );

describe('batch moves', () => {
  it('moves 50 occurrences in one change: one transaction, one changeId on every event, one history entry, undoable as one', async () => {
    f.s.clock.set('2027-07-31T00:00:00Z');
    const [a, b] = [await f.asset(), await f.asset()];
    const occs = await runs(a, 50, 'Fifty', 6, 10);
    const seq = await f.seq();
    const res = await batch(occs.map((o) => ({ occurrenceId: o.id, expectedVersion: 1, assetId: b, startsAt: new Date(Date.parse(o.startsAt) + 2 * 3_600_000).toISOString() })));
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body.occurrences).toHaveLength(50);
    expect(res.body.occurrences.every((o: { assetId: string; version: number; detached: boolean }) => o.assetId === b && o.version === 2 && o.detached)).toBe(true);
    const events = await f.eventsSince(seq);
    expect(events).toHaveLength(50);
    expect(new Set(events.map((e) => e.data.changeId))).toEqual(new Set([res.body.changeId]));
    const [entry] = (await f.planner.get(`/api/boards/${f.boardId}/history?limit=1`)).body.entries;
    expect(entry).toMatchObject({ changeId: res.body.changeId, summary: '50 occurrences moved', undone: false });
    const u = await f.planner.post(`/api/boards/${f.boardId}/undo`, {});
    expect(u.status).toBe(200);
    expect(u.body.occurrences).toHaveLength(50);
    expect(await f.count(`occurrence where asset_id = ? and status = 'scheduled'`, [a])).toBe(50);
  });

  it('a batch of 50 with one conflicting op stores nothing and lists that op with its blocker and hints', async () => {
    f.s.clock.set('2027-07-31T00:00:00Z');
    const [a, b] = [await f.asset(), await f.asset()];
    const occs = await runs(a, 50, 'Fifty again', 0, 10);
    const blocker = (await runs(b, 1, 'Blocker on b', 20))[0]!;
    const before = await snapshot([a, b]);
    const seq = await f.seq();
    // Everything moves to b at the same time, except op 0 which goes onto the blocker (20:00–21:00 on day 1).
    const ops = occs.map((o, i) => ({ occurrenceId: o.id, expectedVersion: 1, assetId: b, ...(i === 0 ? { startsAt: '2027-08-01T20:30:00Z' } : {}) }));
    const res = await batch(ops);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.details.ops).toEqual([
      expect.objectContaining({ index: 0, occurrenceId: occs[0]!.id, code: 'conflict', conflicts: [expect.objectContaining({ blocking: expect.objectContaining({ occurrenceId: blocker.id }) })], hints: expect.objectContaining({ nextFree: expect.any(Array) }) }),
    ]);
    expect(res.body.conflicts[0].blocking.occurrenceId).toBe(blocker.id);
    expect(await snapshot([a, b])).toEqual(before);
    expect(await f.seq()).toBe(seq);
  });

  it('ops that collide with each other are both listed; a swap of two occurrences succeeds', async () => {
    f.s.clock.set('2027-07-31T00:00:00Z');
    const a = await f.asset();
    const [x, y] = await runs(a, 2, 'Pair', 9);
    const clash = await batch([
      { occurrenceId: x!.id, expectedVersion: 1, startsAt: at(5, 10) },
      { occurrenceId: y!.id, expectedVersion: 1, startsAt: at(5, 10, 30) },
    ]);
    expect(clash.status).toBe(409);
    expect(clash.body.error.details.ops.map((o: { index: number }) => o.index)).toEqual([0, 1]);
    // p and q trade places: row by row the first update would collide with the second's old slot; as one change it does not.
    const [p, q] = await runs(a, 2, 'Swap', 14);
    expect(p!.startsAt).toBe('2027-08-01T14:00:00.000Z');
    expect((await batch([{ occurrenceId: q!.id, expectedVersion: 1, startsAt: '2027-08-01T15:00:00Z' }])).status).toBe(200);
    const swap = await batch([
      { occurrenceId: p!.id, expectedVersion: 1, startsAt: '2027-08-01T15:00:00Z' },
      { occurrenceId: q!.id, expectedVersion: 2, startsAt: '2027-08-01T14:00:00Z' },
    ]);
    expect(swap.status, JSON.stringify(swap.body)).toBe(200);
    expect(swap.body.occurrences.map((o: { startsAt: string }) => o.startsAt)).toEqual(['2027-08-01T15:00:00.000Z', '2027-08-01T14:00:00.000Z']);
  });

  it('a stale op: 409 stale_version listing it with the current state, nothing stored', async () => {
    f.s.clock.set('2027-07-31T00:00:00Z');
    const a = await f.asset();
    const occs = await runs(a, 3, 'Stale three', 7);
    await f.planner.patch(`/api/occurrences/${occs[1]!.id}`, { expectedVersion: 1, startsAt: '2027-08-02T08:00:00Z' });
    const before = await snapshot([a]);
    const res = await batch(occs.map((o) => ({ occurrenceId: o.id, expectedVersion: 1, startsAt: new Date(Date.parse(o.startsAt) + 3_600_000 * 3).toISOString() })));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('stale_version');
    expect(res.body.error.details.ops).toEqual([expect.objectContaining({ index: 1, occurrenceId: occs[1]!.id, code: 'stale_version', current: expect.objectContaining({ version: 2 }) })]);
    expect(await snapshot([a])).toEqual(before);
  });

  it('cancels in a batch, honours Idempotency-Key, refuses viewers', async () => {
    f.s.clock.set('2027-07-31T00:00:00Z');
    const a = await f.asset();
    const occs = await runs(a, 3, 'Cancel three', 5);
    const ops = occs.map((o) => ({ occurrenceId: o.id, expectedVersion: 1, cancel: true }));
    expect((await batch(ops, undefined, viewer)).status).toBe(403);
    const one = await batch(ops, { 'Idempotency-Key': 'batch-key-1' });
    expect(one.status).toBe(200);
    const two = await batch(ops, { 'Idempotency-Key': 'batch-key-1' });
    expect(two.status).toBe(200);
    expect(two.headers.get('idempotent-replayed')).toBe('true');
    expect(two.body).toEqual(one.body);
    expect(one.body.occurrences.map((o: { status: string }) => o.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect((await f.planner.get(`/api/boards/${f.boardId}/history?limit=1`)).body.entries[0].summary).toBe('3 occurrences cancelled');
    const reused = await batch(ops.slice(0, 1), { 'Idempotency-Key': 'batch-key-1' });
    expect(reused.status).toBe(422);
  });
});

describe('bad input: a clear 4xx naming the op, nothing stored', () => {
  it('0 or 501 ops, one occurrence twice, a move and a cancel at once', async () => {
    f.s.clock.set('2027-07-31T00:00:00Z');
    const a = await f.asset();
    const [x] = await runs(a, 1, 'Bad input', 4);
    const expect400 = async (ops: unknown[], path: string) => {
      const res = await batch(ops);
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    };
    await expect400([], 'ops');
    const op = { occurrenceId: x!.id, expectedVersion: 1, startsAt: at(1, 5) };
    await expect400(Array.from({ length: 501 }, () => op), 'ops');
    await expect400([op, { ...op, startsAt: at(1, 6) }], 'ops.1.occurrenceId');
    await expect400([{ ...op, cancel: true }], 'ops.0.cancel');
    await expect400([{ occurrenceId: x!.id, expectedVersion: 1 }], 'ops.0');
    expect((await f.planner.get(`/api/occurrences/${x!.id}`)).body.occurrence.version).toBe(1);
  });

  it("another board's occurrence, a cancelled one moved, beyond the horizon, onto a retired asset", async () => {
    f.s.clock.set('2027-07-31T00:00:00Z');
    const a = await f.asset();
    const [x, y] = await runs(a, 2, 'Targets', 3);
    // Another board (the planner is no member): its occurrence is "no such occurrence on this board".
    const other = (await admin.post('/api/boards', { name: 'Batch elsewhere', timezone: 'UTC' })).body.board.id;
    const otherAsset = (await admin.post(`/api/boards/${other}/assets`, { code: 'ELSE-1', name: 'Elsewhere', kind: 'person' })).body.asset.id;
    const foreign = (await admin.post(`/api/boards/${other}/tasks`, { name: 'Foreign', assetId: otherAsset, timezone: 'UTC', startsAt: '2027-08-03T10:00:00Z', planDurationMin: 30 })).body.occurrences[0];
    await f.planner.delete(`/api/occurrences/${y!.id}`);
    const retired = await f.asset('vehicle', 'scrapped');
    const res = await batch([
      { occurrenceId: x!.id, expectedVersion: 1, startsAt: '2027-09-30T10:00:00Z' },
      { occurrenceId: y!.id, expectedVersion: 2, startsAt: at(2, 10) },
      { occurrenceId: foreign.id, expectedVersion: 1, startsAt: at(3, 11) },
    ]);
    expect(res.status).toBe(400);
    const issues = Object.fromEntries(res.body.error.details.map((d: { path: string; message: string }) => [d.path, d.message]));
    expect(issues['ops.0.startsAt']).toMatch(/horizon/);
    expect(issues['ops.1.occurrenceId']).toMatch(/cancelled/);
    expect(issues['ops.2.occurrenceId']).toBe('no such occurrence on this board');
    const onRetired = await batch([{ occurrenceId: x!.id, expectedVersion: 1, assetId: retired }]);
    expect(onRetired.status).toBe(400);
    expect(onRetired.body.error.details[0]).toMatchObject({ path: 'ops.0.assetId', message: expect.stringMatching(/scrapped/) });
    expect((await admin.get(`/api/occurrences/${foreign.id}`)).body.occurrence.version).toBe(1);
    expect((await f.planner.get(`/api/occurrences/${x!.id}`)).body.occurrence.version).toBe(1);
  });
});
