import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MIGRATION_LOCK } from '@schedhuler/server/db/orm';
import { migrationsList } from '@schedhuler/server/migrations/index';
import { createTestDatabase, type TestDatabase } from '@schedhuler/server/testing/test-db';
import { waitFor } from '@schedhuler/server/realtime/test-client';
import { login, startNode, type NodeProcess } from './realtime-nodes';

/**
 * The production build (`node server/dist/main.js`, no tsx) and the start-up of two nodes against
 * one empty database (issue 16): the test holds the migration lock, starts both nodes together,
 * sees both wait for it, lets go, and then both serve, with every migration applied exactly once.
 */
let db: TestDatabase;
let gate: pg.Client;
let A: NodeProcess | undefined;
let B: NodeProcess | undefined;

async function migrationWaiters(): Promise<number> {
  // A bigint advisory key shows up as classid (high 32 bits) and objid (low 32 bits), objsubid 1.
  const { rows } = await gate.query<{ n: string }>(
    `select count(*) as n from pg_locks where locktype = 'advisory' and classid = 0 and objid = $1 and objsubid = 1 and not granted and database = (select oid from pg_database where datname = current_database())`,
    [MIGRATION_LOCK],
  );
  return Number(rows[0]!.n);
}

describe('production build, two nodes starting together on an empty database', () => {
  beforeAll(async () => {
    db = await createTestDatabase('prodstart');
    gate = new pg.Client({ connectionString: db.url });
    await gate.connect();
  });

  afterAll(async () => {
    for (const n of [A, B]) n?.kill('SIGKILL');
    await Promise.all([A?.exited, B?.exited]);
    await gate?.end().catch(() => {});
    await db?.drop();
  });

  it('one migrates while the other waits; both then serve health, readiness and the API', async () => {
    await gate.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const env = { DATABASE_URL: db.url, SEED_DEMO: '1', HORIZON_INTERVAL_MS: '0' };
    const starting = Promise.allSettled([startNode('prod-a', env, { build: true }), startNode('prod-b', env, { build: true })]);

    // Both are blocked on the lock before touching the schema: nothing listens yet.
    let waiting = 0;
    const poll = setInterval(() => void migrationWaiters().then((n) => (waiting = n)), 100);
    await waitFor(() => waiting === 2, 60_000, 'both nodes waiting for the migration lock').finally(() => clearInterval(poll));
    const tables = await gate.query(`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
    expect(tables.rows[0].n).toBe(0);

    await gate.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    const results = await starting;
    for (const r of results) if (r.status === 'rejected') throw r.reason;
    [A, B] = results.map((r) => (r as PromiseFulfilledResult<NodeProcess>).value);

    const applied = await gate.query<{ name: string }>('select name from mikro_orm_migrations order by id');
    expect(applied.rows.map((r) => r.name)).toEqual(migrationsList.map((m) => m.name));
    const users = await gate.query('select count(*)::int as n from app_user');
    expect(users.rows[0].n).toBe(5); // the demo seeded once, not twice

    for (const node of [A!, B!]) {
      expect(await (await fetch(`${node.url}/healthz`)).json()).toEqual({ ok: true });
      expect(await (await fetch(`${node.url}/readyz`)).json()).toMatchObject({ ok: true, database: 'up' });
    }
    // A write through one node is read through the other.
    const onA = await login(A!, 'planner1');
    const onB = await login(B!, 'planner2');
    const boardId = (await onA.get('/api/boards')).body.boards[0].id as string;
    const created = await onA.post(`/api/boards/${boardId}/assets`, { code: 'PROD-1', name: 'Built', kind: 'vehicle' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const seen = await onB.get(`/api/boards/${boardId}/assets`);
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(JSON.stringify(seen.body)).toContain('PROD-1');

    // The built server runs without tsx: its command line is plain node on the bundle.
    const cmdline = fs.readFileSync(`/proc/${A!.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(cmdline).toEqual([process.execPath, inject('serverBuild')]);
  }, 120_000);

  it('exits 0 after a clean shutdown on SIGTERM and on SIGINT', async () => {
    A!.kill('SIGTERM');
    B!.kill('SIGINT');
    expect(await A!.exited, A!.log().slice(-2000)).toBe(0);
    expect(await B!.exited, B!.log().slice(-2000)).toBe(0);
    expect(A!.log()).not.toMatch(/"level":(50|60)/);
  }, 30_000);
});
