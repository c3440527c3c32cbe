import { describe, expect, it } from 'vitest';
import type { ConflictDto } from '@schedhuler/shared';
import { describeConflict, nextFreeSlotFor } from './conflict-text';
import { makeJob, makeOcc } from '../../test-support/factories';

const H = 3_600_000;
const T0 = Date.parse('2026-12-01T08:00:00Z'); // 09:00 Berlin
const iso = (t: number) => new Date(t).toISOString();

const lookups = {
  zone: 'Europe/Berlin',
  assetsById: new Map([['v2', { id: 'v2', boardId: 'b', code: 'V-2', name: 'Van 2', kind: 'vehicle' as const, status: 'working' as const, version: 1 }]]),
  jobs: new Map([
    ['j1', makeJob({ id: 'j1', kind: 'task', name: 'Airport shuttle', assetId: 'v2' })],
    ['j2', makeJob({ id: 'j2', kind: 'task', name: 'Fuel run', assetId: 'v2' })],
  ]),
  occurrences: new Map([
    ['o1', makeOcc({ id: 'o1', jobId: 'j1', assetId: 'v2', startsAt: iso(T0), endsAt: iso(T0 + H) })],
    ['o2', makeOcc({ id: 'o2', jobId: 'j2', assetId: 'v2', startsAt: iso(T0 + H / 2), endsAt: iso(T0 + 1.5 * H), status: 'conflicted' })],
  ]),
};

const base: ConflictDto = {
  id: 'c1',
  kind: 'rejected',
  assetId: 'v2',
  startsAt: iso(T0 + H / 2),
  endsAt: iso(T0 + 1.5 * H),
  jobId: null,
  occurrenceIds: ['o1'],
  actor: { id: 'u2', displayName: 'Ben Planner' },
  createdAt: iso(T0),
};

describe('conflict feed text', () => {
  it('explains a rejected attempt: who, where, when, blocked by what', () => {
    const v = describeConflict(base, lookups);
    expect(v.badge).toBe('Rejected');
    expect(v.title).toBe('Ben Planner tried to book a job on Van 2 (V-2), Tue, Dec 1 09:30–10:30');
    expect(v.detail).toBe('Blocked by Airport shuttle (09:00–10:00). Nothing was stored.');
  });

  it('explains an overlap booked anyway', () => {
    const v = describeConflict({ ...base, kind: 'overlap', jobId: 'j2', occurrenceIds: ['o1', 'o2'] }, lookups);
    expect(v.badge).toBe('Double-booked');
    expect(v.title).toBe('Van 2 (V-2) is double-booked, Tue, Dec 1 09:30–10:30');
    expect(v.detail).toBe('Airport shuttle (09:00–10:00) and Fuel run (09:30–10:30) overlap; booked anyway by Ben Planner for Fuel run.');
    expect(v.involved.map((i) => i.occurrenceId)).toEqual(['o1', 'o2']);
  });

  it('finds the next free slot of the same length on the same asset', () => {
    const o2 = { occurrenceId: 'o2', name: 'Fuel run', start: T0 + H / 2, end: T0 + 1.5 * H, assetId: 'v2' };
    const all = [
      { id: 'o1', assetId: 'v2', start: T0, end: T0 + H },
      { id: 'o2', assetId: 'v2', start: T0 + H / 2, end: T0 + 1.5 * H },
      { id: 'o3', assetId: 'v2', start: T0 + 1.25 * H, end: T0 + 2 * H },
      { id: 'x', assetId: 'other', start: T0 + 2 * H, end: T0 + 3 * H },
    ];
    expect(nextFreeSlotFor(o2, all)).toEqual({ start: T0 + 2 * H, end: T0 + 3 * H });
  });

  it('does not suggest moving the blocker of a rejected attempt to where it already is', () => {
    const blocker = { occurrenceId: 'o1', name: 'Airport shuttle', start: T0, end: T0 + H, assetId: 'v2' };
    const all = [{ id: 'o1', assetId: 'v2', start: T0, end: T0 + H }];
    expect(nextFreeSlotFor(blocker, all, { start: T0 + H / 2, end: T0 + 1.5 * H })).toEqual({ start: T0 + 1.5 * H, end: T0 + 2.5 * H });
    expect(nextFreeSlotFor(blocker, all)).toBeNull();
  });
});

describe('conflict desk text (issue 15)', () => {
  it("a rejected create names the job from the record itself and the server's suggested slot", () => {
    const v = describeConflict({ ...base, jobName: 'Forklift check', jobKind: 'task', suggested: { startsAt: iso(T0 + 2 * H), endsAt: iso(T0 + 3 * H) } }, lookups);
    expect(v.title).toBe('Ben Planner tried to book Forklift check on Van 2 (V-2), Tue, Dec 1 09:30–10:30');
    expect(v.suggestion).toBe('Tue, Dec 1 11:00–12:00');
  });
});
