import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { BenchResult } from './bench-types';
import { benchDatabase, percentile } from './support';

/**
 * Real-time fan-out (issue 5, item 10): CLIENTS socket.io clients in a separate process joined to one
 * board; CHANGES task creations over HTTP from a writer process (one-off tasks: each commit publishes job.created +
 * occurrence.created). Latency from the server's commit (the bus publish right after COMMIT) to
 * receipt at every client, against a baseline in the same run that emits the same payloads with a
 * bare `io.to(room).emit` from the same server, on the same schedule. Plus server memory per client.
 */
const CLIENTS = Number(process.env.BENCH_RT_CLIENTS) || 1000;
const CHANGES = Number(process.env.BENCH_RT_CHANGES) || 100;
const GAP_MS = 20;
/** Changes per block; blocks alternate system and baseline, so machine load hits both alike. */
const BLOCK = 20;
const WARMUP = 10;
const SETTLE_MS = 600;
const here = path.dirname(fileURLToPath(import.meta.url));

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function collectGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return () => {
    for (let i = 0; i < 3; i++) gc();
  };
}

/** Request/answer over a child's IPC channel; an error report or an exit fails whatever waits. */
class Child {
  private readonly waiters = new Map<string, { resolve: (msg: any) => void; reject: (err: Error) => void }>();
  private failure: Error | undefined;
  constructor(readonly child: ChildProcess) {
    const name = path.basename(String(child.spawnargs.at(-1)));
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const w of this.waiters.values()) w.reject(err);
      this.waiters.clear();
    };
    child.on('message', (msg: { type: string; message?: string }) => {
      if (msg.type === 'error') return fail(new Error(`${name}: ${msg.message}`));
      const w = this.waiters.get(msg.type);
      this.waiters.delete(msg.type);
      w?.resolve(msg);
    });
    child.on('exit', (code) => fail(new Error(`${name} exited (code ${code})`)));
  }
  ask(msg: object, answer: string, timeoutMs = 120_000): Promise<any> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${answer} from the child within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(answer, {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      if (Object.keys(msg).length) this.child.send(msg);
    });
  }
}

export async function run(): Promise<BenchResult> {
  process.env.LOG_LEVEL ??= 'warn';
  process.env.HORIZON_INTERVAL_MS ??= '0';
  // The clients share the five demo users' sessions (hundreds of sockets each); the server allows 20 per session.
  process.env.REALTIME_MAX_SOCKETS_PER_SESSION ??= String(CLIENTS);
  const gc = collectGc();
  const db = await benchDatabase('rt');
  const { loadConfig } = await import('@schedhuler/server/config');
  const { startServer } = await import('@schedhuler/server/server');
  const { HttpClient } = await import('@schedhuler/server/testing/http-client');
  // Subscribed before the realtime hub starts, so this listener runs before delivery: the commit instant.
  const commitAt = new Map<number, number>();
  let commitGroups: number[][] | undefined;
  const server = await startServer({ ...loadConfig({}), port: 0, host: '127.0.0.1', seedDemo: true }, db.url, {
    beforeSeed: (services) =>
      void services.bus.subscribe((events) => {
        const t = now();
        events.forEach((e) => commitAt.set(e.seq, t));
        commitGroups?.push(events.map((e) => e.seq));
      }),
  });
  const logFile = path.join(os.tmpdir(), `schedhuler-bench-clients-${process.pid}.log`);
  const fd = fs.openSync(logFile, 'w');
  const child = fork(path.join(here, 'realtime-clients.ts'), [], { stdio: ['ignore', fd, fd, 'ipc'] });
  fs.closeSync(fd);
  const clients = new Child(child);
  const writerLog = fs.openSync(logFile.replace('clients', 'writer'), 'w');
  const writerChild = fork(path.join(here, 'realtime-writer.ts'), [], { stdio: ['ignore', writerLog, writerLog, 'ipc'] });
  fs.closeSync(writerLog);
  const writer = new Child(writerChild);
  try {
    await Promise.all([clients.ask({}, 'started'), writer.ask({}, 'started')]);
    const users = ['planner1', 'planner2', 'supervisor', 'viewer', 'admin'];
    const https = await Promise.all(users.map(async (u) => {
      const c = new HttpClient(server.url);
      await c.login(u, `${u}-demo`);
      return c;
    }));
    const planner = https[0]!;
    const boardId = (await planner.get('/api/boards')).body.boards[0].id as string;
    const asset = (await planner.post(`/api/boards/${boardId}/assets`, { code: 'BENCH-1', name: 'Bench van', kind: 'vehicle' })).body.asset as { id: string };

    gc();
    const before = process.memoryUsage();
    const ready = await clients.ask({ type: 'setup', url: server.url, cookies: https.map((h) => h.cookieHeader), boardId, clients: CLIENTS }, 'ready');
    await sleep(500);
    gc();
    const after = process.memoryUsage();
    const connected = server.realtime.io.of('/').sockets.size;

    // Clock offset child − parent, from the round trip with the smallest delay.
    let offset = 0;
    let bestRtt = Infinity;
    for (let i = 0; i < 30; i++) {
      const t0 = now();
      const { child: tc } = await clients.ask({ type: 'clock', t: t0 }, 'clock');
      const t1 = now();
      if (t1 - t0 < bestRtt) {
        bestRtt = t1 - t0;
        offset = tc - (t0 + t1) / 2;
      }
    }

    const base = Date.parse('2027-01-04T00:00:00Z');
    let taskNo = 0;
    /** `count` task creations, one after another, from the writer process. */
    const createTasks = async (count: number) => {
      await writer.ask({ type: 'write', url: server.url, cookie: planner.cookieHeader, boardId, assetId: asset.id, from: taskNo, count, base, gapMs: GAP_MS }, 'written');
      taskNo += count;
    };
    const seqNow = async () => (await planner.get(`/api/boards/${boardId}/events?since=0&limit=1`)).body.seq as number;
    const probeFrom = await seqNow();
    await createTasks(1);
    const eventsPerChange = (await seqNow()) - probeFrom;
    const io = server.realtime.io;

    /** One block: `n` task creations over HTTP, then the same payloads again with a bare emit on the same schedule. */
    const block = async (n: number) => {
      const first = (await seqNow()) + 1;
      const expected = n * eventsPerChange;
      const groups: number[][] = [];
      commitGroups = groups;
      await clients.ask({ type: 'phase', phase: `system@${first}`, expected }, 'phase-ready');
      const t0 = now();
      await createTasks(n);
      await sleep(SETTLE_MS);
      commitGroups = undefined;
      const system = await clients.ask({ type: 'report' }, 'report');
      const { events } = await planner.events(boardId, first - 1, 1000);
      if (events.length !== expected || groups.flat().length !== expected) {
        throw new Error(`expected ${expected} events from the task creations only, the log has ${events.length}, the bus ${groups.flat().length}`);
      }
      const emitAt = new Map<number, number>();
      await clients.ask({ type: 'phase', phase: `baseline@${first}`, expected }, 'phase-ready');
      const b0 = now();
      for (const group of groups) {
        const wait = b0 + (commitAt.get(group[0]!)! - t0) - now();
        if (wait > 0) await sleep(wait);
        for (const seq of group) {
          emitAt.set(seq, now());
          io.to(`board:${boardId}`).emit('board:event', events[seq - first]!);
        }
      }
      await sleep(SETTLE_MS);
      const baseline = await clients.ask({ type: 'report' }, 'report');
      const samples = (report: { times: number[][] }, origin: Map<number, number>) => {
        const out: number[] = [];
        for (const arr of report.times) arr.forEach((t, idx) => Number.isFinite(t) && out.push(t - offset - origin.get(first + idx)!));
        return out;
      };
      return { system, sys: samples(system, commitAt), bas: samples(baseline, emitAt) };
    };

    await block(WARMUP); // JIT and caches on both paths; not counted
    const sysAll: number[] = [];
    const basAll: number[] = [];
    const delivery = { missing: 0, duplicates: 0, outOfOrder: 0 };
    for (let done = 0; done < CHANGES; done += BLOCK) {
      const r = await block(Math.min(BLOCK, CHANGES - done));
      sysAll.push(...r.sys);
      basAll.push(...r.bas);
      delivery.missing += r.system.missing;
      delivery.duplicates += r.system.duplicates;
      delivery.outOfOrder += r.system.outOfOrder;
    }
    const expected = CHANGES * eventsPerChange;
    const sys = Float64Array.from(sysAll).sort();
    const bas = Float64Array.from(basAll).sort();
    const f = (n: number) => `${n.toFixed(1).padStart(6)} ms`;
    const r50 = percentile(sys, 50) / percentile(bas, 50);
    const r99 = percentile(sys, 99) / percentile(bas, 99);
    const p99 = percentile(sys, 99);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const deliveries = CLIENTS * expected;
    return {
      name: 'realtime fan-out',
      lines: [
        `${ready.clients} socket.io clients (websocket, separate process) joined to one board (${connected} connected at the server); ${CHANGES} task creations over HTTP (from a third process)`,
        `  (one-off tasks: ${eventsPerChange} events per commit, ${expected} events, ${deliveries.toLocaleString('en-US')} deliveries each for system and baseline;`,
        `   ${GAP_MS} ms pause between requests; blocks of ${BLOCK} changes alternate system / baseline after a ${WARMUP}-change warm-up)`,
        `  system   commit → receipt         p50 ${f(percentile(sys, 50))}  p99 ${f(p99)}  max ${f(sys[sys.length - 1] ?? NaN)}  (${sys.length.toLocaleString('en-US')} samples)`,
        `  baseline io.to(room).emit → receipt p50 ${f(percentile(bas, 50))}  p99 ${f(percentile(bas, 99))}  max ${f(bas[bas.length - 1] ?? NaN)}  (${bas.length.toLocaleString('en-US')} samples)`,
        `  ratio p50 ${r50.toFixed(2)}×, p99 ${r99.toFixed(2)}× (target ≤ 1.5: ${r50 <= 1.5 && r99 <= 1.5 ? 'met' : 'NOT met'}); p99 ${p99.toFixed(1)} ms (target ≤ 100 ms: ${p99 <= 100 ? 'met' : 'NOT met'})`,
        `  delivery (system): missing ${delivery.missing}, duplicates ${delivery.duplicates}, out of order ${delivery.outOfOrder}`,
        `  server memory per connected client: heap ${kb((after.heapUsed - before.heapUsed) / CLIENTS)}, rss ${kb((after.rss - before.rss) / CLIENTS)} (${CLIENTS} clients joined, after GC)`,
        `  clock offset client process − server process ${offset.toFixed(2)} ms (round trip ${bestRtt.toFixed(2)} ms), corrected`,
      ],
    };
  } finally {
    for (const c of [child, writerChild]) {
      const exited = new Promise((r) => c.once('exit', r));
      c.send({ type: 'exit' });
      await exited;
    }
    await server.close();
    await db.drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run();
  console.log(`== ${result.name} ==\n${result.lines.join('\n')}`);
  process.exit(0);
}
