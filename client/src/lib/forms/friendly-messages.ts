/**
 * The one place where the forms turn schema wording ("must be an ISO-8601 date-time with an offset")
 * into words for people. The shared schemas keep their API wording (clients of the API read it);
 * messages that already speak plainly (the cron engine's, the zone's, the server's rules) pass
 * through unchanged.
 */

/** What to say when a field is left empty, by field. */
const EMPTY: Record<string, string> = {
  name: 'Enter a name',
  assetId: 'Choose who or what does it',
  cron: 'Enter a schedule, or use the builder',
  timezone: 'Enter a time zone, e.g. Europe/Berlin',
  startsAt: 'Enter a date and time',
  validFrom: 'Enter a date and time',
  validTo: 'Enter a date and time, or leave it empty',
  planDurationMin: 'Enter how many minutes it takes',
};

/** The field's name as a person reads it, for rules that compare two fields. */
const FIELD_LABEL: Record<string, string> = {
  validFrom: '“Valid from”',
  validTo: '“Valid to”',
  startsAt: 'the start',
};

type Rule = [RegExp, (m: RegExpExecArray, path: string) => string];

const RULES: readonly Rule[] = [
  [/^(is required|must not be empty)$/, (_m, path) => EMPTY[leaf(path)] ?? 'Fill this in'],
  [/ISO-8601 date-time/, (_m, path) => (leaf(path) === 'validTo' ? EMPTY.validTo! : 'Enter a date and time')],
  [/^must be a date between 1970-01-01 and 9999-12-31$/, () => 'Enter a date between the years 1970 and 9999'],
  [/^would end after 9999-12-31/, () => 'This would end after the year 9999; choose an earlier date'],
  [/^must be after (validFrom|startsAt|from)$/, (m) => `Must be after ${FIELD_LABEL[m[1]!] ?? m[1]}`],
  [/^must be (an integer|a whole number of minutes)$/, () => 'Enter a whole number'],
  [/^(must be a number|Invalid input: expected number.*)$/, (_m, path) => EMPTY[leaf(path)] ?? 'Enter a number'],
  [/^must be at least (\d+)$/, (m) => `Enter ${m[1]} or more`],
  [/^must be at most (\d+)$/, (m) => `Enter ${m[1]} or less`],
  [/^must be at most (\d+) characters$/, (m) => `Use at most ${m[1]} characters`],
  [/^must be a (string id|UUID)$|^Invalid (UUID|input)/, (_m, path) => EMPTY[leaf(path)] ?? 'Choose one from the list'],
  [/^must not contain (control characters|a NUL character|broken Unicode.*)$/, () => 'Remove the special characters (tabs, line breaks or broken symbols)'],
  [/^must be true or false$/, () => 'Tick it or leave it'],
];

const leaf = (path: string) => path.split('.').pop() ?? path;

/** A message for people for one issue at `path` (e.g. "validFrom", "checkpoints.0.gapMin"). */
export function friendlyMessage(path: string, message: string): string {
  for (const [re, say] of RULES) {
    const m = re.exec(message);
    if (m) return say(m, path);
  }
  return message;
}

/** Every message of a field → message record, made friendly. */
export function friendlyIssues(issues: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(issues).map(([path, message]) => [path, friendlyMessage(path, message)]));
}

/** Fields of the form's collapsed "Validity, time zone, grace times" section, in the order shown. */
export const COLLAPSED_FIELDS = ['validFrom', 'validTo', 'timezone', 'graceBeforeMin', 'graceAfterMin'] as const;

/** Fields in the order the form shows them; the first one with a problem gets the focus. */
export const FIELD_ORDER = ['name', 'assetId', 'cron', 'startsAt', 'planDurationMin', 'checkpoints', 'sites', 'breakMin', 'frequency', ...COLLAPSED_FIELDS] as const;

/**
 * The field to focus after a refused save, and whether the collapsed section must open first: an
 * error where nobody can see it is no help.
 */
export function focusTarget(issues: Record<string, string>): { path: string; inCollapsed: boolean } | null {
  const paths = Object.keys(issues);
  if (paths.length === 0) return null;
  const top = (p: string) => p.split('.')[0]!;
  const rank = (p: string) => {
    const i = (FIELD_ORDER as readonly string[]).indexOf(top(p));
    return i === -1 ? FIELD_ORDER.length : i;
  };
  const path = [...paths].sort((a, b) => rank(a) - rank(b))[0]!;
  return { path, inCollapsed: (COLLAPSED_FIELDS as readonly string[]).includes(top(path)) };
}
