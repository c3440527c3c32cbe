import type { BenchResult } from './bench-types';

/** Benchmarks run in this order by `pnpm bench`; each module exports `run(): Promise<BenchResult>`. */
const BENCHES = ['./engine.bench.ts', './preview-http.bench.ts', './realtime.bench.ts', './scheduling.bench.ts', './board.bench.ts', './snapshot.bench.ts', './csv-import.bench.ts', './undo.bench.ts'];

for (const path of BENCHES) {
  const mod = (await import(new URL(path, import.meta.url).href)) as { run: () => Promise<BenchResult> };
  const result = await mod.run();
  console.log(`\n== ${result.name} ==`);
  for (const line of result.lines) console.log(line);
}
