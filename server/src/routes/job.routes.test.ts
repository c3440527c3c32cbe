import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulingFixture, type SchedulingFixture } from '../scheduling/test-fixture';

let f: SchedulingFixture;
const TZ = 'Europe/Berlin';

beforeAll(async () => {
  f = await schedulingFixture('jobs');
});
afterAll(() => f?.t.stop());

const task = (assetId: string, extra: Record<string, unknown> = {}) => ({ name: 'Task', assetId, timezone: TZ, planDurationMin: 60, ...extra });
const typesOf = (events: { type: string }[]) => events.map((e) => e.type);

describe('demo board', () => {
  it('is seeded with tours and tasks that do not conflict', async () => {
    const snap = await f.planner.get(`/api/boards/${f.boardId}`);
    expect(snap.status).toBe(200);
    const byName = new Map<string, any>(snap.body.jobs.map((j: any) => [j.name, j]));
    const code = (id: string) => snap.body.assets.find((a: any) => a.id === id)?.code;
    const patrol = byName.get('Night patrol');
    expect(patrol).toMatchObject({ kind: 'internal_tour', cron: '0 22 * * *', timezone: 'Europe/Berlin' });
    expect(code(patrol.assetId)).toBe('G-01');
    expect(patrol.checkpoints.map((c: any) => code(c.assetId))).toEqual(['CP-GATE', 'CP-DOCK1', 'CP-DOCK2', 'CP-YARD']);
    expect(byName.get('Retail route')).toMatchObject({ kind: 'external_tour', frequency: 2 });
    expect(code(byName.get('Retail route').assetId)).toBe('VAN-1');
    expect(byName.get('Morning briefing')).toMatchObject({ kind: 'task', cron: '0 8 * * 1-5' });
    expect([...byName.values()].some((j) => j.kind === 'task' && j.cron === null)).toBe(true);
    expect(snap.body.conflicts).toEqual([]);
    expect(snap.body.occurrences.length).toBeGreaterThan(10);
    for (const o of snap.body.occurrences) {
      expect(o.status).toBe('scheduled');
      if (o.kind !== 'task') expect(o.stops.length).toBeGreaterThan(0);
    }
    // The seed's changes are in the log like any other.
    const events = await f.eventsSince(0);
    expect(events.filter((e) => e.type === 'job.created')).toHaveLength(snap.body.jobs.length);
  });
});

describe('tasks', () => {
  it('creates a recurring task: 201 + Location, occurrences over [validFrom, now + horizon), one event per row', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const guard = await f.asset();
    const before = await f.seq();
    const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, task(guard, { name: 'Weekday check', cron: '0 8 * * 1-5', validFrom: '2027-06-01T00:00:00Z' }));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/jobs/${res.body.job.id}`);
    expect(res.body.job).toMatchObject({ kind: 'task', name: 'Weekday check', assetId: guard, cron: '0 8 * * 1-5', timezone: TZ, version: 1, enabled: true, planDurationMin: 60, priority: 'medium' });
    // Berlin is UTC+2 all of June: 08:00 local = 06:00Z, Monday–Friday, June 1 (a Tuesday) to June 14.
    const expected: string[] = [];
    for (let d = 1; d <= 14; d++) {
      const day = new Date(Date.UTC(2027, 5, d));
      if (day.getUTCDay() >= 1 && day.getUTCDay() <= 5) expected.push(new Date(Date.UTC(2027, 5, d, 6)).toISOString());
    }
    expect(res.body.occurrences.map((o: any) => o.startsAt)).toEqual(expected);
    for (const o of res.body.occurrences) {
      expect(o).toMatchObject({ jobId: res.body.job.id, assetId: guard, status: 'scheduled', version: 1, detached: false });
      expect(Date.parse(o.endsAt) - Date.parse(o.startsAt)).toBe(60 * 60_000);
    }
    const events = await f.eventsSince(before);
    expect(typesOf(events)).toEqual(['job.created', ...expected.map(() => 'occurrence.created')]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => before + 1 + i));
    // Each event's data is the new state plus the change's id, one for the whole create.
    const changeId = events[0]!.data.changeId;
    expect(changeId).toEqual(expect.any(String));
    expect(events[0]!.data).toEqual({ ...res.body.job, changeId });
    expect(events.slice(1).map((e) => e.data)).toEqual(res.body.occurrences.map((o: any) => ({ ...o, changeId })));
    expect(events[0]!.actor).toMatchObject({ displayName: 'Ana Planner' });

    const got = await f.planner.get(`/api/jobs/${res.body.job.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
    expect(await f.count('occurrence where job_id = ?', [res.body.job.id])).toBe(expected.length);
  });

  it('starts at a future validFrom and stops at validTo', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const res = await f.planner.post(
      `/api/boards/${f.boardId}/tasks`,
      task(await f.asset(), { cron: '0 12 * * *', validFrom: '2027-06-05T00:00:00Z', validTo: '2027-06-08T00:00:00Z' }),
    );
    expect(res.status).toBe(201);
    expect(res.body.occurrences.map((o: any) => o.startsAt)).toEqual(['2027-06-05T10:00:00.000Z', '2027-06-06T10:00:00.000Z', '2027-06-07T10:00:00.000Z']);
  });

  it('creates a one-off task: one occurrence of planDurationMin', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, task(await f.asset('vehicle'), { name: 'Tyres', startsAt: '2027-06-20T09:15:00+02:00', planDurationMin: 45 }));
    expect(res.status).toBe(201);
    expect(res.body.job).toMatchObject({ cron: null, startsAt: '2027-06-20T07:15:00.000Z', validFrom: '2027-06-20T07:15:00.000Z' });
    expect(res.body.occurrences).toHaveLength(1);
    expect(res.body.occurrences[0]).toMatchObject({ startsAt: '2027-06-20T07:15:00.000Z', endsAt: '2027-06-20T08:00:00.000Z' });
  });

  it('touching windows [09:00,10:00) and [10:00,11:00) both succeed; an overlapping one is refused', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const a = await f.asset();
    const first = await f.planner.post(`/api/boards/${f.boardId}/tasks`, task(a, { name: 'First', startsAt: '2027-06-10T09:00:00Z' }));
    const second = await f.planner.post(`/api/boards/${f.boardId}/tasks`, task(a, { name: 'Second', startsAt: '2027-06-10T10:00:00Z' }));
    expect([first.status, second.status]).toEqual([201, 201]);
    const third = await f.planner.post(`/api/boards/${f.boardId}/tasks`, task(a, { name: 'Third', startsAt: '2027-06-10T09:59:00Z' }));
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('conflict');
  });

  it('a natural-key duplicate returns the existing job with 200 and changes nothing', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const body = task(await f.asset(), { name: 'Daily round', cron: '0 6 * * *' });
    const first = await f.planner.post(`/api/boards/${f.boardId}/tasks`, body);
    expect(first.status).toBe(201);
    const seq = await f.seq();
    const again = await f.planner.post(`/api/boards/${f.boardId}/tasks`, body);
    expect(again.status).toBe(200);
    expect(again.body.job.id).toBe(first.body.job.id);
    expect(again.body.occurrences).toEqual(first.body.occurrences);
    expect(await f.seq()).toBe(seq);
    expect(await f.count(`job where board_id = ? and name = 'Daily round'`, [f.boardId])).toBe(1);
  });
});

describe('DST', () => {
  it('30 2 * * * Europe/Berlin runs at 03:00+02:00 on 2027-03-28 (spring-forward gap)', async () => {
    f.s.clock.set('2027-03-20T00:00:00Z');
    const res = await f.planner.post(
      `/api/boards/${f.boardId}/tasks`,
      task(await f.asset(), { cron: '30 2 * * *', validFrom: '2027-03-27T00:00:00Z', validTo: '2027-03-30T00:00:00Z', planDurationMin: 20 }),
    );
    expect(res.status).toBe(201);
    expect(res.body.occurrences.map((o: any) => o.startsAt)).toEqual([
      '2027-03-27T01:30:00.000Z', // 02:30+01:00
      '2027-03-28T01:00:00.000Z', // 02:30 does not exist: 03:00+02:00
      '2027-03-29T00:30:00.000Z', // 02:30+02:00
    ]);
  });

  it('an interval task keeps its interval through both passes of the repeated hour on 2026-10-25', async () => {
    f.s.clock.set('2026-10-20T00:00:00Z');
    const res = await f.planner.post(
      `/api/boards/${f.boardId}/tasks`,
      task(await f.asset(), { cron: '*/30 * * * *', validFrom: '2026-10-24T23:30:00Z', validTo: '2026-10-25T02:00:00Z', planDurationMin: 20 }),
    );
    expect(res.status).toBe(201);
    expect(res.body.occurrences.map((o: any) => o.startsAt)).toEqual([
      '2026-10-24T23:30:00.000Z', // 01:30+02:00
      '2026-10-25T00:00:00.000Z', // 02:00+02:00 (first pass)
      '2026-10-25T00:30:00.000Z', // 02:30+02:00
      '2026-10-25T01:00:00.000Z', // 02:00+01:00 (second pass)
      '2026-10-25T01:30:00.000Z', // 02:30+01:00
    ]);
  });
});

describe('tours: stop layout through the API', () => {
  it('internal tour walks checkpoints in seq order: start = prevEnd + gap, end = start + duration', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const [guard, c1, c2, c3] = [await f.asset(), await f.asset('checkpoint'), await f.asset('checkpoint'), await f.asset('checkpoint')];
    const res = await f.planner.post(`/api/boards/${f.boardId}/tours`, {
      kind: 'internal_tour',
      name: 'Patrol',
      assetId: guard,
      cron: '0 22 * * *',
      timezone: 'UTC',
      validFrom: '2027-06-01T00:00:00Z',
      validTo: '2027-06-03T00:00:00Z',
      planDurationMin: 10,
      checkpoints: [
        { seq: 30, assetId: c3, gapMin: 10 },
        { seq: 10, assetId: c1, gapMin: 0 },
        { seq: 20, assetId: c2, gapMin: 5, durationMin: 20 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.job.checkpoints).toEqual([
      { seq: 10, assetId: c1, gapMin: 0, durationMin: null },
      { seq: 20, assetId: c2, gapMin: 5, durationMin: 20 },
      { seq: 30, assetId: c3, gapMin: 10, durationMin: null },
    ]);
    expect(res.body.occurrences).toHaveLength(2);
    const [o] = res.body.occurrences;
    expect(o).toMatchObject({ kind: 'internal_tour', startsAt: '2027-06-01T22:00:00.000Z', endsAt: '2027-06-01T22:55:00.000Z' });
    expect(o.stops).toEqual([
      { seq: 1, assetId: c1, startsAt: '2027-06-01T22:00:00.000Z', endsAt: '2027-06-01T22:10:00.000Z' },
      { seq: 2, assetId: c2, startsAt: '2027-06-01T22:15:00.000Z', endsAt: '2027-06-01T22:35:00.000Z' },
      { seq: 3, assetId: c3, startsAt: '2027-06-01T22:45:00.000Z', endsAt: '2027-06-01T22:55:00.000Z' },
    ]);
  });

  const externalTour = async (frequency: number, randomize = false) => {
    const [van, a, b, c] = [await f.asset('vehicle'), await f.asset('site'), await f.asset('site'), await f.asset('site')];
    const res = await f.planner.post(`/api/boards/${f.boardId}/tours`, {
      kind: 'external_tour',
      name: `Route x${frequency}${randomize ? ' random' : ''}`,
      assetId: van,
      cron: '0 9 * * *',
      timezone: 'UTC',
      validFrom: '2027-06-01T00:00:00Z',
      planDurationMin: 20,
      sites: [
        { seq: 1, assetId: a, gapMin: 10 },
        { seq: 2, assetId: b, gapMin: 15 },
        { seq: 3, assetId: c, gapMin: 5 },
      ],
      breakMin: 30,
      frequency,
      randomize,
    });
    expect(res.status).toBe(201);
    return { res, a, b, c };
  };
  const at = (hm: string) => `2027-06-01T${hm}:00.000Z`;

  it('external tour, frequency 2: forward, break, back without revisiting the turnaround', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const { res, a, b, c } = await externalTour(2);
    expect(res.body.job).toMatchObject({ kind: 'external_tour', breakMin: 30, frequency: 2, randomize: false });
    const o = res.body.occurrences[0];
    expect(o.stops).toEqual([
      { seq: 1, assetId: a, startsAt: at('09:10'), endsAt: at('09:30') },
      { seq: 2, assetId: b, startsAt: at('09:45'), endsAt: at('10:05') },
      { seq: 3, assetId: c, startsAt: at('10:10'), endsAt: at('10:30') },
      { seq: 4, assetId: b, startsAt: at('11:15'), endsAt: at('11:35') }, // 30 min break + 15 min gap
      { seq: 5, assetId: a, startsAt: at('11:45'), endsAt: at('12:05') },
    ]);
    expect(o).toMatchObject({ startsAt: at('09:00'), endsAt: at('12:05') });
  });

  it('external tour, frequency 3: a third walk forward, one break only', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const { res, a, b, c } = await externalTour(3);
    const o = res.body.occurrences[0];
    expect(o.stops.map((s: any) => s.assetId)).toEqual([a, b, c, b, a, b, c]);
    expect(o.stops.slice(5)).toEqual([
      { seq: 6, assetId: b, startsAt: at('12:20'), endsAt: at('12:40') },
      { seq: 7, assetId: c, startsAt: at('12:45'), endsAt: at('13:05') },
    ]);
    expect(o.endsAt).toBe(at('13:05'));
  });

  it('randomize: each occurrence has its own order, the same every time it is read, and keeps it when dragged', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const { res, a, b, c } = await externalTour(1, true);
    const orders = res.body.occurrences.map((o: any) => o.stops.map((s: any) => s.assetId).join(','));
    expect(res.body.occurrences).toHaveLength(14);
    for (const o of res.body.occurrences) expect([...o.stops.map((s: any) => s.assetId)].sort()).toEqual([a, b, c].sort());
    expect(new Set(orders).size).toBeGreaterThan(1);
    const again = await f.planner.get(`/api/jobs/${res.body.job.id}`);
    expect(again.body.occurrences.map((o: any) => o.stops)).toEqual(res.body.occurrences.map((o: any) => o.stops));
    const o = res.body.occurrences[3];
    const moved = await f.planner.patch(`/api/occurrences/${o.id}`, { expectedVersion: 1, startsAt: new Date(Date.parse(o.startsAt) + 3_600_000).toISOString() });
    expect(moved.status).toBe(200);
    expect(moved.body.occurrence.stops.map((s: any) => s.assetId)).toEqual(o.stops.map((s: any) => s.assetId));
    expect(moved.body.occurrence.stops[0].startsAt).toBe(new Date(Date.parse(o.stops[0].startsAt) + 3_600_000).toISOString());
  });
});

describe('edit and delete', () => {
  it('edit regenerates future non-detached occurrences and keeps started and detached ones', async () => {
    f.s.clock.set('2027-06-01T00:00:00Z');
    const guard = await f.asset();
    const created = await f.planner.post(`/api/boards/${f.boardId}/tasks`, task(guard, { name: 'Gate check', cron: '0 8 * * *', validFrom: '2027-06-01T00:00:00Z' }));
    expect(created.status).toBe(201);
    const jobId = created.body.job.id;
    const occ = created.body.occurrences;
    expect(occ).toHaveLength(14);
    const byDay = (d: number) => occ.find((o: any) => o.startsAt === new Date(Date.UTC(2027, 5, d, 6)).toISOString());
    // A planner drags June 5 to 14:00 local: detached.
    const drag = await f.planner.patch(`/api/occurrences/${byDay(5).id}`, { expectedVersion: 1, startsAt: '2027-06-05T12:00:00Z' });
    expect(drag.status).toBe(200);
    expect(drag.body.occurrence).toMatchObject({ detached: true, version: 2, startsAt: '2027-06-05T12:00:00.000Z', endsAt: '2027-06-05T13:00:00.000Z' });
    // June 2's run has started.
    f.s.clock.set('2027-06-02T06:30:00Z');
    const seq = await f.seq();
    const stale = await f.planner.patch(`/api/jobs/${jobId}`, { expectedVersion: 2, cron: '0 9 * * *' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect(stale.body.error.details.current).toMatchObject({ id: jobId, version: 1, cron: '0 8 * * *' });
    expect(await f.seq()).toBe(seq);

    const edit = await f.planner.patch(`/api/jobs/${jobId}`, { expectedVersion: 1, cron: '0 9 * * *', name: 'Gate check (late)' });
    expect(edit.status).toBe(200);
    expect(edit.body.job).toMatchObject({ version: 2, cron: '0 9 * * *', name: 'Gate check (late)' });
    const events = await f.eventsSince(seq);
    const cancelled = events.filter((e) => e.type === 'occurrence.cancelled');
    const createdEv = events.filter((e) => e.type === 'occurrence.created');
    expect(events[0]!.type).toBe('job.updated');
    expect(events).toHaveLength(1 + cancelled.length + createdEv.length);
    // Cancelled: June 3, 4, 6..14 (not June 1 (past), 2 (started) or 5 (detached)).
    expect(cancelled.map((e) => e.data.startsAt).sort()).toEqual([3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((d) => new Date(Date.UTC(2027, 5, d, 6)).toISOString()));
    for (const e of cancelled) expect(e.data).toMatchObject({ status: 'cancelled', version: 2 });
    // Created: 09:00 local (07:00Z) from June 2 (after now) to June 15 (now + 14 days).
    expect(createdEv.map((e) => e.data.startsAt)).toEqual(Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2027, 5, 2 + i, 7)).toISOString()));

    const live = await f.t.orm.em.fork().execute<{ id: string }[]>(`select id from occurrence where job_id = ? and status <> 'cancelled'`, [jobId]);
    const liveIds = new Set(live.map((r) => r.id));
    for (const d of [1, 2, 5]) expect(liveIds.has(byDay(d).id)).toBe(true);
    expect(live).toHaveLength(3 + 14);
    // The response lists what has not ended yet: June 2 (running), the detached one, the 14 new ones.
    expect(edit.body.occurrences).toHaveLength(16);
  });

  it('delete disables the job and cancels its future occurrences (detached ones too), keeping the past', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const guard = await f.asset();
    const created = await f.planner.post(`/api/boards/${f.boardId}/tasks`, task(guard, { name: 'To delete', cron: '0 10 * * *', validFrom: '2027-07-01T00:00:00Z' }));
    const jobId = created.body.job.id;
    const [d1, d2, d3] = created.body.occurrences;
    await f.planner.patch(`/api/occurrences/${d3.id}`, { expectedVersion: 1, startsAt: '2027-07-03T15:00:00Z' });
    f.s.clock.set('2027-07-02T12:00:00Z');
    const seq = await f.seq();
    const del = await f.planner.delete(`/api/jobs/${jobId}`);
    expect(del.status).toBe(204);
    const events = await f.eventsSince(seq);
    expect(events[0]).toMatchObject({ type: 'job.deleted', data: { id: jobId, enabled: false, version: 2 } });
    expect(events.slice(1).every((e) => e.type === 'occurrence.cancelled')).toBe(true);
    expect(events).toHaveLength(1 + 12); // July 3 (detached) .. July 14
    const statuses = await f.t.orm.em.fork().execute<{ id: string; status: string }[]>('select id, status from occurrence where job_id = ?', [jobId]);
    const status = new Map(statuses.map((r) => [r.id, r.status]));
    expect([status.get(d1.id), status.get(d2.id), status.get(d3.id)]).toEqual(['scheduled', 'scheduled', 'cancelled']);
    expect([...status.values()].filter((s) => s === 'scheduled')).toHaveLength(2);
    // Gone from the board, refused on every write path.
    const snap = await f.planner.get(`/api/boards/${f.boardId}?from=2027-07-01T00:00:00Z&to=2027-07-20T00:00:00Z`);
    expect(snap.body.jobs.map((j: any) => j.id)).not.toContain(jobId);
    expect(snap.body.occurrences.filter((o: any) => o.jobId === jobId).map((o: any) => o.id).sort()).toEqual([d1.id, d2.id].sort());
    expect((await f.planner.delete(`/api/jobs/${jobId}`)).status).toBe(404);
    expect((await f.planner.patch(`/api/jobs/${jobId}`, { expectedVersion: 2, name: 'x' })).status).toBe(404);
    const move = await f.planner.patch(`/api/occurrences/${d2.id}`, { expectedVersion: 1, startsAt: '2027-07-02T11:00:00Z' });
    expect(move.status).toBe(404);
    expect(move.body.error.message).toMatch(/deleted/);
  });
});

describe('event log', () => {
  it('a rejected attempt changes nothing but the conflict log: one conflict.opened, no job, no occurrence', async () => {
    f.s.clock.set('2027-08-01T00:00:00Z');
    const guard = await f.asset();
    const ok = await f.planner.post(`/api/boards/${f.boardId}/tasks`, task(guard, { name: 'Holder', startsAt: '2027-08-10T10:00:00Z' }));
    expect(ok.status).toBe(201);
    const jobs = await f.count('job');
    const occurrences = await f.count('occurrence');
    const seq = await f.seq();
    const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, task(guard, { name: 'Clash', cron: '30 10 * * *', timezone: 'UTC', validFrom: '2027-08-09T00:00:00Z', validTo: '2027-08-12T00:00:00Z' }));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict' });
    expect(res.body.conflicts).toEqual([
      {
        startsAt: '2027-08-10T10:30:00.000Z',
        endsAt: '2027-08-10T11:30:00.000Z',
        blocking: { occurrenceId: ok.body.occurrences[0].id, jobId: ok.body.job.id, jobName: 'Holder', assetId: guard, startsAt: '2027-08-10T10:00:00.000Z', endsAt: '2027-08-10T11:00:00.000Z' },
      },
    ]);
    // Hints: the next free hours after the blocked window on the same asset, and other free persons.
    expect(res.body.hints.nextFree).toEqual([
      { startsAt: '2027-08-10T11:00:00.000Z', endsAt: '2027-08-10T12:00:00.000Z' },
      { startsAt: '2027-08-10T12:00:00.000Z', endsAt: '2027-08-10T13:00:00.000Z' },
      { startsAt: '2027-08-10T13:00:00.000Z', endsAt: '2027-08-10T14:00:00.000Z' },
    ]);
    expect(res.body.hints.freeAssets.length).toBeGreaterThan(0);
    expect(res.body.hints.freeAssets.map((a: any) => a.id)).not.toContain(guard);
    expect(res.body.hints.freeAssets[0]).toEqual({ id: expect.any(String), code: expect.any(String), name: expect.any(String) });
    expect(await f.count('job')).toBe(jobs);
    expect(await f.count('occurrence')).toBe(occurrences);
    const events = await f.eventsSince(seq);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ seq: seq + 1, type: 'conflict.opened', data: { id: res.body.conflictId, kind: 'rejected', assetId: guard, occurrenceIds: [ok.body.occurrences[0].id] } });
    const feed = await f.planner.get(`/api/boards/${f.boardId}/conflicts?status=open`);
    expect(feed.body.conflicts.map((c: any) => c.id)).toContain(res.body.conflictId);
  });

  it('the whole log is contiguous from 1 and replays in order', async () => {
    const events = await f.eventsSince(0);
    expect(events.length).toBeGreaterThan(50);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)!.seq).toBe(await f.seq());
    const page = (await f.planner.get(`/api/boards/${f.boardId}/events?since=10&limit=5`)).body.events;
    expect(page.map((e: any) => e.seq)).toEqual([11, 12, 13, 14, 15]);
  });
});
