import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, Recorder, request, waitFor, type ClientSocket } from '../realtime/test-client';
import { metricsRoutes } from '../routes/metrics.routes';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';
import { createMetrics } from './metrics';

const TOKEN = 'metrics-test-token-0123456789';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the Prometheus text format (0.0.4): every line is a comment (`# HELP`,
 * `# TYPE`) or a sample `name{label="value",…} number`, and every sample belongs to a family
 * announced by a `# TYPE` line. Throws on anything else.
 */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  // Prometheus reads values with Go's ParseFloat, which takes NaN/Inf in any case (prom-client writes "Nan").
  const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? ([-+]?(?:[0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?|nan|inf))$/i;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const m = sampleLine.exec(line);
    if (!m) throw new Error(`not a Prometheus text line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    const rest = m[3] ?? '';
    const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;
    let consumed = 0;
    for (let l = labelRe.exec(rest); l; l = labelRe.exec(rest)) {
      labels[l[1]!] = l[2]!;
      consumed = labelRe.lastIndex;
    }
    if (consumed !== rest.length) throw new Error(`bad label set in ${JSON.stringify(line)}`);
    const family = m[1]!.replace(/_(bucket|sum|count)$/, '');
    if (!types.has(m[1]!) && !types.has(family)) throw new Error(`sample ${m[1]} has no # TYPE line`);
    samples.push({ name: m[1]!, labels, value: Number(m[4]) });
  }
  return { samples, types };
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.reduce((sum, s) => sum + s.value, 0);
}

let t: TestServer;
let planner: HttpClient;
let boardId: string;
const sockets: ClientSocket[] = [];

async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await res.text()).samples;
}

beforeAll(async () => {
  t = await startTestServer({ metricsToken: TOKEN }, 'metrics');
  await t.services.scheduling.horizon.stop();
  // Pinned after the demo seed: the test's own asset and tasks live in May 2027, away from the demo runs.
  t.services.scheduling.clock.set('2027-05-03T00:00:00Z');
  planner = await t.client('planner1');
  boardId = (await planner.get('/api/boards')).body.boards[0].id;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.stop();
});

describe('GET /metrics', () => {
  it('is refused without the bearer token, with a wrong one and with another scheme', async () => {
    const none = await fetch(`${t.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    const wrong = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/wrong/);
    const prefix = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN.slice(0, 10)}` } });
    expect(prefix.status).toBe(401);
    const basic = await fetch(`${t.url}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` } });
    expect(basic.status).toBe(401);
    expect((await fetch(`${t.url}/metrics`, { headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('is open when no METRICS_TOKEN is configured', async () => {
    const app = metricsRoutes({ metrics: createMetrics({ defaultMetrics: false }), orm: t.orm, token: undefined });
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(parseExposition(await res.text()).types.get('schedhuler_http_request_duration_seconds')).toBe('histogram');
  });

  it('declares every family in valid Prometheus text format, with process metrics', async () => {
    const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const { types } = parseExposition(await res.text());
    expect(Object.fromEntries([...types].filter(([name]) => name.startsWith('schedhuler_')))).toEqual({
      schedhuler_http_request_duration_seconds: 'histogram',
      schedhuler_events_broadcast_total: 'counter',
      schedhuler_broadcast_lag_seconds: 'histogram',
      schedhuler_horizon_worker_runs_total: 'counter',
      schedhuler_horizon_occurrences_generated_total: 'counter',
      schedhuler_conflicts_total: 'counter',
      schedhuler_login_failures_total: 'counter',
      schedhuler_db_pool_connections_in_use: 'gauge',
      schedhuler_db_pool_acquires_waiting: 'gauge',
      schedhuler_sockets_connected: 'gauge',
      schedhuler_boards_watched: 'gauge',
    });
    expect(types.get('process_resident_memory_bytes')).toBe('gauge');
  });

  it('each server has its own registry: a second server starts at zero', async () => {
    const a = createMetrics({ defaultMetrics: false });
    const b = createMetrics({ defaultMetrics: false });
    a.loginFailed('invalid_credentials');
    const of = async (m: typeof a) => value(parseExposition(await m.scrape()).samples, 'schedhuler_login_failures_total');
    expect(await of(a)).toBe(1);
    expect(await of(b)).toBe(0);
  });
});

describe('series move with traffic', () => {
  it('failed logins, conflicts by kind, sockets, boards, broadcasts with lag, horizon runs, HTTP by route template', async () => {
    const before = await scrape();

    // Two failed sign-ins, then enough to hit the limiter once.
    const stranger = await t.client();
    expect((await stranger.post('/api/auth/login', { username: 'planner1', password: 'wrong' })).status).toBe(401);
    expect((await stranger.post('/api/auth/login', { username: 'nobody', password: 'wrong' })).status).toBe(401);

    // A socket on the board sees everything that follows.
    const socket = await connectSocket(t.url, { cookie: planner.cookieHeader });
    sockets.push(socket);
    const rec = new Recorder(socket);
    const joined = await request(socket, 'board:join', { boardId });
    expect(joined.ok).toBe(true);

    const asset = await planner.post(`/api/boards/${boardId}/assets`, { code: 'MET-1', name: 'Metrics guard', kind: 'person' });
    expect(asset.status).toBe(201);
    const assetId = asset.body.asset.id as string;
    const task = (extra: Record<string, unknown>) => ({ name: 'Metrics task', assetId, timezone: 'UTC', planDurationMin: 60, ...extra });
    const holder = await planner.post(`/api/boards/${boardId}/tasks`, task({ name: 'Holder', startsAt: '2027-05-04T10:00:00Z' }));
    expect(holder.status).toBe(201);
    const clash = await planner.post(`/api/boards/${boardId}/tasks`, task({ name: 'Clash', startsAt: '2027-05-04T10:30:00Z' }));
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('conflict');
    const allowed = await planner.post(`/api/boards/${boardId}/tasks`, task({ name: 'Allowed clash', startsAt: '2027-05-04T10:15:00Z', allowConflict: true }));
    expect(allowed.status).toBe(201);
    expect(allowed.body.occurrences[0].status).toBe('conflicted');
    const daily = await planner.post(`/api/boards/${boardId}/tasks`, task({ name: 'Daily', cron: '0 6 * * *', validFrom: '2027-05-03T00:00:00Z' }));
    expect(daily.status).toBe(201);
    expect((await planner.get(`/api/jobs/${daily.body.job.id}`)).status).toBe(200);
    expect((await planner.get(`/api/boards/${boardId}/nothing-here`)).status).toBe(404);

    // Time passes: the horizon worker extends the recurring jobs.
    t.services.scheduling.clock.set('2027-05-20T00:00:00Z');
    const run = await t.services.scheduling.horizon.runOnce();
    expect(run.created).toBeGreaterThan(0);

    const seqNow = (await planner.get(`/api/boards/${boardId}/events?since=0&limit=1`)).body.seq as number;
    await waitFor(() => rec.seqs(boardId).at(-1) === seqNow, 10_000, 'the socket to receive every event');
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);

    expect(delta('schedhuler_login_failures_total', { reason: 'invalid_credentials' })).toBe(2);
    expect(delta('schedhuler_conflicts_total', { kind: 'rejected' })).toBe(1);
    expect(delta('schedhuler_conflicts_total', { kind: 'overlap' })).toBe(1);
    expect(value(after, 'schedhuler_sockets_connected')).toBe(1);
    expect(value(after, 'schedhuler_boards_watched')).toBe(1);
    // One emit per event to the one watched board; every one of them was committed on this node.
    const received = rec.seqs(boardId).length;
    expect(received).toBeGreaterThan(5);
    expect(delta('schedhuler_events_broadcast_total')).toBe(received);
    expect(delta('schedhuler_broadcast_lag_seconds_count')).toBe(received);
    expect(delta('schedhuler_broadcast_lag_seconds_sum')).toBeGreaterThan(0);
    expect(delta('schedhuler_broadcast_lag_seconds_sum') / received).toBeLessThan(1);
    expect(delta('schedhuler_horizon_worker_runs_total', { outcome: 'ok' })).toBe(1);
    expect(delta('schedhuler_horizon_occurrences_generated_total')).toBe(run.created);

    const http = 'schedhuler_http_request_duration_seconds_count';
    expect(delta(http, { method: 'POST', route: '/api/auth/login', status: '401' })).toBe(2);
    expect(delta(http, { method: 'POST', route: '/api/boards/:boardId/tasks', status: '409' })).toBe(1);
    expect(delta(http, { method: 'POST', route: '/api/boards/:boardId/tasks', status: '201' })).toBe(3);
    expect(delta(http, { method: 'GET', route: '/api/jobs/:jobId', status: '200' })).toBe(1);
    expect(delta(http, { method: 'GET', route: '/api/*', status: '404' })).toBe(1);
    // Route templates only: no id ever becomes a label value.
    for (const s of after) for (const v of Object.values(s.labels)) expect(v).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);

    socket.close();
    await waitFor(() => t.realtime.io.of('/').sockets.size === 0, 5_000, 'the disconnect');
    const closed = await scrape();
    expect(value(closed, 'schedhuler_sockets_connected')).toBe(0);
    expect(value(closed, 'schedhuler_boards_watched')).toBe(0);
  });

  it('the database pool gauges count transactions holding a connection and those waiting for one', async () => {
    const max = t.orm.config.get('pool')?.max ?? 0;
    expect(max).toBeGreaterThan(1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    // Each transaction holds its connection (BEGIN and a statement ran) until the gate opens: the pool is full.
    const hold = () =>
      t.orm.em.fork().transactional(async (tx) => {
        await tx.execute('select 1');
        started++;
        await gate;
      });
    const holders = Array.from({ length: max }, hold);
    const waiting = hold();
    try {
      await waitFor(() => started === max, 10_000, 'every connection of the pool held');
      // The scrape itself needs no connection, so it answers while the pool is exhausted.
      const full = await scrape();
      expect(value(full, 'schedhuler_db_pool_connections_in_use')).toBe(max);
      expect(value(full, 'schedhuler_db_pool_acquires_waiting')).toBe(1);
      expect(started).toBe(max);
    } finally {
      release();
      await Promise.all([...holders, waiting]);
    }
    expect(started).toBe(max + 1);
    const idle = await scrape();
    expect(value(idle, 'schedhuler_db_pool_connections_in_use')).toBe(0);
    expect(value(idle, 'schedhuler_db_pool_acquires_waiting')).toBe(0);
  });
});
