/**
 * Working time of a board (docs/rules.md, "Board"): the weekdays and wall-clock span in the board's
 * zone. The one place that turns them into instants, so shading and utilisation agree, DST included:
 * a day's span is laid out in wall-clock time, so 07:00–19:00 is 12 h on both DST days while
 * 00:00–24:00 is 23 h on the spring-forward day and 25 h on the fall-back day.
 */
import { DEFAULT_WORKING_HOURS, minutesOfClock, type WorkingHours } from './working-week';

export interface Span {
  start: number;
  end: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Bounds the walk over days: a range of more than ~3 years is a caller's bug, not a board. */
const MAX_DAYS = 1200;

/*
 * The zone arithmetic is Luxon's, done with Intl alone: this module is on the board's first draw
 * (shading, utilisation), and Luxon there cost its module and, on first use, tens of ms of set-up
 * per open. A wall-clock ("local") time is kept as ms since the epoch as if the zone were UTC.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
/** Offsets change on quarter hours at most (every zone in use): one Intl call per zone and quarter hour. */
const QUARTER_MS = 15 * MINUTE_MS;

function formatterOf(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short' });
    } catch {
      throw new Error(`unknown time zone ${zone}`);
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at instant `t`, in ms (Berlin in winter: +3,600,000). */
function offsetAt(t: number, zone: string): number {
  const q = Math.floor(t / QUARTER_MS) * QUARTER_MS;
  const key = `${zone}|${q}`;
  let off = offsets.get(key);
  if (off === undefined) {
    const p: Record<string, string> = {};
    for (const part of formatterOf(zone).formatToParts(q)) p[part.type] = part.value;
    const year = p.era === 'BC' || p.era === 'B' ? 1 - Number(p.year) : Number(p.year);
    const d = new Date(0);
    d.setUTCFullYear(year, Number(p.month) - 1, Number(p.day));
    d.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second), 0);
    off = d.getTime() - q;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, off);
  }
  return off;
}

/**
 * The instant showing wall-clock time `local`, starting from the offset `o` of the time it was
 * derived from (Luxon's fixOffset): a time in a DST gap moves forward by the gap (02:30 → 03:30).
 */
function fromLocal(local: number, o: number, zone: string): number {
  let guess = local - o;
  const o2 = offsetAt(guess, zone);
  if (o === o2) return guess;
  guess -= o2 - o;
  const o3 = offsetAt(guess, zone);
  if (o2 === o3) return guess;
  return local - Math.min(o2, o3);
}

/** An instant with its wall-clock time and offset. */
type Day = { t: number; local: number; o: number };

/** The start of the zone's day (unit DAY_MS) or hour (HOUR_MS) containing instant `t`. */
function startOf(t: number, unit: number, zone: string): Day {
  const o = offsetAt(t, zone);
  const local = Math.floor((t + o) / unit) * unit;
  const at = fromLocal(local, o, zone);
  return { t: at, local, o: offsetAt(at, zone) };
}

/** The start of the local day after `day` (23 or 25 h later on DST days). */
function nextDay(day: Day, zone: string): Day {
  const local = day.local + DAY_MS;
  const t = fromLocal(local, day.o, zone);
  // Where midnight does not exist the day starts later: its local start is then not midnight.
  return startOf(t, DAY_MS, zone);
}

/** The board's working hours, or the default (Mon–Fri 07:00–19:00) for a board that has none yet. */
export function workingHoursOf(board: { workingHours?: WorkingHours | null } | null | undefined): WorkingHours {
  return board?.workingHours ?? DEFAULT_WORKING_HOURS;
}

function at(day: Day, minutes: number, zone: string): number {
  // 24:00 is the next midnight; a wall-clock time in a DST gap moves forward by the gap (02:30 → 03:30).
  if (minutes >= 1440) return nextDay(day, zone).t;
  return fromLocal(day.local + minutes * MINUTE_MS, day.o, zone);
}

/** The working spans inside [range.start, range.end), in order, clipped to the range. */
export function workingSpans(range: Span, hours: WorkingHours, zone: string): Span[] {
  if (!(range.end > range.start)) return [];
  const days = new Set(hours.days);
  const from = minutesOfClock(hours.start);
  const to = minutesOfClock(hours.end);
  const out: Span[] = [];
  let day = startOf(range.start, DAY_MS, zone);
  for (let i = 0; i < MAX_DAYS && day.t < range.end; i++, day = nextDay(day, zone)) {
    // ISO weekday of the local date (1 = Monday … 7 = Sunday).
    if (!days.has(new Date(day.local).getUTCDay() || 7)) continue;
    const start = Math.max(range.start, at(day, from, zone));
    const end = Math.min(range.end, at(day, to, zone));
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
  let t = startOf(range.start, unit === 'day' ? DAY_MS : HOUR_MS, zone);
  for (let i = 0; i < MAX_DAYS * 25; i++) {
    // An hour is 3,600,000 ms whatever the zone does; a day is from one local midnight to the next.
    t = unit === 'day' ? nextDay(t, zone) : { t: t.t + HOUR_MS, local: 0, o: 0 };
    if (t.t >= range.end) break;
    if (t.t > range.start) edges.push(t.t);
  }
  edges.push(range.end);
  return edges;
}
