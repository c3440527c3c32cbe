import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawQuery } from '../repositories/sql';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';

/**
 * The occurrence list answers at most 50,000 occurrences and the CSV export carries at most 200,000:
 * over that, the list says where it stops being whole (`nextFrom`) and the export is refused naming
 * `to`, instead of a list or a file that looks whole and is not. Real sizes: 200,001 runs of 30 s, back
 * to back on one asset from BASE on (69 days: an export's range may span 93), inserted with SQL, far
 * from the demo's days.
 */
const BASE = Date.parse('2031-01-06T00:00:00Z');
/** One run's length and the step between starts. */
const STEP = 30_000;
const RUNS = 200_001;

let t: TestServer;
let planner: HttpClient;
let boardId: string;

beforeAll(async () => {
  t = await startTestServer({}, 'occcaps');
  planner = await t.client('planner1');
  boardId = (await planner.get<{ boards: { id: string }[] }>('/api/boards')).body.boards[0]!.id;
  const em = t.orm.em.fork();
  const asset = randomUUID();
  await rawQuery(em, `insert into asset (id, board_id, code, name, kind, status, version, created_at, updated_at) values (?, ?, 'CAPS', 'Many runs', 'equipment', 'working', 1, now(), now())`, [asset, boardId]);
  const [job] = await rawQuery<{ id: string }>(
    em,
    `insert into job (id, board_id, kind, name, asset_id, cron, timezone, valid_from, starts_at, plan_duration_min, natural_key, created_at, updated_at)
     values (gen_random_uuid(), ?, 'task', 'Caps run', ?, null, 'UTC', ?, ?, 1, 'caps-run', now(), now()) returning id`,
    [boardId, asset, new Date(BASE), new Date(BASE)],
  );
  await rawQuery(
    em,
    `insert into occurrence (id, board_id, job_id, asset_id, planned_start, starts_at, ends_at, status, detached, version, created_at, updated_at)
     select gen_random_uuid(), ?, ?, ?, t, t, t + interval '30 seconds', 'scheduled', false, 1, now(), now()
       from generate_series(0, ? - 1) i cross join lateral (select ?::timestamptz + make_interval(secs => i * 30) as t) s`,
    [boardId, job!.id, asset, RUNS, new Date(BASE)],
  );
}, 120_000);
afterAll(() => t?.stop());

const iso = (ms: number) => new Date(ms).toISOString();

describe('GET /api/boards/:boardId/occurrences over 50,000', () => {
  it('answers the first 50,000 and nextFrom; from there the rest; together every run once', async () => {
    const to = BASE + 60_000 * STEP; // 60,000 runs
    const first = await planner.get<{ occurrences: { id: string; startsAt: string }[]; nextFrom?: string }>(`/api/boards/${boardId}/occurrences?from=${iso(BASE)}&to=${iso(to)}`);
    expect(first.status).toBe(200);
    expect(first.body.occurrences).toHaveLength(50_000);
    expect(first.body.nextFrom).toBe(iso(BASE + 49_999 * STEP));
    const rest = await planner.get<{ occurrences: { id: string }[]; nextFrom?: string }>(`/api/boards/${boardId}/occurrences?from=${first.body.nextFrom}&to=${iso(to)}`);
    expect(rest.status).toBe(200);
    expect(rest.body.nextFrom).toBeUndefined();
    // The run starting at the cut is in both answers; together, each of the 60,000 once.
    const ids = new Set([...first.body.occurrences, ...rest.body.occurrences].map((o) => o.id));
    expect(rest.body.occurrences).toHaveLength(10_001);
    expect(ids.size).toBe(60_000);
  }, 60_000);

  it('a range under the cap has no nextFrom', async () => {
    const res = await planner.get<{ occurrences: unknown[]; nextFrom?: string }>(`/api/boards/${boardId}/occurrences?from=${iso(BASE)}&to=${iso(BASE + 10 * STEP)}`);
    expect(res.body.occurrences).toHaveLength(10);
    expect('nextFrom' in res.body).toBe(false);
  });
});

describe('GET /api/boards/:boardId/occurrences.csv over 200,000', () => {
  it('is refused with a 400 naming `to` and where the 200,001st run begins, not cut short', async () => {
    const res = await planner.get(`/api/boards/${boardId}/occurrences.csv?from=${iso(BASE)}&to=${iso(BASE + RUNS * STEP)}`);
    expect(res.status, JSON.stringify(res.body).slice(0, 400)).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([{ path: 'to', message: expect.stringContaining(`more than 200,000 occurrences`) }]);
    expect(res.body.error.details[0].message).toContain(iso(BASE + 200_000 * STEP));
  }, 60_000);

  it('exactly 200,000 still export whole', async () => {
    const res = await fetch(`${t.url}/api/boards/${boardId}/occurrences.csv?from=${iso(BASE)}&to=${iso(BASE + 200_000 * STEP)}`, { headers: { cookie: planner.cookieHeader } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trimEnd().split(/\r?\n/);
    expect(lines).toHaveLength(1 + 200_000);
  }, 60_000);
});
