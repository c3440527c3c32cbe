/** What every `*.bench.ts` module's `run()` returns; `run-all.ts` prints the lines. */
export interface BenchResult {
  name: string;
  lines: string[];
}
