import { pathToFileURL } from 'node:url';
import type { BenchResult } from './bench-types';
import { benchDatabase, loginCookie, percentile, spawnServer } from './support';

/**
 * Undo and batch moves (issue 14), against the real server in its own process, one client at a time
 * (latency, not throughput):
 * - a batch move of 100 occurrences, p50, against a single move's p50 (target ≤ 5×);
 * - an undo's p50 against the p50 of the change it undoes, a single move (target ≤ 1.5×).
 * Rounds alternate (move, its undo, a batch) so machine load hits all three alike.
 */
const ROUNDS = Number(process.env.BENCH_UNDO_ROUNDS) || 60;
const WARMUP = 10;
const BATCH = 100;
const HOUR = 3_600_000;

interface Occ {
  id: string;
  version: number;
  startsAt: string;
  assetId: string;
}

export async function run(): Promise<BenchResult> {
  const db = await benchDatabase('undo');
  const server = await spawnServer(db.url, { HORIZON_INTERVAL_MS: '0' });
  try {
    const cookie = await loginCookie(server.url, 'planner1');
    const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any; ms: number }> => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json', origin: server.url },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = res.status === 204 ? null : await res.json();
      return { status: res.status, body: json, ms: performance.now() - t0 };
    };
    const boardId = (await call('GET', '/api/boards')).body.boards[0].id as string;
    const asset = async (code: string) => (await call('POST', `/api/boards/${boardId}/assets`, { code, name: `Bench ${code}`, kind: 'person' })).body.asset.id as string;
    const [a, b, single] = [await asset('UNDO-A'), await asset('UNDO-B'), await asset('UNDO-S')];
    // Relative to now: every run lies within the board's horizon whatever the day.
    const base = Math.ceil(Date.now() / HOUR) * HOUR + 86_400_000;
    const created = await call('POST', `/api/boards/${boardId}/tasks`, {
      name: 'Bench hourly',
      assetId: a,
      timezone: 'UTC',
      cron: '0 * * * *',
      validFrom: new Date(base - 1).toISOString(),
      validTo: new Date(base + BATCH * HOUR - 1).toISOString(),
      planDurationMin: 30,
    });
    if (created.status !== 201 || created.body.occurrences.length !== BATCH) throw new Error(`setup: ${created.status} ${JSON.stringify(created.body).slice(0, 300)}`);
    let batchOccs: Occ[] = created.body.occurrences;
    const one = await call('POST', `/api/boards/${boardId}/tasks`, { name: 'Bench single', assetId: single, timezone: 'UTC', startsAt: new Date(base).toISOString(), planDurationMin: 30 });
    let mover: Occ = one.body.occurrences[0];

    const moves: number[] = [];
    const undos: number[] = [];
    const batches: number[] = [];
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      const keep = round >= WARMUP;
      // A single move (one hour later), then its undo (back), each timed.
      const to = new Date(Date.parse(mover.startsAt) + HOUR).toISOString();
      const moved = await call('PATCH', `/api/occurrences/${mover.id}`, { expectedVersion: mover.version, startsAt: to });
      if (moved.status !== 200) throw new Error(`move: ${moved.status} ${JSON.stringify(moved.body)}`);
      const undone = await call('POST', `/api/boards/${boardId}/undo`, {});
      if (undone.status !== 200) throw new Error(`undo: ${undone.status} ${JSON.stringify(undone.body)}`);
      mover = undone.body.occurrences[0];
      // All 100 runs to the other asset at the same times (and back next round): one change.
      const target = round % 2 === 0 ? b : a;
      const batched = await call('POST', `/api/boards/${boardId}/occurrences/batch`, { ops: batchOccs.map((o) => ({ occurrenceId: o.id, expectedVersion: o.version, assetId: target })) });
      if (batched.status !== 200) throw new Error(`batch: ${batched.status} ${JSON.stringify(batched.body).slice(0, 300)}`);
      batchOccs = batched.body.occurrences;
      if (keep) {
        moves.push(moved.ms);
        undos.push(undone.ms);
        batches.push(batched.ms);
      }
    }
    const p50 = (xs: number[]) => percentile([...xs].sort((x, y) => x - y), 50);
    const [move, undo, batch] = [p50(moves), p50(undos), p50(batches)];
    const batchRatio = batch / move;
    const undoRatio = undo / move;
    const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
    return {
      name: 'undo and batch moves (issue 14)',
      lines: [
        `rounds: ${ROUNDS} (after ${WARMUP} warm-up), one client, real server process`,
        `single move p50 ${move.toFixed(2)} ms · undo of it p50 ${undo.toFixed(2)} ms · batch move of ${BATCH} p50 ${batch.toFixed(2)} ms`,
        `batch of ${BATCH} / single move: ${batchRatio.toFixed(2)}× (target ≤ 5×) ${verdict(batchRatio <= 5)}`,
        `undo / the move it undoes: ${undoRatio.toFixed(2)}× (target ≤ 1.5×) ${verdict(undoRatio <= 1.5)}`,
      ],
    };
  } finally {
    await server.stop();
    await db.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  console.log(`== ${result.name} ==`);
  for (const line of result.lines) console.log(line);
}
