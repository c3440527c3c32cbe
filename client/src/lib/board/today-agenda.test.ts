import { describe, expect, it } from 'vitest';
import { todayAgenda } from './today-agenda';
import type { AgendaBlock } from './today-agenda';

const ZONE = 'Europe/Berlin';
const at = (iso: string) => Date.parse(iso);
const asset = (id: string, code: string) => ({ id, code, name: code, kind: 'person' as const });
const block = (id: string, assetId: string, start: string, end: string): AgendaBlock => ({ id, assetId, start: at(start), end: at(end), name: id, kind: 'task', conflicted: false });

describe('today agenda', () => {
  it('lists the runs touching today in the board zone, per asset in board order, by start', () => {
    // Sunday 2027-03-21 22:00 Berlin (21:00Z): today is 2027-03-20T23:00Z .. 2027-03-21T23:00Z.
    const now = at('2027-03-21T21:00:00Z');
    const blocks = [
      block('night', 'g1', '2027-03-21T21:00:00Z', '2027-03-21T21:40:00Z'),
      block('early', 'g1', '2027-03-21T04:00:00Z', '2027-03-21T05:30:00Z'),
      block('overnight', 'g2', '2027-03-20T22:30:00Z', '2027-03-20T23:30:00Z'), // 23:30–00:30 local: touches today
      block('yesterday', 'g2', '2027-03-20T20:00:00Z', '2027-03-20T21:00:00Z'),
      block('tomorrow', 'g2', '2027-03-21T23:00:00Z', '2027-03-22T00:00:00Z'),
    ];
    const { day, rows } = todayAgenda([asset('g2', 'G-2'), asset('g1', 'G-1'), asset('g3', 'G-3')], blocks, now, ZONE);
    expect(day).toEqual({ start: at('2027-03-20T23:00:00Z'), end: at('2027-03-21T23:00:00Z') });
    expect(rows.map((r) => [r.asset.code, r.runs.map((b) => b.id)])).toEqual([
      ['G-2', ['overnight']],
      ['G-1', ['early', 'night']],
    ]);
  });

  it('a 23-hour DST day is today in full, and nothing on it spills', () => {
    const now = at('2027-03-28T10:00:00Z');
    const { day } = todayAgenda([], [], now, ZONE);
    expect(day.end - day.start).toBe(23 * 3_600_000);
  });
});
