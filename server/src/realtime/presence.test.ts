import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors';
import { presenceColorFor } from '@schedhuler/shared';
import { PresenceHub, type PresenceNodeMessage, type PresenceUser } from './presence';

const B = 'board-1';
const ana = { id: 'u-ana', displayName: 'Ana' };
const ben = { id: 'u-ben', displayName: 'Ben' };
const vic = { id: 'u-vic', displayName: 'Vic' };

function setup(nodeId = 'n1') {
  const delivered: PresenceUser[][] = [];
  const published: PresenceNodeMessage[] = [];
  const hub = new PresenceHub({
    nodeId,
    deliver: (_b, users) => delivered.push(users),
    publish: (m) => published.push(m),
    flushMs: 100,
    graceMs: 5000,
    remoteTtlMs: 6000,
  });
  const last = () => delivered[delivered.length - 1] ?? [];
  return { hub, delivered, published, last };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('PresenceHub', () => {
  it('shows joined users with a stable colour and their cursor, selection and editing', () => {
    const { hub, last } = setup();
    hub.join(B, 's1', ana, 'planner');
    hub.join(B, 's2', ben, 'planner');
    vi.advanceTimersByTime(100);
    hub.update(B, ana.id, { cursor: { assetId: 'a1', at: '2026-12-01T08:00:00.000Z' }, selection: ['o1'], editing: 'Night patrol' });
    vi.advanceTimersByTime(100);
    expect(last()).toEqual([
      { userId: ana.id, displayName: 'Ana', color: presenceColorFor(ana.id), cursor: { assetId: 'a1', at: '2026-12-01T08:00:00.000Z' }, selection: ['o1'], editing: 'Night patrol' },
      { userId: ben.id, displayName: 'Ben', color: presenceColorFor(ben.id) },
    ]);
    hub.update(B, ana.id, { cursor: null, editing: null });
    vi.advanceTimersByTime(100);
    expect(last()[0]).toEqual({ userId: ana.id, displayName: 'Ana', color: presenceColorFor(ana.id), selection: ['o1'] });
  });

  it('coalesces a burst of updates to about 10 states per second, the last one winning', () => {
    const { hub, delivered, last } = setup();
    hub.join(B, 's1', ana, 'planner');
    const before = delivered.length;
    for (let i = 0; i < 100; i++) {
      hub.update(B, ana.id, { cursor: { assetId: 'a1', at: `2026-12-01T08:${String(i % 60).padStart(2, '0')}:00.000Z` } });
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(100);
    const sent = delivered.length - before;
    expect(sent).toBeGreaterThanOrEqual(9);
    expect(sent).toBeLessThanOrEqual(11);
    expect(last()[0]!.cursor!.at).toBe('2026-12-01T08:39:00.000Z');
  });

  it('viewers appear but cannot claim editing; other updates from them are fine', () => {
    const { hub, last } = setup();
    hub.join(B, 's1', vic, 'viewer');
    expect(() => hub.update(B, vic.id, { editing: 'Night patrol' })).toThrow(AppError);
    hub.update(B, vic.id, { cursor: { assetId: 'a1', at: '2026-12-01T08:00:00.000Z' }, editing: null });
    vi.advanceTimersByTime(100);
    expect(last()).toEqual([{ userId: vic.id, displayName: 'Vic', color: presenceColorFor(vic.id), cursor: { assetId: 'a1', at: '2026-12-01T08:00:00.000Z' } }]);
  });

  it('a demoted user loses the editing claim', () => {
    const { hub, last } = setup();
    hub.join(B, 's1', ana, 'planner');
    hub.update(B, ana.id, { editing: 'Night patrol' });
    hub.setRole(B, ana.id, 'viewer');
    vi.advanceTimersByTime(100);
    expect(last()[0]!.editing).toBeUndefined();
  });

  it('removes a user about 5 s after the last socket disconnected; a quick reconnect does not flicker', () => {
    const { hub, delivered, last } = setup();
    hub.join(B, 's1', ana, 'planner');
    hub.join(B, 's2', ana, 'planner'); // two tabs
    hub.join(B, 's3', ben, 'planner');
    vi.advanceTimersByTime(200);
    hub.leave(B, 's1', ana.id, { grace: true });
    hub.leave(B, 's2', ana.id, { grace: true });
    vi.advanceTimersByTime(3000);
    hub.join(B, 's4', ana, 'planner'); // reconnected
    vi.advanceTimersByTime(10_000);
    expect(delivered.every((users) => users.some((u) => u.userId === ana.id))).toBe(true);
    hub.leave(B, 's4', ana.id, { grace: true });
    vi.advanceTimersByTime(4900);
    expect(last().map((u) => u.userId)).toContain(ana.id);
    vi.advanceTimersByTime(200);
    expect(last().map((u) => u.userId)).toEqual([ben.id]);
  });

  it('an explicit leave removes the user at once', () => {
    const { hub, last } = setup();
    hub.join(B, 's1', ana, 'planner');
    vi.advanceTimersByTime(100);
    hub.leave(B, 's1', ana.id, { grace: false });
    vi.advanceTimersByTime(100);
    expect(last()).toEqual([]);
  });

  it('merges users from other nodes and forgets a node that stops repeating them', () => {
    const a = setup('n1');
    const b = setup('n2');
    a.hub.join(B, 's1', ana, 'planner');
    for (const m of a.published) b.hub.remote(m);
    b.hub.join(B, 's2', ben, 'planner');
    vi.advanceTimersByTime(100); // b's first local change is coalesced into its next flush
    for (const m of b.published) a.hub.remote(m);
    vi.advanceTimersByTime(100);
    expect(a.last().map((u) => u.userId)).toEqual([ana.id, ben.id]);
    expect(b.last().map((u) => u.userId)).toEqual([ana.id, ben.id]);
    // n1 keeps repeating itself; then it dies (no more heartbeats reach n2)
    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(2000);
      a.published.length = 0;
      a.hub.heartbeat();
      for (const m of a.published) b.hub.remote(m);
      b.hub.heartbeat();
    }
    expect(b.last().map((u) => u.userId)).toEqual([ana.id, ben.id]);
    vi.advanceTimersByTime(7000);
    b.hub.heartbeat();
    vi.advanceTimersByTime(100);
    expect(b.last().map((u) => u.userId)).toEqual([ben.id]);
  });

  it('the same user on two nodes appears once, with the newest state', () => {
    const a = setup('n1');
    const b = setup('n2');
    a.hub.join(B, 's1', ana, 'planner');
    vi.advanceTimersByTime(50);
    b.hub.join(B, 's2', ana, 'planner');
    b.hub.update(B, ana.id, { editing: 'Night patrol' });
    vi.advanceTimersByTime(200);
    for (const m of b.published) a.hub.remote(m);
    vi.advanceTimersByTime(200);
    expect(a.last()).toEqual([{ userId: ana.id, displayName: 'Ana', color: presenceColorFor(ana.id), editing: 'Night patrol' }]);
  });

  it('close tells the other nodes its users are gone', () => {
    const { hub, published } = setup();
    hub.join(B, 's1', ana, 'planner');
    published.length = 0;
    hub.close();
    expect(published).toEqual([{ nodeId: 'n1', boardId: B, users: [] }]);
  });
});
