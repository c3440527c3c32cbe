import autocannon from 'autocannon';
import type { BenchResult } from './bench-types';
import { benchDatabase, loginCookie, spawnServer } from './support';

/**
 * Issue 3, item 4 (HTTP): POST /api/schedules/preview with count 100 under 50 concurrent
 * connections for 10 s, against a trivial JSON route (GET /healthz) of the same server process
 * in the same run. Target: preview ≥ 0.5 × the trivial route's requests/s. GET /api/auth/me
 * (session lookup + one query, no cron work) and the preview with count 1 are printed too, to show
 * what the auth step and the POST pipeline cost before any cron work.
 */
const DURATION_S = Number(process.env.BENCH_HTTP_SECONDS) || 10;
const CONNECTIONS = 50;

async function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ ...opts, connections: CONNECTIONS, duration: DURATION_S }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

const fmt = (r: autocannon.Result) =>
  `${Math.round(r.requests.average).toString().padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}`;

export async function run(): Promise<BenchResult> {
  const db = await benchDatabase('preview');
  const server = await spawnServer(db.url);
  try {
    const cookie = await loginCookie(server.url, 'planner1');
    const body = JSON.stringify({ cron: '0 8 * * 1-5', timezone: 'Europe/Berlin', count: 100 });
    const preview: autocannon.Options = {
      url: `${server.url}/api/schedules/preview`,
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body,
    };
    const check = await fetch(preview.url, { method: 'POST', headers: preview.headers as Record<string, string>, body });
    const sample = (await check.json()) as { dates?: unknown[] };
    if (check.status !== 200 || sample.dates?.length !== 100) throw new Error(`preview sanity check failed: ${check.status}`);

    // Warm up JIT and the connection pool before measuring.
    await cannon({ url: `${server.url}/healthz`, duration: 2 });
    await cannon({ ...preview, duration: 2 });

    const trivial = await cannon({ url: `${server.url}/healthz` });
    const me = await cannon({ url: `${server.url}/api/auth/me`, headers: { cookie } });
    // The same route and pipeline (session, JSON body, validation) with one run and a small answer:
    // how close any authenticated JSON POST gets to the trivial route on this machine.
    const one = await cannon({ ...preview, body: JSON.stringify({ cron: '0 8 * * 1-5', timezone: 'Europe/Berlin', count: 1 }) });
    const pre = await cannon(preview);
    const ratio = pre.requests.average / trivial.requests.average;
    return {
      name: `HTTP preview vs trivial route (${CONNECTIONS} connections, ${DURATION_S} s each, server in its own process)`,
      lines: [
        `GET  /healthz (trivial JSON)          ${fmt(trivial)}`,
        `GET  /api/auth/me (session lookup)    ${fmt(me)}`,
        `POST /api/schedules/preview count=1   ${fmt(one)}  (ratio ${(one.requests.average / trivial.requests.average).toFixed(2)}: the pipeline without the cron work)`,
        `POST /api/schedules/preview count=100 ${fmt(pre)}`,
        `ratio preview / trivial: ${ratio.toFixed(2)} (target ≥ 0.5) ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`,
      ],
    };
  } finally {
    await server.stop();
    await db.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.log(`== ${r.name} ==\n${r.lines.join('\n')}`);
}
