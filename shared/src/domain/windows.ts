/**
 * Half-open time windows `[start, end)` in epoch milliseconds. A window that ends at 10:00 and one
 * that starts at 10:00 do not overlap (docs/rules.md, "Occupied window"). Used by the conflict hints
 * on the server and by the board on the client, so both agree on what "free" means.
 */
export interface TimeWindow {
  start: number;
  end: number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const SNAP_5_MIN_MS = 5 * MINUTE_MS;
export const SNAP_15_MIN_MS = 15 * MINUTE_MS;
/** How far `nextFreeWindows` looks when the caller gives no limit. */
export const DEFAULT_FREE_SEARCH_MS = 31 * DAY_MS;
/** Hints are a short list; asking for more is a caller bug, not a reason for a long loop. */
export const MAX_FREE_WINDOWS = 100;

export function isEmptyWindow(w: TimeWindow): boolean {
  return !(w.start < w.end);
}

/** True when the two windows share at least one instant. Empty windows share none. */
export function overlaps(a: TimeWindow, b: TimeWindow): boolean {
  return a.start < a.end && b.start < b.end && a.start < b.end && b.start < a.end;
}

/** True when `w` overlaps none of `busy`. */
export function isFree(busy: readonly TimeWindow[], w: TimeWindow): boolean {
  return !busy.some((b) => overlaps(b, w));
}

/**
 * Sorted, disjoint busy intervals covering the same instants as the input. Touching intervals are
 * joined too: no free time lies between them, and the free-window search then only has to look at
 * the gaps between consecutive merged intervals. Empty intervals are dropped.
 */
export function mergeWindows(busy: readonly TimeWindow[]): TimeWindow[] {
  const sorted = busy.filter((w) => !isEmptyWindow(w)).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TimeWindow[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else out.push({ start: w.start, end: w.end });
  }
  return out;
}

/** The free gaps inside `[from, to)` given busy intervals (any order, may overlap). */
export function freeGaps(busy: readonly TimeWindow[], from: number, to: number): TimeWindow[] {
  const gaps: TimeWindow[] = [];
  let cursor = from;
  for (const b of mergeWindows(busy)) {
    if (b.end <= cursor) continue;
    if (b.start >= to) break;
    if (b.start > cursor) gaps.push({ start: cursor, end: b.start });
    cursor = Math.max(cursor, b.end);
  }
  if (cursor < to) gaps.push({ start: cursor, end: to });
  return gaps;
}

/**
 * The next `count` free windows of `lengthMs` on one asset, starting at or after `after`, ending at
 * or before `limit`, back to back inside a gap (a long free stretch yields 09:00, 10:00, 11:00 for
 * one hour), each start rounded up to `snapMs` when given. The work is bounded by the number of
 * busy intervals plus `count`, never by the length of the searched range.
 */
export function nextFreeWindows(
  busy: readonly TimeWindow[],
  lengthMs: number,
  after: number,
  count = 3,
  limit = after + DEFAULT_FREE_SEARCH_MS,
  snapMs = 0,
): TimeWindow[] {
  if (!(lengthMs > 0)) throw new RangeError(`window length must be positive (got ${lengthMs} ms)`);
  const wanted = Math.min(Math.max(0, Math.floor(count)), MAX_FREE_WINDOWS);
  const out: TimeWindow[] = [];
  if (wanted === 0) return out;
  const align = (t: number) => (snapMs > 0 ? snapUp(t, snapMs) : t);
  for (const gap of freeGaps(busy, after, limit)) {
    let start = align(gap.start);
    while (start + lengthMs <= gap.end) {
      out.push({ start, end: start + lengthMs });
      if (out.length === wanted) return out;
      start = align(start + lengthMs);
    }
  }
  return out;
}

/*
 * Snapping works on the UTC epoch grid. Every zone in use today is offset from UTC by a multiple
 * of 15 minutes, so a 5- or 15-minute grid in UTC is the same grid in local wall-clock time.
 */
export function snapDown(t: number, stepMs = SNAP_5_MIN_MS): number {
  return Math.floor(t / stepMs) * stepMs;
}

export function snapUp(t: number, stepMs = SNAP_5_MIN_MS): number {
  return Math.ceil(t / stepMs) * stepMs;
}

/** Rounds to the nearest grid point; exact halves round forward in time. */
export function snapNearest(t: number, stepMs = SNAP_5_MIN_MS): number {
  return Math.floor(t / stepMs + 0.5) * stepMs;
}

/** Moves a window so its start snaps to the grid, keeping its length. */
export function snapWindow(w: TimeWindow, stepMs = SNAP_5_MIN_MS): TimeWindow {
  const start = snapNearest(w.start, stepMs);
  return { start, end: start + (w.end - w.start) };
}
