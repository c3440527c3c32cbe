import { describe, expect, it } from 'vitest';
import { createScale, HOUR, rangeFor, snapTime, ticksFor } from './time-scale';

const BERLIN = 'Europe/Berlin';

describe('time scale', () => {
  const anchor = Date.parse('2026-12-01T10:00:00Z');

  it('covers whole local days from the anchor day', () => {
    const day = rangeFor(anchor, 'day', BERLIN);
    expect(new Date(day.start).toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(day.end - day.start).toBe(24 * HOUR);
    const week = rangeFor(anchor, 'week', BERLIN);
    expect(week.end - week.start).toBe(7 * 24 * HOUR);
    const two = rangeFor(anchor, 'two_week', BERLIN);
    expect(two.end - two.start).toBe(14 * 24 * HOUR);
  });

  it('maps time to x and back', () => {
    const { start, end } = rangeFor(anchor, 'day', BERLIN);
    const s = createScale(start, end, 'day', 2400);
    expect(s.width).toBe(2400);
    expect(s.x(start)).toBe(0);
    expect(s.x(start + 6 * HOUR)).toBe(600);
    expect(s.t(600)).toBe(start + 6 * HOUR);
    expect(s.x(end)).toBe(2400);
  });

  it('keeps a minimum density and lets the timeline scroll', () => {
    const { start, end } = rangeFor(anchor, 'day', BERLIN);
    const s = createScale(start, end, 'day', 600);
    expect(s.pxPerMs * HOUR).toBe(60);
    expect(s.width).toBe(24 * 60);
    const w = rangeFor(anchor, 'week', BERLIN);
    expect(createScale(w.start, w.end, 'week', 500).width).toBe(7 * 24 * 12);
  });

  it('snaps to 5 and 15 minutes', () => {
    const t = Date.parse('2026-12-01T08:07:29Z');
    expect(new Date(snapTime(t, 5)).toISOString()).toBe('2026-12-01T08:05:00.000Z');
    expect(new Date(snapTime(t, 15)).toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(new Date(snapTime(Date.parse('2026-12-01T08:08:00Z'), 15)).toISOString()).toBe('2026-12-01T08:15:00.000Z');
    // Kolkata (+05:30): 15-minute snapping stays on the local quarter hours.
    expect(new Date(snapTime(Date.parse('2026-12-01T03:37:00Z'), 15)).toISOString()).toBe('2026-12-01T03:30:00.000Z');
  });

  it('labels hour ticks in the board zone with a readable step', () => {
    const { start, end } = rangeFor(anchor, 'day', BERLIN);
    const s = createScale(start, end, 'day', 24 * 60);
    const ticks = ticksFor(s, BERLIN);
    expect(ticks.stepHours).toBe(1);
    expect(ticks.days).toHaveLength(1);
    expect(ticks.hours).toHaveLength(24);
    expect(ticks.hours[0]?.label).toBe('00:00');
    expect(ticks.hours[8]?.label).toBe('08:00');
    expect(ticks.hours[8]?.x).toBe(8 * 60);
  });

  it('widens the step when hours are narrow and only returns visible ticks', () => {
    const { start, end } = rangeFor(anchor, 'week', BERLIN);
    const s = createScale(start, end, 'week', 7 * 24 * 12);
    const ticks = ticksFor(s, BERLIN, 0, s.width);
    expect(ticks.stepHours).toBe(4);
    expect(ticks.days).toHaveLength(7);
    expect(ticks.hours).toHaveLength(7 * 6);
    const partial = ticksFor(s, BERLIN, 3 * 24 * 12, 4 * 24 * 12);
    expect(partial.days.length).toBeLessThanOrEqual(3);
    expect(partial.hours.every((h) => h.x >= 3 * 24 * 12 - 4 * 12 && h.x <= 4 * 24 * 12)).toBe(true);
  });

  it('handles a 23-hour DST day', () => {
    const { start, end } = rangeFor(Date.parse('2027-03-28T12:00:00Z'), 'day', BERLIN);
    expect(end - start).toBe(23 * HOUR);
    const s = createScale(start, end, 'day', 23 * 60);
    const labels = ticksFor(s, BERLIN).hours.map((h) => h.label);
    expect(labels).toHaveLength(23);
    expect(labels.slice(0, 4)).toEqual(['00:00', '01:00', '03:00', '04:00']);
  });

  it('puts coarse ticks on wall-clock hours across both DST changes (Week view)', () => {
    for (const [anchor, hours] of [['2027-03-28T12:00:00Z', 23], ['2027-10-31T12:00:00Z', 25]] as const) {
      const { start, end } = rangeFor(Date.parse(anchor), 'day', BERLIN);
      expect(end - start).toBe(hours * HOUR);
      const s = createScale(start, end, 'week', hours * 12); // 12 px an hour: a 4-hour step
      const ticks = ticksFor(s, BERLIN);
      expect(ticks.stepHours).toBe(4);
      expect(ticks.hours.map((h) => h.label)).toEqual(['00:00', '04:00', '08:00', '12:00', '16:00', '20:00']);
      const midday = ticks.hours[3]!;
      expect(new Date(midday.t).toISOString()).toBe(hours === 23 ? '2027-03-28T10:00:00.000Z' : '2027-10-31T11:00:00.000Z');
    }
  });

  it('keeps both 02:00 hours of the 25-hour day at one-hour steps', () => {
    const { start, end } = rangeFor(Date.parse('2027-10-31T12:00:00Z'), 'day', BERLIN);
    const labels = ticksFor(createScale(start, end, 'day', 25 * 60), BERLIN).hours.map((h) => h.label);
    expect(labels).toHaveLength(25);
    expect(labels.slice(0, 5)).toEqual(['00:00', '01:00', '02:00', '02:00', '03:00']);
  });
});
