import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { presenceUpdatePayload, dragMovePayload } from '../socket';
import { createAssetBody } from './asset';
import { createUserBody, loginBody } from './auth';
import { boardRangeQuery, createBoardBody } from './board';
import { nameField } from './common';
import { resolveConflictBody } from './conflict';
import { toFieldIssues } from './errors';
import { clampInstant, INSTANT_MAX_MS, INSTANT_MIN_MS, instantInRange, isoInstantField } from './instant';
import { createTaskBody, createTourBody, descriptionField, patchJobBody } from './job';
import { patchOccurrenceBody } from './occurrence';
import { previewBody } from './preview';
import { text, textProblem } from './text';

const ID = '3f2b6c1e-1111-4222-8333-444455556666';
const RANGE = 'must be a date between 1970-01-01 and 9999-12-31';

function problems(schema: z.ZodType, input: unknown): string[] {
  const r = schema.safeParse(input);
  return r.success ? [] : toFieldIssues(r.error.issues).map((i) => `${i.path}: ${i.message}`);
}

describe('text()', () => {
  const field = text({ max: 10, trim: true }).min(1, 'must not be empty');

  it.each([
    ['a NUL', 'a\u0000b', 'must not contain a NUL character'],
    ['a lone high surrogate', 'x\ud800y', 'must not contain broken Unicode (a lone UTF-16 surrogate)'],
    ['a lone low surrogate', 'x\udc00y', 'must not contain broken Unicode (a lone UTF-16 surrogate)'],
    ['a high surrogate at the end', 'x\ud800', 'must not contain broken Unicode (a lone UTF-16 surrogate)'],
    ['a reversed pair', '\udc00\ud800', 'must not contain broken Unicode (a lone UTF-16 surrogate)'],
    ['too long', 'x'.repeat(11), 'must be at most 10 characters'],
    ['empty after trimming', '   ', 'must not be empty'],
  ])('refuses %s with one message for people', (_name, value, message) => {
    const r = field.safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual([message]);
  });

  it('accepts astral characters (a proper surrogate pair), accents and U+FFFD', () => {
    for (const ok of ['😀 ok', 'Zürich', 'a\ufffdb', '漢字']) expect(field.parse(ok)).toBe(ok);
  });

  it('stops at the length check: nothing else runs on an oversized string', () => {
    let ran = 0;
    const guarded = text({ max: 5 }).refine(() => {
      ran += 1;
      return true;
    });
    expect(guarded.safeParse('x'.repeat(1_000_000)).success).toBe(false);
    expect(guarded.safeParse('a\u0000').success).toBe(false);
    expect(ran).toBe(0);
  });

  it('textProblem names the problem or returns null', () => {
    expect(textProblem('fine')).toBeNull();
    expect(textProblem('\u0000')).toBe('must not contain a NUL character');
    expect(textProblem('\ud83d')).toMatch(/lone UTF-16 surrogate/);
    expect(textProblem('\ud83d\ude00')).toBeNull();
  });
});

describe('every string of every schema refuses NUL and lone surrogates, naming the field', () => {
  const tour = { kind: 'internal_tour', name: 'Night', assetId: ID, cron: '0 8 * * *', timezone: 'UTC', validFrom: '2026-12-01T00:00:00Z', planDurationMin: 10, checkpoints: [{ seq: 1, assetId: ID, gapMin: 0 }] };
  const task = { name: 'Clean', assetId: ID, timezone: 'UTC', startsAt: '2026-12-01T08:00:00Z', planDurationMin: 30 };
  const cases: [string, z.ZodType, Record<string, unknown>, string][] = [
    ['asset code', createAssetBody, { code: 'A1', name: 'n', kind: 'person' }, 'code'],
    ['asset name', createAssetBody, { code: 'A1', name: 'n', kind: 'person' }, 'name'],
    ['board name', createBoardBody, { name: 'b', timezone: 'UTC' }, 'name'],
    ['board timezone', createBoardBody, { name: 'b', timezone: 'UTC' }, 'timezone'],
    ['user display name', createUserBody, { username: 'abc', displayName: 'A', password: 'long enough' }, 'displayName'],
    ['user password', createUserBody, { username: 'abc', displayName: 'A', password: 'long enough' }, 'password'],
    ['tour name', createTourBody, tour, 'name'],
    ['tour cron', createTourBody, tour, 'cron'],
    ['tour timezone', createTourBody, tour, 'timezone'],
    ['task description', createTaskBody, task, 'description'],
    ['job rename', patchJobBody, { expectedVersion: 1, name: 'x' }, 'name'],
    ['preview cron', previewBody, { cron: '0 8 * * *' }, 'cron'],
    ['socket presence editing', presenceUpdatePayload, { boardId: ID, editing: 'new tour' }, 'editing'],
  ];
  it.each(cases)('%s', (_name, schema, valid, field) => {
    expect(problems(schema, valid)).toEqual([]);
    expect(problems(schema, { ...valid, [field]: 'x\u0000y' })).toContain(`${field}: must not contain a NUL character`);
    expect(problems(schema, { ...valid, [field]: 'x\ud800y' })).toContain(`${field}: must not contain broken Unicode (a lone UTF-16 surrogate)`);
  });

  it('the login body lets them through: the service answers 401 and counts the attempt', () => {
    expect(loginBody.parse({ username: 'planner1\u0000', password: 'x\ud800' })).toEqual({ username: 'planner1\u0000', password: 'x\ud800' });
    expect(problems(loginBody, { username: 'x'.repeat(101), password: 'p' })).toEqual(['username: must be at most 100 characters']);
  });

  it('names keep refusing other control characters; descriptions keep their newlines', () => {
    expect(problems(nameField(), 'a\u0007b')).toEqual(['(body): must not contain control characters']);
    expect(descriptionField.parse('line 1\nline 2')).toBe('line 1\nline 2');
  });
});

describe('one range for every instant: 1970-01-01 to 9999-12-31', () => {
  it.each([
    ['year 0', '0000-01-01T00:00:00Z', RANGE],
    ['1969', '1969-12-31T23:59:59.999Z', RANGE],
    ['an offset that puts the instant in 1969', '1970-01-01T00:30:00+01:00', RANGE],
    ['an offset that puts the instant in 10000', '9999-12-31T23:30:00-01:00', RANGE],
    ['February 30', '2026-02-30T10:00:00Z', expect.stringMatching(/^must be an ISO-8601 date-time/)],
    ['year 275760 (six digits)', '+275760-09-13T00:00:00Z', expect.stringMatching(/^must be an ISO-8601 date-time/)],
    ['a five-digit year', '10000-01-01T00:00:00Z', expect.stringMatching(/^must be an ISO-8601 date-time/)],
    ['a 1 MB string', '2026-'.repeat(200_000), expect.stringMatching(/^must be an ISO-8601 date-time/)],
  ])('refuses %s', (_name, value, message) => {
    const r = isoInstantField.safeParse(value);
    expect(r.error?.issues.map((i) => i.message)).toEqual([message]);
  });

  it('accepts both ends and leap days', () => {
    for (const ok of ['1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2028-02-29T12:00:00+14:00', '2026-03-29T01:30:00+01:00']) expect(isoInstantField.parse(ok)).toBe(ok);
  });

  it('instantInRange and clampInstant agree with the field', () => {
    expect(instantInRange(INSTANT_MIN_MS)).toBe(true);
    expect(instantInRange(INSTANT_MAX_MS)).toBe(true);
    expect(instantInRange(INSTANT_MAX_MS + 1)).toBe(false);
    expect(instantInRange(Number.NaN)).toBe(false);
    expect(clampInstant(INSTANT_MAX_MS + 7 * 86_400_000)).toBe(INSTANT_MAX_MS);
    expect(clampInstant(-1)).toBe(INSTANT_MIN_MS);
  });

  it.each([
    ['task startsAt', createTaskBody, { name: 'x', assetId: ID, timezone: 'UTC', planDurationMin: 30, startsAt: '0000-01-01T00:00:00Z' }, 'startsAt'],
    ['task validFrom', createTaskBody, { name: 'x', assetId: ID, timezone: 'UTC', planDurationMin: 30, cron: '0 8 * * *', validFrom: '0000-01-01T00:00:00Z' }, 'validFrom'],
    ['job patch validTo', patchJobBody, { expectedVersion: 1, validTo: '0000-01-01T00:00:00Z' }, 'validTo'],
    ['occurrence move', patchOccurrenceBody, { expectedVersion: 1, startsAt: '0000-01-01T00:00:00Z' }, 'startsAt'],
    ['conflict move', resolveConflictBody, { action: 'move', occurrenceId: ID, startsAt: '0000-01-01T00:00:00Z' }, 'startsAt'],
    ['range query', boardRangeQuery, { from: '0000-01-01T00:00:00Z' }, 'from'],
    ['preview from', previewBody, { cron: '0 8 * * *', from: '0000-01-01T00:00:00Z' }, 'from'],
    ['socket drag', dragMovePayload, { boardId: ID, occurrenceId: ID, assetId: ID, startsAt: '0000-01-01T00:00:00Z' }, 'startsAt'],
  ])('%s uses it', (_name, schema, body, field) => {
    expect(problems(schema, body)).toEqual([`${field}: ${RANGE}`]);
  });

  it('a one-off must also end by 9999-12-31', () => {
    const body = { name: 'x', assetId: ID, timezone: 'UTC', planDurationMin: 60, startsAt: '9999-12-31T23:30:00Z' };
    expect(problems(createTaskBody, body)).toEqual([
      'startsAt: would end after 9999-12-31: every date must be between 1970-01-01 and 9999-12-31 (startsAt + planDurationMin)',
    ]);
    expect(problems(createTaskBody, { ...body, planDurationMin: 29 })).toEqual([]);
    expect(problems(patchJobBody, { expectedVersion: 1, startsAt: body.startsAt, planDurationMin: 60 })).toHaveLength(1);
  });
});

describe('refinements never run on values that failed their own checks', () => {
  const external = {
    kind: 'external_tour',
    name: 'Retail',
    assetId: ID,
    cron: '0 8 * * *',
    timezone: 'UTC',
    validFrom: '2026-12-01T00:00:00Z',
    planDurationMin: 10,
    sites: [
      { seq: 1, assetId: ID, gapMin: 5 },
      { seq: 2, assetId: ID, gapMin: 5 },
    ],
  };

  it.each([1e308, 2e6, 4, 1.5, -1])('frequency %s is only an issue on frequency, answered at once', (frequency) => {
    const started = performance.now();
    const out = problems(createTourBody, { ...external, frequency });
    expect(performance.now() - started).toBeLessThan(50);
    expect(out.length).toBeGreaterThan(0);
    for (const line of out) expect(line).toMatch(/^frequency: must be/);
  });

  it('the tour length is still checked once every field it reads is valid, beside problems elsewhere', () => {
    const long = { ...external, planDurationMin: 1440, frequency: 3, name: '' };
    expect(problems(createTourBody, long)).toEqual(['name: must not be empty', 'sites: tour lasts 96 h 20 min; tours longer than 24 h are not allowed']);
  });

  it('a body that is not an object gets one issue, and no refinement runs on it', () => {
    for (const body of [null, 'x', 5, [], [[[]]]]) expect(problems(patchJobBody, body)).toEqual([expect.stringMatching(/^\(body\): expected an object/)]);
    expect(problems(patchOccurrenceBody, null)).toHaveLength(1);
  });

  it('an array over its maximum is refused before its elements are parsed', () => {
    const stops = Array.from({ length: 200_000 }, () => ({}));
    const started = performance.now();
    const out = problems(createTourBody, { ...external, sites: stops });
    expect(performance.now() - started).toBeLessThan(50);
    expect(out).toEqual(['sites: at most 500 sites']);
  });

  it('50,000 unknown fields get one short message', () => {
    const body: Record<string, unknown> = { expectedVersion: 1, name: 'x' };
    for (let i = 0; i < 50_000; i++) body[`k${i}`.padEnd(100, 'x')] = 1;
    const out = problems(patchJobBody, body);
    expect(out).toHaveLength(1);
    expect(out[0]!.length).toBeLessThan(600);
    expect(out[0]).toMatch(/^\(body\): unknown fields "k0xxx.*…", .* and 49,990 more$/);
  });
});
