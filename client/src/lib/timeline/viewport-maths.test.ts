import { describe, expect, it } from 'vitest';
import { HOUR } from './time-scale';
import { DAY_MARGIN_MS, defaultPxPerHour, displayRange, focusOf, openingFocus, scrollFor, timeAt, zoomAround } from './viewport-maths';

const day = { start: Date.parse('2027-03-24T23:00:00Z'), end: Date.parse('2027-03-25T23:00:00Z') };
const week = { start: day.start, end: day.start + 7 * 24 * HOUR };

describe('viewport maths', () => {
  it('fits Week (7 days) and Two weeks (14) into the body width; Day shows about 12 h', () => {
    const bodyW = 1440 - 248;
    expect(defaultPxPerHour(week, 'week', bodyW) * 7 * 24).toBeCloseTo(bodyW);
    const two = { start: day.start, end: day.start + 14 * 24 * HOUR };
    expect(defaultPxPerHour(two, 'two_week', bodyW) * 14 * 24).toBeCloseTo(bodyW);
    expect(bodyW / defaultPxPerHour(day, 'day', bodyW)).toBeCloseTo(12);
    // A narrow screen keeps the Day view readable (60 px/h) and scrolls.
    expect(defaultPxPerHour(day, 'day', 300)).toBe(60);
  });

  it('gives the Day view 6 h of each neighbouring day, the other views none', () => {
    expect(displayRange(day, 'day')).toEqual({ start: day.start - DAY_MARGIN_MS, end: day.end + DAY_MARGIN_MS });
    expect(displayRange(week, 'week')).toEqual(week);
  });

  it('opens on now a third from the left when the range holds it, else on the range start', () => {
    const now = day.start + 18.5 * HOUR;
    expect(openingFocus(day, now)).toEqual({ t: now, fraction: 1 / 3 });
    expect(openingFocus(day, day.end + HOUR)).toEqual({ t: day.start, fraction: 0 });
    // 18:30 on a 36 h Day axis at 100 px/h and 1200 px: a third from the left fits without clamping.
    const axis = displayRange(day, 'day');
    const x = scrollFor(now, 1 / 3, axis.start, 100, 3600, 1200);
    expect(timeAt(1 / 3, x, axis.start, 100, 1200)).toBe(now);
  });

  it('clamps the scroll position to the content', () => {
    expect(scrollFor(day.start, 0.5, day.start, 100, 2400, 1200)).toBe(0);
    expect(scrollFor(day.end, 0, day.start, 100, 2400, 1200)).toBe(1200);
  });

  it('focuses on now when it is in view, else on the centre', () => {
    const now = day.start + 10 * HOUR; // x = 1000 at 100 px/h
    expect(focusOf(now, 600, day.start, 100, 1200)).toEqual({ t: now, fraction: 400 / 1200 });
    expect(focusOf(now, 1200, day.start, 100, 1200)).toEqual({ t: day.start + 18 * HOUR, fraction: 0.5 });
  });

  it('zooms around a point: the instant under it stays under it, within the density bounds', () => {
    const axis = displayRange(day, 'day');
    const before = { pxPerHour: 100, scrollLeft: 1500 };
    const anchorX = 300;
    const t = timeAt(0, before.scrollLeft + anchorX, axis.start, 100, 1200);
    const after = zoomAround(before, 2, anchorX, axis, 1200);
    expect(after.pxPerHour).toBe(200);
    expect(timeAt(0, after.scrollLeft + anchorX, axis.start, 200, 1200)).toBeCloseTo(t, -1);
    // Zooming out never makes the axis narrower than the screen.
    expect(zoomAround(before, 0.01, anchorX, axis, 1200).pxPerHour).toBeCloseTo(1200 / 36);
  });
});
