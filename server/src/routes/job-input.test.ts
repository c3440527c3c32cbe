import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulingFixture, type SchedulingFixture } from '../scheduling/test-fixture';

let f: SchedulingFixture;
let guard: string;
let van: string;
let cp: string[];
let site: string;

beforeAll(async () => {
  f = await schedulingFixture('input');
  f.s.clock.set('2027-06-01T00:00:00Z');
  guard = await f.asset();
  van = await f.asset('vehicle');
  cp = [await f.asset('checkpoint'), await f.asset('checkpoint')];
  site = await f.asset('site');
});
afterAll(() => f?.t.stop());

const tour = (extra: Record<string, unknown> = {}) => ({
  kind: 'internal_tour',
  name: 'Patrol',
  assetId: guard,
  cron: '0 22 * * *',
  timezone: 'Europe/Berlin',
  validFrom: '2027-06-01T00:00:00Z',
  planDurationMin: 10,
  checkpoints: [
    { seq: 1, assetId: cp[0], gapMin: 0 },
    { seq: 2, assetId: cp[1], gapMin: 5 },
  ],
  ...extra,
});
const task = (extra: Record<string, unknown> = {}) => ({ name: 'Task', assetId: guard, cron: '0 8 * * *', timezone: 'Europe/Berlin', planDurationMin: 30, ...extra });

/** Every refusal names the field and stores nothing: no job, no occurrence, no event. */
async function refused(path: 'tours' | 'tasks', body: unknown, status: number, code: string, field: string | null, message?: RegExp) {
  const seq = await f.seq();
  const jobs = await f.count('job');
  const res = await f.planner.post(`/api/boards/${f.boardId}/${path}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  if (field) expect(res.body.error.details.map((d: any) => d.path)).toContain(field);
  if (field) expect(res.body.error.message).toContain(field);
  if (message) expect(res.body.error.message).toMatch(message);
  expect(await f.seq()).toBe(seq);
  expect(await f.count('job')).toBe(jobs);
  return res;
}

describe('bad input → 400 naming the field, nothing stored', () => {
  it('validTo before validFrom', async () => {
    await refused('tours', tour({ validTo: '2027-05-01T00:00:00Z' }), 400, 'validation_failed', 'validTo', /after validFrom/);
    // validFrom defaulted to now: still checked.
    await refused('tasks', task({ validTo: '2027-05-01T00:00:00Z' }), 400, 'validation_failed', 'validTo', /after validFrom/);
  });

  it('zero checkpoints, duplicate seq, negative gaps and durations', async () => {
    await refused('tours', tour({ checkpoints: [] }), 400, 'validation_failed', 'checkpoints', /at least one checkpoint/);
    await refused('tours', tour({ checkpoints: [{ seq: 1, assetId: cp[0], gapMin: 0 }, { seq: 1, assetId: cp[1], gapMin: 0 }] }), 400, 'validation_failed', 'checkpoints', /seq 1/);
    await refused('tours', tour({ checkpoints: [{ seq: 1, assetId: cp[0], gapMin: -5 }] }), 400, 'validation_failed', 'checkpoints.0.gapMin');
    await refused('tours', tour({ checkpoints: [{ seq: 1, assetId: cp[0], gapMin: 0, durationMin: -1 }] }), 400, 'validation_failed', 'checkpoints.0.durationMin');
    await refused('tasks', task({ planDurationMin: -30 }), 400, 'validation_failed', 'planDurationMin');
    await refused('tasks', task({ graceBeforeMin: -1 }), 400, 'validation_failed', 'graceBeforeMin');
  });

  it('a checkpoint that is a van; a site that is a checkpoint', async () => {
    await refused('tours', tour({ checkpoints: [{ seq: 1, assetId: cp[0], gapMin: 0 }, { seq: 2, assetId: van, gapMin: 0 }] }), 400, 'validation_failed', 'checkpoints.1.assetId', /vehicle, not a checkpoint/);
    await refused(
      'tours',
      { ...tour(), kind: 'external_tour', checkpoints: undefined, assetId: van, sites: [{ seq: 1, assetId: site, gapMin: 0 }, { seq: 2, assetId: cp[0], gapMin: 0 }] },
      400,
      'validation_failed',
      'sites.1.assetId',
      /checkpoint, not a site/,
    );
  });

  it('a performing asset that is a checkpoint, scrapped or in maintenance', async () => {
    await refused('tasks', task({ assetId: cp[0] }), 400, 'validation_failed', 'assetId', /checkpoint/);
    await refused('tours', tour({ assetId: site }), 400, 'validation_failed', 'assetId', /site/);
    await refused('tasks', task({ assetId: await f.asset('vehicle', 'scrapped') }), 400, 'validation_failed', 'assetId', /scrapped/);
    await refused('tasks', task({ assetId: await f.asset('equipment', 'maintenance') }), 400, 'validation_failed', 'assetId', /maintenance/);
  });

  it('an asset of another board is "no such asset" (and a board one is not a member of is 404)', async () => {
    const admin = await f.t.client('admin');
    const other = (await admin.post('/api/boards', { name: 'Other depot', timezone: 'Europe/Paris' })).body.board.id;
    const foreign = (await admin.post(`/api/boards/${other}/assets`, { code: 'FOREIGN', name: 'Foreign guard', kind: 'person' })).body.asset.id;
    const foreignCp = (await admin.post(`/api/boards/${other}/assets`, { code: 'FOREIGN-CP', name: 'Foreign gate', kind: 'checkpoint' })).body.asset.id;
    await refused('tasks', task({ assetId: foreign }), 400, 'validation_failed', 'assetId', /no such asset on this board/);
    await refused('tours', tour({ checkpoints: [{ seq: 1, assetId: foreignCp, gapMin: 0 }] }), 400, 'validation_failed', 'checkpoints.0.assetId', /no such asset/);
    const res = await f.planner.post(`/api/boards/${other}/tasks`, task());
    expect(res.status).toBe(404);
  });

  it('a cron that never runs, an every-minute cron, a bad zone', async () => {
    await refused('tasks', task({ cron: '0 0 30 2 *' }), 400, 'invalid_cron', 'cron', /never runs/);
    await refused('tasks', task({ cron: '* * * * *' }), 400, 'invalid_cron', 'cron', /every-minute/);
    await refused('tours', tour({ cron: '61 * * * *' }), 400, 'invalid_cron', 'cron', /61/);
    await refused('tasks', task({ timezone: 'Mars/Base' }), 400, 'invalid_timezone', 'timezone', /Mars\/Base/);
  });

  it('a tour longer than 24 h', async () => {
    await refused(
      'tours',
      tour({ checkpoints: [{ seq: 1, assetId: cp[0], gapMin: 0, durationMin: 1000 }, { seq: 2, assetId: cp[1], gapMin: 60, durationMin: 1000 }] }),
      400,
      'validation_failed',
      'checkpoints',
      /longer than 24 h/,
    );
  });

  it('HTML-escaped JSON where an array is expected is a 400 naming the field, never an empty list', async () => {
    const escaped = `[{&quot;seq&quot;: 1, &quot;assetId&quot;: &quot;${cp[0]}&quot;, &quot;gapMin&quot;: 0}]`;
    await refused('tours', tour({ checkpoints: escaped }), 400, 'validation_failed', 'checkpoints', /expected an array of checkpoints, got a string/);
    await refused('tours', { ...tour(), kind: 'external_tour', checkpoints: undefined, assetId: van, sites: escaped }, 400, 'validation_failed', 'sites', /expected an array/);
  });

  it('runs that overlap each other, and schedules that would flood the horizon', async () => {
    await refused('tasks', task({ cron: '0 * * * *', planDurationMin: 90 }), 400, 'validation_failed', 'cron', /overlap each other/);
    await refused('tasks', task({ cron: '*/5 * * * *', planDurationMin: 1 }), 400, 'validation_failed', 'cron', /more than 3000 occurrences/);
  });

  it('malformed JSON, unknown fields, both cron and startsAt', async () => {
    const seq = await f.seq();
    const broken = await f.planner.request('POST', `/api/boards/${f.boardId}/tasks`, '{"name": ', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('malformed_json');
    expect(await f.seq()).toBe(seq);
    await refused('tasks', task({ colour: 'red' }), 400, 'validation_failed', null, /colour/);
    await refused('tasks', task({ startsAt: '2027-06-10T10:00:00Z' }), 400, 'validation_failed', 'startsAt');
  });

  it('a viewer cannot create; the kind of a job cannot change; a stale version is refused with the current state', async () => {
    const viewer = await f.t.client('viewer');
    const res = await viewer.post(`/api/boards/${f.boardId}/tasks`, task());
    expect(res.status).toBe(403);
    const created = await f.planner.post(`/api/boards/${f.boardId}/tasks`, task({ name: 'Kind check' }));
    expect(created.status).toBe(201);
    const id = created.body.job.id;
    const kind = await f.planner.patch(`/api/jobs/${id}`, { expectedVersion: 1, kind: 'internal_tour' });
    expect(kind.status).toBe(400);
    expect(kind.body.error.details[0].path).toBe('kind');
    expect((await f.planner.patch(`/api/jobs/${id}`, { expectedVersion: 1, checkpoints: [{ seq: 1, assetId: cp[0], gapMin: 0 }] })).status).toBe(400);
    expect((await viewer.patch(`/api/jobs/${id}`, { expectedVersion: 1, name: 'x' })).status).toBe(403);
    expect((await viewer.delete(`/api/jobs/${id}`)).status).toBe(403);
    const ok = await f.planner.patch(`/api/jobs/${id}`, { expectedVersion: 1, description: 'renamed only' });
    expect(ok.status).toBe(200);
    expect(ok.body.job).toMatchObject({ version: 2, description: 'renamed only' });
    const stale = await f.planner.patch(`/api/jobs/${id}`, { expectedVersion: 1, description: 'again' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_version', details: { current: { id, version: 2, description: 'renamed only' } } });
    expect((await f.planner.get('/api/jobs/not-a-uuid')).status).toBe(404);
  });

  it('an edit that changes nothing about when or where keeps every occurrence (one job.updated event)', async () => {
    const created = await f.planner.post(`/api/boards/${f.boardId}/tasks`, task({ name: 'Rename me', assetId: await f.asset() }));
    const seq = await f.seq();
    const res = await f.planner.patch(`/api/jobs/${created.body.job.id}`, { expectedVersion: 1, name: 'Renamed', priority: 'high' });
    expect(res.status).toBe(200);
    expect(res.body.occurrences.map((o: any) => o.id)).toEqual(created.body.occurrences.map((o: any) => o.id));
    expect(res.body.occurrences[0].jobName).toBe('Renamed');
    const events = await f.eventsSince(seq);
    expect(events.map((e) => e.type)).toEqual(['job.updated']);
  });
});
