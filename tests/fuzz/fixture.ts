/**
 * The world the fuzz runs in: the demo board A (the fuzz user is its supervisor), a board C where
 * it is a viewer, and a board B it is no member of. B, C and the demo users must come out of the
 * fuzz byte-identical; the id pools are read from the database as the fuzz goes.
 */
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { HttpClient } from '@schedhuler/server/testing/http-client';

export interface BoardPool {
  boardId: string;
  assets: string[];
  jobs: string[];
  occurrences: string[];
  conflicts: string[];
  users: string[];
}

export interface World {
  A: BoardPool;
  B: BoardPool;
  C: BoardPool;
  fuzzerId: string;
  admin: HttpClient;
  fuzzer: HttpClient;
  sql: pg.Client;
}

export const FUZZ_USER = { username: 'fuzzer', password: 'fuzzer-password-1' };
export const LOGOUT_USER = { username: 'fuzz-logout', password: 'fuzz-logout-password-1' };

function ok(r: { status: number; body: any }, what: string): any {
  if (r.status >= 300) throw new Error(`fixture: ${what} failed: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

/** A board with assets, a task, an internal tour and one recorded conflict. */
async function seedBoard(admin: HttpClient, name: string, members: [string, string][]): Promise<string> {
  const board = ok(await admin.post('/api/boards', { name, timezone: 'Europe/Berlin' }), `create ${name}`).board;
  const assets: string[] = [];
  for (const [code, kind] of [['V1', 'vehicle'], ['P1', 'person'], ['CP1', 'checkpoint']] as const) {
    assets.push(ok(await admin.post(`/api/boards/${board.id}/assets`, { code, name: `${name} ${code}`, kind }), 'asset').asset.id);
  }
  const task = { name: `${name} task`, assetId: assets[0], cron: '0 9 * * *', timezone: 'Europe/Berlin', planDurationMin: 60 };
  ok(await admin.post(`/api/boards/${board.id}/tasks`, task), 'task');
  // The same slot again is refused and recorded as a conflict.
  const clash = await admin.post(`/api/boards/${board.id}/tasks`, { ...task, name: `${name} clash` });
  if (clash.status !== 409) throw new Error(`fixture: expected a conflict, got ${clash.status}`);
  const validFrom = new Date(Date.now() + 3_600_000).toISOString();
  const tour = { kind: 'internal_tour', name: `${name} tour`, assetId: assets[1], cron: '0 14 * * 1-5', timezone: 'Europe/Berlin', validFrom, planDurationMin: 90, checkpoints: [{ seq: 1, assetId: assets[2], gapMin: 10 }] };
  ok(await admin.post(`/api/boards/${board.id}/tours`, tour), 'tour');
  for (const [userId, role] of members) ok(await admin.put(`/api/boards/${board.id}/members/${userId}`, { role }), 'member');
  return board.id;
}

export async function readPool(sql: pg.Client, boardId: string, limit = 300): Promise<BoardPool> {
  const ids = async (q: string) => (await sql.query<{ id: string }>(q, [boardId, limit])).rows.map((r) => r.id);
  return {
    boardId,
    assets: await ids(`select id from asset where board_id = $1 order by created_at desc limit $2`),
    jobs: await ids(`select id from job where board_id = $1 order by created_at desc limit $2`),
    occurrences: await ids(`select id from occurrence where board_id = $1 order by updated_at desc limit $2`),
    conflicts: await ids(`select id from conflict_record where board_id = $1 order by created_at desc limit $2`),
    users: await ids(`select user_id as id from membership where board_id = $1 order by created_at limit $2`),
  };
}

/** Where the fuzz runs: a server (in this process, or its own) and its database. */
export interface FuzzTarget {
  url: string;
  dbUrl: string;
}

export async function signedIn(url: string, username: string, password = `${username}-demo`): Promise<HttpClient> {
  const c = new HttpClient(url);
  await c.login(username, password);
  return c;
}

export async function createWorld(t: FuzzTarget): Promise<World> {
  const admin = await signedIn(t.url, 'admin');
  const users = ok(await admin.get('/api/users'), 'users').users as { id: string; username: string }[];
  const id = (u: string) => users.find((x) => x.username === u)!.id;
  const fuzzerId = ok(await admin.post('/api/users', { ...FUZZ_USER, displayName: 'Fuzz Er' }), 'fuzz user').user.id;
  ok(await admin.post('/api/users', { ...LOGOUT_USER, displayName: 'Fuzz Logout' }), 'logout user');
  const boardA = (ok(await admin.get('/api/boards'), 'boards').boards as { id: string; name: string }[]).find((b) => b.name === 'Demo depot')!.id;
  ok(await admin.put(`/api/boards/${boardA}/members/${fuzzerId}`, { role: 'supervisor' }), 'fuzzer on A');
  const boardB = await seedBoard(admin, 'Untouched B', [[id('planner2'), 'planner']]);
  const boardC = await seedBoard(admin, 'Read-only C', [[fuzzerId, 'viewer'], [id('planner1'), 'planner']]);
  const fuzzer = await signedIn(t.url, FUZZ_USER.username, FUZZ_USER.password);
  const sql = new pg.Client({ connectionString: t.dbUrl });
  await sql.connect();
  return { A: await readPool(sql, boardA), B: await readPool(sql, boardB), C: await readPool(sql, boardC), fuzzerId, admin, fuzzer, sql };
}

/** Every row of boards B and C and of the demo users, as one JSON text per table. */
export async function untouchedSnapshot(w: World): Promise<Record<string, string>> {
  const boards = [w.B.boardId, w.C.boardId];
  const q = async (sql: string, params: unknown[]) => JSON.stringify((await w.sql.query(sql, params)).rows);
  return {
    board: await q(`select * from board where id = any($1) order by id`, [boards]),
    asset: await q(`select * from asset where board_id = any($1) order by id`, [boards]),
    job: await q(`select * from job where board_id = any($1) order by id`, [boards]),
    job_stop: await q(`select s.* from job_stop s join job j on j.id = s.job_id where j.board_id = any($1) order by s.id`, [boards]),
    occurrence: await q(`select * from occurrence where board_id = any($1) order by id`, [boards]),
    membership: await q(`select * from membership where board_id = any($1) order by id`, [boards]),
    board_event: await q(`select * from board_event where board_id = any($1) order by board_id, seq`, [boards]),
    conflict_record: await q(`select * from conflict_record where board_id = any($1) order by id`, [boards]),
    app_user: await q(`select * from app_user where username = any($1) order by id`, [['admin', 'supervisor', 'planner1', 'planner2', 'viewer', FUZZ_USER.username]]),
  };
}

/** What a refused request must not move: every board's seq and the row counts of what writes create. */
export async function writeProbe(sql: pg.Client): Promise<string> {
  const { rows } = await sql.query(
    `select (select coalesce(sum(last_seq), 0) from board) seq, (select count(*) from board) boards, (select count(*) from asset) assets,
            (select count(*) from job) jobs, (select count(*) from occurrence) occurrences, (select count(*) from membership) members,
            (select count(*) from app_user) users, (select max(updated_at) from job) job_at, (select max(updated_at) from asset) asset_at,
            (select max(updated_at) from occurrence) occ_at`,
  );
  return JSON.stringify(rows[0]);
}

export interface LatencyStats {
  samples: number;
  failures: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Polls `/healthz` from a worker thread, so its timer and clock are not held up by the fuzz
 * client's own work; what it measures is how long the server's event loop keeps it waiting.
 */
export function startHealthPoller(url: string, everyMs: number): { stop(): Promise<LatencyStats> } {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const times = []; let failures = 0; let running = true;
    parentPort.on('message', () => { running = false; });
    (async () => {
      while (running) {
        const t0 = performance.now();
        try { const r = await fetch(workerData.url, { signal: AbortSignal.timeout(10000) }); await r.text(); if (r.status !== 200) failures++; }
        catch { failures++; }
        times.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, workerData.everyMs));
      }
      parentPort.postMessage({ times, failures });
    })();`;
  const worker = new Worker(code, { eval: true, workerData: { url: `${url}/healthz`, everyMs } });
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once('message', ({ times, failures }: { times: number[]; failures: number }) => {
          void worker.terminate();
          const sorted = [...times].sort((a, b) => a - b);
          const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
          resolve({ samples: times.length, failures, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN });
        });
        worker.postMessage('stop');
      }),
  };
}
