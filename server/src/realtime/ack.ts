import { toFieldIssues, type ErrorCode } from '@schedhuler/shared';
import type { z } from 'zod';
import { AppError, isDatabaseUnavailable, validationFailed } from '../errors';
import { logger } from '../logger';

export interface AckError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type AckFailure = { ok: false; error: AckError } & Record<string, unknown>;
export type AckFn = (answer: unknown) => void;

/**
 * The one place that turns anything a socket handler throws into an acknowledgement, the socket
 * twin of `app.onError`: AppError → its code (plus extra top-level fields such as conflict hints),
 * database outage → `unavailable`, anything else → `internal` without internals.
 */
export function toAckFailure(err: unknown, where: string): AckFailure {
  if (err instanceof AppError) {
    if (err.status >= 500) logger.error({ err, where }, err.message);
    const error: AckError = { code: err.code, message: err.message };
    if (err.details !== undefined) error.details = err.details;
    return { ...err.extra, ok: false, error };
  }
  if (isDatabaseUnavailable(err)) {
    logger.warn({ where, err: (err as Error).message }, 'database unavailable');
    return { ok: false, error: { code: 'unavailable', message: 'the database is unreachable right now; try again shortly' } };
  }
  logger.error({ err, where }, 'unhandled socket handler error');
  return { ok: false, error: { code: 'internal', message: `internal error while handling ${where}` } };
}

/** Parses a socket payload with a shared schema; a mismatch is the same `validation_failed` as over HTTP. */
export function parsePayload<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationFailed(toFieldIssues(parsed.error.issues));
  return parsed.data;
}

/** Calls an acknowledgement without letting a throwing client callback (or a gone socket) escape. */
export function safeAck(ack: AckFn | undefined, answer: unknown): void {
  if (!ack) return;
  try {
    ack(answer);
  } catch (err) {
    logger.warn({ err }, 'socket acknowledgement failed');
  }
}
