import { describe, expect, it } from 'vitest';
import type { AssetDto, OccurrenceDto } from '@schedhuler/shared';
import { BoardStore } from './board-store.svelte';
import { GroupMove } from './group-move.svelte';
import type { GroupLive, Moves } from './group-move.svelte';
import { makeJob, makeOcc } from '../../test-support/factories';
import { DRAG_THRESHOLD_PX } from '../timeline/drag-maths';

const BOARD = 'board-1';
const MIN = 60_000;
const T = Date.parse('2027-03-22T08:00:00.000Z');
const iso = (t: number) => new Date(t).toISOString();
const asset = (id: string, code: string, status: AssetDto['status'] = 'working', kind: AssetDto['kind'] = 'vehicle'): AssetDto => ({ id, boardId: BOARD, code, name: `Van ${code}`, kind, status, version: 1 });
const occ = (id: string, assetId: string, startMin: number): OccurrenceDto => makeOcc({ id, jobId: 'j1', assetId, startsAt: iso(T + startMin * MIN), endsAt: iso(T + (startMin + 60) * MIN) });

function setup(occurrences: OccurrenceDto[], answer = 'Moved 2 occurrences') {
  const store = new BoardStore(BOARD, 'planner', 'u1');
  store.applySnapshot({
    board: { id: BOARD, name: 'B', timezone: 'UTC', horizonDays: 14, workingHours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' }, version: 1, lastSeq: 1 },
    // Rail order is by code (numeric): A2 before A10; A3 is in the workshop, G1 is equipment (another kind).
    assets: [asset('a10', 'A10'), asset('a1', 'A1'), asset('a2', 'A2'), asset('a3', 'A3', 'maintenance'), asset('g1', 'G1', 'working', 'equipment')],
    jobs: [makeJob({ id: 'j1', kind: 'task', name: 'Fuel run', assetId: 'a1' })],
    occurrences,
    conflicts: [],
    seq: 1,
  });
  const calls: string[] = [];
  const saved: Moves[] = [];
  const said: string[] = [];
  const announced: string[] = [];
  const live: GroupLive = {
    dragStart: (id) => void calls.push(`start ${id}`),
    dragMoveMany: (moves) => void calls.push(`move ${moves.map((m) => `${m.id}@${m.assetId}+${(m.start - T) / MIN}`).join(',')}`),
    dragEndMany: (ids, committed) => void calls.push(`end ${ids.join(',')} ${committed}`),
  };
  const group = new GroupMove({
    store,
    live: () => live,
    snapMin: () => 15,
    moveMany: async (moves) => {
      saved.push(moves);
      return answer;
    },
    say: (t) => void said.push(t),
    announce: (t) => void announced.push(t),
  });
  const placeOf = (id: string) => {
    const b = store.blocksById.get(id)!;
    return `${b.assetId}+${(b.start - T) / MIN}${b.pending ? ' pending' : ''}`;
  };
  return { store, group, calls, saved, said, announced, placeOf };
}

describe('GroupMove (keyboard)', () => {
  it('steps in time by the snap, previews through the overrides, saves on finish and drops the preview', async () => {
    const t = setup([occ('o1', 'a1', 0), occ('o2', 'a1', 120)]);
    t.group.startKeyboard(['o1', 'o2'], 'ArrowRight');
    t.group.step('ArrowRight');
    expect(t.group.via).toBe('keyboard');
    expect(t.placeOf('o1')).toBe('a1+30 pending');
    expect(t.placeOf('o2')).toBe('a1+150 pending');
    expect(t.calls).toEqual(['start o1', 'start o2', 'move o1@a1+15,o2@a1+135', 'move o1@a1+30,o2@a1+150']);
    expect(t.announced.at(-1)).toBe('2 occurrences, first at Van A1 08:30. Enter to save, Escape to cancel.');
    await t.group.finish(true);
    expect(t.saved).toHaveLength(1);
    expect(t.saved[0]!.map((m) => (m.start - T) / MIN)).toEqual([30, 150]);
    expect(t.placeOf('o1')).toBe('a1+0'); // the preview is gone; the server's answer (an event) moves it
    expect(t.calls.at(-1)).toBe('end o1,o2 true');
    expect(t.said).toEqual(['Moved 2 occurrences']);
    expect(t.group.active).toBe(false);
  });

  it('a one-row selection changes rows within its kind, skipping unbookable rows, in the rail order', () => {
    const t = setup([occ('o1', 'a2', 0), occ('o2', 'a2', 120)]);
    t.group.startKeyboard(['o1', 'o2'], 'ArrowDown');
    // a3 is in maintenance, g1 is equipment: the next bookable vehicle after A2 is A10.
    expect(t.placeOf('o1')).toBe('a10+0 pending');
    t.group.step('ArrowDown'); // no row below: nothing happens
    expect(t.placeOf('o2')).toBe('a10+120 pending');
    t.group.step('ArrowUp');
    t.group.step('ArrowUp');
    expect(t.placeOf('o1')).toBe('a1+0 pending');
  });

  it('a selection over several rows only moves in time, and says so', () => {
    const t = setup([occ('o1', 'a1', 0), occ('o2', 'a2', 0)]);
    t.group.startKeyboard(['o1', 'o2'], 'ArrowDown');
    expect(t.announced).toEqual(['These occurrences are on different rows: move them in time with Left and Right']);
    expect(t.placeOf('o1')).toBe('a1+0');
    t.group.step('ArrowLeft');
    expect(t.placeOf('o1')).toBe('a1+-15 pending');
    expect(t.placeOf('o2')).toBe('a2+-15 pending');
  });

  it('Escape gives the move up; saving an unchanged move says there is nothing to save', async () => {
    const t = setup([occ('o1', 'a1', 0), occ('o2', 'a1', 120)]);
    t.group.startKeyboard(['o1', 'o2'], 'ArrowRight');
    await t.group.finish(false);
    expect(t.placeOf('o1')).toBe('a1+0');
    expect(t.calls.at(-1)).toBe('end o1,o2 false');
    expect(t.said).toEqual(['Move cancelled']);
    t.group.startKeyboard(['o1', 'o2'], 'ArrowRight');
    t.group.step('ArrowLeft');
    await t.group.finish(true);
    expect(t.saved).toEqual([]);
    expect(t.said.at(-1)).toBe('Nothing to save');
  });

  it('a refused save ends the others\u2019 ghosts as not committed', async () => {
    const t = setup([occ('o1', 'a1', 0), occ('o2', 'a1', 120)], 'Not moved: o2 would overlap');
    t.group.startKeyboard(['o1', 'o2'], 'ArrowRight');
    await t.group.finish(true);
    expect(t.calls.at(-1)).toBe('end o1,o2 false');
    expect(t.said).toEqual(['Not moved: o2 would overlap']);
  });
});

describe('GroupMove (pointer)', () => {
  it('does nothing under the drag threshold; a release there is a click that hands back the ids', () => {
    const t = setup([occ('o1', 'a1', 0), occ('o2', 'a1', 120)]);
    t.group.startPointer(['o1', 'o2'], 7, 100, 100, T);
    let asked = 0;
    t.group.pointerMove(7, 100 + DRAG_THRESHOLD_PX - 1, 100, () => (asked++, { assetId: 'a1', at: T + 60 * MIN }));
    expect(asked).toBe(0);
    expect(t.group.started).toBe(false);
    expect(t.calls).toEqual([]);
    expect(t.group.ownsPointer(8)).toBe(false);
    expect(t.group.abandonClick()).toEqual(['o1', 'o2']);
    expect(t.group.active).toBe(false);
  });

  it('past the threshold snaps the time difference and follows the row under the pointer', async () => {
    const t = setup([occ('o1', 'a1', 0), occ('o2', 'a1', 120)]);
    t.group.startPointer(['o1', 'o2'], 7, 100, 100, T + 10 * MIN);
    t.group.pointerMove(8, 300, 300, () => ({ assetId: 'a2', at: T })); // another pointer: ignored
    expect(t.group.started).toBe(false);
    t.group.pointerMove(7, 140, 130, () => ({ assetId: 'a2', at: T + 72 * MIN }));
    expect(t.placeOf('o1')).toBe('a2+60 pending');
    t.group.pointerMove(7, 150, 130, () => ({ assetId: 'g1', at: T + 72 * MIN })); // an equipment row: the row stays
    expect(t.placeOf('o2')).toBe('a2+180 pending');
    await t.group.finish(true);
    expect(t.saved[0]!.map((m) => `${m.id}@${m.assetId}+${(m.start - T) / MIN}`)).toEqual(['o1@a2+60', 'o2@a2+180']);
  });
});
