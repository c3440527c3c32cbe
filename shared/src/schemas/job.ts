/**
 * Request bodies for tours and tasks (docs/api.md, "Tours and tasks"). Every rule that needs no database
 * lives here, so the server answers 400 `validation_failed` naming the field and the client form
 * shows the same message before sending. Cron and time-zone syntax are checked by the cron engine
 * (they answer `invalid_cron` / `invalid_timezone`); here they only have to be non-empty text.
 */
import { z } from 'zod';
import { nameField, versionField } from './common';
import { END_RANGE_MESSAGE, isoInstantField, INSTANT_MAX_MS } from './instant';
import { text, whenValid } from './text';
import { checkTourLength } from '../domain/tour-layout';
import type { TourDef } from '../domain/tour-layout';

export const JOB_KINDS = ['task', 'internal_tour', 'external_tour'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const TOUR_KINDS = ['internal_tour', 'external_tour'] as const;
export type TourKind = (typeof TOUR_KINDS)[number];
export const PRIORITIES = ['low', 'medium', 'high'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const MAX_DAY_MIN = 1440;
export const MAX_TOUR_STOPS = 500;
export const MAX_BREAK_MIN = 120;
export const MAX_FREQUENCY = 3;

/** "a string", "an object", "null"… for messages that say what arrived instead. */
export function describeInput(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  const t = typeof v;
  return t === 'object' || t === 'undefined' ? `an ${t}` : `a ${t}`;
}

const required = (otherwise: string) => (iss: { input?: unknown }) => (iss.input === undefined ? 'is required' : otherwise);

/** At most this many unknown field names are quoted (each cut to 40 characters): a body of 50,000 keys gets a short answer. */
const MAX_KEYS_NAMED = 10;

/** "unknown field "x"", "unknown fields "a", "b" and 49,998 more". */
export function unknownFieldsMessage(keys: readonly string[]): string {
  const named = keys.slice(0, MAX_KEYS_NAMED).map((k) => JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k));
  const more = keys.length - named.length;
  return `unknown field${keys.length === 1 ? '' : 's'} ${named.join(', ')}${more > 0 ? ` and ${more.toLocaleString('en-US')} more` : ''}`;
}

/**
 * A strict object: unknown fields are a 400 naming them (a typo must not be silently ignored), and
 * a body that is not an object says so.
 */
export function strictBody<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') return unknownFieldsMessage(iss.keys);
      return iss.input === undefined ? 'is required' : `expected an object, got ${describeInput(iss.input)}`;
    },
  });
}

/** Any UUID-shaped id (our ids are UUIDs; the version and variant bits are not checked). */
export const uuidField = z.guid({
  error: (iss) => (iss.input === undefined ? 'is required' : iss.code === 'invalid_type' ? 'must be a string id' : 'must be a UUID'),
});

export { isoInstantField };

export function minutesField(min: number, max: number) {
  return z
    .number({ error: required('must be a whole number of minutes') })
    .int('must be a whole number of minutes')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
}

export function intField(min: number, max: number) {
  return z
    .number({ error: required('must be an integer') })
    .int('must be an integer')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
}

export const booleanField = z.boolean({ error: required('must be true or false') });

/** Cron text; its syntax and meaning are the cron engine's job. */
export const cronTextField = text({ max: 200, trim: true }).min(1, 'must not be empty');

/** Time-zone text; whether the zone exists is the cron engine's job (`invalid_timezone`). */
export const timezoneTextField = cronTextField;

export const priorityField = z.enum(PRIORITIES, { error: `must be one of ${PRIORITIES.join(', ')}` });

// Descriptions may span lines; other control characters are still refused.
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
export const descriptionField = text({ max: 2000, trim: true }).refine((s) => !CONTROL_EXCEPT_NEWLINES.test(s), 'must not contain control characters');

export const tourStopInput = strictBody({
  seq: intField(0, 1_000_000),
  assetId: uuidField,
  gapMin: minutesField(0, MAX_DAY_MIN),
  durationMin: minutesField(1, MAX_DAY_MIN).nullable().optional(),
});
export type TourStopInput = z.input<typeof tourStopInput>;
export type TourStop = z.output<typeof tourStopInput>;

/**
 * A list of checkpoints or sites. A string here (e.g. HTML-escaped JSON `"[{&quot;seq&quot;…"`) is
 * an error naming the field — the old app parsed it to an empty list and lost the tour's stops.
 */
export function stopListField(what: 'checkpoints' | 'sites') {
  const one = what === 'checkpoints' ? 'checkpoint' : 'site';
  return z
    .array(tourStopInput, {
      error: (iss) => (iss.input === undefined ? 'is required' : `expected an array of ${what}, got ${describeInput(iss.input)}`),
    })
    .min(1, `needs at least one ${one}`)
    .max(MAX_TOUR_STOPS, `at most ${MAX_TOUR_STOPS} ${what}`)
    .superRefine((stops, ctx) => {
      const seen = new Set<number>();
      const dupes = new Set<number>();
      for (const s of stops) (seen.has(s.seq) ? dupes : seen).add(s.seq);
      if (dupes.size) {
        const list = [...dupes].sort((a, b) => a - b).join(', ');
        ctx.addIssue({ code: 'custom', message: `seq ${list} ${dupes.size === 1 ? 'is' : 'are'} used more than once; each ${one} needs its own seq` });
      }
    }, whenValid());
}

function addRangeIssue(v: { validFrom?: string | null; validTo?: string | null }, ctx: z.RefinementCtx) {
  if (v.validFrom && v.validTo && Date.parse(v.validTo) <= Date.parse(v.validFrom)) {
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'must be after validFrom' });
  }
}
const whenRangeValid = whenValid('validFrom', 'validTo');

function addTourLengthIssue(def: TourDef, path: 'checkpoints' | 'sites', ctx: z.RefinementCtx) {
  const check = checkTourLength(def);
  if (!check.ok) ctx.addIssue({ code: 'custom', path: [path], message: check.message });
}

const sharedCreateFields = {
  name: nameField(200),
  description: descriptionField.optional(),
  assetId: uuidField,
  timezone: timezoneTextField,
  validTo: isoInstantField.nullable().optional(),
  planDurationMin: minutesField(1, MAX_DAY_MIN),
  graceBeforeMin: minutesField(0, MAX_DAY_MIN).default(0),
  graceAfterMin: minutesField(0, MAX_DAY_MIN).default(0),
  priority: priorityField.default('medium'),
  allowConflict: booleanField.default(false),
};

export const createInternalTourBody = strictBody({
  kind: z.literal('internal_tour'),
  ...sharedCreateFields,
  cron: cronTextField,
  validFrom: isoInstantField,
  checkpoints: stopListField('checkpoints'),
})
  .superRefine(addRangeIssue, whenRangeValid)
  .superRefine((v, ctx) => addTourLengthIssue(v, 'checkpoints', ctx), whenValid('planDurationMin', 'checkpoints'));

export const createExternalTourBody = strictBody({
  kind: z.literal('external_tour'),
  ...sharedCreateFields,
  cron: cronTextField,
  validFrom: isoInstantField,
  sites: stopListField('sites'),
  breakMin: minutesField(0, MAX_BREAK_MIN).default(0),
  frequency: intField(1, MAX_FREQUENCY).default(1),
  randomize: booleanField.default(false),
})
  .superRefine(addRangeIssue, whenRangeValid)
  // The walk is as long as `frequency` says: it must have passed its own 1..3 check first.
  .superRefine((v, ctx) => addTourLengthIssue(v, 'sites', ctx), whenValid('planDurationMin', 'sites', 'breakMin', 'frequency', 'randomize'));

export const createTourBody = z.discriminatedUnion('kind', [createInternalTourBody, createExternalTourBody], {
  error: (iss) =>
    typeof iss.input !== 'object' || iss.input === null || Array.isArray(iss.input)
      ? `expected an object, got ${describeInput(iss.input)}`
      : `must be one of ${TOUR_KINDS.join(', ')}`,
});
export type CreateTourInput = z.input<typeof createTourBody>;
export type CreateTourBody = z.output<typeof createTourBody>;
export type CreateInternalTourBody = z.output<typeof createInternalTourBody>;
export type CreateExternalTourBody = z.output<typeof createExternalTourBody>;

/** A one-off must end inside the API's range too (a start of 9999-12-31T23:30Z plus an hour cannot be stored). */
function addEndIssue(v: { startsAt?: string | null; planDurationMin?: number }, ctx: z.RefinementCtx) {
  if (v.startsAt != null && v.planDurationMin !== undefined && Date.parse(v.startsAt) + v.planDurationMin * 60_000 > INSTANT_MAX_MS) {
    ctx.addIssue({ code: 'custom', path: ['startsAt'], message: `${END_RANGE_MESSAGE} (startsAt + planDurationMin)` });
  }
}
const whenEndValid = whenValid('startsAt', 'planDurationMin');

function addCronXorStartsAt(v: { cron?: string | null; startsAt?: string | null }, ctx: z.RefinementCtx) {
  if (v.cron != null && v.startsAt != null) {
    ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'give either cron (recurring) or startsAt (one-off), not both' });
  }
}

/** A task is recurring (`cron`) or one-off (`startsAt` + `planDurationMin`), never both or neither. */
export const createTaskBody = strictBody({
  kind: z.literal('task', { error: 'must be task (or left out)' }).optional(),
  ...sharedCreateFields,
  cron: cronTextField.nullable().optional(),
  validFrom: isoInstantField.optional(),
  startsAt: isoInstantField.nullable().optional(),
})
  .superRefine(addRangeIssue, whenRangeValid)
  .superRefine((v, ctx) => {
    addCronXorStartsAt(v, ctx);
    if (v.cron == null && v.startsAt == null) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: 'give either cron (recurring) or startsAt (one-off)' });
    }
  }, whenValid('cron', 'startsAt'))
  .superRefine(addEndIssue, whenEndValid);
export type CreateTaskInput = z.input<typeof createTaskBody>;
export type CreateTaskBody = z.output<typeof createTaskBody>;

const EXTERNAL_ONLY = ['sites', 'breakMin', 'frequency', 'randomize'] as const;

/**
 * `PATCH /api/jobs/:jobId`: `expectedVersion` plus any create field, no defaults (absent = keep).
 * Rules that need the stored job (the kind must not change, the merged tour must fit in 24 h) are
 * the service's; here only what the body alone can contradict.
 */
export const patchJobBody = strictBody({
  expectedVersion: versionField,
  kind: z.enum(JOB_KINDS, { error: `must be one of ${JOB_KINDS.join(', ')}` }).optional(),
  name: nameField(200).optional(),
  description: descriptionField.optional(),
  assetId: uuidField.optional(),
  cron: cronTextField.nullable().optional(),
  timezone: timezoneTextField.optional(),
  validFrom: isoInstantField.optional(),
  validTo: isoInstantField.nullable().optional(),
  startsAt: isoInstantField.nullable().optional(),
  planDurationMin: minutesField(1, MAX_DAY_MIN).optional(),
  graceBeforeMin: minutesField(0, MAX_DAY_MIN).optional(),
  graceAfterMin: minutesField(0, MAX_DAY_MIN).optional(),
  priority: priorityField.optional(),
  allowConflict: booleanField.optional(),
  checkpoints: stopListField('checkpoints').optional(),
  sites: stopListField('sites').optional(),
  breakMin: minutesField(0, MAX_BREAK_MIN).optional(),
  frequency: intField(1, MAX_FREQUENCY).optional(),
  randomize: booleanField.optional(),
})
  .superRefine(addRangeIssue, whenRangeValid)
  .superRefine(addCronXorStartsAt, whenValid('cron', 'startsAt'))
  .superRefine(addEndIssue, whenEndValid)
  .superRefine((v, ctx) => {
    const external = EXTERNAL_ONLY.filter((k) => v[k] !== undefined);
    if (v.checkpoints !== undefined && external.length) {
      ctx.addIssue({ code: 'custom', path: ['checkpoints'], message: `checkpoints belong to internal tours and ${external.join(', ')} to external tours; send one kind` });
    }
    if (v.kind === 'task') {
      for (const k of ['checkpoints', ...EXTERNAL_ONLY] as const) {
        if (v[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'tasks have no stops' });
      }
    } else if (v.kind) {
      if (v.startsAt != null) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'tours recur by cron; startsAt is for one-off tasks' });
      if (v.cron === null) ctx.addIssue({ code: 'custom', path: ['cron'], message: 'tours need a cron' });
      if (v.kind === 'internal_tour') {
        for (const k of external) ctx.addIssue({ code: 'custom', path: [k], message: 'only external tours have this field' });
      } else if (v.checkpoints !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['checkpoints'], message: 'external tours have sites, not checkpoints' });
      }
    }
  }, whenValid('kind', 'cron', 'startsAt', 'checkpoints', ...EXTERNAL_ONLY));
export type PatchJobInput = z.input<typeof patchJobBody>;
export type PatchJobBody = z.output<typeof patchJobBody>;
