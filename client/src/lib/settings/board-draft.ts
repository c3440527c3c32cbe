import { DEFAULT_WORKING_HOURS, toFieldIssues, type BoardDto, type CreateBoardBody } from '@schedhuler/shared';

/** The part of a zod schema this module uses (the client does not depend on zod directly). */
interface Schema {
  safeParse(v: unknown): { success: true } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** What the board form edits; `horizonDays` is null while the number field is empty. */
export interface BoardDraft {
  name: string;
  timezone: string;
  horizonDays: number | null;
  days: number[];
  start: string;
  end: string;
}

export function draftOf(board: Pick<BoardDto, 'name' | 'timezone' | 'horizonDays' | 'workingHours'> | null, zone = 'UTC'): BoardDraft {
  const hours = board?.workingHours ?? DEFAULT_WORKING_HOURS;
  return { name: board?.name ?? '', timezone: board?.timezone ?? zone, horizonDays: board?.horizonDays ?? 14, days: [...hours.days], start: hours.start, end: hours.end };
}

export function bodyOf(d: BoardDraft): CreateBoardBody {
  return {
    name: d.name,
    timezone: d.timezone.trim(),
    // An emptied number field is sent as it is, so the API (and the shared schema) name the field.
    horizonDays: d.horizonDays ?? undefined,
    workingHours: { days: [...d.days].sort((a, b) => a - b), start: d.start, end: d.end },
  };
}

/** Field paths of the body → the form's fields (`workingHours.days.0` is the days fieldset). */
export function formField(path: string): string {
  if (path.startsWith('workingHours.days')) return 'days';
  if (path.startsWith('workingHours.')) return path.slice('workingHours.'.length);
  if (path === 'workingHours') return 'days';
  return path;
}

export function fieldsOf(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [p, m] of Object.entries(errors)) out[formField(p)] ??= m;
  return out;
}

/** The shared schema's verdict on a body, as field messages (empty when valid). */
export function check(schema: Schema, body: unknown): Record<string, string> {
  const res = schema.safeParse(body);
  if (res.success) return {};
  const out: Record<string, string> = {};
  for (const i of toFieldIssues(res.error.issues)) out[i.path] ??= i.message;
  return fieldsOf(out);
}
