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
});
