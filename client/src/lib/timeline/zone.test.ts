import { describe, expect, it } from 'vitest';
import { addZonedDays, formatHm, formatYmd, parseYmd, startOfZonedDay, wallClock, zonedTimeToInstant, zoneOffsetMs } from './zone';

const BERLIN = 'Europe/Berlin';

describe('zone helpers', () => {
  it('computes the offset in winter and summer', () => {
    expect(zoneOffsetMs(Date.parse('2026-12-01T12:00:00Z'), BERLIN)).toBe(3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-07-01T12:00:00Z'), BERLIN)).toBe(7_200_000);
    expect(zoneOffsetMs(Date.parse('2026-07-01T12:00:00Z'), 'Asia/Kolkata')).toBe(19_800_000);
    expect(zoneOffsetMs(Date.parse('2026-07-01T12:00:00Z'), 'UTC')).toBe(0);
  });

  it('finds local midnight', () => {
    expect(new Date(startOfZonedDay(Date.parse('2026-12-01T22:30:00Z'), BERLIN)).toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(new Date(startOfZonedDay(Date.parse('2026-12-01T23:30:00Z'), BERLIN)).toISOString()).toBe('2026-12-01T23:00:00.000Z');
  });

  it('walks days across DST switches (23 h and 25 h days)', () => {
    const beforeSpring = zonedTimeToInstant(BERLIN, 2027, 3, 28);
    const afterSpring = addZonedDays(beforeSpring, 1, BERLIN);
    expect(afterSpring - beforeSpring).toBe(23 * 3_600_000);
    const beforeFall = zonedTimeToInstant(BERLIN, 2026, 10, 25);
    expect(addZonedDays(beforeFall, 1, BERLIN) - beforeFall).toBe(25 * 3_600_000);
    expect(formatYmd(addZonedDays(beforeFall, 7, BERLIN), BERLIN)).toBe('2026-11-01');
  });

  it('maps a wall time in the spring-forward gap to the first instant after it', () => {
    const t = zonedTimeToInstant(BERLIN, 2027, 3, 28, 2, 30);
    expect(new Date(t).toISOString()).toBe('2027-03-28T01:00:00.000Z'); // 03:00 CEST
    expect(formatHm(t, BERLIN)).toBe('03:00');
  });

  it('maps a repeated wall time to its first pass', () => {
    const t = zonedTimeToInstant(BERLIN, 2026, 10, 25, 2, 30);
    expect(new Date(t).toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
  });

  it('formats the wall time of every quarter hour around both clock changes, in whole- and part-hour zones, as Intl does', () => {
    const intl = (t: number, zone: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
    for (const zone of [BERLIN, 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham']) {
      for (const day of ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-27', '2026-10-04', '2026-10-25', '2026-11-01', '1969-12-31']) {
        const from = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
        for (let t = from; t < from + 3 * 86_400_000; t += 15 * 60_000 + 7_000) expect(formatHm(t, zone), `${zone} ${new Date(t).toISOString()}`).toBe(intl(t, zone));
      }
    }
  });

  it('formats and parses local dates', () => {
    const t = Date.parse('2026-12-01T07:05:00Z');
    expect(formatHm(t, BERLIN)).toBe('08:05');
    expect(wallClock(t, BERLIN)).toMatchObject({ year: 2026, month: 12, day: 1, hour: 8, minute: 5 });
    expect(parseYmd('2026-12-01', BERLIN)).toBe(Date.parse('2026-11-30T23:00:00Z'));
    expect(parseYmd('2026-13-01', BERLIN)).toBeNull();
    expect(parseYmd('garbage', BERLIN)).toBeNull();
  });
});
