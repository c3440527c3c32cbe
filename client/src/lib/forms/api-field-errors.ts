import { ApiError } from '../api';

/**
 * The field messages of a refused write, keyed by path: `validation_failed` and the 409s that name
 * their field (`already_exists` at a board name or an asset code, `last_supervisor` at a role).
 */
export function apiFieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(e instanceof ApiError) || !Array.isArray(e.details)) return out;
  for (const issue of e.details as unknown[]) {
    if (issue && typeof issue === 'object' && 'path' in issue && 'message' in issue) {
      out[String((issue as { path: unknown }).path)] ??= String((issue as { message: unknown }).message);
    }
  }
  return out;
}

/** A sentence for the form as a whole (shown when no field carries the problem). */
export function apiFormMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'stale_version') return 'Someone else changed this meanwhile. The form now shows their version; check it and save again.';
    if (e.status === 403) return `Not allowed: ${e.message}`;
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** The first letter up: server messages are written to follow a field name ("must be after the start"). */
export const sentence = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
