import { parseCron } from './cron-parser';
import { describeCron } from './describe';
import { expandWindow, MAX_INSTANT_MS, MIN_INSTANT_MS } from './expand';
import { validateTimezone } from './timezone';
import type { CronIssue, CronMode, CronRun } from './types';
import { zoneClock } from './zone-clock';

export const PREVIEW_DEFAULT_COUNT = 10;
export const PREVIEW_MAX_COUNT = 100;

export interface PreviewInput {
  cron: string;
  /** Default `UTC` (the server passes the board's zone when the request has none). */
  timezone?: string;
  /** Clamped to 1..100 after truncation (0 → 1, 1000 → 100, 1.5 → 1); default 10. NaN is an error. */
  count?: number;
  /** Exclusive; default now. Must be a valid date in 1970..9999. */
  from?: Date | number;
  /** Default `preview` (optional seconds field, every-minute allowed); `job` applies the job rules. */
  mode?: CronMode;
}

export type PreviewResult =
  | { ok: true; timezone: string; description: string; dates: CronRun[] }
  | { ok: false; error: CronIssue };

function invalid(field: 'from' | 'count', message: string): PreviewResult {
  return { ok: false, error: { code: 'validation_failed', field, message } };
}

/** Everything the preview route and the live preview need; never throws on bad input. */
export function previewSchedule(input: PreviewInput): PreviewResult {
  const zone = validateTimezone(input.timezone ?? 'UTC');
  if (!zone.ok) return zone;
  const cron = parseCron(input.cron, input.mode ?? 'preview');
  if (!cron.ok) return cron;
  let count = PREVIEW_DEFAULT_COUNT;
  if (input.count !== undefined) {
    if (typeof input.count !== 'number' || Number.isNaN(input.count)) return invalid('count', `count must be a number 1–${PREVIEW_MAX_COUNT}`);
    count = Math.min(Math.max(Math.trunc(input.count), 1), PREVIEW_MAX_COUNT);
  }
  const from = input.from === undefined ? Date.now() : input.from instanceof Date ? input.from.getTime() : input.from;
  if (typeof from !== 'number' || !Number.isFinite(from)) return invalid('from', 'from is not a valid date');
  if (from < MIN_INSTANT_MS || from > MAX_INSTANT_MS) return invalid('from', 'from must be between 1970-01-01 and 9999-12-31');
  const dates = expandWindow({ cron: cron.value, clock: zoneClock(zone.value), after: from, before: Number.POSITIVE_INFINITY, max: count });
  return { ok: true, timezone: zone.value, description: describeCron(cron.value), dates };
}
