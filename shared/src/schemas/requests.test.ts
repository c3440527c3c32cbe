import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { conflictListQuery, resolveConflictBody } from './conflict';
import { toFieldIssues } from './errors';
import { patchOccurrenceBody } from './occurrence';
import { previewBody } from './preview';

const ID = '3f2b6c1e-1111-4222-8333-444455556666';

function problems(schema: z.ZodType, input: unknown): string[] {
  const r = schema.safeParse(input);
  return r.success ? [] : toFieldIssues(r.error.issues).map((i) => `${i.path}: ${i.message}`);
}

describe('patchOccurrenceBody', () => {
  it('accepts a move, a resize and a move to another asset', () => {
    expect(patchOccurrenceBody.parse({ expectedVersion: 2, startsAt: '2026-12-01T09:00:00Z' })).toEqual({ expectedVersion: 2, startsAt: '2026-12-01T09:00:00Z' });
    expect(patchOccurrenceBody.safeParse({ expectedVersion: 2, endsAt: '2026-12-01T09:00:00Z' }).success).toBe(true);
    expect(patchOccurrenceBody.safeParse({ expectedVersion: 2, assetId: ID }).success).toBe(true);
  });

  it.each([
    ['no change', {}, '(body): nothing to change: give assetId, startsAt or endsAt'],
    ['no expectedVersion', { expectedVersion: undefined, assetId: ID }, 'expectedVersion: is required'],
    ['endsAt before startsAt', { startsAt: '2026-12-01T10:00:00Z', endsAt: '2026-12-01T09:00:00Z' }, 'endsAt: must be after startsAt'],
    ['an empty window', { startsAt: '2026-12-01T10:00:00Z', endsAt: '2026-12-01T11:00:00+01:00' }, 'endsAt: must be after startsAt'],
    ['a window over 24 h', { startsAt: '2026-12-01T10:00:00Z', endsAt: '2026-12-02T10:01:00Z' }, 'endsAt: an occurrence lasts at most 24 h'],
    ['an unknown field', { assetId: ID, status: 'cancelled' }, '(body): unknown field "status"'],
  ])('rejects %s', (_name, patch, expected) => {
    expect(problems(patchOccurrenceBody, { expectedVersion: 1, ...patch })).toContain(expected);
  });
});

describe('resolveConflictBody', () => {
  it.each([
    [{ action: 'dismiss' }],
    [{ action: 'cancel', occurrenceId: ID }],
    [{ action: 'move', occurrenceId: ID, startsAt: '2026-12-01T09:00:00Z' }],
    [{ action: 'move', occurrenceId: ID, assetId: ID }],
  ])('accepts %j', (body) => {
    expect(resolveConflictBody.parse(body)).toEqual(body);
  });

  it.each([
    [{ action: 'cancel' }, 'occurrenceId: is required to cancel'],
    [{ action: 'move', startsAt: '2026-12-01T09:00:00Z' }, 'occurrenceId: is required to move'],
    [{ action: 'move', occurrenceId: ID }, 'startsAt: move needs startsAt, assetId or both'],
    [{ action: 'cancel', occurrenceId: ID, assetId: ID }, 'assetId: only used by move, not by cancel'],
    [{ action: 'dismiss', occurrenceId: ID }, 'occurrenceId: dismiss touches no occurrence; leave it out'],
    [{ action: 'delete' }, 'action: must be one of dismiss, cancel, move'],
  ])('rejects %j', (body, expected) => {
    expect(problems(resolveConflictBody, body)).toContain(expected);
  });

  it('lists open conflicts by default', () => {
    expect(conflictListQuery.parse({})).toEqual({ status: 'open' });
    expect(conflictListQuery.parse({ status: 'resolved' })).toEqual({ status: 'resolved' });
    expect(problems(conflictListQuery, { status: 'all' })).toEqual(['status: must be one of open, resolved']);
  });
});

describe('previewBody', () => {
  it('needs only cron and defaults count to 10', () => {
    expect(previewBody.parse({ cron: '0 8 * * 1-5' })).toEqual({ cron: '0 8 * * 1-5', count: 10 });
  });

  it.each([
    [0, 1],
    [-7, 1],
    [1, 1],
    [100, 100],
    [101, 100],
    [1e12, 100],
  ])('clamps count %d to %d', (count, clamped) => {
    expect(previewBody.parse({ cron: '* * * * *', count }).count).toBe(clamped);
  });

  it.each([
    [{ count: 1.5 }, 'count: must be an integer'],
    [{ count: '5' }, 'count: must be an integer, got a string'],
    [{ count: null }, 'count: must be an integer, got null'],
    [{ from: 'tomorrow' }, 'from: must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T08:00:00+01:00 or 2026-12-01T07:00:00Z'],
    [{ durationMin: 0 }, 'durationMin: must be at least 1'],
    [{ durationMin: 1441 }, 'durationMin: must be at most 1440'],
    [{ cron: '' }, 'cron: must not be empty'],
    [{ cron: undefined }, 'cron: is required'],
    [{ assetId: 'van-1' }, 'assetId: must be a UUID'],
    [{ seconds: true }, '(body): unknown field "seconds"'],
  ])('rejects %j', (patch, expected) => {
    expect(problems(previewBody, { cron: '0 8 * * *', ...patch })).toContain(expected);
  });
});
