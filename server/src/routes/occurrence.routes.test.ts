import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../testing/http-client';
import { schedulingFixture, type SchedulingFixture } from '../scheduling/test-fixture';

let f: SchedulingFixture;
let supervisor: HttpClient;
let viewer: HttpClient;

beforeAll(async () => {
  f = await schedulingFixture('occ');
  supervisor = await f.t.client('supervisor');
  viewer = await f.t.client('viewer');
});
afterAll(() => f?.t.stop());

const oneOff = async (assetId: string, startsAt: string, extra: Record<string, unknown> = {}) => {
  const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: `One-off ${startsAt}`, assetId, timezone: 'UTC', startsAt, planDurationMin: 60, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { job: any; occurrences: any[] };
};

describe('move, resize, cancel', () => {
  it('moves in time and across assets, resizes, with expectedVersion; each change is one occurrence.updated', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const [a, b] = [await f.asset(), await f.asset()];
    const { occurrences } = await oneOff(a, '2027-06-10T10:00:00Z');
    const id = occurrences[0].id;
    const seq = await f.seq();
    const moved = await f.planner.patch(`/api/occurrences/${id}`, { expectedVersion: 1, startsAt: '2027-06-10T12:00:00Z' });
    expect(moved.status).toBe(200);
    expect(moved.body.occurrence).toMatchObject({ id, startsAt: '2027-06-10T12:00:00.000Z', endsAt: '2027-06-10T13:00:00.000Z', detached: true, version: 2, status: 'scheduled' });
    const resized = await f.planner.patch(`/api/occurrences/${id}`, { expectedVersion: 2, endsAt: '2027-06-10T13:30:00Z' });
    expect(resized.body.occurrence).toMatchObject({ startsAt: '2027-06-10T12:00:00.000Z', endsAt: '2027-06-10T13:30:00.000Z', version: 3 });
    const across = await f.planner.patch(`/api/occurrences/${id}`, { expectedVersion: 3, assetId: b });
    expect(across.body.occurrence).toMatchObject({ assetId: b, startsAt: '2027-06-10T12:00:00.000Z', version: 4 });
    const events = await f.eventsSince(seq);
    expect(events.map((e) => e.type)).toEqual(['occurrence.updated', 'occurrence.updated', 'occurrence.updated']);
    // Three changes, three change ids in the events' data.
    expect(events.map(({ data: { changeId: _id, ...rest } }) => rest)).toEqual([moved.body.occurrence, resized.body.occurrence, across.body.occurrence]);
    expect(new Set(events.map((e) => e.data.changeId)).size).toBe(3);

    const stale = await f.planner.patch(`/api/occurrences/${id}`, { expectedVersion: 1, startsAt: '2027-06-10T15:00:00Z' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_version', details: { current: { id, version: 4, assetId: b } } });
    expect(await f.seq()).toBe(seq + 3);
  });

  it('an overlapping move is a 409 with conflicts and hints; a touching one succeeds', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const a = await f.asset();
    const holder = await oneOff(a, '2027-06-11T14:00:00Z');
    const mover = (await oneOff(a, '2027-06-11T16:00:00Z')).occurrences[0];
    const seq = await f.seq();
    const res = await f.planner.patch(`/api/occurrences/${mover.id}`, { expectedVersion: 1, startsAt: '2027-06-11T14:30:00Z' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.conflicts).toEqual([
      {
        startsAt: '2027-06-11T14:30:00.000Z',
        endsAt: '2027-06-11T15:30:00.000Z',
        blocking: expect.objectContaining({ occurrenceId: holder.occurrences[0].id, jobId: holder.job.id, startsAt: '2027-06-11T14:00:00.000Z' }),
      },
    ]);
    // The moving occurrence itself does not block its own hints: 15:00 is free.
    expect(res.body.hints.nextFree[0]).toEqual({ startsAt: '2027-06-11T15:00:00.000Z', endsAt: '2027-06-11T16:00:00.000Z' });
    const events = await f.eventsSince(seq);
    expect(events.map((e) => e.type)).toEqual(['conflict.opened']);
    expect(events[0]!.data).toMatchObject({ id: res.body.conflictId, kind: 'rejected', jobId: mover.jobId });
    expect((await f.planner.get(`/api/occurrences/${mover.id}`)).body.occurrence).toMatchObject({ version: 1, startsAt: '2027-06-11T16:00:00.000Z' });
    const touching = await f.planner.patch(`/api/occurrences/${mover.id}`, { expectedVersion: 1, startsAt: '2027-06-11T15:00:00Z' });
    expect(touching.status).toBe(200);
  });

  it('refuses bad targets and bad windows', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const id = (await oneOff(await f.asset(), '2027-06-12T10:00:00Z')).occurrences[0].id;
    const cp = await f.asset('checkpoint');
    const broken = await f.asset('vehicle', 'maintenance');
    const bad = async (body: Record<string, unknown>, path: string) => {
      const res = await f.planner.patch(`/api/occurrences/${id}`, { expectedVersion: 1, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.details.map((d: any) => d.path)).toContain(path);
    };
    await bad({ assetId: cp }, 'assetId');
    await bad({ assetId: broken }, 'assetId');
    await bad({ endsAt: '2027-06-12T09:00:00Z' }, 'endsAt');
    await bad({ startsAt: '2027-06-12T10:00:00Z', endsAt: '2027-06-13T10:01:00Z' }, 'endsAt');
    await bad({ endsAt: '2027-06-13T10:01:00Z' }, 'endsAt');
    expect((await viewer.patch(`/api/occurrences/${id}`, { expectedVersion: 1, startsAt: '2027-06-12T11:00:00Z' })).status).toBe(403);
    expect((await f.planner.patch('/api/occurrences/00000000-0000-4000-8000-000000000000', { expectedVersion: 1, startsAt: '2027-06-12T11:00:00Z' })).status).toBe(404);
  });

  it('cancels once (one event), then refuses to move the cancelled occurrence', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const id = (await oneOff(await f.asset(), '2027-06-13T10:00:00Z')).occurrences[0].id;
    const seq = await f.seq();
    expect((await viewer.delete(`/api/occurrences/${id}`)).status).toBe(403);
    expect((await f.planner.delete(`/api/occurrences/${id}`)).status).toBe(204);
    expect((await f.planner.delete(`/api/occurrences/${id}`)).status).toBe(204);
    const events = await f.eventsSince(seq);
    expect(events.map((e) => e.type)).toEqual(['occurrence.cancelled']);
    expect(events[0]!.data).toMatchObject({ id, status: 'cancelled', version: 2 });
    const move = await f.planner.patch(`/api/occurrences/${id}`, { expectedVersion: 2, startsAt: '2027-06-13T12:00:00Z' });
    expect(move.status).toBe(400);
    expect(move.body.error.message).toMatch(/cancelled/);
  });
});

describe('allowConflict and resolution', () => {
  it('stores overlapping occurrences as conflicted with one open overlap record each', async () => {
    f.s.clock.set('2027-06-15T00:00:00Z');
    const c = await f.asset();
    const holder = await oneOff(c, '2027-06-20T10:00:00Z');
    const seq = await f.seq();
    const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, {
      name: 'Booked anyway',
      assetId: c,
      cron: '30 10 * * *',
      timezone: 'UTC',
      validFrom: '2027-06-19T00:00:00Z',
      validTo: '2027-06-22T00:00:00Z',
      planDurationMin: 60,
      allowConflict: true,
    });
    expect(res.status).toBe(201);
    expect(res.body.occurrences.map((o: any) => [o.startsAt, o.status])).toEqual([
      ['2027-06-19T10:30:00.000Z', 'scheduled'],
      ['2027-06-20T10:30:00.000Z', 'conflicted'],
      ['2027-06-21T10:30:00.000Z', 'scheduled'],
    ]);
    const conflicted = res.body.occurrences[1];
    const events = await f.eventsSince(seq);
    expect(events.map((e) => e.type)).toEqual(['job.created', 'occurrence.created', 'occurrence.created', 'occurrence.created', 'conflict.opened']);
    const opened = events[4]!.data;
    expect(opened).toMatchObject({ kind: 'overlap', assetId: c, jobId: res.body.job.id, occurrenceIds: [conflicted.id, holder.occurrences[0].id], startsAt: conflicted.startsAt });
    const snap = await f.planner.get(`/api/boards/${f.boardId}?from=2027-06-19T00:00:00Z&to=2027-06-22T00:00:00Z`);
    expect(snap.body.conflicts.map((x: any) => x.id)).toContain(opened.id);
    expect(snap.body.occurrences.filter((o: any) => o.assetId === c)).toHaveLength(4);

    // Only supervisors resolve. Moving the conflicted occurrence clear resolves its record.
    expect((await f.planner.post(`/api/conflicts/${opened.id}/resolve`, { action: 'dismiss' })).status).toBe(403);
    const blocked = await supervisor.post(`/api/conflicts/${opened.id}/resolve`, { action: 'move', occurrenceId: conflicted.id, startsAt: '2027-06-20T10:15:00Z' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('conflict');
    expect((await f.planner.get(`/api/boards/${f.boardId}/conflicts?status=open`)).body.conflicts.map((x: any) => x.id)).toContain(opened.id);
    const before = await f.seq();
    const moved = await supervisor.post(`/api/conflicts/${opened.id}/resolve`, { action: 'move', occurrenceId: conflicted.id, startsAt: '2027-06-20T12:00:00Z' });
    expect(moved.status).toBe(200);
    expect(moved.body.conflict).toMatchObject({ id: opened.id, status: 'resolved', resolution: { action: 'move', occurrenceId: conflicted.id }, resolvedBy: { displayName: 'Sam Supervisor' } });
    const after = await f.eventsSince(before);
    // The refused move above left a rejected record; the move that happened supersedes it (issue 15: no stale card).
    expect(after.map((e) => e.type)).toEqual(['conflict.resolved', 'occurrence.updated', 'conflict.resolved']);
    expect(after[1]!.data).toMatchObject({ id: conflicted.id, status: 'scheduled', detached: true, startsAt: '2027-06-20T12:00:00.000Z' });
    expect(after[2]!.data).toMatchObject({ id: blocked.body.conflictId, kind: 'rejected', status: 'resolved', resolution: { action: 'superseded' } });
    const again = await supervisor.post(`/api/conflicts/${opened.id}/resolve`, { action: 'dismiss' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('stale_version');
  });

  it('resolves by cancel and by dismiss; a conflicted occurrence dragged clear resolves its record too', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const c = await f.asset();
    const holder = await oneOff(c, '2027-06-25T10:00:00Z');
    const x = await oneOff(c, '2027-06-25T10:30:00Z', { allowConflict: true });
    const y = await oneOff(c, '2027-06-25T10:45:00Z', { allowConflict: true });
    const z = await oneOff(c, '2027-06-25T10:50:00Z', { allowConflict: true });
    for (const o of [x, y, z]) expect(o.occurrences[0].status).toBe('conflicted');
    const open = (await f.planner.get(`/api/boards/${f.boardId}/conflicts`)).body.conflicts;
    const recordOf = (occ: any) => open.find((r: any) => r.occurrenceIds[0] === occ.occurrences[0].id);
    expect(recordOf(x).occurrenceIds).toEqual([x.occurrences[0].id, holder.occurrences[0].id]);

    const notMine = await supervisor.post(`/api/conflicts/${recordOf(x).id}/resolve`, { action: 'cancel', occurrenceId: y.occurrences[0].id });
    expect(notMine.status).toBe(400);
    let seq = await f.seq();
    const cancel = await supervisor.post(`/api/conflicts/${recordOf(x).id}/resolve`, { action: 'cancel', occurrenceId: x.occurrences[0].id });
    expect(cancel.status).toBe(200);
    expect((await f.eventsSince(seq)).map((e) => [e.type, e.data.id])).toEqual([
      ['conflict.resolved', recordOf(x).id],
      ['occurrence.cancelled', x.occurrences[0].id],
    ]);
    seq = await f.seq();
    const dismiss = await supervisor.post(`/api/conflicts/${recordOf(y).id}/resolve`, { action: 'dismiss' });
    expect(dismiss.body.conflict).toMatchObject({ status: 'resolved', resolution: { action: 'dismiss' } });
    expect((await f.eventsSince(seq)).map((e) => e.type)).toEqual(['conflict.resolved']);
    // Dragging z to a free window makes it an ordinary booking and closes its record.
    seq = await f.seq();
    const drag = await f.planner.patch(`/api/occurrences/${z.occurrences[0].id}`, { expectedVersion: 1, startsAt: '2027-06-25T13:00:00Z' });
    expect(drag.body.occurrence).toMatchObject({ status: 'scheduled' });
    const ev = await f.eventsSince(seq);
    expect(ev.map((e) => e.type)).toEqual(['occurrence.updated', 'conflict.resolved']);
    expect(ev[1]!.data).toMatchObject({ id: recordOf(z).id, status: 'resolved', resolution: { action: 'move' } });
    const resolved = (await f.planner.get(`/api/boards/${f.boardId}/conflicts?status=resolved`)).body.conflicts.map((r: any) => r.id);
    for (const o of [x, y, z]) expect(resolved).toContain(recordOf(o).id);
    expect((await f.planner.get(`/api/boards/${f.boardId}/conflicts?status=bogus`)).status).toBe(400);
  });
});
