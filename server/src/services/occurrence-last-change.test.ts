import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../testing/http-client';
import { schedulingFixture, type SchedulingFixture } from '../scheduling/test-fixture';

let f: SchedulingFixture;
let planner2: HttpClient;

beforeAll(async () => {
  f = await schedulingFixture('lastch');
  planner2 = await f.t.client('planner2');
});
afterAll(() => f?.t.stop());

const oneOff = async (assetId: string, startsAt: string) => {
  const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: `Who ${startsAt}`, assetId, timezone: 'UTC', startsAt, planDurationMin: 60 });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { occurrences: { id: string }[] }).occurrences[0]!.id;
};

const snapshotOcc = async (id: string) => {
  const res = await f.planner.get(`/api/boards/${f.boardId}?from=2027-08-01T00:00:00Z&to=2027-08-03T00:00:00Z`);
  expect(res.status).toBe(200);
  return (res.body as { occurrences: { id: string; updatedBy?: { id: string; displayName: string } | null }[] }).occurrences.find((o) => o.id === id);
};

describe('board snapshot: who changed each occurrence last (updatedBy)', () => {
  it('names the creator, then whoever moved it last', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    const kept = await oneOff(a, '2027-08-01T08:00:00Z');
    const moved = await oneOff(a, '2027-08-01T12:00:00Z');
    expect((await snapshotOcc(kept))?.updatedBy).toMatchObject({ displayName: 'Ana Planner' });
    const res = await planner2.patch(`/api/occurrences/${moved}`, { expectedVersion: 1, startsAt: '2027-08-02T12:00:00Z' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await snapshotOcc(moved))?.updatedBy).toMatchObject({ displayName: 'Ben Planner' });
    expect((await snapshotOcc(kept))?.updatedBy).toMatchObject({ displayName: 'Ana Planner' });
    // The live event carries the actor beside the data, not inside it: the data stays the plain DTO.
    const events = await f.eventsSince(0);
    const last = events.filter((e: { type: string; data: { id?: string } }) => e.type === 'occurrence.updated' && e.data.id === moved).at(-1);
    expect(last?.data.updatedBy).toBeUndefined();
    expect(last?.actor).toMatchObject({ displayName: 'Ben Planner' });
  });
});
