import cronstrue from 'cronstrue';
import { parseCron } from './cron-parser';
import type { CompiledCron } from './cron-parser';

const OPTIONS = { use24HourTimeFormat: true, throwExceptionOnParseError: true, verbose: false } as const;

function say(fields: readonly string[]): string {
  return cronstrue.toString(fields.join(' '), OPTIONS);
}

/** The part of `full` after the shared time-of-day prefix `base` (", Monday through Friday" → "Monday through Friday"). */
function tail(full: string, base: string): string {
  return full.startsWith(`${base}, `) ? full.slice(base.length + 2) : '';
}

/**
 * English description, e.g. "At 08:00, Monday through Friday". cronstrue writes the day fields of an
 * OR'ed schedule (both day-of-month and day-of-week restricted) inconsistently ("on day 1 and 15 of the
 * month, Monday through Friday" reads as AND), so those are assembled here: "…, or Monday through Friday".
 * An invalid expression gives ''.
 */
export function describeCron(expr: string | CompiledCron): string {
  const parsed = typeof expr === 'string' ? parseCron(expr, 'preview') : { ok: true as const, value: expr };
  if (!parsed.ok) return '';
  // parseCron hands out one cached CompiledCron per text, so this lives as long as that entry.
  let text = described.get(parsed.value);
  if (text === undefined) {
    text = describeFields(parsed.value);
    described.set(parsed.value, text);
  }
  return text;
}

/** cronstrue re-parses on every call (about 10 µs, more for OR'ed days): once per compiled cron is enough. */
const described = new WeakMap<CompiledCron, string>();

function describeFields(cron: CompiledCron): string {
  const fields = cron.normalized.split(' ');
  const n = fields.length;
  const time = fields.slice(0, n - 3);
  const [dom, month, dow] = fields.slice(n - 3) as [string, string, string];
  try {
    if (dom === '*' || dow === '*') return say(fields);
    const base = say([...time, '*', '*', '*']);
    const days = say([...time, dom, '*', '*']);
    const weekdays = tail(say([...time, '*', '*', dow]), base).replace(/^only on /, 'on ');
    const months = month === '*' ? '' : tail(say([...time, '*', month, '*']), base);
    if (!weekdays || (month !== '*' && !months)) return say(fields);
    return `${days}, or ${weekdays}${months ? `, ${months}` : ''}`;
  } catch {
    return cron.normalized;
  }
}
