import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  freeGaps,
  isFree,
  mergeWindows,
  MINUTE_MS,
  nextFreeWindows,
  overlaps,
  snapDown,
  snapNearest,
  snapUp,
  snapWindow,
  SNAP_15_MIN_MS,
  type TimeWindow,
} from './windows';

const t = (hhmm: string) => Date.parse(`2026-12-01T${hhmm}:00Z`);
const w = (a: string, b: string): TimeWindow => ({ start: t(a), end: t(b) });
const iso = (ws: TimeWindow[]) => ws.map((x) => `${new Date(x.start).toISOString().slice(11, 16)}-${new Date(x.end).toISOString().slice(11, 16)}`);

describe('overlaps', () => {
  it.each([
    ['touching windows do not overlap', w('09:00', '10:00'), w('10:00', '11:00'), false],
    ['touching the other way round', w('10:00', '11:00'), w('09:00', '10:00'), false],
    ['one minute of overlap', w('09:00', '10:01'), w('10:00', '11:00'), true],
    ['containment', w('08:00', '12:00'), w('09:00', '10:00'), true],
    ['identical', w('09:00', '10:00'), w('09:00', '10:00'), true],
    ['disjoint', w('07:00', '08:00'), w('09:00', '10:00'), false],
    ['an empty window overlaps nothing', w('09:30', '09:30'), w('09:00', '10:00'), false],
  ])('%s', (_name, a, b, expected) => {
    expect(overlaps(a, b)).toBe(expected);
  });

  it('isFree checks every busy window', () => {
    const busy = [w('09:00', '10:00'), w('11:00', '12:00')];
    expect(isFree(busy, w('10:00', '11:00'))).toBe(true);
    expect(isFree(busy, w('10:30', '11:30'))).toBe(false);
  });
});

describe('mergeWindows / freeGaps', () => {
  it('joins overlapping and touching intervals, drops empty ones, sorts', () => {
    const merged = mergeWindows([w('11:00', '12:00'), w('09:00', '10:00'), w('10:00', '10:30'), w('09:30', '09:45'), w('13:00', '13:00')]);
    expect(iso(merged)).toEqual(['09:00-10:30', '11:00-12:00']);
  });

  it('does not mutate its input', () => {
    const input = [w('09:00', '10:00'), w('09:30', '11:00')];
    mergeWindows(input);
    expect(iso(input)).toEqual(['09:00-10:00', '09:30-11:00']);
  });

  it('lists the free gaps inside a range', () => {
    const busy = [w('09:00', '10:00'), w('11:00', '12:00'), w('05:00', '06:00')];
    expect(iso(freeGaps(busy, t('08:00'), t('13:00')))).toEqual(['08:00-09:00', '10:00-11:00', '12:00-13:00']);
    expect(iso(freeGaps(busy, t('09:30'), t('11:30')))).toEqual(['10:00-11:00']);
    expect(freeGaps([], t('10:00'), t('10:00'))).toEqual([]);
  });
});

describe('nextFreeWindows', () => {
  const busy = [w('09:00', '10:00'), w('10:30', '12:00')];
  const hour = 60 * MINUTE_MS;

  it('skips gaps that are too short and returns 3 back-to-back windows by default', () => {
    expect(iso(nextFreeWindows(busy, hour, t('08:30')))).toEqual(['12:00-13:00', '13:00-14:00', '14:00-15:00']);
  });

  it('uses a gap that fits exactly (half-open windows touch their neighbours)', () => {
    expect(iso(nextFreeWindows(busy, 30 * MINUTE_MS, t('09:30'), 2))).toEqual(['10:00-10:30', '12:00-12:30']);
  });

  it('starts at `after` when the asset is free then', () => {
    expect(iso(nextFreeWindows(busy, hour, t('07:10'), 1))).toEqual(['07:10-08:10']);
  });

  it('snaps starts up to the grid', () => {
    expect(iso(nextFreeWindows(busy, hour, t('07:10'), 2, undefined, SNAP_15_MIN_MS))).toEqual(['07:15-08:15', '12:00-13:00']);
  });

  it('stops at the limit', () => {
    expect(iso(nextFreeWindows(busy, hour, t('10:00'), 5, t('14:30')))).toEqual(['12:00-13:00', '13:00-14:00']);
    expect(nextFreeWindows([w('00:00', '23:59')], hour, t('00:00'), 3, t('23:59'))).toEqual([]);
  });

  it('stays bounded with a huge range and many busy intervals', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ start: i * 10, end: i * 10 + 9 }));
    expect(nextFreeWindows(many, 5, 0, 3, Number.MAX_SAFE_INTEGER)).toEqual([
      { start: 99_999, end: 100_004 },
      { start: 100_004, end: 100_009 },
      { start: 100_009, end: 100_014 },
    ]);
  });

  it('rejects a non-positive length', () => {
    expect(() => nextFreeWindows(busy, 0, t('08:00'))).toThrow(RangeError);
  });
});

describe('snapping', () => {
  const at = t('10:07') + 30_000; // 10:07:30
  it('snaps down, up and to the nearest 5 or 15 minutes', () => {
    expect(snapDown(at)).toBe(t('10:05'));
    expect(snapUp(at)).toBe(t('10:10'));
    expect(snapNearest(at)).toBe(t('10:10'));
    expect(snapNearest(t('10:07'))).toBe(t('10:05'));
    expect(snapDown(at, SNAP_15_MIN_MS)).toBe(t('10:00'));
    expect(snapUp(at, SNAP_15_MIN_MS)).toBe(t('10:15'));
    expect(snapNearest(at, SNAP_15_MIN_MS)).toBe(t('10:15'));
    expect(snapUp(t('10:15'), SNAP_15_MIN_MS)).toBe(t('10:15'));
  });

  it('moves a window to the grid keeping its length', () => {
    expect(iso([snapWindow({ start: t('10:02'), end: t('11:02') })])).toEqual(['10:00-11:00']);
  });
});

// Small integer "milliseconds" keep the brute-force oracles below cheap.
const arbWindow = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 40 })).map(([s, l]) => ({ start: s, end: s + l }));
const covered = (ws: readonly TimeWindow[], p: number) => ws.some((x) => x.start <= p && p < x.end);

describe('properties', () => {
  it('overlaps is symmetric and means "share an integer instant"', () => {
    fc.assert(
      fc.property(arbWindow, arbWindow, (a, b) => {
        let shared = false;
        for (let p = Math.max(a.start, b.start); p < Math.min(a.end, b.end); p++) shared = true;
        expect(overlaps(a, b)).toBe(overlaps(b, a));
        expect(overlaps(a, b)).toBe(shared);
      }),
    );
  });

  it('mergeWindows covers the same instants with sorted, separated intervals', () => {
    fc.assert(
      fc.property(fc.array(arbWindow, { maxLength: 20 }), (busy) => {
        const merged = mergeWindows(busy);
        for (let p = -1; p <= 250; p++) expect(covered(merged, p)).toBe(covered(busy, p));
        merged.forEach((m, i) => {
          expect(m.start).toBeLessThan(m.end);
          if (i > 0) expect(m.start).toBeGreaterThan(merged[i - 1]!.end);
        });
      }),
    );
  });

  it('nextFreeWindows returns the earliest free windows in order (brute-force oracle)', () => {
    fc.assert(
      fc.property(
        fc.array(arbWindow, { maxLength: 15 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 300 }),
        (busy, length, after, count, span) => {
          const limit = after + span;
          const expected: TimeWindow[] = [];
          let p = after;
          while (expected.length < count && p + length <= limit) {
            const cand = { start: p, end: p + length };
            if (isFree(busy, cand)) {
              expected.push(cand);
              p += length;
            } else p++;
          }
          expect(nextFreeWindows(busy, length, after, count, limit)).toEqual(expected);
        },
      ),
    );
  });

  it('snapped free windows start on the grid and stay free', () => {
    fc.assert(
      fc.property(fc.array(arbWindow, { maxLength: 15 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 150 }), (busy, length, after) => {
        for (const x of nextFreeWindows(busy, length, after, 3, after + 400, 5)) {
          expect(x.start % 5).toBe(0);
          expect(x.start).toBeGreaterThanOrEqual(after);
          expect(x.end - x.start).toBe(length);
          expect(isFree(busy, x)).toBe(true);
        }
      }),
    );
  });
});
