/**
 * The 500s a fuzzer found (issue 10): instants PostgreSQL cannot store, NUL characters and lone
 * surrogates. Each is now a 400 naming the field (sign-in: a counted 401), and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient, HttpResult } from '../testing/http-client';
import { schedulingFixture, type SchedulingFixture } from '../scheduling/test-fixture';

let f: SchedulingFixture;
let supervisor: HttpClient;
let admin: HttpClient;

beforeAll(async () => {
  f = await schedulingFixture('hostile');
  supervisor = await f.t.client('supervisor');
  admin = await f.t.client('admin');
});
afterAll(() => f?.t.stop());

const RANGE = 'must be a date between 1970-01-01 and 9999-12-31';
const END = /^would end after 9999-12-31/;
const NUL = 'must not contain a NUL character';
const SURROGATE = 'must not contain broken Unicode (a lone UTF-16 surrogate)';

/** Everything a write could leave behind, board-wide and global. */
async function stored(): Promise<Record<string, number>> {
  const b = [f.boardId];
  return {
    seq: await f.seq(),
    jobs: await f.count('job where board_id = ?', b),
    occurrences: await f.count('occurrence where board_id = ?', b),
    scheduled: await f.count("occurrence where board_id = ? and status = 'scheduled'", b),
    detached: await f.count('occurrence where board_id = ? and detached', b),
    assets: await f.count('asset where board_id = ?', b),
    conflicts: await f.count('conflict_record where board_id = ?', b),
    openConflicts: await f.count("conflict_record where board_id = ? and status = 'open'", b),
    events: await f.count('board_event where board_id = ?', b),
    boards: await f.count('board'),
    users: await f.count('app_user'),
    sessions: await f.count('app_session'),
  };
}

/** Sends `send()`, expects a 400 `validation_failed` naming `path` with `message`, and no row changed. */
async function refused(send: () => Promise<HttpResult>, path: string, message: string | RegExp): Promise<any> {
  const before = await stored();
  const res = await send();
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  const issue = res.body.error.details.find((d: any) => d.path === path);
  expect(issue, JSON.stringify(res.body.error.details)).toBeDefined();
  if (typeof message === 'string') expect(issue.message).toBe(message);
  else expect(issue.message).toMatch(message);
  expect(await stored()).toEqual(before);
  return res.body;
}

const oneOff = async (startsAt: string, extra: Record<string, unknown> = {}) => {
  const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: `One-off ${startsAt}`, assetId: await f.asset(), timezone: 'UTC', startsAt, planDurationMin: 60, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { job: any; occurrences: any[] };
};

describe('instants outside 1970-01-01 .. 9999-12-31', () => {
  let performer: string;
  beforeAll(async () => {
    performer = await f.asset();
  });
  const task = (body: Record<string, unknown>) =>
    f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: 'Edge', assetId: performer, timezone: 'UTC', planDurationMin: 60, ...body });

  it('task create: a one-off in year 0', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    await refused(() => task({ startsAt: '0000-01-01T00:00:00Z' }), 'startsAt', RANGE);
  });

  it('task create: a one-off whose end spills into year 10000', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    await refused(() => task({ startsAt: '9999-12-31T23:30:00Z' }), 'startsAt', END);
  });

  it('task create: a recurring task valid from year 0, or valid until 1969', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    await refused(() => task({ cron: '0 8 * * *', validFrom: '0000-01-01T00:00:00Z' }), 'validFrom', RANGE);
    await refused(() => task({ cron: '0 8 * * *', validFrom: '2027-06-01T00:00:00Z', validTo: '1969-12-31T00:00:00Z' }), 'validTo', RANGE);
  });

  it('task create: February 30 and year 275760 are not dates', async () => {
    await refused(() => task({ startsAt: '2027-02-30T10:00:00Z' }), 'startsAt', /^must be an ISO-8601 date-time/);
    await refused(() => task({ startsAt: '+275760-09-13T00:00:00Z' }), 'startsAt', /^must be an ISO-8601 date-time/);
  });

  it('tour create: valid from year 0', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const [performer, cp] = [await f.asset(), await f.asset('checkpoint')];
    const tour = { kind: 'internal_tour', name: 'Edge tour', assetId: performer, cron: '0 8 * * *', timezone: 'UTC', planDurationMin: 10, checkpoints: [{ seq: 1, assetId: cp, gapMin: 0 }] };
    await refused(() => f.planner.post(`/api/boards/${f.boardId}/tours`, { ...tour, validFrom: '0000-01-01T00:00:00Z' }), 'validFrom', RANGE);
    await refused(() => f.planner.post(`/api/boards/${f.boardId}/tours`, { ...tour, validFrom: '2027-06-01T00:00:00Z', validTo: '0000-01-01T00:00:00Z' }), 'validTo', RANGE);
  });

  it('job patch: a start in year 0, and a start whose end (with the stored duration) spills past 9999', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const { job } = await oneOff('2027-06-05T10:00:00Z');
    await refused(() => f.planner.patch(`/api/jobs/${job.id}`, { expectedVersion: 1, startsAt: '0000-01-01T00:00:00Z' }), 'startsAt', RANGE);
    // The body alone is fine (no duration in it): the stored 60 min carry the end into year 10000.
    await refused(() => f.planner.patch(`/api/jobs/${job.id}`, { expectedVersion: 1, startsAt: '9999-12-31T23:30:00Z' }), 'startsAt', END);
    await refused(() => f.planner.patch(`/api/jobs/${job.id}`, { expectedVersion: 1, validFrom: '0000-01-01T00:00:00Z' }), 'validFrom', RANGE);
    expect((await f.planner.get(`/api/jobs/${job.id}`)).body.job).toMatchObject({ version: 1, startsAt: '2027-06-05T10:00:00.000Z' });
  });

  it('occurrence move: to year 0, and to a start whose end spills past 9999', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const occ = (await oneOff('2027-06-06T10:00:00Z')).occurrences[0];
    await refused(() => f.planner.patch(`/api/occurrences/${occ.id}`, { expectedVersion: 1, startsAt: '0000-01-01T00:00:00Z' }), 'startsAt', RANGE);
    await refused(() => f.planner.patch(`/api/occurrences/${occ.id}`, { expectedVersion: 1, startsAt: '9999-12-31T23:30:00Z' }), 'startsAt', END);
    await refused(() => f.planner.patch(`/api/occurrences/${occ.id}`, { expectedVersion: 1, endsAt: '0000-01-01T00:00:00Z' }), 'endsAt', RANGE);
    expect((await f.planner.get(`/api/occurrences/${occ.id}`)).body.occurrence).toMatchObject({ version: 1, startsAt: '2027-06-06T10:00:00.000Z' });
  });

  it('conflict resolve move: to year 0, and to a start whose end spills past 9999; the conflict stays open', async () => {
    f.s.clock.set('2027-06-15T00:00:00Z');
    const a = await f.asset();
    await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: 'Holder', assetId: a, timezone: 'UTC', startsAt: '2027-06-20T10:00:00Z', planDurationMin: 60 });
    const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: 'Booked anyway', assetId: a, timezone: 'UTC', startsAt: '2027-06-20T10:30:00Z', planDurationMin: 60, allowConflict: true });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const occurrenceId = res.body.occurrences[0].id;
    const conflict = (await f.planner.get(`/api/boards/${f.boardId}/conflicts`)).body.conflicts.find((c: any) => c.occurrenceIds.includes(occurrenceId));
    const resolve = (startsAt: string) => () => supervisor.post(`/api/conflicts/${conflict.id}/resolve`, { action: 'move', occurrenceId, startsAt });
    await refused(resolve('0000-01-01T00:00:00Z'), 'startsAt', RANGE);
    await refused(resolve('9999-12-31T23:30:00Z'), 'startsAt', END);
    expect((await f.planner.get(`/api/boards/${f.boardId}/conflicts`)).body.conflicts.map((c: any) => c.id)).toContain(conflict.id);
  });

  it('board snapshot: from/to in year 0; a `from` of 9999-12-30 alone (its default end is cut at 9999-12-31)', async () => {
    const snap = (q: string) => () => f.planner.get(`/api/boards/${f.boardId}?${q}`);
    await refused(snap('from=0000-01-01T00:00:00Z&to=0000-01-05T00:00:00Z'), 'from', RANGE);
    await refused(snap('from=2027-01-01T00:00:00Z&to=10000-01-01T00:00:00Z'), 'to', /^must be an ISO-8601 date-time/);
    const late = await f.planner.get(`/api/boards/${f.boardId}?from=9999-12-30T00:00:00Z`);
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(late.body).toMatchObject({ occurrences: [], from: '9999-12-30T00:00:00.000Z', to: '9999-12-31T23:59:59.999Z' });
  });

  it('occurrence range: from in year 0; a `from` of 9999-12-30 alone', async () => {
    await refused(() => f.planner.get(`/api/boards/${f.boardId}/occurrences?from=0000-01-01T00:00:00Z`), 'from', RANGE);
    await refused(() => f.planner.get(`/api/boards/${f.boardId}/occurrences?from=2027-01-01T00:00:00Z&to=1969-01-01T00:00:00Z`), 'to', RANGE);
    const late = await f.planner.get(`/api/boards/${f.boardId}/occurrences?from=9999-12-30T00:00:00Z`);
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(late.body).toEqual({ occurrences: [] });
  });

  it('occurrences CSV export: from/to in year 0', async () => {
    await refused(() => f.planner.get(`/api/boards/${f.boardId}/occurrences.csv?from=0000-01-01T00:00:00Z&to=0000-01-05T00:00:00Z`), 'from', RANGE);
    await refused(() => f.planner.get(`/api/boards/${f.boardId}/occurrences.csv?from=2027-01-01T00:00:00Z&to=0000-01-05T00:00:00Z`), 'to', RANGE);
  });

  it('schedule preview: the same bound and the same words', async () => {
    const res = await f.planner.post('/api/schedules/preview', { cron: '0 8 * * *', from: '0000-01-01T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'from', message: RANGE }]);
  });
});

describe('NUL characters', () => {
  it('in a task name, a cron, a time zone, a description: 400 naming the field', async () => {
    const body = { name: 'Clean', assetId: await f.asset(), timezone: 'UTC', startsAt: '2027-07-01T08:00:00Z', planDurationMin: 30 };
    const post = (patch: Record<string, unknown>) => () => f.planner.post(`/api/boards/${f.boardId}/tasks`, { ...body, ...patch });
    await refused(post({ name: 'Cl\u0000ean' }), 'name', NUL);
    await refused(post({ description: 'a\u0000' }), 'description', NUL);
    await refused(post({ startsAt: undefined, cron: '0 8 * * *\u0000' }), 'cron', NUL);
    await refused(post({ timezone: 'UTC\u0000' }), 'timezone', NUL);
  });

  it('in a board, an asset code and a user: 400 naming the field', async () => {
    await refused(() => admin.post('/api/boards', { name: 'B\u0000', timezone: 'UTC' }), 'name', NUL);
    await refused(() => f.planner.post(`/api/boards/${f.boardId}/assets`, { code: 'N\u00001', name: 'n', kind: 'person' }), 'code', NUL);
    await refused(() => admin.post('/api/users', { username: 'nul-user', displayName: 'Nul', password: 'long enough\u0000' }), 'password', NUL);
  });

  it('in the sign-in username: 401 like any unknown user, and counted by the login limiter', async () => {
    const anonymous = await f.t.client();
    const before = await stored();
    for (let i = 0; i < 10; i++) {
      const res = await anonymous.post('/api/auth/login', { username: 'planner1\u0000', password: 'planner1-demo' });
      expect(res.status, JSON.stringify(res.body)).toBe(401);
      expect(res.body.error).toEqual({ code: 'unauthenticated', message: 'wrong username or password' });
    }
    const blocked = await anonymous.post('/api/auth/login', { username: 'planner1\u0000', password: 'planner1-demo' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    expect(await stored()).toEqual(before);
    // Only that username is blocked: the real one still signs in.
    expect((await anonymous.post('/api/auth/login', { username: 'planner1', password: 'planner1-demo' })).status).toBe(200);
  });
});

describe('lone surrogates', () => {
  it('an asset create (was a 500 from the event-log insert): 400 naming the field', async () => {
    await refused(() => f.planner.post(`/api/boards/${f.boardId}/assets`, { code: 'SUR-1', name: 'x\ud800y', kind: 'person' }), 'name', SURROGATE);
    await refused(() => f.planner.post(`/api/boards/${f.boardId}/assets`, { code: 'SUR-\udc00', name: 'ok', kind: 'person' }), 'code', SURROGATE);
  });

  it('a job rename (was silently stored as U+FFFD): 400, the name unchanged', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const { job } = await oneOff('2027-06-07T10:00:00Z');
    await refused(() => f.planner.patch(`/api/jobs/${job.id}`, { expectedVersion: 1, name: 'x\ud800y' }), 'name', SURROGATE);
    expect((await f.planner.get(`/api/jobs/${job.id}`)).body.job).toMatchObject({ version: 1, name: job.name });
  });

  it('a board name, a display name, an asset rename: 400 naming the field', async () => {
    const asset = (await f.planner.get(`/api/boards/${f.boardId}/assets`)).body.assets[0];
    await refused(() => admin.post('/api/boards', { name: 'x\udc00', timezone: 'UTC' }), 'name', SURROGATE);
    await refused(() => admin.post('/api/users', { username: 'sur-user', displayName: '\ud83d', password: 'long enough' }), 'displayName', SURROGATE);
    await refused(() => f.planner.patch(`/api/assets/${asset.id}`, { expectedVersion: asset.version, name: 'a\udfffb' }), 'name', SURROGATE);
  });

  it('a proper surrogate pair (an emoji) is fine and stored as sent', async () => {
    const res = await f.planner.post(`/api/boards/${f.boardId}/assets`, { code: 'EMOJI-1', name: 'Van 🚐', kind: 'vehicle' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await f.planner.get(`/api/boards/${f.boardId}/assets`)).body.assets.find((a: any) => a.code === 'EMOJI-1').name).toBe('Van 🚐');
  });
});
