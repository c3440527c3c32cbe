import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, navigate, newContext, prepareSize, serveBuild, SIZES } from './board.bench';
/**
 * A/B of the board's cold open between two client builds against the same server and data, the
 * builds taking turns (ABBA…), so that a loaded machine slows both alike: on a shared 2-core box the
 * absolute figures of two separate bench runs differ by 2× for reasons that have nothing to do with
 * the change. Measures as board.bench.ts does (open to fully rendered, and the client's time after
 * the snapshot's last byte) and prints each run and the medians. A diagnostic: no targets.
 *
 * Build each side: cd client && npx vite build --outDir /tmp/dist-a (check out the other revision's
 * client files for the second). Run: cd bench && npx tsx board-ab.ts /tmp/dist-a /tmp/dist-b [10000|50000] [rounds]
 */
const [distA, distB, onlySize, rounds] = process.argv.slice(2);
if (!distA || !distB || !fs.existsSync(path.join(distA, 'index.html')) || !fs.existsSync(path.join(distB, 'index.html'))) throw new Error('usage: npx tsx board-ab.ts <dist A> <dist B> [occurrences] [rounds]');
const builds = { A: distA, B: distB } as const;
type Side = keyof typeof builds;
const ROUNDS = Number(rounds ?? 4);
const browser = await chromium.launch(CHROMIUM);
for (const size of SIZES) {
  if (onlySize && Number(onlySize) !== size.occurrences) continue;
  const board = await prepareSize(size);
  const res: Record<Side, { full: number[]; client: number[] }> = { A: { full: [], client: [] }, B: { full: [], client: [] } };
  try {
    const turns: Side[][] = [
      ['A', 'B'],
      ['B', 'A'],
    ];
    for (let r = 0; r < ROUNDS; r++) for (const name of turns[r % 2]!) {
      const context = await newContext(browser, board);
      await serveBuild(context, board.url, builds[name]);
      const page = await context.newPage();
      const nv = await navigate(page, board.boardUrl);
      res[name].full.push(nv.full);
      res[name].client.push(nv.full - nv.snapshotEnd);
      console.log(size.occurrences, r, name, 'full', nv.full.toFixed(0), 'client after last byte', (nv.full - nv.snapshotEnd).toFixed(0), 'snapshot', nv.snapshotMs.toFixed(0), 'blocks', nv.blocksInDom);
      await context.close();
    }
  } finally {
    await board.stop();
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  for (const k of ['A', 'B'] as Side[]) console.log(`${size.occurrences} ${k} (${builds[k]}): cold open median ${med(res[k].full).toFixed(0)} ms, client after its last byte median ${med(res[k].client).toFixed(0)} ms (min ${Math.min(...res[k].client).toFixed(0)}) over ${res[k].full.length}`);
}
await browser.close();
