import { CronPattern } from 'croner';
import { FIELD_DEFS, parseField } from './cron-fields';
import type { FieldName, ParsedField } from './cron-fields';
import { cronError, freezeResult, ok } from './types';
import type { CronMode, Result } from './types';
import { daysFromCivil, DAY_MS, nextWall } from './wall-clock';
import type { CronSpec } from './wall-clock';

/** A validated cron, reusable across zones and calls. Build it with `parseCron` only. */
export interface CompiledCron {
  /** The expression as given (trimmed). */
  readonly expr: string;
  /** Canonical 5- or 6-field form (nicknames expanded, names and `?` replaced, 7 → 0 for Sunday). */
  readonly normalized: string;
  readonly mode: CronMode;
  readonly hasSeconds: boolean;
  /** docs/rules.md: hour field `*` or a step → interval schedule; otherwise fixed-hour. */
  readonly interval: boolean;
  /** Matching tables, internal to the engine. */
  readonly spec: CronSpec;
}

/** Longer input is rejected before any parsing, so a 10 KB string costs nothing. */
export const MAX_CRON_LENGTH = 200;

const NICKNAMES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const FIELDS_5: readonly FieldName[] = ['minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'];
const FIELDS_6: readonly FieldName[] = ['second', ...FIELDS_5];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MAX_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const cache = new Map<string, Result<CompiledCron>>();
const CACHE_LIMIT = 1000;

export function parseCron(expr: string, mode: CronMode = 'job'): Result<CompiledCron> {
  if (typeof expr !== 'string') return cronError('cron must be a string');
  const m: CronMode = mode === 'preview' ? 'preview' : 'job';
  if (expr.length > MAX_CRON_LENGTH) return cronError(`cron is too long (${expr.length} characters, at most ${MAX_CRON_LENGTH})`);
  const key = `${m} ${expr}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = freezeResult(compile(expr.trim(), m));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

function expected(mode: CronMode): string {
  return mode === 'job'
    ? 'expected 5 (minute hour day-of-month month day-of-week)'
    : 'expected 5 (minute hour day-of-month month day-of-week) or 6 with a leading seconds field';
}

function compile(expr: string, mode: CronMode): Result<CompiledCron> {
  if (expr === '') return cronError(`cron is empty, ${expected(mode).replace('expected 5', 'expected 5 fields')}, e.g. 0 8 * * 1-5`);
  let tokens = expr.split(/\s+/);
  const first = tokens[0] as string;
  if (first.startsWith('@')) {
    if (tokens.length > 1) return cronError(`nickname ${first} must be the whole cron, without other fields`);
    const nick = first.toLowerCase();
    if (nick === '@reboot') return cronError('@reboot is not supported: a schedule needs a time, e.g. @daily or 0 8 * * *');
    const expansion = NICKNAMES[nick];
    if (!expansion) return cronError(`unknown nickname '${first}', expected one of ${Object.keys(NICKNAMES).join(', ')}`);
    tokens = expansion.split(' ');
  }
  const n = tokens.length;
  if (n !== 5 && !(n === 6 && mode === 'preview')) {
    const why = n === 6 ? '; a seconds field is only allowed in the preview' : n === 7 ? '; a year field is not supported' : '';
    return cronError(`cron has ${n} field${n === 1 ? '' : 's'}, ${expected(mode)}${why}`);
  }
  const names = n === 6 ? FIELDS_6 : FIELDS_5;
  const fields: Partial<Record<FieldName, ParsedField>> = {};
  for (let i = 0; i < n; i++) {
    const name = names[i] as FieldName;
    const token = tokens[i] as string;
    const bad = badCharacter(token);
    if (bad) return cronError(`${FIELD_DEFS[name].label}: ${bad}`);
    const parsed = parseField(name, token);
    if (!parsed.ok) return cronError(parsed.message);
    fields[name] = parsed.field;
  }
  const f = fields as Record<FieldName, ParsedField>;
  if (mode === 'job' && f.minute.selected.every(Boolean)) {
    return cronError(`minute: every-minute schedules are not allowed for jobs ('${f.minute.normalized}'), pick minutes such as 0 or */5`);
  }
  const hasSeconds = n === 6;
  const spec = buildSpec(f, hasSeconds);
  const never = neverRunsMessage(f, spec);
  if (never) return cronError(never);
  const normalized = names.map((name) => f[name].normalized).join(' ');
  try {
    // Second opinion from croner, the reference implementation: the engine never accepts what croner rejects.
    new CronPattern(normalized, undefined, { mode: hasSeconds ? '6-part' : '5-part' });
  } catch {
    return cronError(`cron '${expr}' is not supported`);
  }
  return ok(Object.freeze({ expr, normalized, mode, hasSeconds, interval: f.hour.wildOrStep, spec }));
}

function badCharacter(token: string): string | null {
  for (const ch of token) {
    const code = ch.codePointAt(0) as number;
    if (code > 0x20 && code < 0x7f) continue;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    if (/\p{Nd}/u.test(ch)) return `'${ch}' (${hex}) is not an ASCII digit, use 0–9`;
    if (/\p{L}|\p{N}|\p{P}|\p{S}/u.test(ch)) return `unexpected character '${ch}' (${hex})`;
    return `unexpected character ${hex}`;
  }
  return null;
}

function nextTable(selected: readonly boolean[], size: number): Int8Array {
  const table = new Int8Array(size + 1).fill(-1);
  let next = -1;
  for (let v = size - 1; v >= 0; v--) {
    if (selected[v]) next = v;
    table[v] = next;
  }
  return table;
}

function bits(selected: readonly boolean[], from: number, to: number): number {
  let mask = 0;
  for (let v = from; v <= to; v++) if (selected[v]) mask |= 1 << v;
  return mask;
}

function buildSpec(f: Record<FieldName, ParsedField>, hasSeconds: boolean): CronSpec {
  const onlyZero = [true];
  return {
    nextSecond: nextTable(hasSeconds ? f.second.selected : onlyZero, 60),
    nextMinute: nextTable(f.minute.selected, 60),
    nextHour: nextTable(f.hour.selected, 24),
    months: bits(f.month.selected, 1, 12),
    domStar: f.dayOfMonth.star,
    dowStar: f.dayOfWeek.star,
    domDays: bits(f.dayOfMonth.selected, 1, 31),
    domLast: f.dayOfMonth.last,
    domLastWeekday: f.dayOfMonth.lastWeekday,
    domNearest: [...new Set(f.dayOfMonth.nearestWeekday)],
    dowDays: bits(f.dayOfWeek.selected, 0, 6),
    dowNth: f.dayOfWeek.nth,
    dowLast: bits(f.dayOfWeek.lastOf, 0, 6),
  };
}

function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A cron that can never fire is an error: say which day cannot exist, or fall back to a calendar search. */
function neverRunsMessage(f: Record<FieldName, ParsedField>, spec: CronSpec): string | null {
  const dom = f.dayOfMonth;
  if (!dom.star && f.dayOfWeek.star && !dom.last && !dom.lastWeekday) {
    const days = [...new Set([...dom.selected.flatMap((on, d) => (on ? [d] : [])), ...dom.nearestWeekday])].sort((a, b) => a - b);
    const months = f.month.selected.flatMap((on, m) => (on ? [m] : []));
    const possible = months.some((m) => days.some((d) => d <= (MAX_DAYS[m] as number)));
    if (!possible) {
      const plural = days.length > 1;
      return `${plural ? 'days' : 'day'} ${listText(days.map(String))} of ${listText(months.map((m) => MONTHS[m - 1] as string))} never ${plural ? 'occur' : 'occurs'} — this schedule never runs`;
    }
  }
  // The Gregorian calendar repeats every 400 years: no matching day in one cycle means never.
  const start = daysFromCivil(2000, 1, 1) * DAY_MS;
  if (nextWall(spec, start - 1000, daysFromCivil(2400, 1, 1) * DAY_MS) === null) return 'no date ever matches the day fields — this schedule never runs';
  return null;
}

/** docs/rules.md definition; a string is parsed in preview mode and is `false` when invalid. */
export function isIntervalSchedule(cron: CompiledCron | string): boolean {
  if (typeof cron !== 'string') return cron.interval;
  const parsed = parseCron(cron, 'preview');
  return parsed.ok && parsed.value.interval;
}
