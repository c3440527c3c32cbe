import { describe, expect, it } from 'vitest';
import type { BoardEvent } from '@schedhuler/shared';
import { makeJob, makeOcc } from '../../test-support/factories';
import { applyWideEvent, isOccurrenceEvent, type WideParts } from './board-events';

const board = { id: 'board-1', name: 'B', timezone: 'UTC', horizonDays: 14, workingHours: { days: [1], start: '07:00', end: '19:00' }, version: 1, lastSeq: 1 };
const parts = (): WideParts => ({ board, role: 'planner', assets: [], jobs: new Map(), conflicts: [], currentUserId: 'u1' });
const ev = (type: string, data: unknown) => ({ boardId: 'board-1', seq: 2, type, at: '2026-12-07T08:00:00.000Z', actor: null, data }) as BoardEvent;

describe('board events', () => {
  it('tells occurrence events from board-wide ones', () => {
    const o = makeOcc({ id: 'o1', jobId: 'j1', assetId: 'a1', startsAt: '2026-12-07T08:00:00.000Z', endsAt: '2026-12-07T09:00:00.000Z' });
    expect(['occurrence.created', 'occurrence.updated', 'occurrence.cancelled'].map((t) => isOccurrenceEvent(ev(t, o)))).toEqual([true, true, true]);
    expect(isOccurrenceEvent(ev('job.updated', makeJob({ id: 'j1', kind: 'task', name: 'x', assetId: 'a1' })))).toBe(false);
  });

  it('applies jobs by version, assets, the own role only, and board settings', () => {
    const p = parts();
    const j = makeJob({ id: 'j1', kind: 'task', name: 'Fuel', assetId: 'a1', version: 2 });
    applyWideEvent(p, ev('job.updated', j) as never);
    applyWideEvent(p, ev('job.updated', { ...j, name: 'Older', version: 1 }) as never);
    expect(p.jobs.get('j1')?.name).toBe('Fuel');
    const asset = { id: 'a1', boardId: 'board-1', code: 'A1', name: 'Van', kind: 'vehicle', status: 'working', version: 1 };
    applyWideEvent(p, ev('asset.created', asset) as never);
    expect(p.assets).toEqual([asset]);
    applyWideEvent(p, ev('member.updated', { userId: 'someone-else', role: 'viewer', removed: false }) as never);
    expect(p.role).toBe('planner');
    applyWideEvent(p, ev('member.updated', { userId: 'u1', role: 'viewer', removed: false }) as never);
    expect(p.role).toBe('viewer');
    applyWideEvent(p, ev('member.updated', { userId: 'u1', role: 'viewer', removed: true }) as never);
    expect(p.role).toBeNull();
    applyWideEvent(p, ev('board.updated', { ...board, name: 'Renamed' }) as never);
    expect(p.board?.name).toBe('Renamed');
  });
});
