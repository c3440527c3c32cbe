/**
 * Cron matching in wall-clock space: a wall-clock time is encoded as the epoch ms it would have in UTC
 * ("local-as-UTC"), so calendar arithmetic is plain integer maths with no zone involved. The zone is applied
 * afterwards by `zone-clock.ts`; the DST policy by `expand.ts`.
 */

export const DAY_MS = 86_400_000;
/** Wall-clock range the engine works in: 1970-01-01T00:00:00 to 9999-12-31T23:59:59. */
export const MIN_WALL_MS = 0;
export const MAX_WALL_MS = 253_402_300_799_000;

/** Compiled matching tables. `next*[v]` is the smallest selected value >= v, or -1. */
export interface CronSpec {
  nextSecond: Int8Array;
  nextMinute: Int8Array;
  nextHour: Int8Array;
  /** Bit m (1..12) set when month m is selected. */
  months: number;
  domStar: boolean;
  dowStar: boolean;
  /** Bit d (1..31) set when day-of-month d is selected; read with `>>>`. */
  domDays: number;
  domLast: boolean;
  domLastWeekday: boolean;
  domNearest: readonly number[];
  /** Bit w (0..6) for plain weekdays, and per weekday the masks of `#n` and `L`. */
  dowDays: number;
  dowNth: readonly number[];
  dowLast: number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of `daysFromCivil`, writing [year, month, day] into `out`. */
export function civilFromDays(days: number, out: number[]): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out[1] = m;
  out[2] = doy - Math.floor((153 * mp + 2) / 5) + 1;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** 0 = Sunday; 1970-01-01 was a Thursday. */
export function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** The weekday (Mon–Fri) nearest to day `n`, staying inside the month, as in Quartz's `nW`. */
function nearestWeekdayOf(n: number, firstDow: number, dim: number): number {
  const dow = (firstDow + n - 1) % 7;
  if (dow === 6) return n === 1 ? 3 : n - 1;
  if (dow === 0) return n === dim ? n - 2 : n + 1;
  return n;
}

/** Bits 1..dim set (bit 31 makes the int32 negative; readers use `>>>`). */
function allDays(dim: number): number {
  return dim === 31 ? -2 : ((1 << (dim + 1)) - 2) | 0;
}

/** Bit mask of the days of month (y, m) that the day fields select. */
export function monthDayMask(spec: CronSpec, firstDow: number, dim: number): number {
  let dom = 0;
  let dow = 0;
  if (!spec.domStar) {
    dom = spec.domDays & allDays(dim);
    if (spec.domLast) dom |= 1 << dim;
    if (spec.domLastWeekday) {
      const lastDow = (firstDow + dim - 1) % 7;
      dom |= 1 << (lastDow === 6 ? dim - 1 : lastDow === 0 ? dim - 2 : dim);
    }
    for (const n of spec.domNearest) if (n <= dim) dom |= 1 << nearestWeekdayOf(n, firstDow, dim);
  }
  if (!spec.dowStar) {
    for (let d = 1; d <= dim; d++) {
      const w = (firstDow + d - 1) % 7;
      const nthBit = 1 << Math.ceil(d / 7);
      if ((spec.dowDays >>> w) & 1 || (spec.dowNth[w] ?? 0) & nthBit || ((spec.dowLast >>> w) & 1 && d + 7 > dim)) {
        dow |= 1 << d;
      }
    }
  }
  if (spec.domStar && spec.dowStar) return allDays(dim);
  if (spec.domStar) return dow;
  if (spec.dowStar) return dom;
  // Both restricted: a day matches either field (POSIX, croner's default).
  return dom | dow;
}

/** First selected time of day (seconds) at or after h:m:s, or -1. */
function timeOnOrAfter(spec: CronSpec, h: number, m: number, s: number): number {
  const hh = spec.nextHour[h] as number;
  if (hh < 0) return -1;
  const m0 = spec.nextMinute[0] as number;
  const s0 = spec.nextSecond[0] as number;
  if (hh > h) return hh * 3600 + m0 * 60 + s0;
  const mm = spec.nextMinute[m] as number;
  if (mm === m) {
    const ss = spec.nextSecond[s] as number;
    if (ss >= 0) return h * 3600 + m * 60 + ss;
  }
  const mm2 = mm === m ? (spec.nextMinute[m + 1] as number) : mm;
  if (mm2 >= 0) return h * 3600 + mm2 * 60 + s0;
  const h2 = spec.nextHour[h + 1] as number;
  return h2 < 0 ? -1 : h2 * 3600 + m0 * 60 + s0;
}

// Month masks are recomputed per month; cache the last one (expansions walk forward month by month).
interface MonthCache {
  spec: CronSpec | null;
  key: number;
  mask: number;
}
const monthCache: MonthCache = { spec: null, key: -1, mask: 0 };
const ymd = [0, 0, 0];
/** [days, year, month, day] of the last date `nextWall` worked out. */
const lastCivil = [Number.NaN, 0, 0, 0];

function maskFor(spec: CronSpec, y: number, m: number, firstDay: number): number {
  const key = y * 16 + m;
  if (monthCache.spec === spec && monthCache.key === key) return monthCache.mask;
  const mask = monthDayMask(spec, weekday(firstDay), daysInMonth(y, m));
  monthCache.spec = spec;
  monthCache.key = key;
  monthCache.mask = mask;
  return mask;
}

/**
 * The first matching wall-clock second strictly after `afterWall`, or null when there is none up to
 * `limitWall` (inclusive, capped at year 9999). Bounded: at most one step per month plus one per day.
 */
export function nextWall(spec: CronSpec, afterWall: number, limitWall: number = MAX_WALL_MS): number | null {
  const limit = Math.min(limitWall, MAX_WALL_MS);
  let sec = Math.floor(Math.max(afterWall, MIN_WALL_MS - 1000) / 1000) + 1;
  let days = Math.floor(sec / 86400);
  let tod = sec - days * 86400;
  // A forward walk starts where the previous call's answer was: reuse its date rather than redo the
  // civil-date division chain (the largest cost of a call).
  if (days !== lastCivil[0]) {
    civilFromDays(days, ymd);
    lastCivil[0] = days;
    lastCivil[1] = ymd[0] as number;
    lastCivil[2] = ymd[1] as number;
    lastCivil[3] = ymd[2] as number;
  }
  let y = lastCivil[1] as number;
  let m = lastCivil[2] as number;
  let d = lastCivil[3] as number;
  const limitDays = Math.floor(limit / DAY_MS);
  while (days <= limitDays) {
    if ((spec.months >>> m) & 1) {
      const firstDay = days - d + 1;
      const mask = maskFor(spec, y, m, firstDay);
      const dim = daysInMonth(y, m);
      for (; d <= dim; d++, days++, tod = 0) {
        if (!((mask >>> d) & 1)) continue;
        const t = timeOnOrAfter(spec, Math.floor(tod / 3600), Math.floor((tod % 3600) / 60), tod % 60);
        if (t >= 0) {
          sec = days * 86400 + t;
          if (sec * 1000 > limit) return null;
          lastCivil[0] = days;
          lastCivil[1] = y;
          lastCivil[2] = m;
          lastCivil[3] = d;
          return sec * 1000;
        }
      }
    } else {
      days += daysInMonth(y, m) - d + 1;
    }
    d = 1;
    tod = 0;
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return null;
}
