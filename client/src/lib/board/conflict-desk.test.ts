import { describe, expect, it } from 'vitest';
import type { ConflictDto } from '@schedhuler/shared';
import { buildDesk, deskCounts, filterChoices, groupKey, whoText } from './conflict-desk';

const T0 = Date.parse('2026-12-01T08:00:00Z');
const ben = { id: 'u-ben', displayName: 'Ben Planner' };
const ana = { id: 'u-ana', displayName: 'Ana Planner' };
let n = 0;
function rec(p: Partial<ConflictDto> & { minute?: number }): ConflictDto {
  const { minute = 0, ...rest } = p;
  n++;
  return {
    id: `c${String(n).padStart(3, '0')}`,
    kind: 'rejected',
    assetId: 'van-2',
    startsAt: new Date(T0).toISOString(),
    endsAt: new Date(T0 + 3_600_000).toISOString(),
    jobId: null,
    jobName: 'Airport shuttle',
    jobKind: 'task',
    occurrenceIds: ['o1'],
    actor: ben,
    createdAt: new Date(T0 + minute * 60_000).toISOString(),
    ...rest,
  };
}

describe('buildDesk', () => {
  it('50 rejected tries of one job on one asset are one card with the count and the latest time', () => {
    const tries = Array.from({ length: 50 }, (_, i) => rec({ minute: i }));
    const desk = buildDesk(tries);
    expect(desk.overlaps).toEqual([]);
    expect(desk.rejected).toHaveLength(1);
    const card = desk.rejected[0]!;
    expect(card.count).toBe(50);
    expect(card.latest).toBe(tries[49]);
    expect(card.latestAt).toBe(T0 + 49 * 60_000);
    expect(card.ids).toHaveLength(50);
    expect(card.ids[0]).toBe(tries[49]!.id);
  });

  it('another name, kind or asset is another card; names differ only in case or spaces group together', () => {
    const desk = buildDesk([
      rec({}),
      rec({ jobName: ' airport SHUTTLE ', minute: 1 }),
      rec({ jobName: 'Fuel run', minute: 2 }),
      rec({ jobKind: 'internal_tour', minute: 3 }),
      rec({ assetId: 'van-3', minute: 4 }),
    ]);
    expect(desk.rejected.map((c) => c.count)).toEqual([1, 1, 1, 2]);
    expect(desk.rejected.map((c) => c.latest.assetId)).toEqual(['van-3', 'van-2', 'van-2', 'van-2']);
  });

  it('moves of a stored job group by the job, whatever its name; overlaps never group', () => {
    const desk = buildDesk([
      rec({ jobId: 'j1', jobName: 'Old name' }),
      rec({ jobId: 'j1', jobName: 'New name', minute: 1 }),
      rec({ kind: 'overlap', jobId: 'j2', minute: 2 }),
      rec({ kind: 'overlap', jobId: 'j2', minute: 3 }),
    ]);
    expect(desk.rejected).toHaveLength(1);
    expect(desk.rejected[0]!.count).toBe(2);
    expect(desk.overlaps).toHaveLength(2);
    expect(desk.overlaps.every((c) => c.count === 1)).toBe(true);
    expect(groupKey(desk.overlaps[0]!.latest)).toMatch(/^o:/);
  });

  it('lists the distinct authors of a group, newest first', () => {
    const desk = buildDesk([rec({ actor: ana }), rec({ minute: 1 }), rec({ minute: 2 }), rec({ actor: null, minute: 3 })]);
    expect(desk.rejected[0]!.actors).toEqual([ben, ana]);
    expect(whoText(desk.rejected[0]!.actors)).toBe('Ben Planner and Ana Planner');
    expect(whoText([])).toBe('Someone');
    expect(whoText([ben, ana, { id: 'x', displayName: 'X' }])).toBe('Ben Planner and 2 others');
  });

  it('filters by kind, asset and author before grouping', () => {
    const list = [rec({}), rec({ actor: ana, minute: 1 }), rec({ kind: 'overlap', assetId: 'g-1', minute: 2 }), rec({ assetId: 'g-1', minute: 3 })];
    expect(buildDesk(list, { kind: 'overlap', assetId: null, actorId: null }).rejected).toEqual([]);
    expect(buildDesk(list, { kind: 'rejected', assetId: null, actorId: null }).overlaps).toEqual([]);
    const byAna = buildDesk(list, { kind: 'all', assetId: null, actorId: 'u-ana' });
    expect(byAna.rejected).toHaveLength(1);
    expect(byAna.rejected[0]!.count).toBe(1);
    const g1 = buildDesk(list, { kind: 'all', assetId: 'g-1', actorId: null });
    expect([g1.overlaps.length, g1.rejected.length]).toEqual([1, 1]);
    expect(filterChoices(list)).toEqual({ assetIds: ['van-2', 'g-1'], actors: [ana, ben] });
  });

  it('counts open overlaps and rejected attempts (each attempt) for the toolbar', () => {
    expect(deskCounts([rec({}), rec({}), rec({ kind: 'overlap' })])).toEqual({ overlaps: 1, rejected: 2 });
    expect(deskCounts([])).toEqual({ overlaps: 0, rejected: 0 });
  });
});
