import http from 'node:http';
import pg from 'pg';
import type { BenchResult } from './bench-types';
import { seedBoard } from './board-seed';
import { benchDatabase, loginCookie, percentile, spawnServer } from './support';

/**
 * Issue 13, items 1 (wire) and 6 (server): the board snapshot a client opens on (today ± 1 day, as
 * the board store asks for it) at 10,000 and at 50,000 occurrences (200 and 500 assets), against the
 * real server in its own process, seeded like bench/board.bench.ts.
 *
 * - Bytes on the wire of GET /api/boards/:id for the default JSON and for `?encoding=compact`, each
 *   as identity, gzip and br (the body as received, not decoded). Target: compact with br ≤ 2 MB
 *   at 50,000.
 * - Server time: request sent → last byte received over loopback (so it includes serializing and
 *   compressing the answer), REPS requests after WARMUP, for what the client asks for (compact, br)
 *   and for the default JSON with br beside it. Target: p95 ≤ 150 ms at 50,000 (compact, br).
 *   Opening again with no write in between is answered from the server's kept answer (SnapshotCache).
 *   After a write the answer is built again: "after a rename" renames the board before each request
 *   (no occurrence changes), "after a move" has a planner move one occurrence in the range by a
 *   minute, back and forth (PATCH /api/occurrences/:id, the dispatcher's everyday write), before
 *   each request. All are printed; the cached answer and the move are judged against the target.
 */
const SIZES = [
  { assets: 200, occurrences: 10_000 },
  { assets: 500, occurrences: 50_000 },
] as const;
const ZONE = 'Europe/Berlin';
const WARMUP = 3;
const REPS = Number(process.env.BENCH_SNAPSHOT_REPS) || 15;
const DAY_MS = 86_400_000;
const WIRE_TARGET = 2 * 1024 * 1024;
const TIME_TARGET_MS = 150;
/** Issue 13's 50,000 snapshot of 2026-11-29, before its work: uncompressed JSON (HTTP had no compression then). */
const BASELINE_WIRE = 19.6 * 1024 * 1024;

interface Answer {
  status: number;
  bytes: number;
  ms: number;
  encoding: string;
}

/** One GET with a raw node client: the body is counted as sent, never decoded. */
/** A board write (admin rename): bumps the board's seq, as any planner's change does. */
async function rename(baseUrl: string, boardId: string, cookie: string, name: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/boards/${boardId}`, { method: 'PATCH', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  if (!res.ok) throw new Error(`rename board: ${res.status}`);
}

/** A planner's move of one occurrence (PATCH with its expected version); returns the new version. */
async function move(baseUrl: string, cookie: string, occ: { id: string; version: number; start: number; end: number }, shiftMin: number): Promise<number> {
  const body = { expectedVersion: occ.version, startsAt: new Date(occ.start + shiftMin * 60_000).toISOString(), endsAt: new Date(occ.end + shiftMin * 60_000).toISOString() };
  const res = await fetch(`${baseUrl}/api/occurrences/${occ.id}`, { method: 'PATCH', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`move occurrence: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { occurrence: { version: number } }).occurrence.version;
}

function get(url: string, cookie: string, acceptEncoding: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { headers: { cookie, 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started, encoding: String(res.headers['content-encoding'] ?? 'identity') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

interface SizeResult {
  occurrences: number;
  assets: number;
  bytes: Record<'default' | 'compact', Record<'identity' | 'gzip' | 'br', number>>;
  times: Record<'compact' | 'default' | 'fresh' | 'moved', { p50: number; p95: number }>;
  /** The compact answers the range takes: one, or more when the server's cap cut it (nextFrom), each with its occurrences and br bytes. */
  pages: { occurrences: number; br: number }[];
}

async function measure(size: (typeof SIZES)[number]): Promise<SizeResult> {
  const db = await benchDatabase('snapshot');
  let server: Awaited<ReturnType<typeof spawnServer>> | undefined = await spawnServer(db.url);
  try {
    const { boardId, inRange, day } = await seedBoard(db.url, { ...size, zone: ZONE });
    // The seed writes with SQL, past the event log (the board's seq stays): a server started before it
    // keeps the jobs its read warm-up read then (server/src/read-warm-up.ts), the demo's 15 for 500.
    await server.stop();
    server = undefined;
    server = await spawnServer(db.url);
    const cookie = await loginCookie(server.url, 'planner1');
    const adminCookie = await loginCookie(server.url, 'admin');
    const range = new URLSearchParams({ from: new Date(day.s.getTime() - DAY_MS).toISOString(), to: new Date(day.e.getTime() + DAY_MS).toISOString() });
    const urls = { default: `${server.url}/api/boards/${boardId}?${range}`, compact: `${server.url}/api/boards/${boardId}?${range}&encoding=compact` };
    const bytes = { default: { identity: 0, gzip: 0, br: 0 }, compact: { identity: 0, gzip: 0, br: 0 } };
    for (const form of ['default', 'compact'] as const) {
      for (const enc of ['identity', 'gzip', 'br'] as const) {
        const a = await get(urls[form], cookie, enc);
        if (a.status !== 200) throw new Error(`GET ${form} snapshot: ${a.status}`);
        if (a.encoding !== enc) throw new Error(`GET ${form} snapshot asked for ${enc}, got ${a.encoding}`);
        bytes[form][enc] = a.bytes;
      }
    }
    // The range page by page, as the board asks for it: a cut answer names where the next starts.
    const pages: SizeResult['pages'] = [];
    for (let at = range.get('from')!; ; ) {
      const url = `${server.url}/api/boards/${boardId}?${new URLSearchParams({ from: at, to: range.get('to')!, encoding: 'compact' })}`;
      const body = (await (await fetch(url, { headers: { cookie } })).json()) as { occurrences: { id: string[] }; nextFrom?: string };
      pages.push({ occurrences: body.occurrences.id.length, br: (await get(url, cookie, 'br')).bytes });
      if (!body.nextFrom) break;
      if (!(Date.parse(body.nextFrom) > Date.parse(at)) || pages.length > 100) throw new Error(`the snapshot's pages do not move on (nextFrom ${body.nextFrom} after ${at})`);
      at = body.nextFrom;
    }
    const times = { compact: { p50: 0, p95: 0 }, default: { p50: 0, p95: 0 }, fresh: { p50: 0, p95: 0 }, moved: { p50: 0, p95: 0 } };
    for (const form of ['compact', 'default'] as const) {
      for (let i = 0; i < WARMUP; i++) await get(urls[form], cookie, 'br');
      const ms: number[] = [];
      for (let i = 0; i < REPS; i++) ms.push((await get(urls[form], cookie, 'br')).ms);
      const sorted = Float64Array.from(ms).sort();
      times[form] = { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
    }
    const fresh: number[] = [];
    for (let i = 0; i < WARMUP + REPS; i++) {
      await rename(server.url, boardId, adminCookie, `Bench depot ${i}`);
      const ms = (await get(urls.compact, cookie, 'br')).ms;
      if (i >= WARMUP) fresh.push(ms);
    }
    const sortedFresh = Float64Array.from(fresh).sort();
    times.fresh = { p50: percentile(sortedFresh, 50), p95: percentile(sortedFresh, 95) };
    // The seed leaves 5 minutes free after each run on its asset: a minute later and back always fits.
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const { rows: [o] } = await c
      .query<{ id: string; version: number; s: Date; e: Date }>(
        `select id, version, starts_at as s, ends_at as e from occurrence where board_id = $1 and status = 'scheduled' and starts_at >= $2 and ends_at <= $3 order by starts_at, id limit 1 offset 500`,
        [boardId, day.s, day.e],
      )
      .finally(() => c.end());
    if (!o) throw new Error('no occurrence to move');
    const occ = { id: o.id, version: o.version, start: o.s.getTime(), end: o.e.getTime() };
    const moved: number[] = [];
    for (let i = 0; i < WARMUP + REPS; i++) {
      occ.version = await move(server.url, cookie, occ, i % 2 === 0 ? 1 : 0);
      const ms = (await get(urls.compact, cookie, 'br')).ms;
      if (i >= WARMUP) moved.push(ms);
    }
    const sortedMoved = Float64Array.from(moved).sort();
    times.moved = { p50: percentile(sortedMoved, 50), p95: percentile(sortedMoved, 95) };
    return { occurrences: inRange, assets: size.assets, bytes, times, pages };
  } finally {
    await server?.stop();
    await db.drop();
  }
}

export async function run(): Promise<BenchResult> {
  const results: SizeResult[] = [];
  for (const size of SIZES) results.push(await measure(size));
  const cols = (f: (r: SizeResult) => string) => results.map((r) => `${r.occurrences.toLocaleString('en')}: ${f(r)}`.padEnd(44)).join(' | ');
  const big = results[results.length - 1]!;
  // Every answer the range takes (the first one alone when the cap does not cut it).
  const wire = big.pages.reduce((sum, p) => sum + p.br, 0);
  const time = big.times.compact.p95;
  const movedTime = big.times.moved.p95;
  return {
    name: `Board snapshot on the wire and server time (today ± 1 day; ${results.map((r) => `${r.assets} assets / ${r.occurrences} occurrences`).join(' and ')}; server in its own process, ${REPS} requests each)`,
    lines: [
      `default JSON bytes identity/gzip/br  ${cols((r) => `${mb(r.bytes.default.identity)} / ${mb(r.bytes.default.gzip)} / ${mb(r.bytes.default.br)}`)}`,
      `compact bytes identity/gzip/br       ${cols((r) => `${mb(r.bytes.compact.identity)} / ${mb(r.bytes.compact.gzip)} / ${mb(r.bytes.compact.br)}`)}`,
      `answers for the range (compact)      ${cols((r) => `${r.pages.length}: ${r.pages.map((p) => p.occurrences.toLocaleString('en')).join(' + ')} occurrences`)}`,
      `server time default+br p50/p95       ${cols((r) => `${r.times.default.p50.toFixed(0)} / ${r.times.default.p95.toFixed(0)} ms`)}`,
      `server time compact+br p50/p95       ${cols((r) => `${r.times.compact.p50.toFixed(0)} / ${r.times.compact.p95.toFixed(0)} ms`)}`,
      `  same, after a rename p50/p95       ${cols((r) => `${r.times.fresh.p50.toFixed(0)} / ${r.times.fresh.p95.toFixed(0)} ms`)}`,
      `  same, after a move p50/p95         ${cols((r) => `${r.times.moved.p50.toFixed(0)} / ${r.times.moved.p95.toFixed(0)} ms`)}`,
      `snapshot on the wire at ${big.occurrences.toLocaleString('en')} (compact, br, ${big.pages.length === 1 ? 'one answer' : `all ${big.pages.length} answers of the range`}): ${mb(wire)} (target ≤ ${mb(WIRE_TARGET)}) ${verdict(wire <= WIRE_TARGET)}; ${(wire / BASELINE_WIRE).toFixed(3)}× issue 13's 2026-11-29 figure of ${mb(BASELINE_WIRE)}`,
      `snapshot server time at ${big.occurrences.toLocaleString('en')} (compact, br) p95: ${time.toFixed(0)} ms (target ≤ ${TIME_TARGET_MS} ms) ${verdict(time <= TIME_TARGET_MS)}`,
      `snapshot server time at ${big.occurrences.toLocaleString('en')} after a move (compact, br, built anew) p95: ${movedTime.toFixed(0)} ms (target ≤ ${TIME_TARGET_MS} ms) ${verdict(movedTime <= TIME_TARGET_MS)}`,
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.log(`== ${r.name} ==\n${r.lines.join('\n')}`);
}
