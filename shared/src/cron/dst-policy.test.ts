import { describe, expect, it } from 'vitest';
import { nextRuns, runsBetween } from './expand';
import type { CronRun } from './types';

/** Compact form of a run: its ISO instant, plus the DST mark when there is one. */
const show = (r: CronRun) => (r.dst ? `${r.at} ${r.dst}` : r.at);

function next(cron: string, tz: string, from: string, count: number): string[] {
  const runs = nextRuns(cron, tz, { from: new Date(from), count, mode: 'job' });
  for (const r of runs) expect(r.epochMs).toBe(Date.parse(r.at));
  return runs.map(show);
}

// [cron, zone, from (exclusive), expected runs]
type Case = [string, string, string, string[]];

describe('DST policy: spring-forward gap', () => {
  const cases: Case[] = [
    // Europe/Berlin 2027-03-28: 02:00 CET → 03:00 CEST
    ['30 2 * * *', 'Europe/Berlin', '2027-03-27T00:00:00Z', ['2027-03-27T02:30:00.000+01:00', '2027-03-28T03:00:00.000+02:00 shifted', '2027-03-29T02:30:00.000+02:00']],
    ['*/20 2 * * *', 'Europe/Berlin', '2027-03-28T00:00:00Z', ['2027-03-28T03:00:00.000+02:00 shifted', '2027-03-29T02:00:00.000+02:00', '2027-03-29T02:20:00.000+02:00']],
    // 02:00 and 02:30 collapse onto the 03:00 run that exists anyway: one run, not marked
    ['0,30 2,3 * * *', 'Europe/Berlin', '2027-03-28T00:00:00Z', ['2027-03-28T03:00:00.000+02:00', '2027-03-28T03:30:00.000+02:00', '2027-03-29T02:00:00.000+02:00']],
    ['*/30 * * * *', 'Europe/Berlin', '2027-03-28T00:40:00Z', ['2027-03-28T03:00:00.000+02:00', '2027-03-28T03:30:00.000+02:00', '2027-03-28T04:00:00.000+02:00']],
    ['0 */2 * * *', 'Europe/Berlin', '2027-03-27T23:30:00Z', ['2027-03-28T04:00:00.000+02:00', '2027-03-28T06:00:00.000+02:00']],
    // America/New_York 2026-03-08: 02:00 EST → 03:00 EDT
    ['30 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z', ['2026-03-08T03:00:00.000-04:00 shifted', '2026-03-09T02:30:00.000-04:00']],
    ['*/15 * * * *', 'America/New_York', '2026-03-08T06:40:00Z', ['2026-03-08T01:45:00.000-05:00', '2026-03-08T03:00:00.000-04:00', '2026-03-08T03:15:00.000-04:00']],
    // Australia/Lord_Howe 2026-10-04: a 30-minute shift, 02:00 +10:30 → 02:30 +11:00
    ['15 2 * * *', 'Australia/Lord_Howe', '2026-10-03T00:00:00Z', ['2026-10-04T02:30:00.000+11:00 shifted', '2026-10-05T02:15:00.000+11:00']],
    ['*/10 * * * *', 'Australia/Lord_Howe', '2026-10-03T15:15:00Z', ['2026-10-04T01:50:00.000+10:30', '2026-10-04T02:30:00.000+11:00', '2026-10-04T02:40:00.000+11:00']],
    // America/Santiago 2026-09-06: the gap is at midnight, 00:00 -04 → 01:00 -03
    ['0 0 * * *', 'America/Santiago', '2026-09-05T12:00:00Z', ['2026-09-06T01:00:00.000-03:00 shifted', '2026-09-07T00:00:00.000-03:00']],
    ['30 0 * * *', 'America/Santiago', '2026-09-05T12:00:00Z', ['2026-09-06T01:00:00.000-03:00 shifted', '2026-09-07T00:30:00.000-03:00']],
    ['0 * * * *', 'America/Santiago', '2026-09-06T03:30:00Z', ['2026-09-06T01:00:00.000-03:00', '2026-09-06T02:00:00.000-03:00']],
    // America/Havana 2026-03-08: midnight gap too, 00:00 CST → 01:00 CDT
    ['@daily', 'America/Havana', '2026-03-07T12:00:00Z', ['2026-03-08T01:00:00.000-04:00 shifted', '2026-03-09T00:00:00.000-04:00']],
  ];
  it.each(cases)('%s in %s after %s', (cron, tz, from, expected) => {
    expect(next(cron, tz, from, expected.length)).toEqual(expected);
  });

  it('a collapsed run keeps its place when the count ends on it', () => {
    expect(next('0,30 2,3 * * *', 'Europe/Berlin', '2027-03-28T00:00:00Z', 1)).toEqual(['2027-03-28T03:00:00.000+02:00']);
  });

  it('reports the wall-clock text of the shifted instant', () => {
    const [run] = nextRuns('30 2 * * *', 'Europe/Berlin', { from: Date.parse('2027-03-28T00:00:00Z'), count: 1 });
    expect(run).toEqual({ at: '2027-03-28T03:00:00.000+02:00', local: '2027-03-28T03:00', dst: 'shifted', epochMs: Date.parse('2027-03-28T01:00:00Z') });
  });
});

describe('DST policy: fall-back fold', () => {
  const cases: Case[] = [
    // Europe/Berlin 2026-10-25: 03:00 CEST → 02:00 CET
    ['30 2 * * *', 'Europe/Berlin', '2026-10-24T00:00:00Z', ['2026-10-24T02:30:00.000+02:00', '2026-10-25T02:30:00.000+02:00', '2026-10-26T02:30:00.000+01:00']],
    ['*/20 2 * * *', 'Europe/Berlin', '2026-10-24T23:30:00Z', ['2026-10-25T02:00:00.000+02:00', '2026-10-25T02:20:00.000+02:00', '2026-10-25T02:40:00.000+02:00', '2026-10-26T02:00:00.000+01:00']],
    ['0 * * * *', 'Europe/Berlin', '2026-10-24T23:30:00Z', ['2026-10-25T02:00:00.000+02:00', '2026-10-25T02:00:00.000+01:00 repeated', '2026-10-25T03:00:00.000+01:00']],
    // America/New_York 2026-11-01: 02:00 EDT → 01:00 EST
    ['*/20 1 * * *', 'America/New_York', '2026-11-01T00:00:00Z', ['2026-11-01T01:00:00.000-04:00', '2026-11-01T01:20:00.000-04:00', '2026-11-01T01:40:00.000-04:00', '2026-11-02T01:00:00.000-05:00']],
    ['0 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', ['2026-11-01T01:00:00.000-04:00', '2026-11-02T01:00:00.000-05:00']],
    [
      '*/15 * * * *',
      'America/New_York',
      '2026-11-01T04:50:00Z',
      [
        '2026-11-01T01:00:00.000-04:00',
        '2026-11-01T01:15:00.000-04:00',
        '2026-11-01T01:30:00.000-04:00',
        '2026-11-01T01:45:00.000-04:00',
        '2026-11-01T01:00:00.000-05:00 repeated',
        '2026-11-01T01:15:00.000-05:00 repeated',
        '2026-11-01T01:30:00.000-05:00 repeated',
        '2026-11-01T01:45:00.000-05:00 repeated',
        '2026-11-01T02:00:00.000-05:00',
      ],
    ],
    // starting inside the first pass (late in it, with more fold runs before `from` than `count`), then inside the second pass
    ['*/5 * * * *', 'America/New_York', '2026-11-01T05:50:00Z', ['2026-11-01T01:55:00.000-04:00', '2026-11-01T01:00:00.000-05:00 repeated']],
    ['*/15 * * * *', 'America/New_York', '2026-11-01T05:50:00Z', ['2026-11-01T01:00:00.000-05:00 repeated', '2026-11-01T01:15:00.000-05:00 repeated']],
    ['*/15 * * * *', 'America/New_York', '2026-11-01T06:10:00Z', ['2026-11-01T01:15:00.000-05:00 repeated', '2026-11-01T01:30:00.000-05:00 repeated']],
    // Australia/Lord_Howe 2026-04-05: 02:00 +11:00 → 01:30 +10:30, a 30-minute fold
    ['45 1 * * *', 'Australia/Lord_Howe', '2026-04-04T00:00:00Z', ['2026-04-05T01:45:00.000+11:00', '2026-04-06T01:45:00.000+10:30']],
    [
      '*/15 * * * *',
      'Australia/Lord_Howe',
      '2026-04-04T14:20:00Z',
      ['2026-04-05T01:30:00.000+11:00', '2026-04-05T01:45:00.000+11:00', '2026-04-05T01:30:00.000+10:30 repeated', '2026-04-05T01:45:00.000+10:30 repeated', '2026-04-05T02:00:00.000+10:30'],
    ],
    // America/Santiago 2026-04-04: 24:00 -03 → 23:00 -04; America/Havana 2026-11-01: 01:00 CDT → 00:00 CST
    ['30 23 * * *', 'America/Santiago', '2026-04-04T12:00:00Z', ['2026-04-04T23:30:00.000-03:00', '2026-04-05T23:30:00.000-04:00']],
    ['0 0 * * *', 'America/Havana', '2026-10-31T12:00:00Z', ['2026-11-01T00:00:00.000-04:00', '2026-11-02T00:00:00.000-05:00']],
    ['30 * * * *', 'America/Havana', '2026-11-01T04:00:00Z', ['2026-11-01T00:30:00.000-04:00', '2026-11-01T00:30:00.000-05:00 repeated', '2026-11-01T01:30:00.000-05:00']],
  ];
  it.each(cases)('%s in %s after %s', (cron, tz, from, expected) => {
    expect(next(cron, tz, from, expected.length)).toEqual(expected);
  });

  it('runsBetween walks both passes of a fold in instant order', () => {
    const runs = runsBetween('0,30 * * * *', 'America/New_York', Date.parse('2026-11-01T05:00:00Z'), Date.parse('2026-11-01T07:00:00Z'));
    expect(runs.map(show)).toEqual([
      '2026-11-01T01:00:00.000-04:00',
      '2026-11-01T01:30:00.000-04:00',
      '2026-11-01T01:00:00.000-05:00 repeated',
      '2026-11-01T01:30:00.000-05:00 repeated',
    ]);
    expect(runs.map((r) => r.local)).toEqual(['2026-11-01T01:00', '2026-11-01T01:30', '2026-11-01T01:00', '2026-11-01T01:30']);
  });
});

describe('zones without DST', () => {
  it.each<Case>([
    // from is exclusive: 09:00 JST on 03-29 is exactly `from`
    ['0 9 * * *', 'Asia/Tokyo', '2026-03-29T00:00:00Z', ['2026-03-30T09:00:00.000+09:00', '2026-03-31T09:00:00.000+09:00']],
    ['0 9 * * *', 'Asia/Tokyo', '2026-11-01T00:00:00Z', ['2026-11-02T09:00:00.000+09:00']],
    ['0 9 * * *', 'UTC', '2026-03-29T00:00:00Z', ['2026-03-29T09:00:00.000Z', '2026-03-30T09:00:00.000Z']],
    ['30 2 * * *', 'UTC', '2027-03-28T00:00:00Z', ['2027-03-28T02:30:00.000Z']],
    ['*/30 1 * * *', 'Etc/UTC', '2026-11-01T00:00:00Z', ['2026-11-01T01:00:00.000Z', '2026-11-01T01:30:00.000Z']],
    ['0 12 * * *', 'Asia/Kolkata', '2026-01-01T00:00:00Z', ['2026-01-01T12:00:00.000+05:30']],
    ['0 0 * * *', 'Europe/London', '2026-01-01T00:00:00Z', ['2026-01-02T00:00:00.000+00:00']],
  ])('%s in %s after %s', (cron, tz, from, expected) => {
    expect(next(cron, tz, from, expected.length)).toEqual(expected);
  });
});
