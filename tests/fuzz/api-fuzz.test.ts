/**
 * The project's own fuzz suite (issue 10, point 6). A seeded run against a real server (in this
 * process, real PostgreSQL) with real HTTP and socket.io clients: every write endpoint and every
 * client socket event, payloads derived from the shared zod schemas with hostile values mixed in.
 *
 *   CI (every run):  ≥ 2,000 requests, ≥ 1,000 socket emits.
 *   `pnpm fuzz`:     ≥ 50,000 requests, ≥ 10,000 emits (FUZZ_REQUESTS / FUZZ_EMITS override),
 *                    and `/healthz` p99 ≤ 50 ms while it runs. The server then runs as its own
 *                    process (as in production), so the latency measured is the server's, not the
 *                    fuzz client's work on a shared event loop; FUZZ_IN_PROCESS=1 keeps it here.
 *   FUZZ_SEED=<n> replays a run's sequence of requests.
 *
 * Asserts: no 5xx and no unanswered request or ack, nothing logged as an unhandled error, every
 * refused write stored nothing, boards B (never a member) and C (viewer) and the demo users
 * byte-identical afterwards, and the server still answering `/healthz`.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { logger } from '@schedhuler/server/logger';
import { createTestDatabase } from '@schedhuler/server/testing/test-db';
import { startTestServer } from '@schedhuler/server/testing/test-server';
import { startNode } from '../realtime-nodes';
import { createWorld, signedIn, startHealthPoller, untouchedSnapshot, type FuzzTarget, type World } from './fixture';
import { Gen, Rng } from './gen';
import { HttpFuzzer } from './http-fuzz';
import { SocketFuzzer } from './socket-fuzz';
import { report, type LoggedError } from './report';

const LONG = process.env.FUZZ_LONG === '1';
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? (LONG ? 50_000 : 2_050));
const EMITS = Number(process.env.FUZZ_EMITS ?? (LONG ? 10_000 : 1_050));
const SOCKETS = 6;
const HEALTHZ_P99_MAX_MS = 50;
const OWN_PROCESS = LONG && process.env.FUZZ_IN_PROCESS !== '1';

let t: FuzzTarget & { stop(): Promise<void>; logged(): LoggedError[] };
let world: World;
const logged: LoggedError[] = [];

/** The server in this process (CI): unhandled errors are caught from its logger. */
async function inProcess(): Promise<typeof t> {
  const s = await startTestServer({}, 'fuzz');
  // Nothing but the fuzz may write: the horizon worker would extend B's and C's occurrences.
  await s.services.scheduling?.horizon?.stop();
  // Unhandled errors reach the log (500s, socket handler failures); the log is silent under Vitest, so listen here.
  vi.spyOn(logger, 'error').mockImplementation((obj: unknown, msg?: string) => {
    const o = (typeof obj === 'object' && obj !== null ? obj : { msg: obj }) as { requestId?: string; where?: string; err?: Error };
    logged.push({ requestId: o.requestId, where: o.where, message: msg ?? String(o.err?.message ?? obj), stack: o.err?.stack });
  });
  return { url: s.url, dbUrl: s.db.url, stop: s.stop, logged: () => logged };
}

/** The server as its own process (`pnpm fuzz`): its error log lines are read back at the end. */
async function ownProcess(): Promise<typeof t> {
  const db = await createTestDatabase('fuzz');
  const node = await startNode('fuzz', { DATABASE_URL: db.url, SEED_DEMO: '1', HORIZON_INTERVAL_MS: '0', LOG_LEVEL: 'error' });
  return {
    url: node.url,
    dbUrl: db.url,
    stop: async () => {
      node.kill('SIGKILL');
      await node.exited;
      await db.drop();
    },
    logged: () =>
      node
        .log()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; requestId?: string; where?: string; msg?: string; err?: { message?: string; stack?: string } })
        .filter((l) => l.level >= 50)
        .map((l) => ({ requestId: l.requestId, where: l.where, message: l.msg ?? String(l.err?.message), stack: l.err?.stack })),
  };
}

beforeAll(async () => {
  console.log(`\n[fuzz] seed ${SEED} (replay: FUZZ_SEED=${SEED}${LONG ? ' pnpm fuzz' : ''}); ${REQUESTS} requests, ${EMITS} socket emits`);
  t = OWN_PROCESS ? await ownProcess() : await inProcess();
  world = await createWorld(t);
}, 180_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await world?.sql.end();
  await t?.stop();
});

it(
  `${REQUESTS} fuzzed requests and ${EMITS} socket emits: no 5xx, nothing stored by a refusal, untouched boards unchanged`,
  async () => {
    const before = await untouchedSnapshot(world);
    const rng = new Rng(SEED);
    const gen = new Gen(rng, () => world, 2);
    const loginAs = async (username: string, password: string) => (await signedIn(t.url, username, password)).cookieHeader;
    const http = new HttpFuzzer(t.url, world, new Rng(SEED ^ 0x5bd1e995), gen, loginAs);
    const socketGen = new Gen(new Rng(SEED + 1), () => world, 2);
    const sockets = new SocketFuzzer(t.url, world, new Rng(SEED ^ 0x1b873593), socketGen);
    const poller = startHealthPoller(t.url, LONG ? 10 : 25);
    const started = performance.now();
    await Promise.all([http.run(REQUESTS), sockets.run(EMITS, SOCKETS)]);
    const seconds = (performance.now() - started) / 1000;
    const health = await poller.stop();

    const alive = await fetch(`${t.url}/healthz`);
    const after = await untouchedSnapshot(world);
    const changed = Object.keys(before).filter((k) => before[k] !== after[k]);

    const bodies = Object.fromEntries(Object.keys(gen.mix).map((k) => [k, gen.mix[k as keyof typeof gen.mix] + socketGen.mix[k as keyof typeof gen.mix]]));
    const errors = t.logged();
    console.log(`[fuzz] server: ${OWN_PROCESS ? 'its own process' : 'in this process'}`);
    console.log(report({ seed: SEED, seconds, http: http.stats, sockets: sockets.stats, health, logged: errors, changed, bodies }));

    expect(http.stats.requests).toBeGreaterThanOrEqual(REQUESTS);
    expect(sockets.stats.emits).toBeGreaterThanOrEqual(EMITS);
    expect(alive.status).toBe(200);
    expect(health.failures, 'healthz polls that failed during the fuzz').toBe(0);
    expect(changed, 'tables of boards B/C or the demo users that changed').toEqual([]);
    expect(http.stats.findings.map((f) => `${f.kind} ${f.route} ${f.status} ${f.message}`), `findings (seed ${SEED})`).toEqual([]);
    expect(sockets.stats.findings.map((f) => `${f.kind} ${f.event} ${f.message}`), `socket findings (seed ${SEED})`).toEqual([]);
    expect(errors.map((l) => l.message), 'unhandled errors in the server log').toEqual([]);
    // The done-criterion of issue 10; the short CI run prints it but does not gate on a shared CI machine's noise.
    if (LONG) expect(health.p99, '/healthz p99 (ms) during the fuzz').toBeLessThanOrEqual(HEALTHZ_P99_MAX_MS);
  },
  LONG ? 3_600_000 : 180_000,
);
