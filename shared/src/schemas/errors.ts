/** Error codes of the HTTP and socket contract (docs/api.md) and the HTTP status each maps to. */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_cron: 400,
  invalid_timezone: 400,
  malformed_json: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  nothing_to_undo: 404,
  nothing_to_redo: 404,
  request_timeout: 408,
  conflict: 409,
  stale_version: 409,
  already_exists: 409,
  undo_conflict: 409,
  /** A change would leave a board without a supervisor. */
  last_supervisor: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  /** Socket only: `board:join` with another `protocol` than the server's; the client must reload. */
  protocol_mismatch: 426,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldIssue {
  path: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export interface ErrorResponse {
  error: ErrorBody;
}

/** Turns zod issues into the `{path, message}` list of a `validation_failed` body. */
export function toFieldIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((p) => String(p)).join('.') || '(body)',
    message: issue.message,
  }));
}
