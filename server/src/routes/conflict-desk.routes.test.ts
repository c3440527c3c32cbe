import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConflictDto } from '@schedhuler/shared';
import type { HttpClient } from '../testing/http-client';
import { schedulingFixture, type SchedulingFixture } from '../scheduling/test-fixture';

/* The conflict desk's server side (issue 15, point 1): names kept, superseded attempts, dismiss-all. */

let f: SchedulingFixture;
let supervisor: HttpClient;
let viewer: HttpClient;

beforeAll(async () => {
  f = await schedulingFixture('desk');
  supervisor = await f.t.client('supervisor');
  viewer = await f.t.client('viewer');
});
afterAll(() => f?.t.stop());

const task = (assetId: string, name: string, startsAt: string, extra: Record<string, unknown> = {}) =>
  f.planner.post(`/api/boards/${f.boardId}/tasks`, { name, assetId, timezone: 'UTC', startsAt, planDurationMin: 60, ...extra });

const open = async (): Promise<ConflictDto[]> => (await supervisor.get(`/api/boards/${f.boardId}/conflicts?status=open`)).body.conflicts;
const resolved = async (): Promise<ConflictDto[]> => (await supervisor.get(`/api/boards/${f.boardId}/conflicts?status=resolved`)).body.conflicts;

describe('rejected attempts keep what was attempted', () => {
  it('a rejected create keeps the job name and kind, the suggested slot and what is needed to book it there', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    expect((await task(a, 'Holder', '2027-07-05T10:00:00Z')).status).toBe(201);
    const res = await task(a, 'Forklift inspection', '2027-07-05T10:30:00Z', { priority: 'high', graceBeforeMin: 5 });
    expect(res.status).toBe(409);
    const rec = (await open()).find((c) => c.id === res.body.conflictId)!;
    expect(rec).toMatchObject({
      kind: 'rejected',
      jobId: null,
      jobName: 'Forklift inspection',
      jobKind: 'task',
      attempt: { action: 'create', oneOff: true, timezone: 'UTC', planDurationMin: 60, priority: 'high', graceBeforeMin: 5, graceAfterMin: 0 },
      suggested: res.body.hints.nextFree[0],
    });
    expect(rec.suggested).toEqual({ startsAt: '2027-07-05T11:00:00.000Z', endsAt: '2027-07-05T12:00:00.000Z' });
    // The live event carries the same.
    const ev = (await f.eventsSince(0)).find((e) => e.type === 'conflict.opened' && (e.data as ConflictDto).id === rec.id)!;
    expect(ev.data).toMatchObject({ jobName: 'Forklift inspection', jobKind: 'task' });
  });

  it('a rejected move and a double booking name their job too', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    await task(a, 'Anchor', '2027-07-06T10:00:00Z');
    const mover = (await task(a, 'Mover job', '2027-07-06T14:00:00Z')).body.occurrences[0];
    const moved = await f.planner.patch(`/api/occurrences/${mover.id}`, { expectedVersion: 1, startsAt: '2027-07-06T10:30:00Z' });
    expect(moved.status).toBe(409);
    const overlap = await task(a, 'Anyway job', '2027-07-06T10:15:00Z', { allowConflict: true });
    expect(overlap.status).toBe(201);
    const list = await open();
    expect(list.find((c) => c.id === moved.body.conflictId)).toMatchObject({ jobName: 'Mover job', jobKind: 'task', attempt: { action: 'move', occurrenceId: mover.id } });
    expect(list.find((c) => c.kind === 'overlap' && c.jobId === overlap.body.job.id)).toMatchObject({ jobName: 'Anyway job', jobKind: 'task', attempt: null, suggested: null });
  });
});

describe('conflict records are stamped by the server clock', () => {
  it('a rejected attempt and a double booking carry the pinned instant as createdAt, not the wall clock', async () => {
    f.s.clock.set('2027-03-15T08:20:00Z');
    const a = await f.asset();
    await task(a, 'Stamp holder', '2027-03-16T10:00:00Z');
    const rejected = await task(a, 'Stamp rejected', '2027-03-16T10:30:00Z');
    expect(rejected.status).toBe(409);
    f.s.clock.set('2027-03-15T08:25:00Z');
    const overlap = await task(a, 'Stamp anyway', '2027-03-16T10:15:00Z', { allowConflict: true });
    expect(overlap.status).toBe(201);
    const list = await open();
    expect(list.find((c) => c.id === rejected.body.conflictId)?.createdAt).toBe('2027-03-15T08:20:00.000Z');
    expect(list.find((c) => c.kind === 'overlap' && c.jobId === overlap.body.job.id)?.createdAt).toBe('2027-03-15T08:25:00.000Z');
  });
});

describe('an attempt booked after all leaves one card, not two', () => {
  it('"Save anyway" after a rejection: the rejected record is superseded, only the overlap stays open', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    await task(a, 'Occupant', '2027-07-07T10:00:00Z');
    const first = await task(a, 'Save me anyway', '2027-07-07T10:30:00Z');
    expect(first.status).toBe(409);
    const again = await task(a, 'Save me anyway', '2027-07-07T10:45:00Z'); // a second rejected try of the same job
    expect(again.status).toBe(409);
    const seq = await f.seq();
    const anyway = await task(a, 'Save me anyway', '2027-07-07T10:30:00Z', { allowConflict: true });
    expect(anyway.status).toBe(201);
    const mine = (await open()).filter((c) => c.assetId === a && c.jobName === 'Save me anyway');
    expect(mine.map((c) => c.kind)).toEqual(['overlap']);
    const done = (await resolved()).filter((c) => c.id === first.body.conflictId || c.id === again.body.conflictId);
    expect(done).toHaveLength(2);
    for (const c of done) expect(c).toMatchObject({ resolution: { action: 'superseded' }, jobId: anyway.body.job.id, resolvedBy: { displayName: 'Ana Planner' } });
    const types = (await f.eventsSince(seq)).map((e) => e.type);
    expect(types.filter((t) => t === 'conflict.resolved')).toHaveLength(2);
    expect(types.filter((t) => t === 'conflict.opened')).toHaveLength(1);
  });

  it('booking at the suggested slot supersedes the attempt; another job of another name or asset does not', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const [a, b] = [await f.asset(), await f.asset()];
    await task(a, 'Taken', '2027-07-08T10:00:00Z');
    const rejected = await task(a, 'Later please', '2027-07-08T10:00:00Z');
    expect(rejected.status).toBe(409);
    expect((await task(b, 'Later please', '2027-07-08T10:00:00Z')).status).toBe(201); // same name, other asset
    expect((await task(a, 'Something else', '2027-07-08T15:00:00Z')).status).toBe(201);
    expect((await open()).some((c) => c.id === rejected.body.conflictId)).toBe(true);
    const slot = rejected.body.hints.nextFree[0];
    expect((await task(a, 'Later please', slot.startsAt)).status).toBe(201);
    expect((await open()).some((c) => c.id === rejected.body.conflictId)).toBe(false);
  });

  it('a rejected move is superseded once the occurrence moves to a free slot', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    await task(a, 'Wall', '2027-07-09T10:00:00Z');
    const occ = (await task(a, 'Wanderer', '2027-07-09T14:00:00Z')).body.occurrences[0];
    const refused = await f.planner.patch(`/api/occurrences/${occ.id}`, { expectedVersion: 1, startsAt: '2027-07-09T10:00:00Z' });
    expect(refused.status).toBe(409);
    const moved = await f.planner.patch(`/api/occurrences/${occ.id}`, { expectedVersion: 1, startsAt: refused.body.hints.nextFree[0].startsAt });
    expect(moved.status).toBe(200);
    expect((await resolved()).find((c) => c.id === refused.body.conflictId)?.resolution).toEqual({ action: 'superseded' });
  });
});

describe('POST /api/boards/:boardId/conflicts/dismiss', () => {
  it('dismisses every open rejected record in one transaction, one event each, and leaves overlaps open', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    await task(a, 'Base', '2027-07-12T10:00:00Z');
    for (let i = 0; i < 5; i++) expect((await task(a, 'Spam', '2027-07-12T10:30:00Z')).status).toBe(409);
    const overlap = await task(a, 'Kept overlap', '2027-07-12T10:15:00Z', { allowConflict: true });
    expect(overlap.status).toBe(201);
    const before = await open();
    const rejectedBefore = before.filter((c) => c.kind === 'rejected').length;
    expect(rejectedBefore).toBeGreaterThanOrEqual(5);
    const seq = await f.seq();
    const res = await supervisor.post(`/api/boards/${f.boardId}/conflicts/dismiss`, { kind: 'rejected' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ count: rejectedBefore });
    const after = await open();
    expect(after.filter((c) => c.kind === 'rejected')).toEqual([]);
    expect(after.some((c) => c.kind === 'overlap' && c.jobId === overlap.body.job.id)).toBe(true);
    const events = await f.eventsSince(seq);
    expect(events).toHaveLength(rejectedBefore);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['conflict.resolved']));
    expect(events.every((e) => (e.data as ConflictDto).resolvedBy?.displayName === 'Sam Supervisor')).toBe(true);
    // Nothing left: 0, no events.
    expect((await supervisor.post(`/api/boards/${f.boardId}/conflicts/dismiss`, { kind: 'rejected' })).body).toEqual({ count: 0 });
    expect(await f.seq()).toBe(seq + rejectedBefore);
  });

  it('dismisses only the listed ids (a grouped card)', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    await task(a, 'Base 2', '2027-07-13T10:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await task(a, `Try ${i}`, '2027-07-13T10:30:00Z')).body.conflictId);
    const res = await supervisor.post(`/api/boards/${f.boardId}/conflicts/dismiss`, { ids: ids.slice(0, 2) });
    expect(res.body).toEqual({ count: 2 });
    const left = (await open()).map((c) => c.id);
    expect(left).toContain(ids[2]);
    expect(left).not.toContain(ids[0]);
  });

  it('bad bodies are 400 naming the field; planners and viewers get 403 and nothing changes', async () => {
    const url = `/api/boards/${f.boardId}/conflicts/dismiss`;
    const empty = await supervisor.post(url, {});
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('give kind, ids or both');
    const badKind = await supervisor.post(url, { kind: 'everything' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details[0]).toMatchObject({ path: 'kind' });
    const badIds = await supervisor.post(url, { ids: ['nope'] });
    expect(badIds.status).toBe(400);
    expect(badIds.body.error.details[0].path).toMatch(/^ids/);
    const extra = await supervisor.post(url, { kind: 'rejected', all: true });
    expect(extra.status).toBe(400);
    const a = await f.asset();
    await task(a, 'Base 3', '2027-07-14T10:00:00Z');
    expect((await task(a, 'Still here', '2027-07-14T10:00:00Z')).status).toBe(409);
    const seq = await f.seq();
    expect((await f.planner.post(url, { kind: 'rejected' })).status).toBe(403);
    expect((await viewer.post(url, { kind: 'rejected' })).status).toBe(403);
    expect(await f.seq()).toBe(seq);
    expect((await open()).some((c) => c.jobName === 'Still here')).toBe(true);
  });
});
