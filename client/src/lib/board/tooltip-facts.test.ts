import { describe, expect, it } from 'vitest';
import type { AssetDto, BoardEvent, OccurrenceDto } from '@schedhuler/shared';
import { BoardStore } from './board-store.svelte';
import { tooltipFacts } from './tooltip-facts';
import { makeJob, makeOcc } from '../../test-support/factories';

const BOARD = 'board-1';
const van: AssetDto = { id: 'a1', boardId: BOARD, code: 'VAN-1', name: 'Van 1', kind: 'vehicle', status: 'working', version: 1 };
const gate: AssetDto = { id: 'cp', boardId: BOARD, code: 'CP-GATE', name: 'Main gate', kind: 'checkpoint', status: 'working', version: 1 };
const occ = (version: number, startsAt = '2027-03-22T08:00:00.000Z', endsAt = '2027-03-22T09:00:00.000Z'): OccurrenceDto =>
  makeOcc({ id: 'o1', jobId: 'j1', assetId: 'a1', startsAt, endsAt, version, stops: [{ seq: 1, assetId: 'cp', startsAt, endsAt: new Date(Date.parse(startsAt) + 600_000).toISOString() }] });

function store(updatedBy: OccurrenceDto['updatedBy']) {
  const s = new BoardStore(BOARD, 'planner', 'u1');
  s.applySnapshot({
    board: { id: BOARD, name: 'B', timezone: 'Europe/Berlin', horizonDays: 14, workingHours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' }, version: 1, lastSeq: 5 },
    assets: [van, gate],
    jobs: [makeJob({ id: 'j1', kind: 'internal_tour', name: 'Night patrol', assetId: 'a1' })],
    occurrences: [{ ...occ(1), updatedBy }],
    conflicts: [],
    seq: 5,
  });
  return s;
}

const factsOf = (s: BoardStore) => tooltipFacts(s.blocks[0]!, van, s.assetsById, 'Europe/Berlin');

describe('tooltip facts', () => {
  it('says kind, when, asset, status, the stops and who changed it last (from the snapshot)', () => {
    expect(factsOf(store({ id: 'u2', displayName: 'Ben Planner' }))).toEqual({
      name: 'Night patrol',
      kind: 'Internal tour',
      when: 'Mon 22 Mar, 09:00–10:00',
      asset: 'VAN-1 Van 1',
      status: 'Scheduled',
      stops: [{ key: '1', place: 'Main gate', time: '09:00–09:10' }],
      changedBy: 'Ben Planner',
    });
    expect(factsOf(store(null)).changedBy).toBeNull();
  });

  it('a live change names its actor as the last to change it', () => {
    const s = store({ id: 'u1', displayName: 'Ana Planner' });
    const ev = { boardId: BOARD, seq: 6, type: 'occurrence.updated', at: '2027-03-22T07:00:00Z', actor: { id: 'u3', displayName: 'Cem' }, data: { ...occ(2, '2027-03-22T09:00:00.000Z', '2027-03-22T10:00:00.000Z'), changeId: 'c1' } } as BoardEvent;
    s.applyEvent(ev);
    const f = factsOf(s);
    expect(f.changedBy).toBe('Cem');
    expect(f.when).toBe('Mon 22 Mar, 10:00–11:00');
    expect(f.stops[0]!.time).toBe('10:00–10:10');
  });
});
