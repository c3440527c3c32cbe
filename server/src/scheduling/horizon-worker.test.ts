import { afterAll, beforeAll, expect, it } from 'vitest';
import { HorizonWorker } from './horizon-worker';
import { schedulingFixture, type SchedulingFixture } from './test-fixture';

let f: SchedulingFixture;

beforeAll(async () => {
  f = await schedulingFixture('horizon');
});
afterAll(() => f?.t.stop());

it('extends every enabled job as time passes; two runs at once create nothing twice; a third creates nothing', async () => {
  f.s.clock.set('2027-10-01T00:00:00Z');
  const [guard, van, gate] = [await f.asset(), await f.asset('vehicle'), await f.asset('checkpoint')];
  const post = async (path: string, body: Record<string, unknown>) => {
    const res = await f.planner.post(`/api/boards/${f.boardId}/${path}`, { timezone: 'UTC', validFrom: '2027-10-01T00:00:00Z', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.job.id as string;
  };
  const daily = await post('tasks', { name: 'Daily', assetId: guard, cron: '0 9 * * *', planDurationMin: 60 });
  const ending = await post('tasks', { name: 'Ending', assetId: van, cron: '0 6 * * *', planDurationMin: 30, validTo: '2027-10-17T00:00:00Z' });
  const tour = await post('tours', { kind: 'internal_tour', name: 'Round', assetId: van, cron: '0 20 * * *', planDurationMin: 15, checkpoints: [{ seq: 1, assetId: gate, gapMin: 5 }] });
  const deleted = await post('tasks', { name: 'Deleted', assetId: guard, cron: '0 18 * * *', planDurationMin: 30 });
  expect((await f.planner.delete(`/api/jobs/${deleted}`)).status).toBe(204);
  // Booked after the job was created, beyond its horizon then: the worker must not double-book it.
  const blocker = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: 'Blocker', assetId: guard, timezone: 'UTC', startsAt: '2027-10-16T09:30:00Z', planDurationMin: 60 });
  expect(blocker.status).toBe(201);
  const live = (jobId: string) => f.count(`occurrence where job_id = ? and status <> 'cancelled'`, [jobId]);
  expect([await live(daily), await live(ending), await live(tour), await live(deleted)]).toEqual([14, 14, 14, 0]);

  f.s.clock.set('2027-10-05T00:00:00Z');
  const seq = await f.seq();
  const other = new HorizonWorker(f.t.orm, f.s.jobs, f.s.idempotency, f.s.clock);
  const [r1, r2] = await Promise.all([f.s.horizon.runOnce(), other.runOnce()]);
  // Every job was extended by exactly one of the two runs.
  const ours = await f.t.orm.em.fork().execute<{ job_id: string; n: string }[]>(
    `select job_id, count(*) as n from occurrence where job_id in (?, ?, ?, ?) and status <> 'cancelled' group by job_id`,
    [daily, ending, tour, deleted],
  );
  const n = new Map(ours.map((r) => [r.job_id, Number(r.n)]));
  expect([n.get(daily), n.get(ending), n.get(tour), n.get(deleted)]).toEqual([18, 16, 18, undefined]); // Oct 15–18; Ending stops at validTo
  expect(await f.count(`(select 1 from occurrence o where o.status <> 'cancelled' group by o.job_id, o.planned_start having count(*) > 1) dup`)).toBe(0);
  const events = await f.eventsSince(seq);
  expect(r1.created + r2.created).toBe(events.filter((e) => e.type === 'occurrence.created').length);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => seq + 1 + i));
  for (const e of events) expect(e.actor).toBeNull();
  // Oct 16 09:00 on the guard overlaps the blocker: stored conflicted, with an open overlap record.
  const oct16 = events.find((e) => e.type === 'occurrence.created' && e.data.jobId === daily && e.data.startsAt === '2027-10-16T09:00:00.000Z');
  expect(oct16!.data.status).toBe('conflicted');
  const opened = events.filter((e) => e.type === 'conflict.opened');
  expect(opened.map((e) => e.data.occurrenceIds[0])).toContain(oct16!.data.id);
  expect(opened.find((e) => e.data.occurrenceIds[0] === oct16!.data.id)!.data).toMatchObject({ kind: 'overlap', occurrenceIds: [oct16!.data.id, blocker.body.occurrences[0].id] });

  const [again1, again2] = await Promise.all([f.s.horizon.runOnce(), other.runOnce()]);
  expect([again1, again2]).toEqual([{ jobs: 0, created: 0 }, { jobs: 0, created: 0 }]);
  expect(await f.seq()).toBe(events.at(-1)!.seq);
});

it('does not extend a job whose asset is in maintenance until it is bookable again', async () => {
  f.s.clock.set('2027-12-01T00:00:00Z');
  const van = await f.asset('vehicle');
  const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: 'Van wash', assetId: van, cron: '0 7 * * *', timezone: 'UTC', validFrom: '2027-12-01T00:00:00Z', planDurationMin: 30 });
  expect(res.body.occurrences).toHaveLength(14);
  const set = async (status: string) => {
    const asset = (await f.planner.get(`/api/boards/${f.boardId}/assets`)).body.assets.find((a: any) => a.id === van);
    expect((await f.planner.patch(`/api/assets/${van}`, { status, expectedVersion: asset.version })).status).toBe(200);
  };
  await set('maintenance');
  // Renaming is still allowed; rescheduling onto an asset in maintenance is not.
  expect((await f.planner.patch(`/api/jobs/${res.body.job.id}`, { expectedVersion: 1, name: 'Van wash (long)' })).status).toBe(200);
  expect((await f.planner.patch(`/api/jobs/${res.body.job.id}`, { expectedVersion: 2, cron: '0 8 * * *' })).status).toBe(400);
  f.s.clock.set('2027-12-05T00:00:00Z');
  await f.s.horizon.runOnce();
  expect(await f.count(`occurrence where job_id = ?`, [res.body.job.id])).toBe(14);
  await set('working');
  await f.s.horizon.runOnce();
  expect(await f.count(`occurrence where job_id = ?`, [res.body.job.id])).toBe(18);
});

it('catches up after downtime without creating the past, and start/stop are safe', async () => {
  f.s.clock.set('2027-10-01T00:00:00Z');
  const a = await f.asset();
  const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: 'Weekly', assetId: a, cron: '0 8 * * 1', timezone: 'UTC', validFrom: '2027-10-01T00:00:00Z', planDurationMin: 60 });
  expect(res.body.occurrences.map((o: any) => o.startsAt)).toEqual(['2027-10-04T08:00:00.000Z', '2027-10-11T08:00:00.000Z']);
  f.s.clock.set('2027-11-20T00:00:00Z'); // the server was down for weeks
  await f.s.horizon.runOnce();
  const rows = await f.t.orm.em.fork().execute<{ starts_at: string }[]>(`select to_char(starts_at at time zone 'UTC', 'YYYY-MM-DD') as starts_at from occurrence where job_id = ? order by starts_at`, [res.body.job.id]);
  expect(rows.map((r) => r.starts_at)).toEqual(['2027-10-04', '2027-10-11', '2027-11-22', '2027-11-29']);
  const w = new HorizonWorker(f.t.orm, f.s.jobs, f.s.idempotency, f.s.clock);
  w.start(50);
  w.start(50);
  await new Promise((r) => setTimeout(r, 200));
  await w.stop();
  await w.stop();
  expect(await f.count('occurrence where job_id = ?', [res.body.job.id])).toBe(4);
});
