import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { APPEND_EVENTS_SQL, appendEventsParams } from '@schedhuler/server/repositories/board-event.repository';
import { INSERT_REJECTED_SQL } from '@schedhuler/server/repositories/conflict.repository';
import { createJobParams, createJobSql } from '@schedhuler/server/repositories/job.repository';
import { naturalKeyOf, type JobSpec } from '@schedhuler/server/services/job-spec';
import { toJobDto, toOccurrenceView } from '@schedhuler/server/services/scheduling-rows';
import type { BenchResult } from './bench-types';
import { describe, drive, fmt, iso, merge, numbered, percentile, post, postgres, spawnServer, type Drive, type Postgres } from './scheduling-support';

/**
 * Scheduling under load (issue 4, item 9), against the real server in its own process:
 * 1. CLIENTS concurrent clients create one-off tasks on one board of ASSETS assets, every 5th attempt
 *    overlapping a booked window (409). Requests/s, p50/p99, and the ratio to a baseline in the same
 *    run that executes the same SQL transactions with plain `pg` (no HTTP, auth, validation or hints),
 *    in alternating blocks so machine load hits both alike. Then the double bookings left (must be 0).
 * 2. The 409 path (full HTTP request) with 10,000 and with 1,000,000 occurrences in the table: two
 *    databases prepared alike, each with its own server, probed in alternating rounds. The extra rows
 *    lie months before the probed window, so the work per request is the same and only the table
 *    size differs: the GiST index, not a scan, must answer (target ratio ≤ 1.5).
 * Uses an embedded PostgreSQL of its own, or DATABASE_URL's server (databases created and dropped).
 */
const CLIENTS = 32;
const ASSETS = 200;
const BLOCK = Number(process.env.BENCH_SCHED_BLOCK) || 1000;
const BLOCKS = 2;
const PROBES = Number(process.env.BENCH_SCHED_PROBES) || 200;
/** `BENCH_SCHED_PARTS=create` runs only part 1, `=409` only part 2. */
const PARTS = (process.env.BENCH_SCHED_PARTS ?? 'create,409').split(',');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T_SERVER = Date.parse('2031-01-01T00:00:00Z');
const T_BASE = Date.parse('2032-01-01T00:00:00Z');
const T_PROBE = Date.parse('2033-01-01T00:00:00Z');

/** Attempt i: its asset, and a fresh window, or (every 5th) one overlapping the asset's blocker at `base`. */
function attempt(i: number, base: number): { asset: number; start: number; overlap: boolean } {
  const overlap = i % 5 === 4;
  return { asset: i % ASSETS, start: overlap ? base + 30 * 60_000 : base + (1 + Math.floor(i / ASSETS)) * 2 * HOUR, overlap };
}

/** A database with its own server process, signed in as planner1, with ASSETS bench assets on the demo board. */
interface Target {
  server: { url: string; stop(): Promise<void> };
  pool: pg.Pool;
  agent: http.Agent;
  cookie: string;
  boardId: string;
  assets: string[];
  actor: { id: string; display_name: string };
  create(body: Record<string, unknown>): Promise<number>;
  close(): Promise<void>;
}

async function target(pgServer: Postgres, label: string, sockets: number): Promise<Target> {
  const url = await pgServer.create(label);
  const server = await spawnServer(url, { HORIZON_INTERVAL_MS: '0' });
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // node:http with keep-alive: a load generator much lighter than fetch, so it takes less CPU from the server.
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'planner1', password: 'planner1-demo' }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const boardId = ((await (await fetch(`${server.url}/api/boards`, { headers: { cookie } })).json()) as { boards: { id: string }[] }).boards[0]!.id;
  await pool.query(
    `insert into asset (id, board_id, code, name, kind, status, version, created_at, updated_at)
     select gen_random_uuid(), $1, 'B-' || lpad(g::text, 3, '0'), 'Bench guard ' || g, 'person', 'working', 1, now(), now() from generate_series(0, $2 - 1) g`,
    [boardId, ASSETS],
  );
  const assets = (await pool.query<{ id: string }>(`select id from asset where board_id = $1 and code like 'B-%' order by code`, [boardId])).rows.map((r) => r.id);
  const { rows: [actor] } = await pool.query<{ id: string; display_name: string }>(`select id, display_name from app_user where username = 'planner1'`);
  return {
    server,
    pool,
    agent,
    cookie,
    boardId,
    assets,
    actor: actor!,
    create: (b) => post(agent, `${server.url}/api/boards/${boardId}/tasks`, cookie, b),
    async close() {
      agent.destroy();
      await pool.end();
      await server.stop();
    },
  };
}

/** Books a one-hour window at `at` on every bench asset, through the API. */
async function bookAll(t: Target, at: number): Promise<void> {
  const r = await drive(ASSETS, CLIENTS, (a) => t.create({ name: `Blocker ${a} ${at}`, assetId: t.assets[a], timezone: 'UTC', startsAt: iso(at), planDurationMin: 60 }));
  if (r.statuses.get(201) !== ASSETS) throw new Error(`blockers: ${[...r.statuses]}`);
}

export async function run(): Promise<BenchResult> {
  const lines: string[] = [];
  const pgServer = await postgres();
  try {
    if (PARTS.includes('create')) lines.push(...(await throughput(pgServer)));
    if (PARTS.includes('409')) lines.push(...(await conflictPathScaling(pgServer)));
  } finally {
    await pgServer.stop();
  }
  return { name: 'scheduling', lines };
}

async function throughput(pgServer: Postgres): Promise<string[]> {
  const t = await target(pgServer, 'load', CLIENTS);
  try {
    const { pool, boardId, assets, actor } = t;
    // Each asset gets a booked window at both bases; every 5th attempt collides with it.
    await bookAll(t, T_SERVER);
    await bookAll(t, T_BASE);
    const viaHttp = (offset: number) => (k: number) => {
      const i = offset + k;
      const a = attempt(i, T_SERVER);
      return t.create({ name: `Bench ${i}`, assetId: assets[a.asset], timezone: 'UTC', startsAt: iso(a.start), planDurationMin: 60 });
    };
    /** The service's transactions (the same SQL, imported from the server), without anything around them. */
    const viaPg = (offset: number) => async (k: number) => {
      const i = offset + k;
      const a = attempt(i, T_BASE);
      const assetId = assets[a.asset]!;
      const start = new Date(a.start);
      const spec: JobSpec = {
        kind: 'task', name: `Base ${i}`, description: null, assetId, cron: null, timezone: 'UTC', validFrom: start, validTo: null, startsAt: start,
        planDurationMin: 60, graceBeforeMin: 0, graceAfterMin: 0, priority: 'medium', breakMin: 0, frequency: 1, randomize: false, stops: [],
      };
      const slots = [{ planned: a.start, start: a.start, end: a.start + HOUR }];
      const c = await pool.connect();
      try {
        await c.query('begin');
        try {
          const { rows: [row] } = await c.query(numbered(createJobSql(false)), createJobParams(boardId, spec, naturalKeyOf(spec, null), null, actor.id, slots));
          if (row.blocked) {
            // As the server: the slot is taken and nothing was written; the rejected attempt goes in this transaction.
            await rejectIn(c, boardId, assetId, a.start, spec.name, actor);
            await c.query('commit');
            return 409;
          }
          const look = { name: row.job.name, kind: row.job.kind, def: null };
          await appendEvents(c, boardId, actor, [
            ['job.created', toJobDto(row.job, row.stops)],
            ...row.occurrences.map((o: any) => ['occurrence.created', toOccurrenceView(o, look, null)] as [string, unknown]),
          ]);
          await c.query('commit');
          return 201;
        } catch (err) {
          await c.query('rollback');
          if ((err as { code?: string }).code !== '23P01') throw err;
        }
        await c.query('begin');
        await rejectIn(c, boardId, assetId, a.start, spec.name, actor);
        await c.query('commit');
        return 409;
      } finally {
        c.release();
      }
    };

    await drive(100, CLIENTS, viaHttp(1_000_000)); // warm-up (own windows far from the measured ones)
    await drive(100, CLIENTS, viaPg(1_000_000));
    const server1: Drive[] = [];
    const base1: Drive[] = [];
    for (let b = 0; b < BLOCKS; b++) {
      server1.push(await drive(BLOCK, CLIENTS, viaHttp(b * BLOCK)));
      base1.push(await drive(BLOCK, CLIENTS, viaPg(b * BLOCK)));
    }
    const sys = merge(server1);
    const base = merge(base1);
    const ratio = sys.lat.length / sys.wallMs / (base.lat.length / base.wallMs);
    const { rows: [dbl] } = await pool.query<{ n: string }>(
      `select count(*) as n from occurrence a join occurrence b on a.asset_id = b.asset_id and a.id < b.id
        where a.status = 'scheduled' and b.status = 'scheduled' and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`,
    );
    const lines: string[] = [];
    lines.push(`create tasks, ${CLIENTS} clients, ${ASSETS} assets, 20% overlapping, ${BLOCKS}×${BLOCK} requests each side:`);
    lines.push(`  server (HTTP)   ${describe(sys)}`);
    lines.push(`  baseline (pg)   ${describe(base)}`);
    lines.push(`  ratio server/baseline req/s: ${fmt(ratio, 2)} (target ≥ 0.6)`);
    lines.push(`  double bookings afterwards: ${dbl!.n} (must be 0)`);

    return lines;
  } finally {
    await t.close();
  }
}

/** The rejected attempt and its `conflict.opened` event (`ConflictService.recordRejected`'s statements, without the hints). */
async function rejectIn(c: pg.PoolClient, boardId: string, assetId: string, start: number, name: string, actor: { id: string; display_name: string }): Promise<void> {
  const { rows: [conflict] } = await c.query(numbered(INSERT_REJECTED_SQL), [
    randomUUID(), boardId, assetId, new Date(start), new Date(start + HOUR), null, '[]', JSON.stringify({ attempt: { action: 'create', kind: 'task', name } }), actor.id, actor.display_name, new Date(), name, 'task',
  ]);
  await appendEvents(c, boardId, actor, [['conflict.opened', conflict]]);
}

/** `repositories/board-event.repository.ts` appendBoardEvents: the same one statement, with the same parameters. */
async function appendEvents(c: pg.PoolClient, boardId: string, actor: { id: string; display_name: string }, events: [string, unknown][]): Promise<void> {
  const params = appendEventsParams(boardId, { id: actor.id, displayName: actor.display_name }, new Date(), events.map(([type, data]) => ({ type, data })));
  const { rowCount } = await c.query(numbered(APPEND_EVENTS_SQL), params);
  if (rowCount !== events.length) throw new Error(`board ${boardId} vanished while appending events`);
}

/**
 * Grows `t`'s occurrence table to `total` rows with one `insert … select generate_series`: per asset
 * a run of 30-minute windows, hourly, ending 60 days before the probes (so the probed neighbourhood
 * is the same whatever the size). For a bulk load the secondary indexes are dropped first and rebuilt
 * from their own definitions, and foreign-key triggers are skipped (every id is valid by
 * construction): the table ends up exactly as the migrations define it, much faster than 990,000
 * row-by-row index insertions.
 */
async function growTo(t: Target, total: number): Promise<void> {
  const { pool, boardId, assets } = t;
  const { rows: jobs } = await pool.query<{ id: string }>(
    `insert into job (id, board_id, kind, name, asset_id, cron, timezone, valid_from, plan_duration_min, version, natural_key, enabled, created_at, updated_at)
     select gen_random_uuid(), $1, 'task', 'History ' || g, a.id, '0 * * * *', 'UTC', '2020-01-01', 30, 1, 'history-' || g, true, now(), now()
       from unnest($2::uuid[]) with ordinality as a(id, g) order by g returning id`,
    [boardId, `{${assets.join(',')}}`],
  );
  const { rows: [c] } = await pool.query<{ n: string }>('select count(*) as n from occurrence');
  const n = total - Number(c!.n);
  const perAsset = Math.ceil(n / ASSETS);
  const bulk = n > 100_000;
  const { rows: defs } = bulk
    ? await pool.query<{ name: string; def: string; constraint: boolean }>(
        `select i.relname as name, coalesce('alter table occurrence add constraint ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid), pg_get_indexdef(i.oid)) as def, c.oid is not null as constraint
           from pg_index x join pg_class i on i.oid = x.indexrelid left join pg_constraint c on c.conindid = x.indexrelid and c.contype = 'x'
          where x.indrelid = 'occurrence'::regclass and not x.indisprimary`,
      )
    : { rows: [] };
  const conn = await pool.connect();
  try {
    await conn.query(`set maintenance_work_mem = '256MB'`);
    if (bulk) await conn.query(`set session_replication_role = replica`);
    for (const d of defs) await conn.query(d.constraint ? `alter table occurrence drop constraint ${d.name}` : `drop index ${d.name}`);
    await conn.query(
      `insert into occurrence (id, board_id, job_id, asset_id, planned_start, starts_at, ends_at, status, detached, version, created_at, updated_at)
       select gen_random_uuid(), $1, ($2::uuid[])[k / $5 + 1], ($3::uuid[])[k / $5 + 1], t, t, t + interval '30 minutes', 'scheduled', false, 1, now(), now()
         from generate_series(0, $6::bigint - 1) k, lateral (select $4::timestamptz - (k % $5 + 1) * interval '1 hour' as t) w`,
      [boardId, `{${jobs.map((j) => j.id).join(',')}}`, `{${assets.join(',')}}`, iso(T_PROBE - 60 * DAY), perAsset, n],
    );
    for (const d of defs) await conn.query(d.def);
    await conn.query(`reset session_replication_role`);
  } finally {
    conn.release();
  }
  // Settle the load (hint bits, visibility map, dirty buffers) so it does not bleed into the timings.
  await pool.query('vacuum (analyze) occurrence');
  await pool.query('checkpoint');
}

/**
 * The full 409 request against two databases prepared alike — one with 10,000 occurrences, one with
 * 1,000,000 — each with its own server, probed in alternating rounds so load bursts on the machine
 * hit both sides alike.
 */
async function conflictPathScaling(pgServer: Postgres): Promise<string[]> {
  const small = await target(pgServer, 'small', 1);
  const large = await target(pgServer, 'large', 1);
  try {
    for (const t of [small, large]) await bookAll(t, T_PROBE);
    await growTo(small, 10_000);
    const t0 = performance.now();
    await growTo(large, 1_000_000);
    const buildS = (performance.now() - t0) / 1000;
    const counts = await Promise.all([small, large].map(async (t) => Number((await t.pool.query<{ n: string }>('select count(*) as n from occurrence')).rows[0]!.n)));
    const probe = (t: Target) => async (k: number) => {
      const status = await t.create({ name: `Probe ${k}`, assetId: t.assets[k % ASSETS], timezone: 'UTC', startsAt: iso(T_PROBE + 30 * 60_000), planDurationMin: 60 });
      if (status !== 409) throw new Error(`probe expected 409, got ${status}`);
      return status;
    };
    for (const t of [small, large]) await drive(30, 1, probe(t)); // warm-up
    const rounds = 10;
    const per = Math.ceil(PROBES / rounds);
    const runs: { small: Drive[]; large: Drive[] } = { small: [], large: [] };
    for (let r = 0; r < rounds; r++) {
      runs.small.push(await drive(per, 1, probe(small)));
      runs.large.push(await drive(per, 1, probe(large)));
    }
    const s = merge(runs.small).lat;
    const l = merge(runs.large).lat;
    const { rows: plan } = await large.pool.query(
      `explain select o.id from occurrence o where o.asset_id = $1 and o.status = 'scheduled' and tstzrange(o.starts_at, o.ends_at) && tstzrange($2, $3)`,
      [large.assets[0], iso(T_PROBE), iso(T_PROBE + HOUR)],
    );
    return [
      `409 path (full HTTP request, 1 client, ${rounds}×${per} probes per side in alternating rounds, two databases prepared alike, the large one grown with insert … select generate_series in ${fmt(buildS, 0)} s):`,
      `  ${counts[0]!.toLocaleString('en').padStart(9)} occurrences  p50 ${fmt(percentile(s, 50))} ms, p99 ${fmt(percentile(s, 99))} ms`,
      `  ${counts[1]!.toLocaleString('en').padStart(9)} occurrences  p50 ${fmt(percentile(l, 50))} ms, p99 ${fmt(percentile(l, 99))} ms`,
      `  ratio p50 1M/10k: ${fmt(percentile(l, 50) / percentile(s, 50), 2)} (target ≤ 1.5)`,
      `  blocking-occurrence lookup (1M rows): ${plan.map((r) => String(r['QUERY PLAN']).trim().replace(/^->\s*/, '').replace(/\s*\(cost.*$/, '')).filter((x) => /Scan/.test(x)).join(' ← ')}`,
    ];
  } finally {
    await small.close();
    await large.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  console.log(`== ${result.name} ==\n${result.lines.join('\n')}`);
}
