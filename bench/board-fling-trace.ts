import { chromium } from 'playwright-core';
import { CHROMIUM, FLING, navigate, newContext, prepareSize, serveBuild, sizesFrom } from './board.bench';

/**
 * Where a fling's frames go, as Chromium traces them: the board bench's fling (90 frames 40 px right,
 * 90 frames 30 px down) under a `devtools.timeline` trace, then per animation frame the main thread's
 * top-level work (script, style, layout, paint, GC), the p95 of that work, the frames over 16 ms and
 * where they fall (frames 0-89 scroll right, 90-179 down), and the six heaviest frames broken down;
 * then every browser thread's busy time over the fling (its top-level tasks): on 2 cores the display
 * compositor, raster workers and compositor thread of a software-drawn page (`--disable-gpu`) took
 * as much CPU as the page's main thread (10,000 fling, 2026-12-01: 481, 478, 361 vs 896 ms).
 * Builds can take turns (A/B on one server and data, so machine load hits both alike): each is served
 * in place of client/dist via request routing. A diagnostic: no targets.
 *
 * Run: cd bench && npx tsx board-fling-trace.ts [10000|50000|assets:occurrences] [rounds] [dist …]
 */
const [onlySize, roundsArg, ...dists] = process.argv.slice(2);
const size = sizesFrom(onlySize ?? '10000')[0]!;
const ROUNDS = Number(roundsArg ?? 1);
const PARTS = ['FunctionCall', 'RunMicrotasks', 'EventDispatch', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'FireAnimationFrame', 'HitTest', 'MinorGC', 'MajorGC'];
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

/** Each thread's busy time (its top-level complete events, nested ones not counted twice), by thread name, busiest first. */
function threadBusy(events: TraceEvent[]): [string, number][] {
  const names = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name ?? String(e.tid)]));
  const busy = new Map<string, { ms: number; end: number }>();
  for (const e of events.filter((x) => x.ph === 'X' && x.dur).sort((a, b) => a.ts - b.ts)) {
    const key = `${e.pid}:${e.tid}`;
    const t = busy.get(key) ?? { ms: 0, end: -1 };
    busy.set(key, t);
    if (e.ts < t.end) continue;
    t.ms += e.dur! / 1000;
    t.end = e.ts + e.dur!;
  }
  const byName = new Map<string, number>();
  for (const [key, t] of busy) {
    const name = names.get(key) ?? key;
    byName.set(name, (byName.get(name) ?? 0) + t.ms);
  }
  return [...byName].sort((a, b) => b[1] - a[1]);
}

const browser = await chromium.launch(CHROMIUM);
const board = await prepareSize(size);
try {
  const builds = dists.length ? dists : [''];
  for (let round = 0; round < ROUNDS; round++) {
    for (const dist of builds) {
      const context = await newContext(browser, board);
      if (dist) await serveBuild(context, board.url, dist);
      const page = await context.newPage();
      await navigate(page, board.boardUrl);
      await new Promise((r) => setTimeout(r, 1500));
      const cdp = await context.newCDPSession(page);
      const events: TraceEvent[] = [];
      cdp.on('Tracing.dataCollected', (d) => void events.push(...(d.value as unknown as TraceEvent[])));
      const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
      await cdp.send('Tracing.start', { categories: 'devtools.timeline,toplevel', transferMode: 'ReportEvents' });
      const flingStart = performance.now();
      await page.evaluate(FLING);
      const flingMs = performance.now() - flingStart;
      await cdp.send('Tracing.end');
      await complete;
      const mainTid = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.tid === e.tid && x.pid === e.pid && x.name === 'FireAnimationFrame'))?.tid;
      const main = events.filter((e) => e.tid === mainTid && e.ph === 'X' && e.dur).sort((a, b) => a.ts - b.ts);
      const frames: { work: number; parts: Map<string, number> }[] = [];
      let topEnd = -1;
      for (const e of main) {
        if (e.name === 'FireAnimationFrame') frames.push({ work: 0, parts: new Map() });
        const f = frames.at(-1);
        if (!f || !PARTS.includes(e.name)) continue;
        f.parts.set(e.name, (f.parts.get(e.name) ?? 0) + e.dur! / 1000);
        if (e.ts >= topEnd) {
          f.work += e.dur! / 1000;
          topEnd = e.ts + e.dur!;
        }
      }
      const heavy = frames.map((f, i) => ({ ...f, i })).sort((a, b) => b.work - a.work);
      const over = heavy.filter((f) => f.work > 16);
      console.log(`${size.occurrences} ${dist || 'client/dist'} round ${round}: ${frames.length} frames, main-thread work p95 ${heavy[Math.floor(frames.length * 0.05)]?.work.toFixed(1)} ms, ${over.length} over 16 ms (frames ${over.map((f) => f.i).sort((a, b) => a - b).join(',')})`);
      for (const f of heavy.slice(0, 6)) console.log(`  ${f.work.toFixed(1)} ms: ${[...f.parts].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
      console.log(`  threads over the ${flingMs.toFixed(0)} ms fling: ${threadBusy(events).slice(0, 6).map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`).join(', ')}`);
      await context.close();
    }
  }
} finally {
  await board.stop();
  await browser.close();
}
