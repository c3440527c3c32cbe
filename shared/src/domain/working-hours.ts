/**
 * Working time of a board (docs/rules.md, "Board"): the weekdays and wall-clock span in the board's
 * zone. The one place that turns them into instants, so shading and utilisation agree, DST included:
 * a day's span is laid out in wall-clock time, so 07:00–19:00 is 12 h on both DST days while
 * 00:00–24:00 is 23 h on the spring-forward day and 25 h on the fall-back day.
 */
import { DateTime } from 'luxon';
import { DEFAULT_WORKING_HOURS, minutesOfClock, type WorkingHours } from '../schemas/working-hours';

export interface Span {
  start: number;
  end: number;
}

const MINUTE_MS = 60_000;
/** Bounds the walk over days: a range of more than ~3 years is a caller's bug, not a board. */
const MAX_DAYS = 1200;

/** The board's working hours, or the default (Mon–Fri 07:00–19:00) for a board that has none yet. */
export function workingHoursOf(board: { workingHours?: WorkingHours | null } | null | undefined): WorkingHours {
  return board?.workingHours ?? DEFAULT_WORKING_HOURS;
}

function at(day: DateTime, minutes: number): number {
  // 24:00 is the next midnight; a wall-clock time in a DST gap moves forward by the gap (Luxon: 02:30 → 03:30).
  if (minutes >= 1440) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
}

/** The working spans inside [range.start, range.end), in order, clipped to the range. */
export function workingSpans(range: Span, hours: WorkingHours, zone: string): Span[] {
  if (!(range.end > range.start)) return [];
  const days = new Set(hours.days);
  const from = minutesOfClock(hours.start);
  const to = minutesOfClock(hours.end);
  const out: Span[] = [];
  let day = DateTime.fromMillis(range.start, { zone }).startOf('day');
  if (!day.isValid) throw new Error(`unknown time zone ${zone}`);
  for (let i = 0; i < MAX_DAYS && day.toMillis() < range.end; i++, day = day.plus({ days: 1 }).startOf('day')) {
    if (!days.has(day.weekday)) continue;
    const start = Math.max(range.start, at(day, from));
    const end = Math.min(range.end, at(day, to));
    if (end > start) out.push({ start, end });
  }
  return out;
}

/** Working minutes of [range.start, range.end) in `zone`. */
export function workingMinutes(range: Span, hours: WorkingHours, zone: string): number {
  return workingSpans(range, hours, zone).reduce((sum, s) => sum + (s.end - s.start), 0) / MINUTE_MS;
}

/** Bin edges for a histogram: every hour (`hour`) or every midnight (`day`) of the zone inside the range, plus both ends. */
export function zonedEdges(range: Span, unit: 'hour' | 'day', zone: string): number[] {
  const edges = [range.start];
  let t = DateTime.fromMillis(range.start, { zone }).startOf(unit);
  for (let i = 0; i < MAX_DAYS * 25; i++) {
    t = unit === 'day' ? t.plus({ days: 1 }).startOf('day') : t.plus({ hours: 1 });
    if (t.toMillis() >= range.end) break;
    if (t.toMillis() > range.start) edges.push(t.toMillis());
  }
  edges.push(range.end);
  return edges;
}
