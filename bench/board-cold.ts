import { chromium } from 'playwright-core';
import { CHROMIUM, navigate, newContext, prepareSize, sizesFrom } from './board.bench';
import { memoryReferenceMs, percentile } from './support';

/**
 * The spread of the board's cold open (issue 12 holds the 10,000 one to ≤ 1 s): the board bench takes
 * one cold sample per run, so one figure near the target says little about the next run. Here every
 * round is cold as the bench's is: a new database seeded, a freshly started server process (its first
 * snapshot), a Chromium launched before the seeding as the bench launches its own, a new context.
 * Prints each round's open split into where the time goes (the snapshot asked and answered, the
 * client after its last byte) and the median and worst. A diagnostic: no targets.
 *
 * Run: cd bench && npx tsx board-cold.ts [10000|50000|assets:occurrences] [rounds]
 */
const [onlySize, rounds] = process.argv.slice(2);
const ROUNDS = Number(rounds ?? 6);

interface Split {
  full: number;
  snapshotStart: number;
  snapshotEnd: number;
}

for (const size of sizesFrom(onlySize)) {
  const runs: Split[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // In this order as in board.bench.ts: the browser is launched before the data is seeded.
    const browser = await chromium.launch(CHROMIUM);
    try {
      const board = await prepareSize(size);
      try {
        const page = await (await newContext(browser, board)).newPage();
        const nav = await navigate(page, board.boardUrl);
        // navigate read the snapshot's resource timing: its end and how long it took from being asked for.
        const s = { full: nav.full, snapshotStart: nav.snapshotEnd - nav.snapshotMs, snapshotEnd: nav.snapshotEnd };
        runs.push(s);
        console.log(
          `round ${r + 1}: open ${s.full.toFixed(0)} ms = snapshot asked at ${s.snapshotStart.toFixed(0)}, answered at ${s.snapshotEnd.toFixed(0)} (${(s.snapshotEnd - s.snapshotStart).toFixed(0)}), client after its last byte ${(s.full - s.snapshotEnd).toFixed(0)}; ${nav.blocksInDom} blocks; fresh memory: 64 MiB touched in ${memoryReferenceMs().toFixed(0)} ms`,
        );
      } finally {
        await board.stop();
      }
    } finally {
      await browser.close().catch(() => {});
    }
  }
  const med = (f: (s: Split) => number) => percentile(runs.map(f).sort((a, b) => a - b), 50).toFixed(0);
  console.log(
    `${size.occurrences}: cold open median ${med((s) => s.full)} ms, worst ${Math.max(...runs.map((s) => s.full)).toFixed(0)} ms over ${runs.length} rounds; medians: snapshot asked at ${med((s) => s.snapshotStart)}, its answer ${med((s) => s.snapshotEnd - s.snapshotStart)}, client after ${med((s) => s.full - s.snapshotEnd)}`,
  );
}
