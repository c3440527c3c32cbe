import { describe, expect, it } from 'vitest';
import { clockChanges, clockChangeText } from './clock-changes';

const BERLIN = 'Europe/Berlin';
const DAY = 86_400_000;

describe('clockChanges', () => {
  it('finds the spring-forward switch of a day to the minute: 02:00 CET becomes 03:00 CEST', () => {
    const start = Date.parse('2027-03-27T23:00:00Z'); // Sunday 00:00 CET
    const [c, ...rest] = clockChanges(start, start + 23 * 3_600_000, BERLIN);
    expect(rest).toEqual([]);
    expect(c).toEqual({ at: Date.parse('2027-03-28T01:00:00Z'), day: '2027-03-28', from: '02:00', to: '03:00', forward: true, minutes: 60 });
    expect(clockChangeText(c!)).toBe('Clocks go forward an hour on 2027-03-28: 02:00 → 03:00');
  });

  it('finds the fall-back switch within a two-week range: 03:00 CEST becomes 02:00 CET', () => {
    const start = Date.parse('2027-10-24T22:00:00Z');
    const changes = clockChanges(start, start + 14 * DAY, BERLIN);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ at: Date.parse('2027-10-31T01:00:00Z'), day: '2027-10-31', from: '03:00', to: '02:00', forward: false });
    expect(clockChangeText(changes[0]!)).toBe('Clocks go back an hour on 2027-10-31: 03:00 → 02:00');
  });

  it('an ordinary day, a zone without DST and a switch just outside the range give nothing', () => {
    const monday = Date.parse('2027-03-21T23:00:00Z');
    expect(clockChanges(monday, monday + DAY, BERLIN)).toEqual([]);
    expect(clockChanges(Date.parse('2027-03-27T00:00:00Z'), Date.parse('2027-03-30T00:00:00Z'), 'UTC')).toEqual([]);
    // The range ends at the switch: the day before the DST day.
    expect(clockChanges(Date.parse('2027-03-27T01:00:00Z'), Date.parse('2027-03-28T01:00:00Z'), BERLIN)).toEqual([]);
  });

  it('a half-hour zone switch (Lord Howe) is found with its size', () => {
    const start = Date.parse('2027-04-03T00:00:00Z');
    const changes = clockChanges(start, start + 2 * DAY, 'Australia/Lord_Howe');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ from: '02:00', to: '01:30', forward: false, minutes: 30 });
    expect(clockChangeText(changes[0]!)).toBe('Clocks go back 30 min on 2027-04-04: 02:00 → 01:30');
  });
});
