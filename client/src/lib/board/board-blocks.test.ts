import type { SnapshotOccurrence } from '@schedhuler/shared';
import { describe, expect, it } from 'vitest';
import { makeJob, makeOcc } from '../../test-support/factories';
import { BlockBuilder } from './board-blocks';
import type { JobDto, OccurrenceDto } from './board-types';

const T = Date.parse('2026-12-07T08:00:00Z');
const iso = (t: number) => new Date(t).toISOString();
const occ = (id: string, h: number, p: Partial<OccurrenceDto> = {}) => makeOcc({ id, jobId: 'j1', assetId: 'a1', startsAt: iso(T + h * 3_600_000), endsAt: iso(T + (h + 1) * 3_600_000), ...p });
const map = <V extends { id: string }>(...xs: V[]) => new Map(xs.map((x) => [x.id, x]));
const job = makeJob({ id: 'j1', kind: 'internal_tour', name: 'Night round', assetId: 'a1' });
const noInstants = () => undefined;

describe('BlockBuilder', () => {
  it('joins the job, reads instants, leaves cancelled ones out and indexes by id', () => {
    const b = new BlockBuilder();
    const o1 = occ('o1', 0, { status: 'conflicted' });
    const { list, byId } = b.build(map(o1, occ('o2', 1, { status: 'cancelled' }), occ('o3', 2, { jobId: 'gone' })), map(job), new Map(), noInstants);
    expect(list.map((x) => [x.id, x.start, x.end, x.kind, x.name, x.conflicted, x.pending])).toEqual([
      ['o1', T, T + 3_600_000, 'internal_tour', 'Night round', true, false],
      ['o3', T + 2 * 3_600_000, T + 3 * 3_600_000, 'task', 'Untitled job', false, false],
    ]);
    expect(byId.get('o1')?.occ).toBe(o1);
    expect([...byId.keys()]).toEqual(['o1', 'o3']);
  });

  it('draws a run whose job is not loaded (deleted, its started runs kept) with the name and kind the occurrence carries; the job map wins when both are there', () => {
    const b = new BlockBuilder();
    const kept: SnapshotOccurrence = { ...occ('o1', 0, { jobId: 'deleted' }), jobName: 'Night round 2', kind: 'external_tour' };
    const renamed: SnapshotOccurrence = { ...occ('o2', 1), jobName: 'Old name', kind: 'task' };
    const { list } = b.build(map(kept, renamed), map(job), new Map(), noInstants);
    expect(list.map((x) => [x.id, x.name, x.kind])).toEqual([
      ['o1', 'Night round 2', 'external_tour'],
      ['o2', 'Night round', 'internal_tour'],
    ]);
  });

  it('takes known instants instead of parsing, and an optimistic placement over both', () => {
    const b = new BlockBuilder();
    const o1 = occ('o1', 0);
    const o2 = occ('o2', 1);
    const { list } = b.build(map(o1, o2), map(job), new Map([['o2', { assetId: 'a2', start: 5, end: 6 }]]), (o) => (o === o1 ? { start: 1, end: 2 } : { start: 3, end: 4 }));
    expect(list.map((x) => [x.assetId, x.start, x.end, x.pending])).toEqual([
      ['a1', 1, 2, false],
      ['a2', 5, 6, true],
    ]);
  });

  it('keeps the block objects of unchanged occurrences and jobs; a new occurrence, job or placement makes a new block', () => {
    const b = new BlockBuilder();
    const o1 = occ('o1', 0);
    const o2 = occ('o2', 1, { jobId: 'j2' });
    const j2: JobDto = makeJob({ id: 'j2', kind: 'task', name: 'Fuel', assetId: 'a1' });
    const first = b.build(map(o1, o2), map(job, j2), new Map(), noInstants).byId;
    const o2b = { ...o2, version: 2 };
    const second = b.build(map(o1, o2b), map(job, j2), new Map(), noInstants).byId;
    expect(second.get('o1')).toBe(first.get('o1'));
    expect(second.get('o2')).not.toBe(first.get('o2'));
    // A renamed job: only its blocks are rebuilt (the other job's object is the same).
    const third = b.build(map(o1, o2b), map(job, { ...j2, name: 'Fuel run' }), new Map(), noInstants).byId;
    expect(third.get('o1')).toBe(second.get('o1'));
    expect(third.get('o2')?.name).toBe('Fuel run');
    // A placement makes a pending block; dropping it makes a resting one again.
    const moved = b.build(map(o1, o2b), map(job), new Map([['o1', { assetId: 'a1', start: 9, end: 10 }]]), noInstants).byId;
    expect(moved.get('o1')?.pending).toBe(true);
    const back = b.build(map(o1, o2b), map(job), new Map(), noInstants).byId;
    expect(back.get('o1')).not.toBe(moved.get('o1'));
    expect(back.get('o1')).toMatchObject({ pending: false, start: T });
  });
});
