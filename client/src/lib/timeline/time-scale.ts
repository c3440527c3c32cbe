import { addZonedDays, formatHm, startOfZonedDay, wallClock, zonedFormatter } from './zone';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const ZOOMS = {
  day: { label: 'Day', days: 1, minPxPerHour: 60, snapMin: 5 },
  week: { label: 'Week', days: 7, minPxPerHour: 12, snapMin: 15 },
  two_week: { label: 'Two weeks', days: 14, minPxPerHour: 6, snapMin: 15 },
} as const;
export type Zoom = keyof typeof ZOOMS;
export const ZOOM_ORDER: readonly Zoom[] = ['day', 'week', 'two_week'];

export const SNAP_CHOICES = [5, 15] as const;
export type SnapMinutes = (typeof SNAP_CHOICES)[number];

export interface TimeScale {
  /** First instant shown (local midnight in the board's zone). */
  start: number;
  /** End of the range, exclusive. */
  end: number;
  pxPerMs: number;
  /** Total width of the time axis in px. */
  width: number;
  x(t: number): number;
  t(x: number): number;
}

/** The range a zoom covers from the local day that contains `anchor`. */
export function rangeFor(anchor: number, zoom: Zoom, zone: string): { start: number; end: number } {
  const start = startOfZonedDay(anchor, zone);
  return { start, end: addZonedDays(start, ZOOMS[zoom].days, zone) };
}

/** Fits the range to the viewport, but never below the zoom's minimum density (then the timeline scrolls). */
export function createScale(start: number, end: number, zoom: Zoom, viewportWidth: number): TimeScale {
  const hours = (end - start) / HOUR;
  const pxPerHour = Math.max(ZOOMS[zoom].minPxPerHour, viewportWidth / hours);
  const pxPerMs = pxPerHour / HOUR;
  return {
    start,
    end,
    pxPerMs,
    width: Math.round((end - start) * pxPerMs),
    x: (t) => (t - start) * pxPerMs,
    t: (x) => start + x / pxPerMs,
  };
}

/**
 * Rounds to the nearest multiple of `snapMin` minutes. Every zone in use today has an offset that is a
 * multiple of 15 minutes, so snapping the epoch snaps the local wall clock as well.
 */
export function snapTime(t: number, snapMin: number): number {
  const step = snapMin * MINUTE;
  return Math.round(t / step) * step;
}

export interface Tick {
  t: number;
  x: number;
  label: string;
}

export interface Ticks {
  days: Tick[];
  hours: Tick[];
  /** Hours between two hour ticks. */
  stepHours: number;
}

const STEPS = [1, 2, 3, 4, 6, 12] as const;

/** Day and hour ticks of the sticky header, only those within [fromX, toX] (plus one either side). */
export function ticksFor(scale: TimeScale, zone: string, fromX = 0, toX = scale.width, minGapPx = 44): Ticks {
  const pxPerHour = scale.pxPerMs * HOUR;
  const stepHours = STEPS.find((s) => s * pxPerHour >= minGapPx) ?? 24;
  // The label fits the width of a day: "Thu, Mar 25", "Thu 25", or "25" in the narrowest views.
  const pxPerDay = pxPerHour * 24;
  const dayFmt = zonedFormatter(zone, pxPerDay >= 100 ? { weekday: 'short', day: 'numeric', month: 'short' } : pxPerDay >= 52 ? { weekday: 'short', day: 'numeric' } : { day: 'numeric' });
  const tFrom = scale.t(fromX) - DAY;
  const tTo = scale.t(toX);
  const days: Tick[] = [];
  const hours: Tick[] = [];
  let day = Math.max(scale.start, startOfZonedDay(Math.max(tFrom, scale.start), zone));
  // Bounded: at most the number of days in the range plus one.
  for (let guard = 0; day < scale.end && day <= tTo && guard < 400; guard++) {
    const next = addZonedDays(day, 1, zone);
    days.push({ t: day, x: scale.x(day), label: dayFmt.format(day) });
    if (stepHours < 24) {
      // Every real hour is looked at and kept when its wall-clock hour is on the step: stepping real
      // hours from midnight puts "midday" at 13:00 on a 23-hour DST day. A repeated hour (the 25-hour
      // day) gets one tick unless every hour has one.
      // A 24-hour day has no change in it, so real and wall-clock hours agree and need no lookup.
      const plain = next - day === DAY;
      let lastHour = -1;
      for (let t = day; t < next; t += plain ? stepHours * HOUR : HOUR) {
        const x = scale.x(t);
        if (x < fromX - stepHours * pxPerHour || x > toX) continue;
        if (plain) {
          hours.push({ t, x, label: formatHm(t, zone) });
          continue;
        }
        const w = wallClock(t, zone);
        if (t !== day && (w.minute !== 0 || w.hour % stepHours !== 0 || (stepHours > 1 && w.hour === lastHour))) continue;
        lastHour = w.hour;
        hours.push({ t, x, label: formatHm(t, zone) });
      }
    }
    day = next;
  }
  return { days, hours, stepHours };
}

/** A scale over [start, end) at a given density (the viewport chooses the density). */
export function scaleAt(start: number, end: number, pxPerHour: number): TimeScale {
  const pxPerMs = pxPerHour / HOUR;
  return {
    start,
    end,
    pxPerMs,
    width: Math.round((end - start) * pxPerMs),
    x: (t) => (t - start) * pxPerMs,
    t: (x) => start + x / pxPerMs,
  };
}
