/**
 * Issue 10, point 2: no request, whatever its body, holds the event loop. The worst bodies (1 MiB
 * strings, 10,000-deep JSON, 1e308, huge arrays, 50,000 keys, 10 KB crons, NUL, lone surrogates,
 * impossible dates…) go to every write route, signed in and not, one at a time, while another
 * client polls `/healthz`. The server runs in this process and the clients on their own threads, so
 * `monitorEventLoopDelay` sees the server's stalls only: its maximum while a request is in flight is
 * what that request cost every other client.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../testing/http-client';
import { percentile, probesFor, withEveryField, type Probe, type Route } from '../testing/hostile-probes';
import { offThreadPoller, offThreadSender } from '../testing/off-thread-clients';
import { schedulingFixture, type SchedulingFixture } from '../scheduling/test-fixture';

/** Most a request may hold the loop (the issue's ~50 ms). */
const MAX_STALL_MS = 50;
const MAX_HEALTHZ_P99_MS = 100;
/**
 * A stall over the limit is measured again (up to this many times) and the smallest kept: a busy
 * machine (other processes on the same cores) delays timers too, but only real work delays them
 * every time.
 */
const ATTEMPTS = 5;
const UUID = '00000000-0000-4000-8000-000000000000';

let f: SchedulingFixture;
let admin: HttpClient;

interface Outcome {
  probe: string;
  signedIn: boolean;
  status: number;
  stallMs: number;
}

beforeAll(async () => {
  f = await schedulingFixture('hostile-bodies');
  f.s.clock.set('2027-06-01T00:00:00Z');
  admin = await f.t.client('admin');
}, 60_000);
afterAll(() => f?.t.stop());

/** /healthz latencies over `ms` with nothing else going on: how busy the machine itself is. */
async function baselineHealthz(ms: number): Promise<number[]> {
  const poller = offThreadPoller(`${f.t.url}/healthz`);
  await new Promise((r) => setTimeout(r, ms));
  return poller.stop();
}

describe('hostile bodies against every write route', () => {
  it(`hold the event loop at most ${MAX_STALL_MS} ms each; /healthz p99 stays under ${MAX_HEALTHZ_P99_MS} ms`, async () => {
    const performer = await f.asset();
    const checkpoint = await f.asset('checkpoint');
    const site = await f.asset('site');
    const oneOff = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: 'Target', assetId: performer, timezone: 'UTC', startsAt: '2027-06-10T10:00:00Z', planDurationMin: 60 });
    expect(oneOff.status).toBe(201);
    const jobId: string = oneOff.body.job.id;
    const occurrenceId: string = oneOff.body.occurrences[0].id;
    const assetId = performer;
    const users = (await admin.get('/api/users')).body.users as { id: string; username: string }[];
    const viewerId = users.find((u) => u.username === 'viewer')!.id;
    const b = f.boardId;
    const stops = (assetId: string) => [{ seq: 1, assetId, gapMin: 5, durationMin: 10 }];
    const shared = { name: 'Hostile', assetId: performer, timezone: 'UTC', validFrom: '2027-06-01T00:00:00Z', planDurationMin: 10 };

    const routes: Route[] = [
      { method: 'POST', path: '/api/auth/login', template: { username: 'planner1', password: 'wrong password' } },
      { method: 'POST', path: '/api/users', template: { username: 'hostile', displayName: 'Hostile', password: 'long enough', isAdmin: false } },
      { method: 'POST', path: '/api/boards', template: { name: 'Hostile', timezone: 'Europe/Berlin', horizonDays: 14 } },
      { method: 'PUT', path: `/api/boards/${b}/members/${viewerId}`, template: { role: 'viewer' } },
      { method: 'DELETE', path: `/api/boards/${b}/members/${UUID}`, template: {} },
      { method: 'POST', path: `/api/boards/${b}/assets`, template: { code: 'HOSTILE-1', name: 'Hostile', kind: 'person', status: 'working' } },
      { method: 'PATCH', path: `/api/assets/${assetId}`, template: { name: 'Renamed', status: 'working', expectedVersion: 99 } },
      { method: 'POST', path: `/api/boards/${b}/tours`, template: { kind: 'internal_tour', ...shared, cron: '0 8 * * *', checkpoints: stops(checkpoint) } },
      {
        method: 'POST',
        path: `/api/boards/${b}/tours`,
        template: { kind: 'external_tour', ...shared, cron: '0 9 * * *', sites: stops(site), breakMin: 5, frequency: 2, randomize: true },
      },
      { method: 'POST', path: `/api/boards/${b}/tasks`, template: { ...shared, cron: '0 10 * * *', validTo: '2027-07-01T00:00:00Z', description: 'd' } },
      { method: 'PATCH', path: `/api/jobs/${jobId}`, template: { expectedVersion: 99, name: 'Renamed', startsAt: '2027-06-10T11:00:00Z', planDurationMin: 30 } },
      { method: 'DELETE', path: `/api/jobs/${UUID}`, template: {} },
      { method: 'PATCH', path: `/api/occurrences/${occurrenceId}`, template: { expectedVersion: 99, assetId: performer, startsAt: '2027-06-10T12:00:00Z', endsAt: '2027-06-10T13:00:00Z' } },
      { method: 'DELETE', path: `/api/occurrences/${UUID}`, template: {} },
      { method: 'POST', path: `/api/conflicts/${UUID}/resolve`, template: { action: 'move', occurrenceId, startsAt: '2027-06-10T12:00:00Z', assetId: performer } },
      {
        method: 'POST',
        path: '/api/schedules/preview',
        template: { cron: '0 8 * * 1-5', timezone: 'Europe/Berlin', count: 100, from: '2027-06-01T00:00:00Z', boardId: b, assetId: performer, durationMin: 60 },
      },
      { method: 'POST', path: `/api/boards/${b}/feeds`, template: { assetIds: [performer] } },
      { method: 'POST', path: `/api/auth/logout`, template: {} },
    ];
    const probes = routes.flatMap(probesFor);
    // The reported attack, and the heaviest valid create: a 24 h randomized walk of 479 sites, 3 times.
    const external = routes[8]!;
    for (const frequency of ['1e308', '2e6']) {
      probes.push({ route: external, label: `frequency ${frequency} (the reported attack)`, body: () => withEveryField(external.template, () => frequency, ['frequency']) });
    }
    const longWalk = Array.from({ length: 479 }, (_, i) => ({ seq: i + 1, assetId: site, gapMin: 0, durationMin: 1 }));
    probes.push({ route: external, label: 'valid 479-site walk × 3', body: () => JSON.stringify({ ...external.template, cron: '0 0 * * *', sites: longWalk, frequency: 3, allowConflict: true }) });

    const baseline = await baselineHealthz(2000);
    const sender = offThreadSender();
    const loop = monitorEventLoopDelay({ resolution: 5 });
    const send = async (p: Probe, signedIn: boolean): Promise<Outcome> => {
      const body = p.body();
      const headers: Record<string, string> = { 'content-type': p.contentType ?? 'application/json', ...(signedIn ? { cookie: admin.cookieHeader } : {}) };
      const res = await sender.send({ url: f.t.url + p.route.path, method: p.route.method, headers, body }, () => loop.reset());
      expect(res.error, res.error).toBeUndefined();
      return { probe: `${p.route.method} ${p.route.path} · ${p.label}`, signedIn, status: res.status, stallMs: loop.max / 1e6 };
    };

    const poller = offThreadPoller(`${f.t.url}/healthz`);
    loop.enable();
    const outcomes: Outcome[] = [];
    try {
      for (const signedIn of [false, true]) {
        for (const p of probes) {
          // Signing out would end the admin's session for the probes after it.
          if (signedIn && p.route.path === '/api/auth/logout') continue;
          let outcome = await send(p, signedIn);
          for (let attempt = 1; attempt < ATTEMPTS && outcome.stallMs > MAX_STALL_MS; attempt++) {
            const again = await send(p, signedIn);
            if (again.stallMs < outcome.stallMs) outcome = again;
          }
          outcomes.push(outcome);
        }
      }
    } finally {
      loop.disable();
      await sender.close();
    }
    const healthz = await poller.stop();

    const worst = [...outcomes].sort((a, b) => b.stallMs - a.stallMs).slice(0, 5);
    const p99 = percentile(healthz, 99);
    const baselineP99 = percentile(baseline, 99);
    const fmt = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;
    console.info(
      `${outcomes.length} hostile requests (${probes.length} bodies × signed in/anonymous); /healthz polled ${healthz.length}×: ${fmt(healthz)} ` +
        `(idle machine baseline: ${fmt(baseline)}); worst stalls: ${worst.map((o) => `${o.stallMs.toFixed(1)} ms (${o.signedIn ? 'signed in' : 'anonymous'} ${o.probe} → ${o.status})`).join('; ')}`,
    );

    expect(outcomes.filter((o) => o.status >= 500 || o.status === 0), 'no 5xx').toEqual([]);
    // Anonymous: every route but sign-in is a 401 before its body is read (or a 413 from the declared length).
    const anonymous = outcomes.filter((o) => !o.signedIn && !o.probe.startsWith('POST /api/auth/login '));
    expect(anonymous.filter((o) => o.status !== 401).map((o) => `${o.probe} → ${o.status}`)).toEqual([]);
    // Signed in, every route exists: a 404 "no route" would test nothing.
    const valid = outcomes.filter((o) => o.signedIn && o.probe.endsWith('· valid body') && !o.probe.includes(UUID));
    expect(valid.filter((o) => o.status === 404).map((o) => o.probe)).toEqual([]);
    expect(outcomes.filter((o) => o.stallMs > MAX_STALL_MS).map((o) => `${o.stallMs.toFixed(1)} ms: ${o.probe} (${o.signedIn ? 'signed in' : 'anonymous'})`)).toEqual([]);
    expect(healthz.length).toBeGreaterThan(100);
    expect(healthz.filter((ms) => ms === Infinity)).toEqual([]);
    // On a quiet machine the limit is 100 ms; a machine already this slow when idle gets its own p99 twice over.
    expect(p99).toBeLessThanOrEqual(Math.max(MAX_HEALTHZ_P99_MS, 2 * baselineP99));
    // The server is still there and still itself.
    expect((await f.planner.get(`/api/boards/${f.boardId}/events?since=0&limit=1`)).status).toBe(200);
  }, 600_000);
});
