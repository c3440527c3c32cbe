import type { ErrorCode } from '@schedhuler/shared';
import { toAppError } from '../errors';
import { logger } from '../logger';

export interface AckError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type AckFailure = { ok: false; error: AckError } & Record<string, unknown>;
export type AckFn = (answer: unknown) => void;

/**
 * Turns anything a socket handler throws into an acknowledgement, the socket twin of `app.onError`
 * (both map errors with `toAppError`): the code, message and details, plus extra top-level fields
 * such as conflict hints.
 */
export function toAckFailure(err: unknown, where: string): AckFailure {
  const e = toAppError(err, { where }, `internal error while handling ${where}`);
  const error: AckError = { code: e.code, message: e.message };
  if (e.details !== undefined) error.details = e.details;
  return { ...e.extra, ok: false, error };
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
