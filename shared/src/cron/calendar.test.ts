import { describe, expect, it } from 'vitest';
import { parseCron } from './cron-parser';
import { MAX_RUNS, nextRuns, runsBetween } from './expand';
import type { CronMode } from './types';

function locals(cron: string, from: string, count: number, tz = 'UTC', mode: CronMode = 'job'): string[] {
  return nextRuns(cron, tz, { from: new Date(from), count, mode }).map((r) => r.local);
}

describe('calendar cases (UTC unless stated)', () => {
  it.each<[string, string, number, string[]]>([
    ['0 0 31 * *', '2026-01-01T00:00:00Z', 7, ['2026-01-31T00:00', '2026-03-31T00:00', '2026-05-31T00:00', '2026-07-31T00:00', '2026-08-31T00:00', '2026-10-31T00:00', '2026-12-31T00:00']],
    ['0 0 L * *', '2026-01-01T00:00:00Z', 4, ['2026-01-31T00:00', '2026-02-28T00:00', '2026-03-31T00:00', '2026-04-30T00:00']],
    ['0 0 L 2 *', '2027-01-01T00:00:00Z', 3, ['2027-02-28T00:00', '2028-02-29T00:00', '2029-02-28T00:00']],
    ['0 12 29 2 *', '2026-01-01T00:00:00Z', 3, ['2028-02-29T12:00', '2032-02-29T12:00', '2036-02-29T12:00']],
    // 2100 is not a leap year
    ['0 12 29 2 *', '2096-03-01T00:00:00Z', 1, ['2104-02-29T12:00']],
    ['0 0 * * *', '2026-12-30T12:00:00Z', 2, ['2026-12-31T00:00', '2027-01-01T00:00']],
    ['59 23 * * *', '2026-12-31T00:00:00Z', 2, ['2026-12-31T23:59', '2027-01-01T23:59']],
    ['59 23 31 12 *', '2026-01-01T00:00:00Z', 2, ['2026-12-31T23:59', '2027-12-31T23:59']],
    ['0 0 * * 5#2', '2026-01-01T00:00:00Z', 3, ['2026-01-09T00:00', '2026-02-13T00:00', '2026-03-13T00:00']],
    ['0 0 * * 1#5', '2026-01-01T00:00:00Z', 3, ['2026-03-30T00:00', '2026-06-29T00:00', '2026-08-31T00:00']],
    ['0 0 * 2 1#5', '2026-01-01T00:00:00Z', 2, ['2044-02-29T00:00', '2072-02-29T00:00']],
    ['0 0 * * 5L', '2026-01-01T00:00:00Z', 3, ['2026-01-30T00:00', '2026-02-27T00:00', '2026-03-27T00:00']],
    // 2026-08-15 is a Saturday, 2026-11-15 a Sunday
    ['0 0 15W * *', '2026-08-01T00:00:00Z', 4, ['2026-08-14T00:00', '2026-09-15T00:00', '2026-10-15T00:00', '2026-11-16T00:00']],
    // W stays inside the month: Saturday the 1st → Monday the 3rd; Sunday the 31st → Friday the 29th
    ['0 0 1W 8 *', '2026-07-01T00:00:00Z', 1, ['2026-08-03T00:00']],
    ['0 0 31W 5 *', '2026-01-01T00:00:00Z', 1, ['2026-05-29T00:00']],
    ['0 0 LW * *', '2026-05-01T00:00:00Z', 2, ['2026-05-29T00:00', '2026-06-30T00:00']],
    // OR'ed day fields: the 13th or any Friday (Friday the 13th runs once)
    ['0 0 13 * 5', '2026-01-01T00:00:00Z', 4, ['2026-01-02T00:00', '2026-01-09T00:00', '2026-01-13T00:00', '2026-01-16T00:00']],
    ['0 0 13 * 5', '2026-02-12T00:00:00Z', 2, ['2026-02-13T00:00', '2026-02-20T00:00']],
    ['0 0 1,15 * MON', '2026-05-31T00:00:00Z', 4, ['2026-06-01T00:00', '2026-06-08T00:00', '2026-06-15T00:00', '2026-06-22T00:00']],
    ['0 0 L * 1', '2026-01-25T00:00:00Z', 3, ['2026-01-26T00:00', '2026-01-31T00:00', '2026-02-02T00:00']],
    ['@hourly', '2026-01-01T00:30:00Z', 2, ['2026-01-01T01:00', '2026-01-01T02:00']],
    ['@daily', '2026-01-01T00:30:00Z', 1, ['2026-01-02T00:00']],
    ['@midnight', '2026-01-01T00:30:00Z', 1, ['2026-01-02T00:00']],
    ['@weekly', '2026-01-01T00:30:00Z', 2, ['2026-01-04T00:00', '2026-01-11T00:00']],
    ['@monthly', '2026-01-01T00:30:00Z', 2, ['2026-02-01T00:00', '2026-03-01T00:00']],
    ['@yearly', '2026-01-01T00:30:00Z', 2, ['2027-01-01T00:00', '2028-01-01T00:00']],
    ['@annually', '2026-01-01T00:30:00Z', 1, ['2027-01-01T00:00']],
    ['0 9-17/4 * JAN MON-FRI', '2026-01-01T00:00:00Z', 4, ['2026-01-01T09:00', '2026-01-01T13:00', '2026-01-01T17:00', '2026-01-02T09:00']],
    ['0 0 * * FRI-SUN', '2026-01-01T00:00:00Z', 4, ['2026-01-02T00:00', '2026-01-03T00:00', '2026-01-04T00:00', '2026-01-09T00:00']],
    ['15/20 8 * * *', '2026-01-01T00:00:00Z', 3, ['2026-01-01T08:15', '2026-01-01T08:35', '2026-01-01T08:55']],
  ])('%s after %s', (cron, from, count, expected) => {
    expect(locals(cron, from, count)).toEqual(expected);
  });

  it('keeps the zone\'s wall clock for calendar rules (Berlin, 31st across DST)', () => {
    expect(nextRuns('0 8 31 * *', 'Europe/Berlin', { from: Date.parse('2026-03-01T00:00:00Z'), count: 2 }).map((r) => r.at)).toEqual([
      '2026-03-31T08:00:00.000+02:00',
      '2026-05-31T08:00:00.000+02:00',
    ]);
  });

  it('supports a leading seconds field in preview mode', () => {
    expect(locals('*/20 * * * * *', '2026-01-01T00:00:00Z', 3, 'UTC', 'preview')).toEqual(['2026-01-01T00:00:20', '2026-01-01T00:00:40', '2026-01-01T00:01']);
    expect(nextRuns('*/20 * * * * *', 'UTC', { from: 0, count: 1, mode: 'job' })).toEqual([]);
  });
});

describe('bounds', () => {
  it('runsBetween is [from, to)', () => {
    const runs = runsBetween('0 * * * *', 'UTC', new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T03:00:00Z'));
    expect(runs.map((r) => r.local)).toEqual(['2026-01-01T00:00', '2026-01-01T01:00', '2026-01-01T02:00']);
  });

  it('respects max and the 100 000 ceiling', () => {
    expect(runsBetween('*/5 * * * *', 'UTC', 0, Date.parse('2030-01-01T00:00:00Z'), { max: 7 })).toHaveLength(7);
    expect(runsBetween('*/5 * * * *', 'UTC', 0, Date.parse('2030-01-01T00:00:00Z'))).toHaveLength(10_000);
    expect(nextRuns('*/5 * * * *', 'UTC', { from: 0, count: 1e9 })).toHaveLength(MAX_RUNS);
  });

  it('returns no runs for empty windows, bad counts, bad dates, bad crons, bad zones', () => {
    expect(runsBetween('0 * * * *', 'UTC', 1000, 1000)).toEqual([]);
    expect(runsBetween('0 * * * *', 'UTC', 2000, 1000)).toEqual([]);
    expect(nextRuns('0 * * * *', 'UTC', { from: 0, count: 0 })).toEqual([]);
    expect(nextRuns('0 * * * *', 'UTC', { from: 0, count: -5 })).toEqual([]);
    expect(nextRuns('0 * * * *', 'UTC', { from: 0, count: Number.NaN })).toEqual([]);
    expect(nextRuns('0 * * * *', 'UTC', { from: new Date('nope'), count: 3 })).toEqual([]);
    expect(nextRuns('61 * * * *', 'UTC', { from: 0, count: 3 })).toEqual([]);
    expect(nextRuns('0 * * * *', 'Mars/Base', { from: 0, count: 3 })).toEqual([]);
    expect(nextRuns('* * * * *', 'UTC', { from: 0, count: 3, mode: 'job' })).toEqual([]);
    expect(nextRuns('1.5', 'UTC', { from: 0, count: 1.9 })).toEqual([]);
  });

  it('truncates a fractional count', () => {
    expect(nextRuns('0 * * * *', 'UTC', { from: 0, count: 2.9 })).toHaveLength(2);
  });

  it('stops at the end of year 9999 and starts at 1970', () => {
    expect(locals('0 0 31 12 *', '9999-12-30T00:00:00Z', 3)).toEqual(['9999-12-31T00:00']);
    expect(locals('0 0 * * *', '9999-12-31T12:00:00Z', 3)).toEqual([]);
    expect(nextRuns('0 0 1 1 *', 'UTC', { from: -1e12, count: 1 })[0]?.at).toBe('1970-01-01T00:00:00.000Z');
  });

  it('finds a rare schedule quickly and bounded', () => {
    const cron = parseCron('0 0 * 2 1#5', 'job');
    expect(cron.ok).toBe(true);
    if (!cron.ok) return;
    const t0 = performance.now();
    const runs = nextRuns(cron.value, 'Europe/Berlin', { from: 0, count: 100 });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(runs).toHaveLength(100);
    expect(runs[0]?.at).toBe('1988-02-29T00:00:00.000+01:00');
    expect(runs.every((r) => r.local.endsWith('-02-29T00:00'))).toBe(true);
    expect(runs.at(-1)?.at).toBe('4636-02-29T00:00:00.000+01:00');
  });
});
