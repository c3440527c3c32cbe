import { ERROR_STATUS, toFieldIssues, type ErrorCode, type FieldIssue } from '@schedhuler/shared';
import type { z } from 'zod';
import { logger } from './logger';

/**
 * A typed domain error. Services throw these; one `onError` maps them to HTTP and one
 * socket helper maps them to acks, so the code → status table lives in `shared/`.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra top-level body fields (409 conflict: conflictId, conflicts, hints). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): Record<string, unknown> {
    const error: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.details !== undefined) error.details = this.details;
    return { error, ...this.extra };
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message: string) => new AppError('forbidden', message);
export const unauthenticated = (message = 'sign in first') => new AppError('unauthenticated', message);
export const validationFailed = (issues: FieldIssue[], message?: string) =>
  new AppError('validation_failed', message ?? issues.map((i) => `${i.path}: ${i.message}`).slice(0, 5).join('; '), issues);
export const fieldInvalid = (path: string, message: string) => validationFailed([{ path, message }]);
/** `details`: the field(s) that clash, so a form can show the message where the value was typed. */
export const alreadyExists = (message: string, details?: FieldIssue[]) => new AppError('already_exists', message, details);
export const staleVersion = (current: unknown) =>
  new AppError('stale_version', 'this item was changed by someone else; reload it and try again', { current });

/** Parses untrusted input (an HTTP body or query, a socket payload) with a shared schema: a mismatch is `validation_failed` naming every bad field. */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationFailed(toFieldIssues(parsed.error.issues));
  return parsed.data;
}

/**
 * The one mapping of anything a handler throws (HTTP `onError`, socket `toAckFailure`) to the error
 * the client gets: an AppError as it is, a database outage → `unavailable`, anything else →
 * `internal` with `internalMessage` (a bug: logged here, no internals in the answer).
 */
export function toAppError(err: unknown, where: Record<string, unknown>, internalMessage: string): AppError {
  if (err instanceof AppError) {
    if (err.status >= 500) logger.error({ ...where, err }, err.message);
    return err;
  }
  if (isDatabaseUnavailable(err)) {
    logger.warn({ ...where, err: (err as Error).message }, 'database unavailable');
    return new AppError('unavailable', 'the database is unreachable right now; try again shortly');
  }
  logger.error({ ...where, err }, 'unhandled error');
  return new AppError('internal', internalMessage);
}

/** PostgreSQL and driver errors that mean "the database is not reachable right now". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH',
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300',
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: string; message?: string; cause?: unknown; name?: string } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.name === 'ConnectionException') return true;
    if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
    const msg = e.message ?? '';
    if (/Connection terminated|Timeout acquiring a connection|connect ECONNREFUSED|the database system is (shutting down|starting up)|Client has encountered a connection error/i.test(msg)) return true;
  }
  return false;
}
