import { describe, expect, it } from 'vitest';
import type { BoardEvent } from './board-types';
import { reactToEvent } from './remote-reaction';
import type { ReactionContext } from './remote-reaction';

const ctx: ReactionContext = {
  userId: 'me',
  canEdit: true,
  selectedId: 'o1',
  zone: 'Europe/Berlin',
  jobName: (id) => (id === 'j1' ? 'Fuel run' : undefined),
  asset: (id) => (id === 'v2' ? { code: 'V-2', name: 'Van 2' } : undefined),
};
const ben = { id: 'ben', username: 'planner2', displayName: 'Ben Planner' };
const ev = (e: unknown) => e as BoardEvent;
const moved = (actor: typeof ben | null, id = 'o1') => ev({ type: 'occurrence.updated', actor, data: { id, jobId: 'j1', assetId: 'v2', startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T10:00:00Z' } });

describe('reacting to board events', () => {
  it('reads out someone else’s change to the selected block, in the board zone', () => {
    expect(reactToEvent(moved(ben), ctx)).toEqual({ refreshHistory: false, announce: 'Ben Planner moved Fuel run to Van 2 10:00–11:00' });
    expect(reactToEvent(ev({ type: 'occurrence.cancelled', actor: ben, data: { id: 'o1', jobId: 'j1', assetId: 'v2', startsAt: '', endsAt: '' } }), ctx).announce).toBe('Ben Planner cancelled Fuel run');
    expect(reactToEvent(moved(ben, 'o9'), ctx).announce).toBeUndefined();
  });

  it('the user’s own change refreshes Undo/Redo (planners) and is not read out', () => {
    expect(reactToEvent(moved({ ...ben, id: 'me' }), ctx)).toEqual({ refreshHistory: true });
    expect(reactToEvent(moved({ ...ben, id: 'me' }), { ...ctx, canEdit: false })).toEqual({ refreshHistory: false });
    expect(reactToEvent(moved(null), ctx)).toEqual({ refreshHistory: false });
  });

  it('notifies about a double booking someone else made, never one’s own', () => {
    const opened = (actor: typeof ben) => ev({ type: 'conflict.opened', actor, data: { kind: 'overlap', assetId: 'v2', jobName: 'Tyre change' } });
    expect(reactToEvent(opened(ben), ctx).notify).toEqual({ title: 'Double booking on V-2 Van 2', body: 'Tyre change was booked anyway by Ben Planner.' });
    expect(reactToEvent(opened({ ...ben, id: 'me' }), ctx).notify).toBeUndefined();
  });
});
