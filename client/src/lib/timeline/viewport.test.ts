import { describe, expect, it } from 'vitest';
import { HOUR } from './time-scale';
import { Viewport } from './viewport.svelte';

const BODY = 1200;
const day = (n: number) => ({ start: Date.parse('2027-03-24T23:00:00Z') + n * 24 * HOUR, end: Date.parse('2027-03-24T23:00:00Z') + (n + 1) * 24 * HOUR });
const weekFrom = (n: number) => ({ start: day(n).start, end: day(n).start + 7 * 24 * HOUR });

function viewport() {
  const vp = new Viewport();
  vp.viewportW = BODY + vp.railW;
  vp.viewportH = 800;
  const box = { scrollLeft: 0, scrollTop: 0 };
  vp.attach(box);
  return { vp, box };
}

/** What the scroll box shows at `fraction` of the visible width. */
const timeAtFraction = (vp: Viewport, box: { scrollLeft: number }, fraction: number) => vp.scale.t(box.scrollLeft + fraction * vp.bodyW);

describe('Viewport', () => {
  const now = day(0).start + 18.5 * HOUR;

  it('opens the Day view with now a third from the left', () => {
    const { vp, box } = viewport();
    vp.show(day(0), 'day', now);
    vp.applyPending();
    expect(timeAtFraction(vp, box, 1 / 3)).toBeCloseTo(now, -3);
  });

  it('targetLeft is where a pending change will scroll, before it is applied (the mount window follows it)', () => {
    const { vp, box } = viewport();
    vp.show(day(0), 'day', now);
    expect(box.scrollLeft).toBe(0);
    const target = vp.targetLeft;
    expect(vp.scale.t(target + vp.bodyW / 3)).toBeCloseTo(now, -3);
    vp.applyPending();
    expect(box.scrollLeft).toBe(target);
    expect(vp.targetLeft).toBe(vp.scrollLeft);
    vp.zoomBy(1.5, 300);
    const zoomed = vp.targetLeft;
    vp.applyPending();
    expect(vp.scrollLeft).toBe(zoomed);
  });

  it('switching view keeps the focused instant where it was (not the pixel offset)', () => {
    const { vp, box } = viewport();
    vp.show(weekFrom(0), 'week', now);
    vp.applyPending();
    vp.zoomBy(4);
    vp.applyPending();
    // Look at Tuesday noon (now is out of view): the centre is the focus.
    const tuesdayNoon = day(5).start + 12 * HOUR;
    vp.scrollToTime(tuesdayNoon, 0.5);
    vp.onScroll();
    expect(vp.focusTime(now)).toBeCloseTo(tuesdayNoon, -3);
    vp.show(day(5), 'day', now);
    vp.applyPending();
    expect(timeAtFraction(vp, box, 0.5)).toBeCloseTo(tuesdayNoon, -3);
    // The zoom of the old view is not carried over: Day has its own density.
    expect(vp.userPxPerHour).toBeNull();
  });

  it('a new range of the same view opens on its start (or on now if it holds it)', () => {
    const { vp, box } = viewport();
    vp.show(weekFrom(0), 'week', now);
    vp.applyPending();
    vp.show(weekFrom(7), 'week', now);
    vp.applyPending();
    expect(box.scrollLeft).toBe(0);
    expect(vp.scale.width).toBeCloseTo(BODY, -1);
  });

  it('zooms around a point and back to fit', () => {
    const { vp, box } = viewport();
    vp.show(day(0), 'day', now);
    vp.applyPending();
    const anchor = 300;
    const before = timeAtFraction(vp, box, anchor / BODY);
    vp.zoomBy(1.5, anchor);
    vp.applyPending();
    expect(vp.pxPerHour).toBeCloseTo(150);
    expect(timeAtFraction(vp, box, anchor / BODY)).toBeCloseTo(before, -4);
    vp.zoomToFit();
    vp.applyPending();
    expect(vp.pxPerHour).toBeCloseTo(BODY / 24);
    expect(timeAtFraction(vp, box, 0)).toBeCloseTo(day(0).start, -3);
  });

  it('follows the body width while the user has not zoomed (a resize refits the week)', () => {
    const { vp } = viewport();
    vp.show(weekFrom(0), 'week', now);
    vp.viewportW = 600 + vp.railW;
    expect(vp.scale.width).toBeCloseTo(600, -1);
  });
});

describe('Viewport input', () => {
  it('zooms on Ctrl/⌘ + wheel only, around the pointer; + and - zoom, not with a modifier', () => {
    const { vp, box } = viewport();
    vp.show(day(0), 'day', day(0).start + 12 * HOUR);
    vp.applyPending();
    const px = vp.pxPerHour;
    expect(vp.wheel({ ctrlKey: false, metaKey: false, deltaY: -100 }, 200)).toBe(false);
    const under = vp.scale.t(box.scrollLeft + 200);
    expect(vp.wheel({ ctrlKey: true, metaKey: false, deltaY: -100 }, 200)).toBe(true);
    vp.applyPending();
    expect(vp.pxPerHour).toBeGreaterThan(px);
    expect(vp.scale.t(box.scrollLeft + 200)).toBeCloseTo(under, -4);
    const keys = { ctrlKey: false, metaKey: false, altKey: false };
    const zoomed = vp.pxPerHour;
    expect(vp.zoomKey({ ...keys, key: '-' })).toBe(true);
    expect(vp.pxPerHour).toBeLessThan(zoomed);
    expect(vp.zoomKey({ ...keys, key: '+', ctrlKey: true })).toBe(false);
    expect(vp.zoomKey({ ...keys, key: 'a' })).toBe(false);
  });
});

describe('Viewport.reveal', () => {
  it('scrolls the least needed to show a block, left/right and up/down', () => {
    const { vp, box } = viewport();
    vp.show(day(0), 'day', day(0).end + HOUR);
    vp.applyPending();
    box.scrollLeft = 1000;
    vp.reveal(2400, 2500, 10, 36);
    expect(box.scrollLeft).toBe(2500 - BODY + 24);
    vp.reveal(100, 200, 900, 36);
    expect(box.scrollLeft).toBe(76);
    expect(box.scrollTop).toBe(900 + 36 - vp.bodyH);
    expect(vp.scrollLeft).toBe(76);
  });
});

describe('Viewport.measure (before the content is drawn) and fit (after)', () => {
  const now = day(0).start + 7 * HOUR;
  it('takes the room of the scrollbars the content will bring off the first reading', () => {
    const vp = new Viewport();
    vp.show(weekFrom(0), 'week', now);
    // Rows taller than the box: a vertical scrollbar will come; the week fits, so no horizontal one.
    vp.measure({ clientWidth: 1448, clientHeight: 700 }, 2000, 15);
    expect(vp.measured).toBe(true);
    expect(vp.viewportW).toBe(1433);
    expect(vp.viewportH).toBe(700);
    expect(vp.scale.width).toBeLessThanOrEqual(vp.bodyW);
  });

  it('takes nothing off where scrollbars are overlaid or the content fits', () => {
    const vp = new Viewport();
    vp.show(day(0), 'day', now);
    vp.measure({ clientWidth: 1448, clientHeight: 700 }, 2000, 0);
    expect([vp.viewportW, vp.viewportH]).toEqual([1448, 700]);
    const short = new Viewport();
    short.show(weekFrom(0), 'week', now);
    short.measure({ clientWidth: 1448, clientHeight: 700 }, 300, 15);
    expect([short.viewportW, short.viewportH]).toEqual([1448, 700]);
  });

  it('a Day view wider than the box also loses the height of the horizontal scrollbar', () => {
    const vp = new Viewport();
    vp.show(day(0), 'day', now);
    vp.measure({ clientWidth: 1448, clientHeight: 700 }, 300, 15);
    expect(vp.scale.width).toBeGreaterThan(vp.bodyW);
    expect([vp.viewportW, vp.viewportH]).toEqual([1448, 685]);
  });

  it('an element without layout (0 × 0) keeps the fallback size', () => {
    const vp = new Viewport();
    vp.show(day(0), 'day', now);
    vp.measure({ clientWidth: 0, clientHeight: 0 }, 2000, 15);
    expect(vp.measured).toBe(true);
    expect(vp.bodyW).toBe(vp.fallback.w - vp.railW);
  });

  it('fit corrects a wrong guess once the content is laid out, and leaves a right one alone', () => {
    const vp = new Viewport();
    vp.show(weekFrom(0), 'week', now);
    vp.measure({ clientWidth: 1448, clientHeight: 700 }, 300, 15);
    const px = vp.pxPerHour;
    vp.fit({ clientWidth: 1448, clientHeight: 700 });
    expect(vp.pxPerHour).toBe(px);
    vp.fit({ clientWidth: 1433, clientHeight: 700 });
    expect(vp.viewportW).toBe(1433);
    expect(vp.pxPerHour).toBeLessThan(px);
    vp.fit({ clientWidth: 0, clientHeight: 0 });
    expect(vp.viewportW).toBe(1433);
  });
});
