import { describe, expect, it } from 'vitest';
import { agendaWindow, todayAgenda } from './today-agenda';
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

  describe('agendaWindow', () => {
    const runs = (n: number) => Array.from({ length: n }, (_, i) => ({ end: (i + 1) * 10 }));

    it('shows every run of an asset with few of them, finished ones too', () => {
      expect(agendaWindow(runs(8), 1_000, 8)).toEqual({ from: 0, to: 8 });
      expect(agendaWindow([], 0, 8)).toEqual({ from: 0, to: 0 });
    });

    it('with many, starts at the first run not over yet: the one in progress, then the next', () => {
      // Runs end at 10, 20, …: at 35 the fourth (ends 40) is in progress.
      expect(agendaWindow(runs(100), 35, 8)).toEqual({ from: 3, to: 11 });
      // At 40 exactly the fourth is over.
      expect(agendaWindow(runs(100), 40, 8)).toEqual({ from: 4, to: 12 });
      // Before the first run: the first eight.
      expect(agendaWindow(runs(100), 0, 8)).toEqual({ from: 0, to: 8 });
    });

    it('near and after the day’s end it still shows as many: the last ones', () => {
      expect(agendaWindow(runs(100), 975, 8)).toEqual({ from: 92, to: 100 });
      expect(agendaWindow(runs(100), 5_000, 8)).toEqual({ from: 92, to: 100 });
    });

    it('a long run still in progress keeps its place although shorter ones after it are over', () => {
      const list = [{ end: 10 }, { end: 500 }, { end: 30 }, { end: 40 }, { end: 50 }, { end: 60 }];
      expect(agendaWindow(list, 45, 3)).toEqual({ from: 1, to: 4 });
    });

    it('any instant and size gives a window of min(max, n) runs inside the list', () => {
      for (let n = 0; n < 30; n++) {
        for (const now of [-5, 0, 7, 55, 123, 299, 301, 1e9]) {
          const { from, to } = agendaWindow(runs(n), now, 8);
          expect(to - from).toBe(Math.min(8, n));
          expect(from).toBeGreaterThanOrEqual(0);
          expect(to).toBeLessThanOrEqual(n);
        }
      }
    });
  });
});
