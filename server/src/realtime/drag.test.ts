import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DragState } from '@schedhuler/shared/socket';
import { AppError } from '../errors';
import { DragRelay } from './drag';

const B = 'board';
function setup() {
  const sent: { from: string; state: DragState }[] = [];
  const relay = new DragRelay({ relay: (from, state) => sent.push({ from, state }), intervalMs: 50, maxPerSocket: 2 });
  return { relay, sent };
}
const at = (i: number) => `2026-12-01T08:${String(i).padStart(2, '0')}:00.000Z`;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('DragRelay', () => {
  it('relays start, throttled moves (latest wins) and end', () => {
    const { relay, sent } = setup();
    relay.start('s1', 'u1', B, 'o1');
    for (let i = 0; i < 20; i++) {
      relay.move('s1', 'u1', B, 'o1', 'a1', at(i));
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(100);
    const moves = sent.filter((s) => s.state.startsAt);
    expect(moves.length).toBeGreaterThanOrEqual(2);
    expect(moves.length).toBeLessThanOrEqual(4); // 100 ms of moves at one per 50 ms, plus the trailing one
    expect(moves.at(-1)!.state.startsAt).toBe(at(19));
    expect(relay.end('s1', B, 'o1', true)).toBe(true);
    expect(sent.at(-1)).toEqual({ from: 's1', state: { boardId: B, occurrenceId: 'o1', userId: 'u1', ended: true, committed: true } });
    expect(sent.every((s) => s.from === 's1')).toBe(true);
  });

  it('a pending move is dropped once the drag ended', () => {
    const { relay, sent } = setup();
    relay.start('s1', 'u1', B, 'o1');
    relay.move('s1', 'u1', B, 'o1', 'a1', at(1)); // pending, throttled
    vi.advanceTimersByTime(50);
    relay.move('s1', 'u1', B, 'o1', 'a1', at(2)); // pending again
    relay.end('s1', B, 'o1', false);
    vi.advanceTimersByTime(200);
    expect(sent.map((s) => s.state.startsAt ?? (s.state.ended ? 'end' : 'start'))).toEqual(['start', at(1), 'end']);
  });

  it('one user on one board gets one state per interval in total, across sockets and drags; the others wait their turn', () => {
    const { relay, sent } = setup();
    for (const s of ['s1', 's2', 's3']) for (const o of ['o1', 'o2']) relay.start(s, 'u1', B, `${s}-${o}`);
    relay.start('s9', 'u2', B, 'other'); // another user has a budget of their own
    expect(sent.map((s) => s.state.occurrenceId)).toEqual(['s1-o1', 'other']);
    for (let i = 0; i < 100; i++) {
      for (const s of ['s1', 's2', 's3']) for (const o of ['o1', 'o2']) relay.move(s, 'u1', B, `${s}-${o}`, 'a1', at(i % 60));
      vi.advanceTimersByTime(10);
    }
    // 1 s of flat-out moves from 6 drags: 20 states of u1, every drag had its turn.
    const mine = sent.filter((s) => s.state.userId === 'u1');
    expect(mine.length).toBeGreaterThanOrEqual(20);
    expect(mine.length).toBeLessThanOrEqual(21);
    expect(new Set(mine.map((s) => s.state.occurrenceId)).size).toBe(6);
    // The same user on another board is another lane.
    relay.start('s4', 'u1', 'other-board', 'x');
    expect(sent.at(-1)!.state).toMatchObject({ boardId: 'other-board', occurrenceId: 'x' });
  });

  it('a disconnect ends every drag of the socket, uncommitted', () => {
    const { relay, sent } = setup();
    relay.start('s1', 'u1', B, 'o1');
    relay.start('s1', 'u1', 'other', 'o2');
    relay.start('s2', 'u2', B, 'o3');
    vi.advanceTimersByTime(100);
    sent.length = 0;
    relay.dropSocket('s1');
    expect(sent.map((s) => s.state)).toEqual([
      { boardId: B, occurrenceId: 'o1', userId: 'u1', ended: true, committed: false },
      { boardId: 'other', occurrenceId: 'o2', userId: 'u1', ended: true, committed: false },
    ]);
    expect(relay.activeCount('s1')).toBe(0);
    expect(relay.activeCount('s2')).toBe(1);
    relay.dropBoard('s2', B);
    vi.advanceTimersByTime(100);
    expect(sent.at(-1)!.state).toMatchObject({ occurrenceId: 'o3', ended: true });
  });

  it('limits open drags per socket and ignores an end without a drag', () => {
    const { relay } = setup();
    relay.start('s1', 'u1', B, 'o1');
    relay.start('s1', 'u1', B, 'o2');
    expect(() => relay.start('s1', 'u1', B, 'o3')).toThrow(AppError);
    relay.start('s1', 'u1', B, 'o1'); // restarting an open drag is fine
    expect(relay.end('s1', B, 'nope', false)).toBe(false);
  });

  it('a move without a start starts the drag', () => {
    const { relay, sent } = setup();
    relay.move('s1', 'u1', B, 'o1', 'a1', at(1));
    vi.advanceTimersByTime(50);
    expect(sent.map((s) => s.state)).toEqual([
      { boardId: B, occurrenceId: 'o1', userId: 'u1' },
      { boardId: B, occurrenceId: 'o1', userId: 'u1', assetId: 'a1', startsAt: at(1) },
    ]);
  });
});
