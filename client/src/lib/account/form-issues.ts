import { ApiError } from '../api';

/** What the forms need of a shared zod schema (the client does not depend on zod itself). */
interface Checkable {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** A form's field messages from a shared schema, keyed by the first path segment (`''` for the whole body). */
export function schemaIssues(schema: Checkable, body: unknown): Record<string, string> {
  const res = schema.safeParse(body);
  const out: Record<string, string> = {};
  if (res.success) return out;
  for (const issue of res.error.issues) out[String(issue.path[0] ?? '')] ??= issue.message;
  return out;
}

/** The field messages of a refused request (`validation_failed` details, keyed by path). */
export function apiIssues(e: unknown): Record<string, string> {
  return e instanceof ApiError ? e.fieldIssues() : {};
}

/** A sentence for the form as a whole, when no field carries the problem. */
export function formMessage(e: unknown): string {
  if (e instanceof ApiError) return e.status === 403 ? `Not allowed: ${e.message}` : e.message;
  return e instanceof Error ? e.message : String(e);
}

/** Server messages are written to follow a field name ("must be at least 10 characters"). */
export const sentence = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
