/** `POST /api/schedules/preview` and the socket's `schedule:preview` (docs/api.md, "Schedule preview"). */
import { z } from 'zod';
import type { ErrorBody } from './errors';
import { isoInstantField } from './instant';
import { cronTextField, describeInput, MAX_DAY_MIN, minutesField, strictBody, timezoneTextField, uuidField } from './job';

export const PREVIEW_COUNT_DEFAULT = 10;
export const PREVIEW_COUNT_MAX = 100;

/**
 * "count is clamped to 1..100": any integer is accepted and clamped (0 → 1, 500 → 100); a
 * non-integer (1.5) or a numeric string ("5") is a 400 — clamping is for range, not for type.
 */
export const previewCountField = z
  .number({ error: (iss) => `must be an integer, got ${describeInput(iss.input)}` })
  .refine(Number.isInteger, 'must be an integer')
  .transform((n) => Math.min(PREVIEW_COUNT_MAX, Math.max(1, n)))
  .default(PREVIEW_COUNT_DEFAULT);

export const previewBody = strictBody({
  cron: cronTextField,
  timezone: timezoneTextField.optional(),
  count: previewCountField,
  from: isoInstantField.optional(),
  boardId: uuidField.optional(),
  assetId: uuidField.optional(),
  durationMin: minutesField(1, MAX_DAY_MIN).optional(),
});
export type PreviewBodyInput = z.input<typeof previewBody>;
export type PreviewBody = z.output<typeof previewBody>;

export interface PreviewConflict {
  occurrenceId: string;
  jobId: string;
  jobName: string;
  startsAt: string;
  endsAt: string;
}

export interface PreviewDate {
  /** ISO instant with offset, e.g. 2026-12-01T08:00:00.000+01:00. */
  at: string;
  /** Local wall-clock text, e.g. 2026-12-01T08:00. */
  local: string;
  /** See docs/rules.md, DST policy. */
  dst: 'shifted' | 'repeated' | null;
  /** Present when the request named an asset and a duration. */
  conflicts?: PreviewConflict[];
}

export interface PreviewOk {
  ok: true;
  timezone: string;
  description: string;
  dates: PreviewDate[];
}

export interface PreviewFailure {
  ok: false;
  error: ErrorBody;
}

export type PreviewResponse = PreviewOk | PreviewFailure;
