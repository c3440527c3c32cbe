import { HOUR, ZOOMS } from './time-scale';
import type { Zoom } from './time-scale';

/**
 * Pure maths of the visible window: how dense each view is, what it shows around its range, and how
 * zooming and view switches keep a chosen instant at the same place on screen.
 */

/** The Day view also shows this much of the neighbouring days, so a night round crossing midnight is whole. */
export const DAY_MARGIN_MS = 6 * HOUR;
/** Hours the Day view shows at once when it opens. */
export const DAY_VISIBLE_HOURS = 12;
export const MIN_PX_PER_HOUR = 2;
export const MAX_PX_PER_HOUR = 600;
/** Where "now" sits when a view opens on it: a third from the left, so more future than past shows. */
export const NOW_FRACTION = 1 / 3;

export interface Span {
  start: number;
  end: number;
}

/** What the axis draws for a range: the Day view adds a margin of the neighbouring days. */
export function displayRange(range: Span, zoom: Zoom): Span {
  return zoom === 'day' ? { start: range.start - DAY_MARGIN_MS, end: range.end + DAY_MARGIN_MS } : range;
}

/** Density that fits `span` into `bodyW` px. */
export function fitPxPerHour(span: Span, bodyW: number): number {
  return clampPxPerHour(bodyW / ((span.end - span.start) / HOUR));
}

/** The density a view opens with: Week and Two weeks fit their whole range, Day shows about 12 h. */
export function defaultPxPerHour(range: Span, zoom: Zoom, bodyW: number): number {
  if (zoom === 'day') return clampPxPerHour(Math.max(ZOOMS.day.minPxPerHour, bodyW / DAY_VISIBLE_HOURS));
  return fitPxPerHour(range, bodyW);
}

export function clampPxPerHour(px: number): number {
  return Math.min(MAX_PX_PER_HOUR, Math.max(MIN_PX_PER_HOUR, px));
}

export function clampScroll(scrollLeft: number, contentW: number, bodyW: number): number {
  return Math.max(0, Math.min(Math.max(0, contentW - bodyW), scrollLeft));
}

/** scrollLeft that puts instant `t` at `fraction` of the visible width (clamped to the content). */
export function scrollFor(t: number, fraction: number, axisStart: number, pxPerHour: number, contentW: number, bodyW: number): number {
  return clampScroll(((t - axisStart) / HOUR) * pxPerHour - fraction * bodyW, contentW, bodyW);
}

/** The instant at `fraction` of the visible width. */
export function timeAt(fraction: number, scrollLeft: number, axisStart: number, pxPerHour: number, bodyW: number): number {
  return axisStart + ((scrollLeft + fraction * bodyW) / pxPerHour) * HOUR;
}

export interface Focus {
  /** The instant that must stay in place. */
  t: number;
  /** Its place as a fraction of the visible width (0 = left edge). */
  fraction: number;
}

/**
 * The focus point of what is on screen: "now" where it is if it is in view (a dispatcher's anchor),
 * otherwise the centre.
 */
export function focusOf(now: number, scrollLeft: number, axisStart: number, pxPerHour: number, bodyW: number): Focus {
  const x = ((now - axisStart) / HOUR) * pxPerHour - scrollLeft;
  if (x >= 0 && x <= bodyW) return { t: now, fraction: x / bodyW };
  return { t: timeAt(0.5, scrollLeft, axisStart, pxPerHour, bodyW), fraction: 0.5 };
}

/**
 * Where a freshly opened range starts: on "now" (a third from the left) when the range holds it,
 * otherwise on the range's start.
 */
export function openingFocus(range: Span, now: number): Focus {
  return now >= range.start && now < range.end ? { t: now, fraction: NOW_FRACTION } : { t: range.start, fraction: 0 };
}

/**
 * Zooming by `factor` around the point `anchorX` px into the visible width: the instant under it
 * stays under it.
 */
export function zoomAround(
  state: { pxPerHour: number; scrollLeft: number },
  factor: number,
  anchorX: number,
  axis: Span,
  bodyW: number,
): { pxPerHour: number; scrollLeft: number } {
  const t = timeAt(0, state.scrollLeft + anchorX, axis.start, state.pxPerHour, bodyW);
  // Never below a density at which the whole axis is narrower than the screen.
  const floor = Math.max(MIN_PX_PER_HOUR, bodyW / ((axis.end - axis.start) / HOUR));
  const pxPerHour = Math.min(MAX_PX_PER_HOUR, Math.max(floor, state.pxPerHour * factor));
  const contentW = ((axis.end - axis.start) / HOUR) * pxPerHour;
  return { pxPerHour, scrollLeft: clampScroll(((t - axis.start) / HOUR) * pxPerHour - anchorX, contentW, bodyW) };
}
