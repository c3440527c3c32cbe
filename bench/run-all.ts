import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { BenchResult } from './bench-types';

/** Benchmarks run in this order by `pnpm bench`; each module exports `run(): Promise<BenchResult>`. */
const BENCHES = ['./engine.bench.ts', './preview-http.bench.ts', './realtime.bench.ts', './scheduling.bench.ts', './board.bench.ts', './snapshot.bench.ts', './csv-import.bench.ts', './undo.bench.ts'];

/** The share of CPU time all cores spent idle over `ms` (Linux /proc/stat; 1 where it cannot be read). */
async function idleShare(ms: number): Promise<number> {
  if (!fs.existsSync('/proc/stat')) return 1;
  const read = () => {
    const v = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: v[3]! + (v[4] ?? 0), total: v.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  await new Promise((r) => setTimeout(r, ms));
  const b = read();
  return b.total > a.total ? (b.idle - a.idle) / (b.total - a.total) : 1;
}

/**
 * Between two benchmarks: the last one's disk writes flushed and the machine idle (≥ 90 % over a
 * second, at most 20 s), so that one bench's aftermath is not measured in the next: right after the
 * scheduling bench (which grows a 1,000,000-row database, then drops it) the board bench's cold open
 * at 10,000 took 1,586 ms in one run of 2026-11-30, against 1,271 ms for the board bench on its own
 * half an hour before.
 */
async function settle(): Promise<void> {
  try {
    execFileSync('sync');
  } catch {
    /* no sync(1): nothing to flush with */
  }
  for (let i = 0; i < 20; i++) if ((await idleShare(1000)) >= 0.9) return;
}

for (const path of BENCHES) {
  await settle();
  const mod = (await import(new URL(path, import.meta.url).href)) as { run: () => Promise<BenchResult> };
  const result = await mod.run();
  console.log(`\n== ${result.name} ==`);
  for (const line of result.lines) console.log(line);
}
