/** Public types of the cron engine (see docs/rules.md "Cron rules for jobs", "DST policy", "Preview"). */

/**
 * `job`: exactly 5 fields, a minute field that selects every minute is rejected.
 * `preview`: 5 fields or 6 with a leading seconds field; every-minute schedules allowed.
 */
export const CRON_MODES = ['job', 'preview'] as const;
export type CronMode = (typeof CRON_MODES)[number];

/** `shifted`: moved out of a spring-forward gap; `repeated`: second pass of a fall-back hour. */
export type DstMark = null | 'shifted' | 'repeated';

export interface CronRun {
  /** The instant as ISO 8601 with its offset, exactly like luxon's `toISO()` (`Z` for the UTC zone). */
  at: string;
  /** Wall-clock time in the zone at that instant: `YYYY-MM-DDTHH:mm`, plus `:ss` when seconds are not 0. */
  local: string;
  dst: DstMark;
  epochMs: number;
}

/** `validation_failed` is only produced by `previewSchedule` for a bad `from` or `count`. */
export type CronIssueCode = 'invalid_cron' | 'invalid_timezone' | 'validation_failed';
export type CronIssueField = 'cron' | 'timezone' | 'from' | 'count';

export interface CronIssue {
  code: CronIssueCode;
  field: CronIssueField;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: CronIssue };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function cronError(message: string): { ok: false; error: CronIssue } {
  return { ok: false, error: { code: 'invalid_cron', field: 'cron', message } };
}

/** Cached results are shared between callers: make them read-only. */
export function freezeResult<T>(result: Result<T>): Result<T> {
  if (!result.ok) Object.freeze(result.error);
  return Object.freeze(result);
}
