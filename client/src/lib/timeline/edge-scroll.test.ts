import { describe, expect, it } from 'vitest';
import { EDGE_PX, EdgeScroller, edgeSpeed, edgeVelocity, MAX_SPEED_PX_S } from './edge-scroll';

const rect = { left: 100, right: 900, top: 50, bottom: 650 };

/** A frame clock the test advances by hand. */
function frames() {
  let next = 1;
  const queue = new Map<number, (ts: number) => void>();
  let now = 0;
  return {
    scheduler: {
      request: (cb: (ts: number) => void) => {
        queue.set(next, cb);
        return next++;
      },
      cancel: (id: number) => void queue.delete(id),
    },
    pending: () => queue.size,
    advance(ms: number) {
      now += ms;
      const due = [...queue.values()];
      queue.clear();
      for (const cb of due) cb(now);
    },
  };
}

describe('edge auto-scroll', () => {
  it('has no speed outside the band and grows with the depth into it, capped at the edge', () => {
    expect(edgeSpeed(0)).toBe(0);
    expect(edgeSpeed(-5)).toBe(0);
    expect(edgeSpeed(EDGE_PX / 4)).toBeCloseTo(MAX_SPEED_PX_S / 4);
    expect(edgeSpeed(EDGE_PX / 2)).toBeLessThan(edgeSpeed(EDGE_PX));
    expect(edgeSpeed(EDGE_PX * 3)).toBe(MAX_SPEED_PX_S);
  });

  it('points the velocity at the edge the pointer is near', () => {
    expect(edgeVelocity(500, 300, rect)).toEqual({ vx: 0, vy: 0 });
    expect(edgeVelocity(890, 300, rect).vx).toBeGreaterThan(0);
    expect(edgeVelocity(110, 300, rect).vx).toBeLessThan(0);
    expect(edgeVelocity(500, 640, rect).vy).toBeGreaterThan(0);
  });

  it('scrolls per elapsed time, not per pointer event, and keeps going while the pointer rests', () => {
    const f = frames();
    const scrolled: number[] = [];
    let followed = 0;
    const s = new EdgeScroller((dx) => scrolled.push(dx), () => followed++, f.scheduler);
    const x = rect.right - EDGE_PX / 2; // half way in: half the speed
    // Many pointer events in one frame do not add up.
    for (let i = 0; i < 20; i++) s.update(x, 300, rect);
    expect(f.pending()).toBe(1);
    for (let i = 0; i < 60; i++) f.advance(1000 / 60);
    const total = scrolled.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(MAX_SPEED_PX_S / 2 - 10);
    expect(total).toBeLessThan(MAX_SPEED_PX_S / 2 + 10);
    // Each frame moves a steady few px and the block is re-placed under the pointer after each.
    expect(Math.max(...scrolled) - Math.min(...scrolled)).toBeLessThanOrEqual(1);
    expect(followed).toBe(scrolled.length);
  });

  it('stops when the pointer leaves the band or the drag ends, and a long stall does not jump', () => {
    const f = frames();
    const scrolled: number[] = [];
    const s = new EdgeScroller((dx) => scrolled.push(dx), () => {}, f.scheduler);
    s.update(rect.right - 1, 300, rect);
    f.advance(16);
    f.advance(2000); // a stalled frame counts as at most 50 ms
    expect(scrolled.at(-1)!).toBeLessThanOrEqual(Math.ceil((MAX_SPEED_PX_S * 50) / 1000));
    s.update(500, 300, rect);
    expect(s.active).toBe(false);
    expect(f.pending()).toBe(0);
    s.update(rect.left + 1, 300, rect);
    f.advance(16);
    expect(scrolled.at(-1)!).toBeLessThan(0);
    s.stop();
    expect(f.pending()).toBe(0);
  });
});
