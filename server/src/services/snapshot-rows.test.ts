import { IsolationLevel } from '@mikro-orm/core';
import { decodeSnapshot, type BoardSnapshot, type CompactSnapshot } from '@schedhuler/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';
import { compactOccurrences, compactSnapshotOccurrences, defaultOccurrences, type KeptRows } from './snapshot-occurrences';
import { SnapshotRowCache } from './snapshot-rows';

/**
 * Kept snapshot rows brought up to date from the event log (SnapshotRowCache.update) must equal a
 * full read after every kind of write: moves on and across assets, cancel and restore, creates with
 * and without conflicts, job renames, regenerations and deletes, batches, undo and redo, conflict
 * resolution, and the writes that touch no row (asset, board, members). Checked three ways: all
 * rows, a row limit cut inside the range (the cut kept across updates), and a last-change window
 * of a few events (rows whose last change left it go back to `updatedBy: null`).
 */
let t: TestServer;
let planner: HttpClient;
let planner2: HttpClient;
let supervisor: HttpClient;
let admin: HttpClient;
let viewer: HttpClient;
let boardId: string;
const from = new Date(Date.now() - 2 * 86_400_000);
const to = new Date(Date.now() + 5 * 86_400_000);

const variants = [
  { name: 'all rows', opts: {} },
  { name: 'cut at 40 rows', opts: { limit: 40 } },
  { name: 'last-change window of 7 events', opts: { lastChangeWindow: 7 } },
] as const;
const kept = variants.map((v) => new SnapshotRowCache(v.opts));

beforeAll(async () => {
  t = await startTestServer({}, 'snaprows');
  await t.services.scheduling.horizon?.stop();
  [planner, planner2, supervisor, admin, viewer] = await Promise.all([t.client('planner1'), t.client('planner2'), t.client('supervisor'), t.client('admin'), t.client('viewer')]);
  boardId = (await planner.get<{ boards: { id: string }[] }>('/api/boards')).body.boards[0]!.id;
});
afterAll(() => t?.stop());

const inSnapshotTx = <T>(fn: (em: any) => Promise<T>) => t.orm.em.fork().transactional(fn, { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });

/** Every variant's kept rows against a full read of the same transaction; resolves to the kept rows. */
async function check(step: string): Promise<KeptRows[]> {
  return inSnapshotTx(async (em) => {
    const out: KeptRows[] = [];
    for (let i = 0; i < variants.length; i++) {
      const incremental = await kept[i]!.rows(em, boardId, from, to);
      const full = await new SnapshotRowCache(variants[i]!.opts).rows(em, boardId, from, to);
      const what = `${step}, ${variants[i]!.name}`;
      expect(incremental.seq, what).toBe(full.seq);
      expect(incremental.rows, what).toStrictEqual(full.rows);
      expect(incremental.cut, what).toBe(full.cut);
      const compact = await compactOccurrences(full);
      expect(await compactOccurrences(incremental), what).toStrictEqual(compact);
      // What is served: the range's segments handed on from update to update, re-encoded where rows changed.
      const served = await incremental.pieces.encode(incremental);
      expect(served.dict.toString(), what).toBe(JSON.stringify(compact.dict));
      expect(Buffer.concat(served.occurrences).toString(), what).toBe(JSON.stringify(compact.occurrences));
      expect(await defaultOccurrences(boardId, incremental), what).toStrictEqual(await defaultOccurrences(boardId, full));
      out.push(incremental);
    }
    return out;
  });
}

const occurrences = async (): Promise<any[]> => (await planner.get<BoardSnapshot>(`/api/boards/${boardId}?from=${from.toISOString()}&to=${to.toISOString()}`)).body.occurrences;
const ok = (res: { status: number; body: unknown }, ...statuses: number[]) => expect(statuses.length ? statuses : [200, 201, 204], JSON.stringify(res.body).slice(0, 300)).toContain(res.status);

describe('SnapshotRowCache: kept rows updated from the event log equal a full read', () => {
  it('after every kind of write, with a row limit and with a short last-change window', async () => {
    await check('first read');
    const assets = (await planner.get(`/api/boards/${boardId}/assets`)).body.assets as { id: string; kind: string; status: string }[];
    const later = (await occurrences()).filter((o) => o.status === 'scheduled' && !o.stops && Date.parse(o.startsAt) > Date.now() + 86_400_000);
    expect(later.length).toBeGreaterThan(4);

    // A move on its asset, by another planner (updatedBy changes).
    const [a, b, c] = later;
    ok(await planner2.patch(`/api/occurrences/${a.id}`, { expectedVersion: a.version, startsAt: new Date(Date.parse(a.startsAt) + 60_000).toISOString() }), 200, 409);
    await check('move on the asset');

    // A move to another asset of the same kind, far from anything (or refused: then a conflict record).
    const kind = assets.find((x) => x.id === b.assetId)!.kind;
    const other = assets.find((x) => x.kind === kind && x.id !== b.assetId && x.status === 'working')!;
    ok(await planner.patch(`/api/occurrences/${b.id}`, { expectedVersion: b.version, assetId: other.id, startsAt: new Date(Date.parse(b.startsAt) + 3 * 86_400_000 + 7 * 60_000).toISOString() }), 200, 409);
    await check('move across assets');

    // Out of the range and back.
    ok(await planner.patch(`/api/occurrences/${c.id}`, { expectedVersion: c.version, startsAt: new Date(to.getTime() + 86_400_000).toISOString() }), 200, 409);
    await check('moved out of the range');

    // Cancel, then restore.
    const d = (await occurrences()).find((o) => o.status === 'scheduled' && !o.stops && o.id !== a.id && o.id !== b.id && Date.parse(o.startsAt) > Date.now())!;
    ok(await planner.delete(`/api/occurrences/${d.id}?expectedVersion=${d.version}`));
    await check('cancel');
    ok(await planner.post(`/api/occurrences/${d.id}/restore`, { expectedVersion: d.version + 1 }));
    await check('restore');

    // A new recurring task on a fresh asset, then one booked on top of it anyway (conflicted rows, a conflict record).
    const freshAsset = (await planner.post(`/api/boards/${boardId}/assets`, { code: 'SNAPROWS-1', name: 'Snap rows van', kind: 'vehicle' })).body.asset;
    const fresh = freshAsset.id as string;
    const task = { assetId: fresh, timezone: 'UTC', cron: '15 */3 * * *', validFrom: from.toISOString(), validTo: to.toISOString(), planDurationMin: 60 };
    const created = await planner.post(`/api/boards/${boardId}/tasks`, { ...task, name: 'Snap rows task' });
    ok(created, 201);
    await check('task created');
    const clash = await planner.post(`/api/boards/${boardId}/tasks`, { ...task, name: 'Snap rows clash', cron: '45 */3 * * *' });
    ok(clash, 409);
    await check('refused create (conflict record)');
    ok(await planner.post(`/api/boards/${boardId}/tasks`, { ...task, name: 'Snap rows clash', cron: '45 */3 * * *', allowConflict: true }), 201);
    await check('create booked anyway (conflicted rows)');

    // Job: renamed (every row of it shows the new name), rescheduled (cancels and creates), deleted.
    const job = created.body.job;
    ok(await planner.patch(`/api/jobs/${job.id}`, { expectedVersion: job.version, name: 'Snap rows task renamed' }));
    await check('job renamed');
    ok(await planner.patch(`/api/jobs/${job.id}`, { expectedVersion: job.version + 1, cron: '0 */4 * * *' }), 200, 409);
    await check('job rescheduled');
    const tour = ((await planner.get(`/api/boards/${boardId}/jobs`)).body.jobs as any[]).find((j) => j.kind !== 'task');
    if (tour) {
      ok(await planner.patch(`/api/jobs/${tour.id}`, { expectedVersion: tour.version, name: `${tour.name} (renamed)` }));
      await check('tour renamed');
    }

    // A batch over several rows, then undo and redo.
    const rows = (await occurrences()).filter((o) => o.assetId === fresh && o.status === 'scheduled').slice(0, 3);
    ok(await planner.post(`/api/boards/${boardId}/occurrences/batch`, { ops: rows.map((o) => ({ occurrenceId: o.id, expectedVersion: o.version, startsAt: new Date(Date.parse(o.startsAt) + 20 * 60_000).toISOString() })) }), 200, 409);
    await check('batch');
    ok(await planner.post(`/api/boards/${boardId}/undo`, {}), 200, 409);
    await check('undo');
    ok(await planner.post(`/api/boards/${boardId}/redo`, {}), 200, 409);
    await check('redo');

    // A supervisor cancels a conflicted row from the desk.
    const open = (await supervisor.get(`/api/boards/${boardId}/conflicts?status=open`)).body.conflicts as any[];
    const withRow = open.find((x) => x.occurrenceIds?.length);
    if (withRow) {
      ok(await supervisor.post(`/api/conflicts/${withRow.id}/resolve`, { action: 'cancel', occurrenceId: withRow.occurrenceIds[withRow.occurrenceIds.length - 1] }), 200, 409);
      await check('conflict resolved by cancelling');
    }

    ok(await planner.delete(`/api/jobs/${job.id}`));
    await check('job deleted');

    // A job renamed while none of its rows is in the range: the row that comes back shows the new name.
    const lone = (await planner.post(`/api/boards/${boardId}/assets`, { code: 'SNAPROWS-2', name: 'Snap rows lone van', kind: 'vehicle' })).body.asset;
    const at = new Date(Math.ceil((Date.now() + 86_400_000) / 60_000) * 60_000);
    const oneOff = await planner.post(`/api/boards/${boardId}/tasks`, { assetId: lone.id, timezone: 'UTC', startsAt: at.toISOString(), planDurationMin: 30, name: 'Snap rows one-off' });
    ok(oneOff, 201);
    await check('one-off created');
    const only = (await occurrences()).find((o) => o.jobId === oneOff.body.job.id)!;
    ok(await planner.patch(`/api/occurrences/${only.id}`, { expectedVersion: only.version, startsAt: new Date(to.getTime() + 86_400_000).toISOString() }));
    await check('its only row moved out of the range');
    ok(await planner.patch(`/api/jobs/${oneOff.body.job.id}`, { expectedVersion: oneOff.body.job.version, name: 'Snap rows one-off renamed' }));
    await check('renamed while out of the range');
    ok(await planner.patch(`/api/occurrences/${only.id}`, { expectedVersion: only.version + 1, startsAt: at.toISOString() }));
    const back = await check('moved back');
    expect((await compactOccurrences(back[0]!)).dict.jobs).toContainEqual([oneOff.body.job.id, 'Snap rows one-off renamed', 'task']);

    // Writes that change no row: the rows (and what was built from them) are kept as they are.
    const before = await check('before the writes that change no row');
    for (const k of before) await compactOccurrences(k);
    ok(await planner.patch(`/api/assets/${fresh}`, { expectedVersion: freshAsset.version, name: 'Snap rows van (renamed)' }));
    ok(await admin.patch(`/api/boards/${boardId}`, { name: 'Demo depot (snap rows)' }));
    const viewerId = ((await admin.get(`/api/boards/${boardId}/members`)).body.members as any[]).find((m) => m.username === 'viewer').userId;
    ok(await supervisor.put(`/api/boards/${boardId}/members/${viewerId}`, { role: 'viewer' }));
    const after = await check('asset, board and member writes');
    expect(after[0]!.rows).toBe(before[0]!.rows);
    expect(after[0]!.built).toBe(before[0]!.built);

    // The point of it: updates, not full reads, after the first.
    expect(kept[0]!.counts.read).toBe(1);
    expect(kept[0]!.counts.updated).toBeGreaterThan(15);
    expect(kept[2]!.counts.updated).toBeGreaterThan(15);
  });

  it('the served answers (kept rows, serialized once) equal a full read, for every role', async () => {
    const range = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
    const first = (await planner.get<CompactSnapshot>(`/api/boards/${boardId}?${range}&encoding=compact`)).body;
    const target = decodeSnapshot(first).occurrences.find((o) => o.status === 'scheduled' && !o.stops && Date.parse(o.startsAt) > Date.now() + 86_400_000)!;
    ok(await planner2.patch(`/api/occurrences/${target.id}`, { expectedVersion: target.version, startsAt: new Date(Date.parse(target.startsAt) + 2 * 60_000).toISOString() }), 200, 409);
    ok(await admin.patch(`/api/boards/${boardId}`, { name: 'Demo depot (served)' }));
    await planner.get(`/api/boards/${boardId}?${range}&encoding=compact`);
    // Jobs are kept until a job event, assets read each time: both as their lists answer them.
    const job = ((await planner.get(`/api/boards/${boardId}/jobs`)).body.jobs as any[])[0];
    ok(await planner.patch(`/api/jobs/${job.id}`, { expectedVersion: job.version, name: `${job.name} (served)` }));
    const asset = ((await planner.get(`/api/boards/${boardId}/assets`)).body.assets as any[])[0];
    ok(await planner.patch(`/api/assets/${asset.id}`, { expectedVersion: asset.version, name: `${asset.name} (served)` }));
    for (const client of [planner, viewer, supervisor, admin]) {
      const compact = (await client.get<CompactSnapshot>(`/api/boards/${boardId}?${range}&encoding=compact`)).body;
      const plain = (await client.get<BoardSnapshot>(`/api/boards/${boardId}?${range}`)).body;
      const full = await inSnapshotTx((em) => compactSnapshotOccurrences(em, boardId, from, to));
      expect(compact.board.name).toBe('Demo depot (served)');
      expect({ dict: compact.dict, occurrences: compact.occurrences }).toStrictEqual(full);
      expect(decodeSnapshot(compact)).toStrictEqual(plain);
      expect(compact.jobs).toStrictEqual((await client.get(`/api/boards/${boardId}/jobs`)).body.jobs);
      expect(compact.jobs.some((j) => j.name === `${job.name} (served)`)).toBe(true);
      expect(compact.assets).toStrictEqual((await client.get(`/api/boards/${boardId}/assets`)).body.assets);
      expect(compact.assets.some((a) => a.name === `${asset.name} (served)`)).toBe(true);
    }
  });
});
