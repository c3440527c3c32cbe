import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../testing/http-client';
import { schedulingFixture, type SchedulingFixture } from '../scheduling/test-fixture';
import { ASSET_SCHEDULE_LOCK } from '../repositories/occurrence.repository';

let f: SchedulingFixture;
let planner2: HttpClient;

beforeAll(async () => {
  f = await schedulingFixture('race');
  planner2 = await f.t.client('planner2');
});
afterAll(() => f?.t.stop());

const doubleBookings = () =>
  f.count(`occurrence a join occurrence b on a.asset_id = b.asset_id and a.id < b.id
            and a.status = 'scheduled' and b.status = 'scheduled' and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`);

describe('concurrent writers', () => {
  it('writers of one asset\'s schedule queue on its lock (no exclusion-constraint deadlocks): a create and a move wait, then run', async () => {
    const van = await f.asset('vehicle');
    const other = await f.asset('vehicle');
    const first = await f.planner.post(`/api/boards/${f.boardId}/tasks`, {
      name: 'Lock probe', assetId: other, timezone: 'UTC', startsAt: '2031-05-01T08:00:00Z', planDurationMin: 30,
    });
    expect(first.status).toBe(201);
    // Another session of the same database takes the asset's lock, as a concurrent writer on another node would.
    const holder = new pg.Client({ connectionString: f.t.orm.config.get('clientUrl') });
    await holder.connect();
    const waiting = () => f.count(`pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`);
    try {
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock($1, hashtext($2))', [ASSET_SCHEDULE_LOCK, van]);
      let settled = 0;
      const create = f.planner
        .post(`/api/boards/${f.boardId}/tasks`, { name: 'Queued create', assetId: van, timezone: 'UTC', startsAt: '2031-05-01T09:00:00Z', planDurationMin: 30 })
        .finally(() => settled++);
      const move = planner2
        .patch(`/api/occurrences/${first.body.occurrences[0].id}`, { assetId: van, expectedVersion: 1 })
        .finally(() => settled++);
      for (let i = 0; i < 200 && (await waiting()) < 2; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await waiting()).toBe(2);
      expect(settled).toBe(0);
      await holder.query('commit');
      const [created, moved] = await Promise.all([create, move]);
      expect(created.status).toBe(201);
      expect(moved.status).toBe(200);
      expect(moved.body.occurrence.assetId).toBe(van);
    } finally {
      await holder.query('rollback').catch(() => undefined);
      await holder.end();
    }
  });

  it('50 concurrent overlapping creates on one asset: exactly one 201, 49 × 409, one set of occurrences', async () => {
    f.s.clock.set('2027-09-01T00:00:00Z');
    const guard = await f.asset();
    const before = await f.seq();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? f.planner : planner2).post(`/api/boards/${f.boardId}/tasks`, {
          name: `Racer ${i}`,
          assetId: guard,
          cron: `${i % 30} 10 * * *`,
          timezone: 'UTC',
          validFrom: '2027-09-01T00:00:00Z',
          planDurationMin: 45,
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = results.find((r) => r.status === 201)!.body;
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body.error.code).toBe('conflict');
      expect(r.body.conflictId).toEqual(expect.any(String));
      expect(r.body.conflicts.length).toBeGreaterThan(0);
      expect(r.body.conflicts[0].blocking.jobId).toBe(winner.job.id);
    }
    expect(await f.count('job where asset_id = ?', [guard])).toBe(1);
    expect(await f.count('occurrence where asset_id = ?', [guard])).toBe(14);
    expect(await f.count('occurrence where asset_id = ? and job_id = ?', [guard, winner.job.id])).toBe(14);
    expect(await f.count(`conflict_record where asset_id = ? and kind = 'rejected'`, [guard])).toBe(49);
    expect(await doubleBookings()).toBe(0);
    const events = await f.eventsSince(before);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => before + 1 + i));
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect([count('job.created'), count('occurrence.created'), count('conflict.opened'), events.length]).toEqual([1, 14, 49, 64]);
  });

  it('20 concurrent requests with one Idempotency-Key: one job, 20 identical responses', async () => {
    f.s.clock.set('2027-09-01T00:00:00Z');
    const body = { name: 'Idempotent', assetId: await f.asset(), cron: '0 7 * * *', timezone: 'UTC', planDurationMin: 30 };
    const headers = { 'Idempotency-Key': 'create-idem-1' };
    const before = await f.seq();
    const results = await Promise.all(Array.from({ length: 20 }, () => f.planner.post(`/api/boards/${f.boardId}/tasks`, body, headers)));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    for (const r of results) {
      expect(r.body).toEqual(results[0]!.body);
      expect(r.headers.get('location')).toBe(`/api/jobs/${results[0]!.body.job.id}`);
    }
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await f.count(`job where name = 'Idempotent'`)).toBe(1);
    expect((await f.eventsSince(before)).filter((e) => e.type === 'job.created')).toHaveLength(1);

    // Same key, different body: 422, nothing stored.
    const other = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { ...body, name: 'Other' }, headers);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    // Same body with the keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const replay = await f.planner.post(`/api/boards/${f.boardId}/tasks`, reordered, headers);
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body.job.id]).toEqual([201, 'true', results[0]!.body.job.id]);
    // Keys are per user: planner2's request with this key is its own (a natural-key duplicate: 200).
    const theirs = await planner2.post(`/api/boards/${f.boardId}/tasks`, body, headers);
    expect([theirs.status, theirs.headers.get('idempotent-replayed'), theirs.body.job.id]).toEqual([200, null, results[0]!.body.job.id]);
    // After 24 h the key may be reused for anything.
    await f.t.orm.em.fork().execute(`update idempotency_record set expires_at = now() - interval '1 second' where key = 'create-idem-1'`);
    const reused = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { ...body, name: 'Other', cron: '0 17 * * *' }, headers);
    expect(reused.status).toBe(201);
    expect(reused.headers.get('idempotent-replayed')).toBeNull();
  });

  it('a replayed 409 is the same 409: one rejected record, the same conflictId', async () => {
    f.s.clock.set('2027-09-01T00:00:00Z');
    const a = await f.asset();
    const holder = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: 'Holder', assetId: a, timezone: 'UTC', startsAt: '2027-09-05T10:00:00Z', planDurationMin: 60 });
    expect(holder.status).toBe(201);
    const body = { name: 'Loser', assetId: a, timezone: 'UTC', startsAt: '2027-09-05T10:30:00Z', planDurationMin: 60 };
    const headers = { 'Idempotency-Key': 'conflict-idem-1' };
    const results = await Promise.all(Array.from({ length: 5 }, () => f.planner.post(`/api/boards/${f.boardId}/tasks`, body, headers)));
    expect(results.map((r) => r.status)).toEqual(Array(5).fill(409));
    for (const r of results) expect(r.body).toEqual(results[0]!.body);
    expect(await f.count(`conflict_record where asset_id = ? and kind = 'rejected'`, [a])).toBe(1);
  });

  it('10 concurrent identical creates without a key: one 201, nine 200 with the same job', async () => {
    f.s.clock.set('2027-09-01T00:00:00Z');
    const body = { name: 'Twin', assetId: await f.asset(), cron: '15 9 * * 1-5', timezone: 'Europe/Berlin', validFrom: '2027-09-01T00:00:00Z', planDurationMin: 30 };
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? f.planner : planner2).post(`/api/boards/${f.boardId}/tasks`, body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.job.id)).size).toBe(1);
    expect(await f.count(`job where name = 'Twin'`)).toBe(1);
    expect(await doubleBookings()).toBe(0);
  });

  it('concurrent drags of occurrences into one window: one wins, the rest get 409, never a double booking', async () => {
    f.s.clock.set('2027-09-01T00:00:00Z');
    const a = await f.asset();
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: `Drag ${i}`, assetId: a, timezone: 'UTC', startsAt: `2027-09-0${2 + (i % 7)}T0${i % 10}:00:00Z`, planDurationMin: 30 });
      expect(r.status).toBe(201);
      ids.push(r.body.occurrences[0].id);
    }
    const results = await Promise.all(ids.map((id, i) => (i % 2 ? f.planner : planner2).patch(`/api/occurrences/${id}`, { expectedVersion: 1, startsAt: `2027-09-10T12:0${i}:00Z` })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.error.code === 'conflict')).toHaveLength(7);
    expect(await doubleBookings()).toBe(0);
  });
});
