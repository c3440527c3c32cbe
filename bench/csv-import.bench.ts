import type { BenchResult } from './bench-types';
import { benchDatabase, loginCookie, percentile, spawnServer } from './support';

/**
 * Issue 16, item 6: `POST /api/boards/:boardId/assets/import` with 5,000 rows, timed end to end
 * over HTTP (parse, validation, one upsert statement, 5,000 events, commit). Each round takes a
 * fresh board: 5,000 new assets, then the same codes with new names (5,000 updates), then the
 * same file again (nothing changes). Target: ≤ 2 s for an import of 5,000 rows.
 */
const ROWS = 5_000;
const ROUNDS = Number(process.env.BENCH_CSV_ROUNDS) || 3;
const TARGET_MS = 2_000;
const KINDS = ['person', 'vehicle', 'equipment', 'checkpoint', 'site'];

function csv(round: number, label: string): string {
  const lines = ['code,name,kind,status'];
  for (let i = 0; i < ROWS; i++) {
    const code = `B${round}-${String(i).padStart(5, '0')}`;
    // Quoted commas and quotes in every row, so the parser's slow path is part of the figure.
    lines.push(`${code},"${label} ${i}, ""bench""",${KINDS[i % KINDS.length]},${i % 3 ? 'working' : 'standby'}`);
  }
  return lines.join('\r\n') + '\r\n';
}

export async function run(): Promise<BenchResult> {
  const db = await benchDatabase('csv');
  const server = await spawnServer(db.url, { HORIZON_INTERVAL_MS: '0' });
  try {
    const cookie = await loginCookie(server.url, 'admin');
    const post = async (path: string, body: string, type: string) => {
      const started = performance.now();
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { cookie, 'content-type': type }, body });
      const json = (await res.json()) as Record<string, unknown>;
      const ms = performance.now() - started;
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      return { ms, json };
    };
    const times = { create: [] as number[], update: [] as number[], unchanged: [] as number[] };
    let bytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const board = (await post('/api/boards', JSON.stringify({ name: `CSV bench ${round}`, timezone: 'UTC' }), 'application/json')).json.board as { id: string };
      const path = `/api/boards/${board.id}/assets/import`;
      const first = csv(round, 'Asset');
      bytes = Buffer.byteLength(first);
      const created = await post(path, first, 'text/csv');
      if (created.json.created !== ROWS) throw new Error(`expected ${ROWS} created: ${JSON.stringify(created.json)}`);
      const updated = await post(path, csv(round, 'Renamed'), 'text/csv');
      if (updated.json.updated !== ROWS) throw new Error(`expected ${ROWS} updated: ${JSON.stringify(updated.json)}`);
      const same = await post(path, csv(round, 'Renamed'), 'text/csv');
      if (same.json.unchanged !== ROWS) throw new Error(`expected ${ROWS} unchanged: ${JSON.stringify(same.json)}`);
      times.create.push(created.ms);
      times.update.push(updated.ms);
      times.unchanged.push(same.ms);
    }
    const line = (label: string, ms: number[]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      const worst = sorted[sorted.length - 1]!;
      return `${label.padEnd(28)} median ${Math.round(percentile(sorted, 50)).toString().padStart(5)} ms  worst ${Math.round(worst).toString().padStart(5)} ms  ratio worst / 2 s target ${(worst / TARGET_MS).toFixed(2)} ${worst <= TARGET_MS ? 'MET' : 'NOT MET'}`;
    };
    return {
      name: `CSV import of ${ROWS} assets over HTTP (${(bytes / 1024).toFixed(0)} KiB, ${ROUNDS} rounds on fresh boards, server in its own process)`,
      lines: [line('5,000 new assets', times.create), line('5,000 updated assets', times.update), line('5,000 unchanged rows', times.unchanged)],
    };
  } finally {
    await server.stop();
    await db.drop();
  }
}
