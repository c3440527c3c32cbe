/**
 * Grammar of one cron field, with messages that name the field, the bad value and the allowed range.
 * croner's own messages are not shown to users: some are off by one ("Invalid value for day: 31" for 32).
 */

export const FIELD_DEFS = {
  second: { label: 'second', min: 0, max: 59 },
  minute: { label: 'minute', min: 0, max: 59 },
  hour: { label: 'hour', min: 0, max: 23 },
  dayOfMonth: { label: 'day-of-month', min: 1, max: 31 },
  month: { label: 'month', min: 1, max: 12 },
  // 7 is accepted as a second spelling of Sunday and folded to 0.
  dayOfWeek: { label: 'day-of-week', min: 0, max: 7 },
} as const;

export type FieldName = keyof typeof FIELD_DEFS;

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export interface ParsedField {
  /** `selected[v]` for every plain value v (dow already folded 7 → 0). */
  selected: boolean[];
  /** Literally `*` (or `?`): decides the day-of-month / day-of-week OR rule, as croner does. */
  star: boolean;
  /** Some item is `*` or a step: decides interval vs fixed-hour for the hour field. */
  wildOrStep: boolean;
  normalized: string;
  /** day-of-month only */
  last: boolean;
  lastWeekday: boolean;
  nearestWeekday: number[];
  /** day-of-week only: nth[dow] is a bit mask of occurrences 1..5; lastOf[dow] = `dowL`. */
  nth: number[];
  lastOf: boolean[];
}

export type FieldParse = { ok: true; field: ParsedField } | { ok: false; message: string };

const fail = (message: string): FieldParse => ({ ok: false, message });

type Value = { ok: true; value: number; sundayName: boolean } | { ok: false; message: string };

function parseValue(name: FieldName, raw: string): Value {
  const def = FIELD_DEFS[name];
  const range = `${def.min}–${def.max}`;
  if (/^[0-9]+$/.test(raw)) {
    const value = raw.length > 4 ? Number.POSITIVE_INFINITY : Number(raw);
    if (value < def.min || value > def.max) {
      const hint = name === 'dayOfWeek' ? ' (0 and 7 are Sunday)' : '';
      return { ok: false, message: `${def.label}: ${raw} is outside ${range}${hint}` };
    }
    return { ok: true, value, sundayName: false };
  }
  const names = name === 'month' ? MONTH_NAMES : name === 'dayOfWeek' ? DAY_NAMES : null;
  if (names && /^[A-Za-z]{3}$/.test(raw)) {
    const index = names.indexOf(raw.toUpperCase());
    if (index >= 0) return { ok: true, value: name === 'month' ? index + 1 : index, sundayName: index === 0 };
  }
  const what = names ? `a number ${range} or a name ${names[0]}–${names[names.length - 1]}` : `a number ${range}`;
  return { ok: false, message: `${def.label}: '${raw}' is not valid, expected ${what}` };
}

function emptyField(name: FieldName): ParsedField {
  return {
    selected: new Array<boolean>(FIELD_DEFS[name].max + 1).fill(false),
    star: false,
    wildOrStep: false,
    normalized: '',
    last: false,
    lastWeekday: false,
    nearestWeekday: [],
    nth: [0, 0, 0, 0, 0, 0, 0],
    lastOf: new Array<boolean>(7).fill(false),
  };
}

const fold = (name: FieldName, v: number) => (name === 'dayOfWeek' && v === 7 ? 0 : v);

/** Parses one field token (already split on whitespace). */
export function parseField(name: FieldName, token: string): FieldParse {
  const def = FIELD_DEFS[name];
  const field = emptyField(name);
  const isDay = name === 'dayOfMonth' || name === 'dayOfWeek';
  if (token === '*' || (isDay && token === '?')) {
    field.star = true;
    field.wildOrStep = true;
    field.selected.fill(true, def.min);
    field.normalized = '*';
    return { ok: true, field };
  }
  const parts: string[] = [];
  for (const item of token.split(',')) {
    if (item === '') return fail(`${def.label}: empty list item in '${token}'`);
    const r = parseItem(name, item, field);
    if (typeof r !== 'string') return r;
    if (!parts.includes(r)) parts.push(r);
  }
  field.normalized = parts.join(',');
  return { ok: true, field };
}

/** Adds one list item to `field`; returns its normalized spelling or a failure. */
function parseItem(name: FieldName, item: string, field: ParsedField): string | FieldParse {
  const def = FIELD_DEFS[name];
  const upper = item.toUpperCase();
  if (name === 'dayOfMonth') {
    if (upper === 'L') return ((field.last = true), 'L');
    if (upper === 'LW') return ((field.lastWeekday = true), 'LW');
    if (upper.startsWith('L-')) return fail(`${def.label}: '${item}' (an offset from the last day) is not supported, use L for the last day`);
    if (upper.endsWith('W')) {
      const v = parseValue(name, item.slice(0, -1));
      if (!v.ok) return fail(/^[0-9]+$/.test(item.slice(0, -1)) ? v.message : `${def.label}: '${item}' is not valid, W takes a single day, e.g. 15W`);
      field.nearestWeekday.push(v.value);
      return `${v.value}W`;
    }
  }
  if (name === 'dayOfWeek') {
    if (upper === 'L') return fail(`${def.label}: 'L' needs a weekday, e.g. 5L for the last Friday of the month`);
    const hash = item.indexOf('#');
    if (hash >= 0) return parseNth(item, hash, field);
    if (upper.length > 1 && upper.endsWith('L')) {
      const v = parseValue(name, item.slice(0, -1));
      if (!v.ok) return fail(`${def.label}: '${item}' is not valid, L takes a single weekday, e.g. 5L for the last Friday`);
      field.lastOf[fold(name, v.value)] = true;
      return `${fold(name, v.value)}L`;
    }
  }
  return parseRangeItem(name, item, field);
}

function parseNth(item: string, hash: number, field: ParsedField): string | FieldParse {
  const def = FIELD_DEFS.dayOfWeek;
  const day = parseValue('dayOfWeek', item.slice(0, hash));
  if (!day.ok) {
    const single = /^[0-9]+$|^[A-Za-z]{3}$/.test(item.slice(0, hash));
    return fail(single ? day.message : `${def.label}: '${item}' is not valid, # takes a single weekday, e.g. 5#2 (list several: 1#2,3#2)`);
  }
  const nth = item.slice(hash + 1);
  if (nth.toUpperCase() === 'L') return fail(`${def.label}: '${item}' is not supported, write ${fold('dayOfWeek', day.value)}L for the last one`);
  if (!/^[0-9]+$/.test(nth)) return fail(`${def.label}: '${item}' is not valid, expected weekday#occurrence, e.g. 5#2`);
  const n = Number(nth);
  if (n < 1 || n > 5) return fail(`${def.label}: occurrence ${nth} in '${item}' is outside 1–5`);
  const dow = fold('dayOfWeek', day.value);
  field.nth[dow] = (field.nth[dow] ?? 0) | (1 << n);
  return `${dow}#${n}`;
}

function parseRangeItem(name: FieldName, item: string, field: ParsedField): string | FieldParse {
  const def = FIELD_DEFS[name];
  const slash = item.indexOf('/');
  const base = slash >= 0 ? item.slice(0, slash) : item;
  let step = 1;
  if (slash >= 0) {
    const raw = item.slice(slash + 1);
    // The step applies to the span of distinct values (day-of-week: 7 days, 0–6).
    const span = name === 'dayOfWeek' ? 7 : def.max - def.min + 1;
    if (!/^[0-9]+$/.test(raw)) return fail(`${def.label}: step '${raw}' in '${item}' is not a number 1–${span}`);
    step = raw.length > 4 ? Number.POSITIVE_INFINITY : Number(raw);
    if (step < 1 || step > span) return fail(`${def.label}: step ${raw} in '${item}' is outside 1–${span}`);
  }
  let lo: number;
  let hi: number;
  let normalizedBase: string;
  if (base === '*') {
    lo = def.min;
    hi = name === 'dayOfWeek' ? 6 : def.max;
    normalizedBase = '*';
    field.wildOrStep = true;
  } else {
    const dash = base.indexOf('-');
    if (dash >= 0) {
      const a = parseValue(name, base.slice(0, dash));
      if (!a.ok) return fail(a.message);
      const b = parseValue(name, base.slice(dash + 1));
      if (!b.ok) return fail(b.message);
      lo = a.value;
      // FRI-SUN reads naturally as Friday to Sunday: the name SUN ending a range means 7.
      hi = b.sundayName && lo > 0 ? 7 : b.value;
      if (lo > hi) {
        const top = name === 'dayOfWeek' ? 6 : def.max;
        const wrapped = `${lo === top ? lo : `${lo}-${top}`},${hi === def.min ? hi : `${def.min}-${hi}`}`;
        const hint = name === 'dayOfWeek' && hi === 0 ? ` (write ${lo}-7, 7 is Sunday)` : `; to wrap around, write ${wrapped}`;
        return fail(`${def.label}: range ${base} is reversed${hint}`);
      }
    } else {
      const a = parseValue(name, base);
      if (!a.ok) return fail(a.message);
      lo = a.value;
      // Quartz-style 5/15 means "from 5 to the end, every 15".
      hi = slash >= 0 ? (name === 'dayOfWeek' ? 6 : def.max) : lo;
    }
    normalizedBase = lo === hi ? `${fold(name, lo)}` : `${lo}-${hi}`;
  }
  for (let v = lo; v <= hi; v += step) field.selected[fold(name, v)] = true;
  if (slash >= 0) {
    field.wildOrStep = true;
    if (normalizedBase !== '*' && lo === hi) normalizedBase = `${lo}-${hi}`;
    return `${normalizedBase}/${step}`;
  }
  return normalizedBase;
}
