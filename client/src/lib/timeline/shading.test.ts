import { describe, expect, it } from 'vitest';
import { offHours } from './shading';

const BERLIN = 'Europe/Berlin';
const HOURS = { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' };
const at = (iso: string) => Date.parse(iso);

describe('offHours: what the shading layer draws', () => {
  it("shades the night around a weekday's working span", () => {
    // Thursday 2027-03-25, CET (UTC+1): 00:00–07:00 and 19:00–24:00 local.
    const day = { start: at('2027-03-24T23:00:00Z'), end: at('2027-03-25T23:00:00Z') };
    expect(offHours(day, HOURS, BERLIN)).toEqual([
      { start: day.start, end: at('2027-03-25T06:00:00Z') },
      { start: at('2027-03-25T18:00:00Z'), end: day.end },
    ]);
  });

  it('shades a whole weekend day, and only the parts of a window it is given', () => {
    const sunday = { start: at('2027-03-20T23:00:00Z'), end: at('2027-03-21T23:00:00Z') };
    expect(offHours(sunday, HOURS, BERLIN)).toEqual([sunday]);
    const workingOnly = { start: at('2027-03-25T08:00:00Z'), end: at('2027-03-25T10:00:00Z') };
    expect(offHours(workingOnly, HOURS, BERLIN)).toEqual([]);
  });

  it('follows the wall clock across the spring-forward night (working 07:00 is 05:00 UTC on Monday after)', () => {
    // Sunday 28th (23 h, all off) then Monday 29th in CEST.
    const range = { start: at('2027-03-27T23:00:00Z'), end: at('2027-03-29T22:00:00Z') };
    expect(offHours(range, HOURS, BERLIN)).toEqual([
      { start: range.start, end: at('2027-03-29T05:00:00Z') },
      { start: at('2027-03-29T17:00:00Z'), end: range.end },
    ]);
  });
});
