import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { toFieldIssues } from './errors';
import { createTaskBody, createTourBody, patchJobBody } from './job';

const ID = '3f2b6c1e-1111-4222-8333-444455556666';
const ID2 = '00000000-0000-0000-0000-000000000002';

/** `path: message` lines, as a validation_failed body would list them. */
function problems(schema: z.ZodType, input: unknown): string[] {
  const r = schema.safeParse(input);
  return r.success ? [] : toFieldIssues(r.error.issues).map((i) => `${i.path}: ${i.message}`);
}

const internal = {
  kind: 'internal_tour',
  name: '  Night patrol ',
  assetId: ID,
  cron: '0 22 * * *',
  timezone: 'Europe/Berlin',
  validFrom: '2026-12-01T00:00:00+01:00',
  planDurationMin: 10,
  checkpoints: [
    { seq: 1, assetId: ID2, gapMin: 0 },
    { seq: 2, assetId: ID2, gapMin: 5, durationMin: 15 },
  ],
};
const external = {
  ...Object.fromEntries(Object.entries(internal).filter(([k]) => k !== 'checkpoints')),
  kind: 'external_tour',
  sites: internal.checkpoints,
  breakMin: 30,
  frequency: 2,
  randomize: true,
};
const task = { name: 'Refuel', assetId: ID, cron: '0 8 * * 1-5', timezone: 'UTC', planDurationMin: 30 };

describe('createTourBody', () => {
  it('accepts an internal tour, trims the name and fills the defaults', () => {
    const out = createTourBody.parse(internal);
    expect(out).toMatchObject({ name: 'Night patrol', priority: 'medium', graceBeforeMin: 0, graceAfterMin: 0, allowConflict: false });
  });

  it('accepts an external tour', () => {
    expect(createTourBody.parse(external)).toMatchObject({ kind: 'external_tour', breakMin: 30, frequency: 2, randomize: true });
    expect(createTourBody.parse({ ...external, breakMin: undefined, frequency: undefined, randomize: undefined })).toMatchObject({
      breakMin: 0,
      frequency: 1,
      randomize: false,
    });
  });

  it.each([
    ['HTML-escaped JSON instead of an array', { checkpoints: '[{&quot;seq&quot;:1,&quot;assetId&quot;:1}]' }, 'checkpoints: expected an array of checkpoints, got a string'],
    ['an object instead of an array', { checkpoints: { seq: 1 } }, 'checkpoints: expected an array of checkpoints, got an object'],
    ['no checkpoints', { checkpoints: [] }, 'checkpoints: needs at least one checkpoint'],
    ['missing checkpoints', { checkpoints: undefined }, 'checkpoints: is required'],
    [
      'duplicate seq',
      { checkpoints: [...internal.checkpoints, { seq: 2, assetId: ID, gapMin: 1 }] },
      'checkpoints: seq 2 is used more than once; each checkpoint needs its own seq',
    ],
    ['a negative gap', { checkpoints: [{ seq: 1, assetId: ID, gapMin: -5 }] }, 'checkpoints.0.gapMin: must be at least 0'],
    ['a zero stop duration', { checkpoints: [{ seq: 1, assetId: ID, gapMin: 0, durationMin: 0 }] }, 'checkpoints.0.durationMin: must be at least 1'],
    ['a fractional gap', { checkpoints: [{ seq: 1, assetId: ID, gapMin: 1.5 }] }, 'checkpoints.0.gapMin: must be a whole number of minutes'],
    ['a non-integer seq', { checkpoints: [{ seq: 1.5, assetId: ID, gapMin: 0 }] }, 'checkpoints.0.seq: must be an integer'],
    ['an unknown stop field', { checkpoints: [{ seq: 1, assetId: ID, gapMin: 0, kind: 'van' }] }, 'checkpoints.0: unknown field "kind"'],
    ['a stop id that is no UUID', { checkpoints: [{ seq: 1, assetId: '17', gapMin: 0 }] }, 'checkpoints.0.assetId: must be a UUID'],
    ['validTo before validFrom', { validTo: '2026-11-30T00:00:00Z' }, 'validTo: must be after validFrom'],
    ['validTo equal to validFrom', { validTo: '2026-11-30T23:00:00Z' }, 'validTo: must be after validFrom'],
    ['a local time without offset', { validFrom: '2026-12-01T00:00:00' }, 'validFrom: must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T08:00:00+01:00 or 2026-12-01T07:00:00Z'],
    ['an empty name', { name: '   ' }, 'name: must not be empty'],
    ['a name too long', { name: 'x'.repeat(201) }, 'name: must be at most 200 characters'],
    ['a control character in the name', { name: 'Night\u0007patrol' }, 'name: must not contain control characters'],
    ['an empty cron', { cron: ' ' }, 'cron: must not be empty'],
    ['a plan duration of 0', { planDurationMin: 0 }, 'planDurationMin: must be at least 1'],
    ['a plan duration over a day', { planDurationMin: 1441 }, 'planDurationMin: must be at most 1440'],
    ['a negative grace', { graceBeforeMin: -1 }, 'graceBeforeMin: must be at least 0'],
    ['an unknown priority', { priority: 'urgent' }, 'priority: must be one of low, medium, high'],
    ['a string for allowConflict', { allowConflict: 'yes' }, 'allowConflict: must be true or false'],
    ['an unknown field', { colour: 'red' }, '(body): unknown field "colour"'],
    ['sites on an internal tour', { sites: internal.checkpoints }, '(body): unknown field "sites"'],
    ['an unknown kind', { kind: 'task' }, 'kind: must be one of internal_tour, external_tour'],
  ])('rejects %s', (_name, patch, expected) => {
    expect(problems(createTourBody, { ...internal, ...patch })).toContain(expected);
  });

  it.each([
    ['a string for sites', { sites: '[]' }, 'sites: expected an array of sites, got a string'],
    ['frequency 4', { frequency: 4 }, 'frequency: must be at most 3'],
    ['a break over 2 h', { breakMin: 121 }, 'breakMin: must be at most 120'],
    ['501 sites', { sites: Array.from({ length: 501 }, (_, i) => ({ seq: i, assetId: ID, gapMin: 0 })) }, 'sites: at most 500 sites'],
  ])('rejects an external tour with %s', (_name, patch, expected) => {
    expect(problems(createTourBody, { ...external, ...patch })).toContain(expected);
  });

  it('rejects a tour longer than 24 h on the stop list', () => {
    const checkpoints = Array.from({ length: 183 }, (_, i) => ({ seq: i + 1, assetId: ID2, gapMin: 5 }));
    expect(problems(createTourBody, { ...internal, checkpoints })).toEqual(['checkpoints: tour lasts 45 h 45 min; tours longer than 24 h are not allowed']);
    const sites = [{ seq: 1, assetId: ID2, gapMin: 0, durationMin: 600 }, { seq: 2, assetId: ID2, gapMin: 0, durationMin: 600 }];
    expect(problems(createTourBody, { ...external, sites, frequency: 3, randomize: false })).toEqual([
      'sites: tour lasts 40 h 30 min; tours longer than 24 h are not allowed',
    ]);
  });

  it('reports several problems at once', () => {
    const out = problems(createTourBody, { ...internal, name: '', extra: 1, validTo: '2020-01-01T00:00:00Z' });
    expect(out).toEqual(expect.arrayContaining(['name: must not be empty', '(body): unknown field "extra"', 'validTo: must be after validFrom']));
  });

  it('says when the body is not an object', () => {
    expect(problems(createTourBody, 'hello')).toEqual(['(body): expected an object, got a string']);
    expect(problems(createTourBody, [internal])).toEqual(['(body): expected an object, got an array']);
  });
});

describe('createTaskBody', () => {
  it('accepts a recurring task and a one-off task', () => {
    expect(createTaskBody.parse(task)).toMatchObject({ cron: '0 8 * * 1-5', priority: 'medium' });
    const oneOff = { ...task, cron: undefined, startsAt: '2026-12-01T09:00:00.000+01:00' };
    expect(createTaskBody.parse(oneOff)).toMatchObject({ startsAt: '2026-12-01T09:00:00.000+01:00' });
    expect(createTaskBody.parse({ ...oneOff, cron: null, kind: 'task' })).toMatchObject({ cron: null });
  });

  it.each([
    ['both cron and startsAt', { startsAt: '2026-12-01T09:00:00Z' }, 'startsAt: give either cron (recurring) or startsAt (one-off), not both'],
    ['neither cron nor startsAt', { cron: undefined }, 'cron: give either cron (recurring) or startsAt (one-off)'],
    ['validTo before validFrom', { validFrom: '2026-12-02T00:00:00Z', validTo: '2026-12-01T00:00:00Z' }, 'validTo: must be after validFrom'],
    ['checkpoints', { checkpoints: [] }, '(body): unknown field "checkpoints"'],
    ['a tour kind', { kind: 'internal_tour' }, 'kind: must be task (or left out)'],
    ['a cron too long', { cron: '0 '.repeat(101) + '*' }, 'cron: must be at most 200 characters'],
    ['a missing timezone', { timezone: undefined }, 'timezone: is required'],
    ['an id that is a number', { assetId: 17 }, 'assetId: must be a string id'],
  ])('rejects %s', (_name, patch, expected) => {
    expect(problems(createTaskBody, { ...task, ...patch })).toContain(expected);
  });
});

describe('patchJobBody', () => {
  it('needs expectedVersion and applies no defaults', () => {
    expect(patchJobBody.parse({ expectedVersion: 3, name: ' New ' })).toEqual({ expectedVersion: 3, name: 'New' });
    expect(problems(patchJobBody, { name: 'x' })).toEqual(['expectedVersion: is required']);
  });

  it('takes any create field, including stops and clearing validTo', () => {
    const body = { expectedVersion: 1, checkpoints: internal.checkpoints, validTo: null, planDurationMin: 20 };
    expect(patchJobBody.parse(body)).toEqual(body);
  });

  it.each([
    ['checkpoints together with external fields', { checkpoints: internal.checkpoints, frequency: 2 }, 'checkpoints: checkpoints belong to internal tours and frequency to external tours; send one kind'],
    ['stops on a task', { kind: 'task', sites: internal.checkpoints }, 'sites: tasks have no stops'],
    ['a one-off start on a tour', { kind: 'internal_tour', startsAt: '2026-12-01T09:00:00Z' }, 'startsAt: tours recur by cron; startsAt is for one-off tasks'],
    ['external fields on an internal tour', { kind: 'internal_tour', breakMin: 10 }, 'breakMin: only external tours have this field'],
    ['cron and startsAt', { cron: '0 8 * * *', startsAt: '2026-12-01T09:00:00Z' }, 'startsAt: give either cron (recurring) or startsAt (one-off), not both'],
    ['an HTML-escaped string for checkpoints', { checkpoints: '[{&quot;seq&quot;:1}]' }, 'checkpoints: expected an array of checkpoints, got a string'],
    ['a version of 0', { expectedVersion: 0 }, 'expectedVersion: must be at least 1'],
    ['an unknown field', { foo: 1 }, '(body): unknown field "foo"'],
  ])('rejects %s', (_name, patch, expected) => {
    expect(problems(patchJobBody, { expectedVersion: 1, ...patch })).toContain(expected);
  });
});
