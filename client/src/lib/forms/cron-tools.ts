/** Cron builder for people who do not write cron, and small rewrites used by "use next free slot". */

export const WEEKDAYS = [
  { value: 1, short: 'Mon', long: 'Monday' },
  { value: 2, short: 'Tue', long: 'Tuesday' },
  { value: 3, short: 'Wed', long: 'Wednesday' },
  { value: 4, short: 'Thu', long: 'Thursday' },
  { value: 5, short: 'Fri', long: 'Friday' },
  { value: 6, short: 'Sat', long: 'Saturday' },
  { value: 0, short: 'Sun', long: 'Sunday' },
] as const;

export const BUILDER_MODES = ['weekly', 'interval', 'monthly'] as const;
export type BuilderMode = (typeof BUILDER_MODES)[number];

export interface BuilderState {
  mode: BuilderMode;
  /** Days of week, 0 = Sunday. Empty means every day. */
  days: number[];
  /** "HH:MM" for weekly and monthly. */
  time: string;
  /** Interval mode: every `everyHours` hours from `fromHour` to `toHour` (inclusive), at `minute`. */
  everyHours: number;
  fromHour: number;
  toHour: number;
  minute: number;
  /** Monthly mode: day of month 1..31, or "L" for the last day. */
  dayOfMonth: number | 'L';
}

export type BuildResult = { ok: true; cron: string } | { ok: false; field: keyof BuilderState; message: string };

export const DEFAULT_BUILDER: BuilderState = {
  mode: 'weekly',
  days: [1, 2, 3, 4, 5],
  time: '08:00',
  everyHours: 2,
  fromHour: 6,
  toHour: 22,
  minute: 0,
  dayOfMonth: 1,
};

/** Collapses sorted numbers into cron ranges: [1,2,3,5] → "1-3,5". */
export function compactList(values: readonly number[]): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}-${sorted[j]}` : sorted.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}

function parseTime(text: string): { h: number; m: number } | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  return h <= 23 && mi <= 59 ? { h, m: mi } : null;
}

const isInt = (n: unknown, lo: number, hi: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= lo && n <= hi;

export function buildCron(s: BuilderState): BuildResult {
  const dow = s.days.length === 0 || s.days.length === 7 ? '*' : compactList(s.days);
  if (s.mode === 'weekly' || s.mode === 'monthly') {
    const t = parseTime(s.time);
    if (!t) return { ok: false, field: 'time', message: 'Enter a time as HH:MM, e.g. 08:30' };
    if (s.mode === 'weekly') return { ok: true, cron: `${t.m} ${t.h} * * ${dow}` };
    if (s.dayOfMonth !== 'L' && !isInt(s.dayOfMonth, 1, 31)) return { ok: false, field: 'dayOfMonth', message: 'Day of month is 1–31 or "last"' };
    return { ok: true, cron: `${t.m} ${t.h} ${s.dayOfMonth} * *` };
  }
  if (!isInt(s.everyHours, 1, 23)) return { ok: false, field: 'everyHours', message: 'Every 1–23 hours' };
  if (!isInt(s.fromHour, 0, 23) || !isInt(s.toHour, 0, 23)) return { ok: false, field: 'fromHour', message: 'Hours are 0–23' };
  if (s.toHour < s.fromHour) return { ok: false, field: 'toHour', message: '"Until" must not be before "from"' };
  if (!isInt(s.minute, 0, 59)) return { ok: false, field: 'minute', message: 'Minute is 0–59' };
  const hours = s.fromHour === 0 && s.toHour === 23 ? `*/${s.everyHours}` : `${s.fromHour}-${s.toHour}/${s.everyHours}`;
  return { ok: true, cron: `${s.minute} ${hours} * * ${dow}` };
}

/**
 * Sets the time of a fixed-time schedule ("30 8 * * 1-5" → "15 10 * * 1-5"). Returns null when the
 * minute or hour field is not a single number: moving "every 2 hours" to one time would change its meaning.
 */
export function rewriteCronTime(cron: string, hour: number, minute: number): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5 || !/^\d{1,2}$/.test(fields[0]!) || !/^\d{1,2}$/.test(fields[1]!)) return null;
  return [String(minute), String(hour), ...fields.slice(2)].join(' ');
}

const NUM = /^\d{1,2}$/;

/** "1-5,0" → [0,1,2,3,4,5]; "*" → []; null for names, steps or out-of-range values (7 is Sunday too). */
function parseDays(field: string): number[] | null {
  if (field === '*') return [];
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\d)(?:-(\d))?$/.exec(part);
    if (!m) return null;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (lo > 7 || hi > 7 || hi < lo) return null;
    for (let d = lo; d <= hi; d++) days.add(d % 7);
  }
  const out = [...days].sort((a, b) => a - b);
  return out.length === 7 ? [] : out;
}

/**
 * Reads an expression back into the builder: the inverse of buildCron for every shape it writes
 * (`45 6 * * 6` → weekly, Saturday 06:45). Null for anything it cannot show ("custom"): the
 * builder then leaves the field alone instead of overwriting it with its own defaults.
 */
export function readCron(cron: string): BuilderState | null {
  const f = cron.trim().split(/\s+/);
  if (f.length !== 5) return null;
  const [mi, h, dom, mon, dow] = f as [string, string, string, string, string];
  if (mon !== '*' || !NUM.test(mi) || Number(mi) > 59) return null;
  const base = { ...DEFAULT_BUILDER, minute: Number(mi) };
  const hhmm = (hour: number) => `${String(hour).padStart(2, '0')}:${mi.padStart(2, '0')}`;
  if (dom !== '*') {
    if (dow !== '*' || !NUM.test(h) || Number(h) > 23) return null;
    if (dom === 'L') return { ...base, mode: 'monthly', days: [], time: hhmm(Number(h)), dayOfMonth: 'L' };
    if (!NUM.test(dom) || Number(dom) < 1 || Number(dom) > 31) return null;
    return { ...base, mode: 'monthly', days: [], time: hhmm(Number(h)), dayOfMonth: Number(dom) };
  }
  const days = parseDays(dow);
  if (!days) return null;
  if (NUM.test(h)) return Number(h) > 23 ? null : { ...base, mode: 'weekly', days, time: hhmm(Number(h)) };
  const step = /^(?:\*|(\d{1,2})-(\d{1,2}))\/(\d{1,2})$/.exec(h);
  if (!step) return null;
  const fromHour = step[1] === undefined ? 0 : Number(step[1]);
  const toHour = step[2] === undefined ? 23 : Number(step[2]);
  const everyHours = Number(step[3]);
  if (toHour > 23 || toHour < fromHour || everyHours < 1 || everyHours > 23) return null;
  return { ...base, mode: 'interval', days, everyHours, fromHour, toHour };
}
