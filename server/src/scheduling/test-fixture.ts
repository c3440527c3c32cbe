/* eslint-disable @typescript-eslint/no-explicit-any -- event data is asserted field by field in tests */
import type { AssetKind, AssetStatus } from '@schedhuler/shared';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';
import type { SchedulingServices } from './scheduling-services';

export interface SchedulingFixture {
  t: TestServer;
  s: SchedulingServices;
  planner: HttpClient;
  boardId: string;
  /** A fresh asset on the demo board (own codes, so the demo schedules never interfere). */
  asset(kind?: AssetKind, status?: AssetStatus): Promise<string>;
  /** The board's current seq. */
  seq(): Promise<number>;
  /** Events after `since`, in order. */
  eventsSince(since: number): Promise<{ seq: number; type: string; data: Record<string, any>; actor: { id: string; displayName: string } | null }[]>;
  /** Counts rows with a WHERE clause (tests read the database directly to prove what is stored). */
  count(sql: string, params?: unknown[]): Promise<number>;
}

/**
 * A test server for scheduling tests: the horizon worker is stopped (tests run it by hand) and the
 * clock is pinned by each test, so results never depend on the day the suite runs.
 */
export async function schedulingFixture(label: string): Promise<SchedulingFixture> {
  const t = await startTestServer({}, label);
  const s = t.services.scheduling;
  await s.horizon?.stop();
  const planner = await t.client('planner1');
  const boardId = (await planner.get('/api/boards')).body.boards[0].id as string;
  let n = 0;
  return {
    t,
    s,
    planner,
    boardId,
    async asset(kind = 'person', status) {
      n += 1;
      const res = await planner.post(`/api/boards/${boardId}/assets`, { code: `${label}-${kind}-${n}`.slice(0, 40), name: `Test ${kind} ${n}`, kind, ...(status ? { status } : {}) });
      if (res.status !== 201) throw new Error(`asset create failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.asset.id;
    },
    async seq() {
      return (await planner.get(`/api/boards/${boardId}/events?since=0&limit=1`)).body.seq;
    },
    async eventsSince(since) {
      return (await planner.get(`/api/boards/${boardId}/events?since=${since}&limit=1000`)).body.events;
    },
    async count(sql, params = []) {
      const rows = await t.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from ${sql}`, params);
      return Number(rows[0]!.n);
    },
  };
}
