import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { insertHistoryEntryStatement } from '../repositories/change-history.repository';
import { rawQuery } from '../repositories/sql';
import type { HttpClient } from '../testing/http-client';
import { schedulingFixture, type SchedulingFixture } from '../scheduling/test-fixture';

/** Undo and redo (docs/api.md, "Undo and redo") and restore, against the real database. */
let f: SchedulingFixture;
let tab2: HttpClient;
let planner2: HttpClient;
let supervisor: HttpClient;
let viewer: HttpClient;

beforeAll(async () => {
  f = await schedulingFixture('undo');
  tab2 = await f.t.client('planner1');
  planner2 = await f.t.client('planner2');
  supervisor = await f.t.client('supervisor');
  viewer = await f.t.client('viewer');
});
afterAll(() => f?.t.stop());

const undo = (c: HttpClient = f.planner) => c.post(`/api/boards/${f.boardId}/undo`, {});
const redo = (c: HttpClient = f.planner) => c.post(`/api/boards/${f.boardId}/redo`, {});
const occ = async (id: string) => (await f.planner.get(`/api/occurrences/${id}`)).body.occurrence;
const visible = (o: any) => ({ assetId: o.assetId, startsAt: o.startsAt, endsAt: o.endsAt, status: o.status, detached: o.detached });

const oneOff = async (assetId: string, startsAt: string, name = `One-off ${startsAt}`, c: HttpClient = f.planner) => {
  const res = await c.post(`/api/boards/${f.boardId}/tasks`, { name, assetId, timezone: 'UTC', startsAt, planDurationMin: 60 });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { job: any; occurrences: any[] };
};

/** Empties the caller's history on the board, so a test starts from a known top of the stack. */
async function clearHistory(userName = 'planner1') {
  await f.t.orm.em.fork().execute(`delete from change_history where user_id = (select id from app_user where username = ?)`, [userName]);
}

describe('undo and redo of single changes', () => {
  it('move: undo restores the block (a new change, broadcast with its own changeId), redo moves it again; history lists both tabs alike', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    await clearHistory();
    const a = await f.asset();
    const { occurrences } = await oneOff(a, '2027-07-02T10:00:00Z', 'Retail route');
    const id = occurrences[0].id;
    const before = visible(await occ(id));
    const moved = await f.planner.patch(`/api/occurrences/${id}`, { expectedVersion: 1, startsAt: '2027-07-02T13:00:00Z' });
    expect(moved.status).toBe(200);
    const history = await tab2.get(`/api/boards/${f.boardId}/history?limit=2`);
    expect(history.body.entries.map((e: any) => [e.summary, e.undone])).toEqual([
      ['Move of Retail route', false],
      ['Creation of Retail route', false],
    ]);
    const moveChange = history.body.entries[0].changeId;
    const seq = await f.seq();
    // The undo comes from the other tab of the same user: history is per user and board, not per tab.
    const undone = await undo(tab2);
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body.undone).toEqual({ changeId: moveChange, summary: 'Move of Retail route' });
    expect(undone.body.occurrences.map(visible)).toEqual([{ ...before, detached: false }]);
    expect(visible(await occ(id))).toEqual(before);
    const events = await f.eventsSince(seq);
    expect(events.map((e) => e.type)).toEqual(['occurrence.updated']);
    expect(events[0]!.data).toMatchObject({ id, startsAt: '2027-07-02T10:00:00.000Z', version: 3 });
    expect(events[0]!.data.changeId).toEqual(expect.any(String));
    expect(events[0]!.data.changeId).not.toBe(moveChange);
    expect((await f.planner.get(`/api/boards/${f.boardId}/history?limit=1`)).body.entries[0]).toMatchObject({ changeId: moveChange, undone: true });

    const redone = await redo();
    expect(redone.status).toBe(200);
    expect(redone.body.redone.summary).toBe('Move of Retail route');
    expect(await occ(id)).toMatchObject({ startsAt: '2027-07-02T13:00:00.000Z', version: 4, detached: true });
    expect((await redo()).body.error.code).toBe('nothing_to_redo');
  });

  it('the events of one change share its changeId; a move and its history entry agree', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    const seq = await f.seq();
    const created = await oneOff(a, '2027-07-03T10:00:00Z');
    const events = await f.eventsSince(seq);
    expect(events.map((e) => e.type)).toEqual(['job.created', 'occurrence.created']);
    const ids = new Set(events.map((e) => e.data.changeId));
    expect(ids.size).toBe(1);
    const [top] = (await f.planner.get(`/api/boards/${f.boardId}/history?limit=1`)).body.entries;
    expect(top.changeId).toBe([...ids][0]);
    expect(top.summary).toBe(`Creation of ${created.job.name}`);
  });

  it('cancel then undo brings back the same id; restore is its own undoable change', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    const id = (await oneOff(a, '2027-07-04T10:00:00Z', 'Night patrol')).occurrences[0].id;
    expect((await f.planner.delete(`/api/occurrences/${id}`)).status).toBe(204);
    const u = await undo();
    expect(u.body.undone.summary).toBe('Cancel of Night patrol');
    expect(u.body.occurrences[0]).toMatchObject({ id, status: 'scheduled' });
    expect(await f.count(`occurrence where job_id = ?`, [(await occ(id)).jobId])).toBe(1);

    // The restore endpoint: cancelled → scheduled with expectedVersion; 400 when not cancelled; stale → 409.
    expect((await f.planner.delete(`/api/occurrences/${id}`)).status).toBe(204);
    const cancelled = await occ(id);
    expect((await viewer.post(`/api/occurrences/${id}/restore`, { expectedVersion: cancelled.version })).status).toBe(403);
    const stale = await f.planner.post(`/api/occurrences/${id}/restore`, { expectedVersion: cancelled.version - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_version', details: { current: { id, status: 'cancelled' } } });
    const restored = await f.planner.post(`/api/occurrences/${id}/restore`, { expectedVersion: cancelled.version });
    expect(restored.status).toBe(200);
    expect(restored.body.occurrence).toMatchObject({ id, status: 'scheduled', version: cancelled.version + 1 });
    const again = await f.planner.post(`/api/occurrences/${id}/restore`, { expectedVersion: cancelled.version + 1 });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/not cancelled/);
    const u2 = await undo();
    expect(u2.body.undone.summary).toBe('Restore of Night patrol');
    expect((await occ(id)).status).toBe('cancelled');
  });

  it('restore into a slot taken meanwhile is a 409 conflict with hints', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    const id = (await oneOff(a, '2027-07-05T10:00:00Z')).occurrences[0].id;
    await f.planner.delete(`/api/occurrences/${id}`);
    const taker = await oneOff(a, '2027-07-05T10:30:00Z', 'Taker');
    const res = await f.planner.post(`/api/occurrences/${id}/restore`, { expectedVersion: 2 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.conflicts[0].blocking.occurrenceId).toBe(taker.occurrences[0].id);
    expect(res.body.hints.nextFree.length).toBeGreaterThan(0);
    expect((await occ(id)).status).toBe('cancelled');
  });
});

describe('an asset that cannot be booked any more', () => {
  it('undo of a cancel, and a restore, onto an asset put into maintenance since: 400 at assetId, nothing applied', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    await clearHistory();
    const a = await f.asset();
    const id = (await oneOff(a, '2027-07-06T10:00:00Z', 'Depot sweep')).occurrences[0].id;
    expect((await f.planner.delete(`/api/occurrences/${id}`)).status).toBe(204);
    const asset = (await f.planner.get(`/api/boards/${f.boardId}/assets`)).body.assets.find((x: any) => x.id === a);
    expect((await supervisor.patch(`/api/assets/${a}`, { status: 'maintenance', expectedVersion: asset.version })).status).toBe(200);
    const seq = await f.seq();

    const u = await undo();
    expect(u.status, JSON.stringify(u.body)).toBe(400);
    expect(u.body.error.details).toEqual([{ path: 'assetId', message: `${asset.code} is in maintenance and cannot be booked; undo skipped, nothing was changed` }]);
    const cancelled = await occ(id);
    expect(cancelled.status).toBe('cancelled');
    const restore = await f.planner.post(`/api/occurrences/${id}/restore`, { expectedVersion: cancelled.version });
    expect(restore.status).toBe(400);
    expect(restore.body.error.details[0]).toMatchObject({ path: 'assetId', message: expect.stringMatching(/in maintenance/) });
    expect((await occ(id)).status).toBe('cancelled');
    expect(await f.seq()).toBe(seq);
    // The entry stays on the stack: once the asset is back at work, the same undo goes through.
    const back = (await f.planner.get(`/api/boards/${f.boardId}/assets`)).body.assets.find((x: any) => x.id === a);
    expect((await supervisor.patch(`/api/assets/${a}`, { status: 'working', expectedVersion: back.version })).status).toBe(200);
    const again = await undo();
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((await occ(id)).status).toBe('scheduled');
  });
});

describe('undo of job changes', () => {
  it('create → undo disables the job and cancels its runs; redo brings back the same ids', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    await clearHistory();
    const a = await f.asset();
    const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: 'Daily sweep', assetId: a, timezone: 'UTC', cron: '0 9 * * *', validFrom: '2027-07-01T00:00:00Z', planDurationMin: 30 });
    expect(res.status).toBe(201);
    const ids = res.body.occurrences.map((o: any) => o.id).sort();
    expect(ids.length).toBeGreaterThan(3);
    const u = await undo();
    expect(u.status).toBe(200);
    expect(u.body.undone.summary).toBe('Creation of Daily sweep');
    expect(u.body.jobs).toEqual([expect.objectContaining({ id: res.body.job.id, enabled: false })]);
    expect(await f.count(`occurrence where job_id = ? and status <> 'cancelled'`, [res.body.job.id])).toBe(0);
    const r = await redo();
    expect(r.status).toBe(200);
    expect(r.body.jobs[0]).toMatchObject({ enabled: true, name: 'Daily sweep' });
    const live = await f.t.orm.em.fork().execute<{ id: string }[]>(`select id from occurrence where job_id = ? and status = 'scheduled' order by id`, [res.body.job.id]);
    expect(live.map((x) => x.id)).toEqual(ids);
  });

  it('edit → undo restores the fields and the old runs (same ids), cancels the regenerated ones', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: 'Gate check', assetId: a, timezone: 'UTC', cron: '0 9 * * *', validFrom: '2027-07-01T00:00:00Z', planDurationMin: 30 });
    const oldIds = res.body.occurrences.map((o: any) => o.id).sort();
    const edited = await f.planner.patch(`/api/jobs/${res.body.job.id}`, { expectedVersion: 1, name: 'Gate check late', cron: '0 11 * * *' });
    expect(edited.status).toBe(200);
    const u = await undo();
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    expect(u.body.undone.summary).toBe('Edit of Gate check');
    const job = (await f.planner.get(`/api/jobs/${res.body.job.id}`)).body;
    expect(job.job).toMatchObject({ name: 'Gate check', cron: '0 9 * * *', version: 3 });
    expect(job.occurrences.map((o: any) => o.id).sort()).toEqual(oldIds);
    const r = await redo();
    expect(r.status).toBe(200);
    const again = (await f.planner.get(`/api/jobs/${res.body.job.id}`)).body;
    expect(again.job).toMatchObject({ name: 'Gate check late', cron: '0 11 * * *' });
    expect(again.occurrences.map((o: any) => o.id).sort()).toEqual(edited.body.occurrences.map((o: any) => o.id).sort());
  });

  it('delete → undo re-enables the job and restores its future runs (same ids)', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    const { job, occurrences } = await oneOff(a, '2027-07-06T10:00:00Z', 'Deleted by mistake');
    expect((await f.planner.delete(`/api/jobs/${job.id}`)).status).toBe(204);
    const u = await undo();
    expect(u.body.undone.summary).toBe('Deletion of Deleted by mistake');
    expect(u.body.jobs[0]).toMatchObject({ id: job.id, enabled: true });
    expect(await occ(occurrences[0].id)).toMatchObject({ status: 'scheduled', startsAt: '2027-07-06T10:00:00.000Z' });
  });
});

describe('collaboration', () => {
  it("undo after another planner changed the item → 409 undo_conflict naming them and their change; nothing applied", async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    const id = (await oneOff(a, '2027-07-07T10:00:00Z', 'Retail route')).occurrences[0].id;
    await f.planner.patch(`/api/occurrences/${id}`, { expectedVersion: 1, startsAt: '2027-07-07T12:00:00Z' });
    const ben = await planner2.patch(`/api/occurrences/${id}`, { expectedVersion: 2, startsAt: '2027-07-07T14:00:00Z' });
    expect(ben.status).toBe(200);
    const benChange = (await f.eventsSince((await f.seq()) - 1))[0]!.data.changeId;
    const seq = await f.seq();
    const res = await undo();
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('undo_conflict');
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ kind: 'occurrence', id, name: 'Retail route', changedBy: expect.objectContaining({ displayName: expect.any(String) }), at: expect.any(String), changeId: benChange, action: 'moved' }),
    ]);
    const planner2Name = (await planner2.get('/api/auth/me')).body.user.displayName;
    expect(res.body.error.details[0].changedBy.displayName).toBe(planner2Name);
    expect(res.body.error.message).toContain(`${planner2Name} moved Retail route since`);
    expect(await f.seq()).toBe(seq);
    expect(await occ(id)).toMatchObject({ startsAt: '2027-07-07T14:00:00.000Z', version: 3 });
    // Other users' changes never enter my history; theirs is theirs to undo.
    expect((await planner2.get(`/api/boards/${f.boardId}/history?limit=1`)).body.entries[0].summary).toBe('Move of Retail route');
    expect((await undo(planner2)).status).toBe(200);
    expect((await occ(id)).startsAt).toBe('2027-07-07T12:00:00.000Z');
  });

  it('undo that would double-book → 409 conflict with hints, nothing applied', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    const id = (await oneOff(a, '2027-07-08T10:00:00Z')).occurrences[0].id;
    await f.planner.patch(`/api/occurrences/${id}`, { expectedVersion: 1, startsAt: '2027-07-08T15:00:00Z' });
    const squatter = await oneOff(a, '2027-07-08T10:00:00Z', 'Squatter', planner2);
    const res = await undo();
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.conflicts[0].blocking.occurrenceId).toBe(squatter.occurrences[0].id);
    expect(res.body.hints).toHaveProperty('nextFree');
    expect(await occ(id)).toMatchObject({ startsAt: '2027-07-08T15:00:00.000Z', version: 2 });
    const top = (await f.planner.get(`/api/boards/${f.boardId}/history?limit=1`)).body.entries[0];
    expect(top.undone).toBe(false);
  });

  it('undo n times then redo n times returns the board to its state before the undos (versions keep counting)', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    const b = await f.asset();
    const x = (await oneOff(a, '2027-07-09T08:00:00Z')).occurrences[0].id;
    const y = (await oneOff(a, '2027-07-09T10:00:00Z')).occurrences[0].id;
    await f.planner.patch(`/api/occurrences/${x}`, { expectedVersion: 1, startsAt: '2027-07-09T12:00:00Z' });
    await f.planner.patch(`/api/occurrences/${x}`, { expectedVersion: 2, assetId: b });
    await f.planner.delete(`/api/occurrences/${y}`);
    await f.planner.post(`/api/boards/${f.boardId}/occurrences/batch`, { ops: [{ occurrenceId: x, expectedVersion: 3, startsAt: '2027-07-09T06:00:00Z', endsAt: '2027-07-09T06:30:00Z' }] });
    const state = async () => [visible(await occ(x)), visible(await occ(y))];
    const top = await state();
    for (let i = 0; i < 6; i++) expect((await undo()).status).toBe(200);
    expect((await occ(x)).status).toBe('cancelled'); // its creation was undone too
    for (let i = 0; i < 6; i++) expect((await redo()).status).toBe(200);
    expect(await state()).toEqual(top);
    expect((await occ(x)).version).toBeGreaterThan(4);
  });

  it('undo racing redo in two tabs: serialised, never half-applied', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    await clearHistory();
    const a = await f.asset();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await oneOff(a, `2027-07-10T0${i * 2}:00:00Z`)).occurrences[0].id);
    await f.planner.post(`/api/boards/${f.boardId}/occurrences/batch`, { ops: ids.map((id, i) => ({ occurrenceId: id, expectedVersion: 1, startsAt: `2027-07-10T1${i * 2}:00:00Z` })) });
    expect((await undo()).status).toBe(200);
    for (let round = 0; round < 5; round++) {
      const [u, r] = await Promise.all([undo(tab2), redo(f.planner)]);
      expect([u.status, r.status].every((s) => s === 200 || s === 404), JSON.stringify([u.body, r.body])).toBe(true);
      const starts = await Promise.all(ids.map(async (id) => (await occ(id)).startsAt.slice(11, 13)));
      // All three moved or none (a batch is one entry): never a mix.
      expect([['00', '02', '04'], ['10', '12', '14']]).toContainEqual(starts);
      const entries = (await f.planner.get(`/api/boards/${f.boardId}/history?limit=5`)).body.entries;
      const batch = entries.find((e: any) => e.summary === '3 occurrences moved');
      expect(batch.undone).toBe(starts[0] === '00');
    }
  });

  it('a new change clears the redo list; viewers get none of this; empty history is a 404', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    const id = (await oneOff(a, '2027-07-11T10:00:00Z')).occurrences[0].id;
    await f.planner.patch(`/api/occurrences/${id}`, { expectedVersion: 1, startsAt: '2027-07-11T11:00:00Z' });
    expect((await undo()).status).toBe(200);
    await f.planner.patch(`/api/occurrences/${id}`, { expectedVersion: 3, startsAt: '2027-07-11T12:00:00Z' });
    const r = await redo();
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('nothing_to_redo');
    for (const res of [await undo(viewer), await redo(viewer), await viewer.get(`/api/boards/${f.boardId}/history`)]) expect(res.status).toBe(403);
    const fresh = await supervisor.post(`/api/boards/${f.boardId}/undo`, {});
    expect(fresh.status).toBe(404);
    expect(fresh.body.error.code).toBe('nothing_to_undo');
    const bad = await f.planner.get(`/api/boards/${f.boardId}/history?limit=101`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('limit');
  });

  it('history keeps the last 100 entries per user and board', async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    await clearHistory();
    const a = await f.asset();
    const id = (await oneOff(a, '2027-07-12T00:00:00Z')).occurrences[0].id;
    const ops = Array.from({ length: 105 }, (_, i) => i);
    let version = 1;
    for (const i of ops) {
      const res = await f.planner.patch(`/api/occurrences/${id}`, { expectedVersion: version, startsAt: `2027-07-12T${String(1 + (i % 20)).padStart(2, '0')}:00:00Z` });
      expect(res.status).toBe(200);
      version = res.body.occurrence.version;
    }
    expect(await f.count(`change_history where user_id = (select id from app_user where username = 'planner1') and board_id = ?`, [f.boardId])).toBe(100);
  });

  it("a change does not wait for another change's trim of the same history (two tabs of one user at once)", async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    await clearHistory();
    const a = await f.asset();
    const { occurrences } = await oneOff(a, '2027-07-14T08:00:00Z');
    await f.t.orm.em.fork().execute(
      `insert into change_history (change_id, user_id, board_id, pos, summary, at, undone, items)
       select gen_random_uuid(), u.id, ?, nextval('change_history_pos_seq'), 'Filler ' || g, now(), false, '[]'::jsonb
         from app_user u, generate_series(1, 99) g where u.username = 'planner1'`,
      [f.boardId],
    );
    const planner1 = (await f.t.orm.em.fork().execute<{ id: string }[]>(`select id from app_user where username = 'planner1'`))[0]!.id;
    // Tab 1's change is mid-transaction: it has trimmed the oldest entry (row locked) and not committed yet.
    const tab1 = f.t.orm.em.fork();
    await tab1.begin();
    try {
      const entry = insertHistoryEntryStatement({ userId: planner1, boardId: f.boardId, changeId: randomUUID(), summary: 'Tab 1', itemsJson: '[]', keep: 100 });
      await rawQuery(tab1, entry.sql, entry.params);
      // Tab 2's change would trim the same entry: it must go through now, not when tab 1 commits.
      const moved = f.planner.patch(`/api/occurrences/${occurrences[0].id}`, { expectedVersion: 1, startsAt: '2027-07-14T09:00:00Z' });
      const first = await Promise.race([moved.then((r) => r.status), new Promise((r) => setTimeout(() => r('still waiting after 3 s'), 3000))]);
      expect(first).toBe(200);
    } finally {
      await tab1.commit();
    }
    const count = () => f.count(`change_history where user_id = ? and board_id = ?`, [planner1, f.boardId]);
    // Both changes kept their entry; the one trimmed by tab 1 is gone, so one over the limit until the next change.
    expect(await count()).toBe(101);
    await f.planner.patch(`/api/occurrences/${occurrences[0].id}`, { expectedVersion: 2, startsAt: '2027-07-14T10:00:00Z' });
    expect(await count()).toBe(100);
  });

  it("a supervisor's conflict resolution is undoable: the conflict reopens and the occurrence comes back", async () => {
    f.s.clock.set('2027-07-01T00:00:00Z');
    const a = await f.asset();
    await oneOff(a, '2027-07-13T10:00:00Z', 'Holder');
    const res = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: 'Overbooked', assetId: a, timezone: 'UTC', startsAt: '2027-07-13T10:30:00Z', planDurationMin: 60, allowConflict: true });
    const conflicted = res.body.occurrences[0];
    expect(conflicted.status).toBe('conflicted');
    const open = (await supervisor.get(`/api/boards/${f.boardId}/conflicts?status=open`)).body.conflicts.find((c: any) => c.occurrenceIds[0] === conflicted.id);
    const resolved = await supervisor.post(`/api/conflicts/${open.id}/resolve`, { action: 'cancel', occurrenceId: conflicted.id });
    expect(resolved.status).toBe(200);
    const u = await supervisor.post(`/api/boards/${f.boardId}/undo`, {});
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    expect(u.body.undone.summary).toBe('Conflict resolved on Overbooked');
    expect(await occ(conflicted.id)).toMatchObject({ status: 'conflicted' });
    const nowOpen = (await supervisor.get(`/api/boards/${f.boardId}/conflicts?status=open`)).body.conflicts.map((c: any) => c.id);
    expect(nowOpen).toContain(open.id);
    const r = await supervisor.post(`/api/boards/${f.boardId}/redo`, {});
    expect(r.status).toBe(200);
    expect((await occ(conflicted.id)).status).toBe('cancelled');
  });
});
