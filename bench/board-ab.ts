import fs from 'node:fs';
import path from 'node:path';
import { chromium, type CDPSession } from 'playwright-core';
import { CHROMIUM, navigate, newContext, prepareSize, serveBuild, sizesFrom } from './board.bench';
/**
 * A/B of the board's cold open between two client builds against the same server and data, the
 * builds taking turns (ABBA…), so that a loaded machine slows both alike: on a shared 2-core box the
 * absolute figures of two separate bench runs differ by 2× for reasons that have nothing to do with
 * the change. Measures as board.bench.ts does (open to fully rendered, and the client's time after
 * the snapshot's last byte) and prints each run and the medians. A diagnostic: no targets.
 *
 * Build each side: cd client && npx vite build --outDir /tmp/dist-a (check out the other revision's
 * client files for the second). Run: cd bench && npx tsx board-ab.ts /tmp/dist-a /tmp/dist-b [10000|50000|assets:occurrences] [rounds]
 */
const [distA, distB, onlySize, rounds] = process.argv.slice(2);
if (!distA || !distB || !fs.existsSync(path.join(distA, 'index.html')) || !fs.existsSync(path.join(distB, 'index.html'))) throw new Error('usage: npx tsx board-ab.ts <dist A> <dist B> [10000|50000|assets:occurrences] [rounds]');
const builds = { A: distA, B: distB } as const;
type Side = keyof typeof builds;
const ROUNDS = Number(rounds ?? 4);
/**
 * The page's main-thread time so far (Chromium's own task accounting, in ms): far less noisy than the
 * wall-clock open on a shared box, as it leaves out the time the renderer waited for a core. Read
 * after `navigate`, so it includes the ~1 s of steady frames it waits for, alike on both sides.
 */
async function mainThread(cdp: CDPSession): Promise<{ task: number; script: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const get = (n: string) => (metrics.find((m) => m.name === n)?.value ?? NaN) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
}

const browser = await chromium.launch(CHROMIUM);
for (const size of sizesFrom(onlySize)) {
  const board = await prepareSize(size);
  const res: Record<Side, { full: number[]; client: number[]; task: number[]; script: number[] }> = { A: { full: [], client: [], task: [], script: [] }, B: { full: [], client: [], task: [], script: [] } };
  try {
    const turns: Side[][] = [
      ['A', 'B'],
      ['B', 'A'],
    ];
    for (let r = 0; r < ROUNDS; r++) for (const name of turns[r % 2]!) {
      const context = await newContext(browser, board);
      await serveBuild(context, board.url, builds[name]);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const nv = await navigate(page, board.boardUrl);
      const busy = await mainThread(cdp);
      res[name].full.push(nv.full);
      res[name].client.push(nv.full - nv.snapshotEnd);
      res[name].task.push(busy.task);
      res[name].script.push(busy.script);
      console.log(size.occurrences, r, name, 'full', nv.full.toFixed(0), 'client after last byte', (nv.full - nv.snapshotEnd).toFixed(0), 'snapshot', nv.snapshotMs.toFixed(0), 'blocks', nv.blocksInDom, 'main thread busy', busy.task.toFixed(0), 'of which script', busy.script.toFixed(0));
      await context.close();
    }
  } finally {
    await board.stop();
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  for (const k of ['A', 'B'] as Side[])
    console.log(
      `${size.occurrences} ${k} (${builds[k]}): cold open median ${med(res[k].full).toFixed(0)} ms, client after its last byte median ${med(res[k].client).toFixed(0)} ms (min ${Math.min(...res[k].client).toFixed(0)}), main thread busy median ${med(res[k].task).toFixed(0)} ms (script ${med(res[k].script).toFixed(0)}) over ${res[k].full.length}`,
    );
}
await browser.close();
