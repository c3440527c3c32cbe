/**
 * The one range of instants the API accepts, for every instant it takes or derives (a start plus a
 * duration, a default range end): 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z. The cron engine
 * works in the same years, and the PostgreSQL driver cannot write year 0 or a five-digit year.
 */
import { z } from 'zod';
import { whenValid } from './text';

export const INSTANT_MIN_MS = Date.UTC(1970, 0, 1);
export const INSTANT_MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const INSTANT_RANGE_MESSAGE = 'must be a date between 1970-01-01 and 9999-12-31';
/** For a start whose derived end (start + duration) leaves the range. */
export const END_RANGE_MESSAGE = 'would end after 9999-12-31: every date must be between 1970-01-01 and 9999-12-31';

/** True for a finite epoch-ms instant inside the API's range. */
export function instantInRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= INSTANT_MIN_MS && ms <= INSTANT_MAX_MS;
}

/** `at` clamped into the API's range (for computed defaults such as "from + 7 days"). */
export function clampInstant(ms: number): number {
  return Math.min(INSTANT_MAX_MS, Math.max(INSTANT_MIN_MS, ms));
}

const FORMAT_MESSAGE = 'must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T08:00:00+01:00 or 2026-12-01T07:00:00Z';

/**
 * An ISO-8601 instant with an offset inside the API's range. The format check refuses impossible
 * dates (`2026-02-30`) and six-digit years (`+275760-…`); the range check year 0 and 1969.
 */
export const isoInstantField = z.iso
  .datetime({ offset: true, error: (iss) => (iss.input === undefined ? 'is required' : FORMAT_MESSAGE) })
  .refine((s) => instantInRange(Date.parse(s)), { error: INSTANT_RANGE_MESSAGE, abort: true, ...whenValid() });
