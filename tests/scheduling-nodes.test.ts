import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '@schedhuler/server/testing/http-client';
import { startTestServer, type TestServer } from '@schedhuler/server/testing/test-server';
import { startNode, type NodeProcess } from './realtime-nodes';

/**
 * Two server processes on one database: the exclusion constraint and the idempotency key row, not
 * anything in one process's memory, decide who wins.
 */
let t: TestServer;
let nodeB: NodeProcess;
let onA: HttpClient;
let onB: HttpClient;
let boardId: string;

beforeAll(async () => {
  t = await startTestServer({}, 'nodes');
  await t.services.scheduling?.horizon?.stop();
  nodeB = await startNode('sched-b', { DATABASE_URL: t.db.url, SEED_DEMO: '0', HORIZON_INTERVAL_MS: '0' });
  onA = new HttpClient(t.url);
  onB = new HttpClient(nodeB.url);
  await onA.login('planner1', 'planner1-demo');
  await onB.login('planner1', 'planner1-demo');
  boardId = (await onA.get('/api/boards')).body.boards[0].id;
});
afterAll(async () => {
  nodeB?.kill('SIGKILL');
  await nodeB?.exited;
  await t?.stop();
});

const doubleBookings = async () => {
  const [row] = await t.orm.em.fork().execute<{ n: string }[]>(
    `select count(*) as n from occurrence a join occurrence b on a.asset_id = b.asset_id and a.id < b.id
      where a.status = 'scheduled' and b.status = 'scheduled' and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`,
  );
  return Number(row!.n);
};

describe('two server processes, one database', () => {
  it('50 concurrent overlapping creates split across both nodes: exactly one 201, 49 × 409, one set of occurrences', async () => {
    const asset = (await onA.post(`/api/boards/${boardId}/assets`, { code: 'NODES-1', name: 'Racing guard', kind: 'person' })).body.asset.id;
    // One-off windows (always materialised) keep the test independent of today's date.
    const oneOffs = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? onA : onB).post(`/api/boards/${boardId}/tasks`, {
          name: `Node one-off ${i}`,
          assetId: asset,
          timezone: 'UTC',
          startsAt: `2030-02-01T10:${String(i).padStart(2, '0')}:00Z`,
          planDurationMin: 60,
        }),
      ),
    );
    const statuses = oneOffs.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = oneOffs.find((r) => r.status === 201)!.body;
    const [rows] = await t.orm.em.fork().execute<{ n: string }[]>(
      `select count(*) as n from occurrence where asset_id = ? and starts_at >= '2030-02-01' and starts_at < '2030-02-02'`,
      [asset],
    );
    expect(Number(rows!.n)).toBe(1);
    expect(winner.occurrences).toHaveLength(1);
    expect(await doubleBookings()).toBe(0);
    const seqs = (await onA.get(`/api/boards/${boardId}/events?since=0&limit=1000`)).body.events.map((e: any) => e.seq);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
  });

  it('one Idempotency-Key sent to both nodes at once: one job, identical responses', async () => {
    const asset = (await onB.post(`/api/boards/${boardId}/assets`, { code: 'NODES-2', name: 'Idempotent van', kind: 'vehicle' })).body.asset.id;
    const body = { name: 'Cross-node', assetId: asset, timezone: 'UTC', startsAt: '2030-03-01T08:00:00Z', planDurationMin: 30 };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? onA : onB).post(`/api/boards/${boardId}/tasks`, body, { 'Idempotency-Key': 'nodes-key-1' })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    for (const r of results) expect(r.body).toEqual(results[0]!.body);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    const [row] = await t.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from job where name = 'Cross-node'`);
    expect(Number(row!.n)).toBe(1);
  });

  it('racing batches on overlapping targets and occurrences, split across both nodes: never a double booking, each race has one winner', async () => {
    const [from, to] = await Promise.all(
      ['NODES-B1', 'NODES-B2'].map(async (code) => (await onA.post(`/api/boards/${boardId}/assets`, { code, name: `Batch ${code}`, kind: 'person' })).body.asset.id as string),
    );
    // Relative to now (within any horizon), not to a calendar date.
    const base = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 2 * 86_400_000;
    const hour = (h: number) => new Date(base + h * 3_600_000).toISOString();
    const occ: { id: string; version: number }[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await onA.post(`/api/boards/${boardId}/tasks`, { name: `Batch source ${i}`, assetId: from, timezone: 'UTC', startsAt: hour(i), planDurationMin: 60 });
      expect(res.status).toBe(201);
      occ.push(res.body.occurrences[0]);
    }
    const move = (ids: number[], startHour: number) => ({ ops: ids.map((i, k) => ({ occurrenceId: occ[i]!.id, expectedVersion: 1, assetId: to, startsAt: hour(100 + startHour + k) })) });
    const range = (a: number, n: number) => Array.from({ length: n }, (_, k) => a + k);
    const races: [ReturnType<typeof move>, ReturnType<typeof move>, string][] = [
      [move(range(0, 10), 0), move(range(10, 10), 0), 'conflict'], // other occurrences onto the same hours
      [move(range(20, 5), 20), move(range(25, 5), 22), 'conflict'], // partly the same hours
      [move(range(30, 5), 40), move(range(30, 5), 50), 'stale_version'], // the same occurrences elsewhere
      [move(range(35, 5), 60), move(range(37, 3), 60), 'stale_version'], // both at once
    ];
    const results = await Promise.all(races.flatMap(([x, y]) => [onA.post(`/api/boards/${boardId}/occurrences/batch`, x), onB.post(`/api/boards/${boardId}/occurrences/batch`, y)]));
    races.forEach(([, , loserCode], r) => {
      const pair = [results[2 * r]!, results[2 * r + 1]!];
      expect(pair.map((p) => p.status).sort(), JSON.stringify(pair.map((p) => p.body)).slice(0, 400)).toEqual([200, 409]);
      const loser = pair.find((p) => p.status === 409)!;
      // The last race's loser is stale when it came second, a conflict never (its targets are its own).
      expect(r === 3 ? ['stale_version', 'conflict'] : [loserCode]).toContain(loser.body.error.code);
      expect(loser.body.error.details.ops.length).toBeGreaterThan(0);
    });
    expect(await doubleBookings()).toBe(0);
    // Whatever won, each winning batch moved all its occurrences and each loser none.
    for (const [k, res] of results.entries()) {
      const body = k % 2 === 0 ? races[k >> 1]![0] : races[k >> 1]![1];
      const rows = await t.orm.em.fork().execute<{ asset_id: string }[]>(`select asset_id from occurrence where id = any(?::uuid[])`, [`{${body.ops.map((o) => o.occurrenceId).join(',')}}`]);
      const onTarget = rows.filter((row) => row.asset_id === to).length;
      if (res.status === 200) expect(onTarget).toBe(body.ops.length);
      else expect(rows.every((row) => row.asset_id === from) || k >> 1 >= 2).toBe(true);
    }
  });
});
