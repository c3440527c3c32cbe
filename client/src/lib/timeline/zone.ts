/**
 * Wall-clock helpers for an IANA zone using Intl only (the client does not ship luxon).
 * Formatters are cached: building an Intl.DateTimeFormat costs far more than using one.
 */
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(zone, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClock(t: number, zone: string): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of partsFormatter(zone).formatToParts(t)) {
    if (p.type in out) out[p.type as keyof WallClock] = Number(p.value);
  }
  return out;
}

/** Offset of `zone` from UTC at instant `t`, in ms (Berlin in winter: +3_600_000). */
export function zoneOffsetMs(t: number, zone: string): number {
  const w = wallClock(t, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (t - (((t % 1000) + 1000) % 1000));
}

/**
 * The instant at which the wall clock in `zone` shows the given local time. For a time inside a DST gap
 * this returns the instant just after the gap, the same rule the cron engine uses.
 */
export function zonedTimeToInstant(zone: string, year: number, month: number, day: number, hour = 0, minute = 0): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  // Any DST switch near this wall time lies between these two offsets.
  const before = zoneOffsetMs(naive - 86_400_000, zone);
  const after = zoneOffsetMs(naive + 86_400_000, zone);
  const matches = (t: number) => {
    const w = wallClock(t, zone);
    return w.year === year && w.month === month && w.day === day && w.hour === hour && w.minute === minute;
  };
  const candidates = [naive - before, naive - after].filter(matches);
  if (candidates.length > 0) return Math.min(...candidates); // a repeated time: its first pass
  // In a gap: the first instant after it is the switch itself, between the two candidates.
  let lo = Math.min(naive - before, naive - after);
  let hi = Math.max(naive - before, naive - after);
  while (hi - lo > 60_000) {
    const mid = lo + Math.max(60_000, Math.floor((hi - lo) / 120_000) * 60_000);
    if (zoneOffsetMs(mid, zone) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Local midnight of the day that contains `t`. */
export function startOfZonedDay(t: number, zone: string): number {
  const w = wallClock(t, zone);
  return zonedTimeToInstant(zone, w.year, w.month, w.day);
}

/** Local midnight `n` days after the local day containing `t` (DST days are 23 or 25 hours long). */
export function addZonedDays(t: number, n: number, zone: string): number {
  const w = wallClock(t, zone);
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + n));
  return zonedTimeToInstant(zone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Cached `Intl.DateTimeFormat` for labels in the board's zone. */
export function zonedFormatter(zone: string, options: Intl.DateTimeFormatOptions, locale?: string): Intl.DateTimeFormat {
  const key = `${zone}|${locale ?? ''}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

const pad = (n: number) => String(n).padStart(2, '0');

// Offsets only change on quarter hours in every zone in use, so one lookup per zone and quarter hour
// suffices; labels for thousands of blocks then cost a Map lookup each instead of an Intl call. Keyed
// by number in a map per zone, and formatted without a Date: a block's label reads two times, and a
// 50,000 fling's frames spent ~30 ms building string keys (CPU profile, 2026-12-01).
const QUARTER = 15 * 60_000;
const offsetCache = new Map<string, Map<number, number>>();
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => pad(i));

function cachedOffset(t: number, zone: string): number {
  let byQuarter = offsetCache.get(zone);
  if (!byQuarter) offsetCache.set(zone, (byQuarter = new Map()));
  const quarter = Math.floor(t / QUARTER);
  let off = byQuarter.get(quarter);
  if (off === undefined) {
    if (byQuarter.size > 100_000) byQuarter.clear();
    off = zoneOffsetMs(quarter * QUARTER, zone);
    byQuarter.set(quarter, off);
  }
  return off;
}

/** "08:30" in the zone, 24-hour, independent of the browser's locale. */
export function formatHm(t: number, zone: string): string {
  const minuteOfDay = (((Math.floor((t + cachedOffset(t, zone)) / 60_000) % 1440) + 1440) % 1440);
  return `${TWO_DIGITS[Math.floor(minuteOfDay / 60)]}:${TWO_DIGITS[minuteOfDay % 60]}`;
}

/** "2026-12-01" in the zone. */
export function formatYmd(t: number, zone: string): string {
  const w = wallClock(t, zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** Parses "2026-12-01" as local midnight in the zone; null when malformed. */
export function parseYmd(text: string, zone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return zonedTimeToInstant(zone, y, mo, d);
}
