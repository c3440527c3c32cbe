/**
 * Edge auto-scroll while a drag is held near the edge of the visible board: a requestAnimationFrame
 * loop scrolls at a steady speed (px per second, not per pointer event) that grows with how far the
 * pointer is into the edge band, and stops as soon as the pointer leaves it or the drag ends.
 */
export const EDGE_PX = 48;
/** Speed at the very edge (and beyond it). */
export const MAX_SPEED_PX_S = 900;
/** A frame longer than this (a stall, a background tab) scrolls as if it were this long. */
const MAX_FRAME_MS = 50;

export interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Speed for a pointer `depth` px into the edge band: 0 outside it, growing linearly to the maximum. */
export function edgeSpeed(depth: number, edge = EDGE_PX, max = MAX_SPEED_PX_S): number {
  if (depth <= 0) return 0;
  return (Math.min(depth, edge) / edge) * max;
}

/** Scroll velocity (px/s, signed) for a pointer at (x, y) over the visible body `rect`. */
export function edgeVelocity(x: number, y: number, rect: Rect, edge = EDGE_PX): { vx: number; vy: number } {
  const vx = edgeSpeed(x - (rect.right - edge), edge) - edgeSpeed(rect.left + edge - x, edge);
  const vy = edgeSpeed(y - (rect.bottom - edge), edge) - edgeSpeed(rect.top + edge - y, edge);
  return { vx, vy };
}

export interface FrameScheduler {
  request(cb: (ts: number) => void): number;
  cancel(id: number): void;
}

const browserFrames: FrameScheduler = {
  request: (cb) => requestAnimationFrame(cb),
  cancel: (id) => cancelAnimationFrame(id),
};

export class EdgeScroller {
  #vx = 0;
  #vy = 0;
  #frame: number | null = null;
  #last: number | null = null;
  // Sub-pixel remainders: a slow speed still moves, one whole pixel at a time.
  #restX = 0;
  #restY = 0;

  constructor(
    /** Scrolls the board by whole px; returns nothing (the caller re-reads the pointer's time). */
    private readonly scrollBy: (dx: number, dy: number) => void,
    /** Called after each frame that scrolled, so the dragged block follows the pointer's time. */
    private readonly onScrolled: () => void,
    private readonly frames: FrameScheduler = browserFrames,
  ) {}

  get active(): boolean {
    return this.#frame !== null;
  }

  /** New pointer position: starts, re-aims or stops the loop. */
  update(x: number, y: number, rect: Rect): void {
    const { vx, vy } = edgeVelocity(x, y, rect);
    this.#vx = vx;
    this.#vy = vy;
    if (vx === 0 && vy === 0) this.stop();
    else if (this.#frame === null) this.#frame = this.frames.request(this.#tick);
  }

  stop(): void {
    if (this.#frame !== null) this.frames.cancel(this.#frame);
    this.#frame = null;
    this.#last = null;
    this.#restX = 0;
    this.#restY = 0;
  }

  #tick = (ts: number): void => {
    const dt = this.#last === null ? 1000 / 60 : Math.min(MAX_FRAME_MS, ts - this.#last);
    this.#last = ts;
    this.#restX += (this.#vx * dt) / 1000;
    this.#restY += (this.#vy * dt) / 1000;
    const dx = Math.trunc(this.#restX);
    const dy = Math.trunc(this.#restY);
    this.#restX -= dx;
    this.#restY -= dy;
    if (dx !== 0 || dy !== 0) {
      this.scrollBy(dx, dy);
      this.onScrolled();
    }
    this.#frame = this.frames.request(this.#tick);
  };
}
