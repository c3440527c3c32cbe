import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKING_HOURS } from '../schemas/working-hours';
import { workingHoursOf, workingMinutes, workingSpans, zonedEdges } from './working-hours';

const BERLIN = 'Europe/Berlin';
const t = (iso: string) => Date.parse(iso);
const day = (from: string, to: string) => ({ start: t(from), end: t(to) });

describe('workingHoursOf', () => {
  it("is the board's hours, or Mon–Fri 07:00–19:00 when the board has none", () => {
    const custom = { days: [6], start: '08:00', end: '12:00' };
    expect(workingHoursOf({ workingHours: custom })).toBe(custom);
    expect(workingHoursOf({})).toEqual({ days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' });
    expect(workingHoursOf(null)).toBe(DEFAULT_WORKING_HOURS);
  });
});

describe('workingSpans / workingMinutes', () => {
  it('a Berlin week (Mon 2026-12-07 .. Mon 12-14): five days of 12 h, in local time', () => {
    const week = day('2026-12-06T23:00:00Z', '2026-12-13T23:00:00Z');
    const spans = workingSpans(week, DEFAULT_WORKING_HOURS, BERLIN);
    expect(spans).toHaveLength(5);
    expect(new Date(spans[0]!.start).toISOString()).toBe('2026-12-07T06:00:00.000Z'); // 07:00 CET
    expect(new Date(spans[4]!.end).toISOString()).toBe('2026-12-11T18:00:00.000Z'); // Fri 19:00 CET
    expect(workingMinutes(week, DEFAULT_WORKING_HOURS, BERLIN)).toBe(5 * 12 * 60);
  });

  it('weekends have none; a range is clipped at both ends', () => {
    expect(workingMinutes(day('2026-12-12T00:00:00Z', '2026-12-13T22:00:00Z'), DEFAULT_WORKING_HOURS, BERLIN)).toBe(0);
    // Monday 10:30–12:00 Berlin
    expect(workingMinutes(day('2026-12-07T09:30:00Z', '2026-12-07T11:00:00Z'), DEFAULT_WORKING_HOURS, BERLIN)).toBe(90);
    // Monday 05:00–08:00 Berlin: only 07:00–08:00 is working time
    expect(workingMinutes(day('2026-12-07T04:00:00Z', '2026-12-07T07:00:00Z'), DEFAULT_WORKING_HOURS, BERLIN)).toBe(60);
    expect(workingMinutes(day('2026-12-07T07:00:00Z', '2026-12-07T07:00:00Z'), DEFAULT_WORKING_HOURS, BERLIN)).toBe(0);
  });

  it('DST: 07:00–19:00 stays 12 h on both change days; a whole-day span is 23 h and 25 h', () => {
    const all = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };
    const office = { days: [7], start: '07:00', end: '19:00' };
    const spring = day('2027-03-27T23:00:00Z', '2027-03-28T22:00:00Z'); // Sun 28 Mar 2027, Berlin
    const autumn = day('2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z'); // Sun 25 Oct 2026, Berlin
    expect(workingMinutes(spring, office, BERLIN)).toBe(12 * 60);
    expect(workingMinutes(autumn, office, BERLIN)).toBe(12 * 60);
    expect(workingMinutes(spring, all, BERLIN)).toBe(23 * 60);
    expect(workingMinutes(autumn, all, BERLIN)).toBe(25 * 60);
    expect(workingSpans(spring, office, BERLIN)).toEqual([{ start: t('2027-03-28T05:00:00Z'), end: t('2027-03-28T17:00:00Z') }]);
    // A start inside the spring gap (02:30 does not exist) moves forward by the gap, to 03:30.
    expect(workingSpans(spring, { days: [7], start: '02:30', end: '04:00' }, BERLIN)).toEqual([{ start: t('2027-03-28T01:30:00Z'), end: t('2027-03-28T02:00:00Z') }]);
  });

  it('other zones: the same hours are other instants', () => {
    const mon = day('2026-12-07T00:00:00Z', '2026-12-08T12:00:00Z');
    expect(workingSpans(mon, { days: [1], start: '09:00', end: '17:00' }, 'America/New_York')).toEqual([{ start: t('2026-12-07T14:00:00Z'), end: t('2026-12-07T22:00:00Z') }]);
    expect(() => workingSpans(mon, DEFAULT_WORKING_HOURS, 'Mars/Olympus')).toThrow(/time zone/);
  });
});

describe('zonedEdges', () => {
  it('hours and days in the zone, both ends included; 23 hour bins on the spring-forward day', () => {
    const spring = day('2027-03-27T23:00:00Z', '2027-03-28T22:00:00Z');
    expect(zonedEdges(spring, 'hour', BERLIN)).toHaveLength(24);
    expect(zonedEdges(spring, 'day', BERLIN)).toEqual([spring.start, spring.end]);
    const twoDays = day('2026-12-06T23:00:00Z', '2026-12-08T23:00:00Z');
    expect(zonedEdges(twoDays, 'day', BERLIN)).toEqual([twoDays.start, t('2026-12-07T23:00:00Z'), twoDays.end]);
    expect(zonedEdges(day('2026-12-07T10:30:00Z', '2026-12-07T12:00:00Z'), 'hour', 'UTC')).toEqual([t('2026-12-07T10:30:00Z'), t('2026-12-07T11:00:00Z'), t('2026-12-07T12:00:00Z')]);
  });
});
