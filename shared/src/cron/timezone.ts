import { freezeResult, ok } from './types';
import type { Result } from './types';

/**
 * Which time-zone names the engine accepts (decision for issue 3):
 * - `UTC` and its tz-database aliases `Etc/UTC`, `GMT`, `Etc/GMT`, `UCT`, `Etc/UCT`, `Universal`,
 *   `Etc/Universal`, `Zulu`, `Etc/Zulu` (any case) → returned as `UTC`.
 * - Geographic names `Area/Location` or `Area/Region/Location` with Area one of Africa, America,
 *   Antarctica, Arctic, Asia, Atlantic, Australia, Europe, Indian, Pacific, that the runtime's tz data knows.
 *   Matching ignores case; the result has the tz database's spelling. Backward-compatible links such as
 *   `Asia/Calcutta` or `Europe/Kiev` are kept as written (not rewritten to `Asia/Kolkata`, `Europe/Kyiv`):
 *   runtimes disagree on which name of such a pair is canonical, and the server and the browser must agree.
 * - Rejected: fixed offsets (`+02:00`, `UTC+2`), `Etc/GMT±n` (inverted signs), POSIX-style and abbreviated
 *   names (`EST5EDT`, `EST`, `CET`), legacy aliases outside those areas (`US/Eastern`, `Japan`), unknown
 *   names (`Mars/Base`). Where the runtime maps a rejected alias to a geographic zone, the message names it.
 */

const UTC_ALIASES = new Set(['utc', 'etc/utc', 'gmt', 'etc/gmt', 'uct', 'etc/uct', 'universal', 'etc/universal', 'zulu', 'etc/zulu']);
const AREAS = ['Africa', 'America', 'Antarctica', 'Arctic', 'Asia', 'Atlantic', 'Australia', 'Europe', 'Indian', 'Pacific'];
const AREA_BY_LOWER = new Map(AREAS.map((a) => [a.toLowerCase(), a]));
const MAX_LENGTH = 64;
const SHAPE = /^[A-Za-z]+(\/[A-Za-z0-9_+-]+){1,2}$/;

let knownByLower: Map<string, string> | null = null;

function known(): Map<string, string> {
  if (!knownByLower) {
    const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    knownByLower = new Map(list.map((z) => [z.toLowerCase(), z]));
  }
  return knownByLower;
}

/** The runtime's own name for `tz`, or null when it does not know the zone. */
function runtimeName(tz: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

function invalid(message: string): Result<string> {
  return { ok: false, error: { code: 'invalid_timezone', field: 'timezone', message } };
}

/** tz database spelling: each word capitalised, except the small words of names like Port-au-Prince. */
function guessSpelling(tz: string): string {
  return tz
    .split('/')
    .map((part) => part.toLowerCase().replace(/(^|[_-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase()))
    .join('/');
}

// Every expansion validates its zone; links unknown to the runtime's list cost an Intl construction.
const cache = new Map<string, Result<string>>();
const CACHE_LIMIT = 1000;

export function validateTimezone(tz: string): Result<string> {
  if (typeof tz !== 'string' || tz === '') return invalid('timezone is required, e.g. Europe/Berlin');
  let result = cache.get(tz);
  if (!result) {
    result = freezeResult(check(tz));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(tz, result);
  }
  return result;
}

function check(tz: string): Result<string> {
  if (tz.length > MAX_LENGTH) return invalid(`timezone is too long (${tz.length} characters, at most ${MAX_LENGTH})`);
  const shown = JSON.stringify(tz);
  if (UTC_ALIASES.has(tz.toLowerCase())) return ok('UTC');
  if (/^(utc|gmt)?\s*[+-]\d/i.test(tz) || /^etc\/gmt[+-]\d+$/i.test(tz)) {
    return invalid(`timezone ${shown} is a fixed UTC offset, use an IANA zone such as Europe/Berlin so that DST is applied`);
  }
  const area = AREA_BY_LOWER.get(tz.split('/')[0]?.toLowerCase() ?? '');
  if (!SHAPE.test(tz) || !area) {
    const alias = runtimeName(tz);
    const geographic = alias !== null && SHAPE.test(alias) && AREA_BY_LOWER.has((alias.split('/')[0] ?? '').toLowerCase());
    const hint = geographic ? ` (did you mean ${alias}?)` : '';
    const what = alias ? 'is not a geographic IANA zone name' : 'is not a known IANA time zone';
    return invalid(`timezone ${shown} ${what}, expected Area/Location such as Europe/Berlin${hint}`);
  }
  const listed = known().get(tz.toLowerCase());
  if (listed) return ok(listed);
  const resolved = runtimeName(tz);
  if (!resolved) return invalid(`timezone ${shown} is not a known IANA time zone, expected Area/Location such as Europe/Berlin`);
  // A link the runtime knows but does not list (e.g. Asia/Kolkata on ICU builds that list Asia/Calcutta).
  if (resolved.toLowerCase() === tz.toLowerCase()) return ok(resolved);
  return ok(tz.split('/').every((part) => /^[A-Z]/.test(part)) ? tz : guessSpelling(tz));
}
