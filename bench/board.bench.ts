import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { BenchResult } from './bench-types';
import { seedBoard } from './board-seed';
import { browserUiRenderers, CHROMIUM_PATH, HEADLESS_ARGS, hiddenUiOffArgs } from '@schedhuler/server/testing/chromium';
import { benchDatabase, loginCookie, machineReferenceMs, memoryReferenceMs, percentile, REPO, spawnServer } from './support';

/**
 * Issues 6.9, 12 and 13: the board at 10,000 and at 50,000 occurrences (200 and 500 assets) inside
 * the range it opens on (today, day zoom, in the board's zone; the page's wall clock pinned to the
 * day's 13:00, see pinnedClock), in headless Chromium at 1440×900
 * against the real server process (which serves the built client), one server and database per
 * size. Every scenario prints its figure, its target and MET / NOT MET.
 *
 * - Open, cold to fully rendered: COLD_RUNS opens, each by a freshly started server process (its first
 *   snapshot, its code not yet optimised) on the same database and a new browser context (nothing
 *   cached); the median is judged, every one printed (one cold sample on the shared 2-core box ranged
 *   980-1,500 ms at 10,000 within minutes). Each is timed from navigation start
 *   (performance.timeOrigin) to the start (rAF timestamp) of the first animation frame that draws
 *   the timeline as it then stays: grid rows and blocks in the DOM, their count unchanged for
 *   ≥ 1 s, blocks in the visible viewport. The page asks for its first view first (the runs
 *   on the rows it opens on, `?firstAssets=n`) and for the full snapshot of the range once that is
 *   drawn; the count must also stay unchanged for ≥ 1 s after the full snapshot came in. Printed
 *   beside it: the first answer's fetch, what the client takes after its last byte, and the full
 *   snapshot's fetch. WARM_RUNS warm navigations (the last cold page again) are printed, not judged.
 * - Where issue 13 names a figure measured before its work (2026-11-29, same bench), the line prints
 *   the ratio to it; each size's lines start with the machine reference (support.machineReferenceMs)
 *   and the fresh-memory reference (support.memoryReferenceMs) taken just before and after it, as
 *   the figures move with the machine's speed.
 * - Idle: an untouched open board's main-thread CPU (Chromium's TaskDuration over IDLE_MS) must be
 *   ~0 (no rAF loops or timers while nothing happens), judged at ≤ 1 % of one core.
 * - Browser JS heap after a forced GC, ≤ 150 MB at 50,000.
 * - Drag: the block nearest the top left of the visible board (any width: at 50,000 runs are 9 px
 *   wide at day zoom) is pressed and dragged 600 px right and 360 px down with real pointer input,
 *   one move per frame (Chromium aligns pointer moves to frames), twice, pooled. Per animation frame
 *   the page records the rAF delta and the frame's main-thread time: from the frame's start (the
 *   rAF timestamp, taken before input is dispatched) to the end of its rendering work (a message
 *   posted from rAF runs right after style, layout and paint). Headless Chromium draws at a fixed
 *   60 Hz, so "p95 ≤ 16 ms" is judged on the frame time; deltas ≥ 1.5 refresh intervals are
 *   printed as dropped frames.
 * - Fling: the board scrolls 40 px right per frame for 90 frames, then 30 px down for 90 (2.4 and
 *   1.8 px/ms), twice: frame time p95 ≤ 16 ms and dropped frames ≤ 2 %.
 */
export const SIZES = [
  // Issue 12 also holds the 10,000 open to ≤ 1 s (the board a dispatcher reads); issue 13 to 400 ms.
  { assets: 200, occurrences: 10_000, openTarget: 400, boardIssueTarget: 1_000 },
  { assets: 500, occurrences: 50_000, openTarget: 700, boardIssueTarget: null },
] as const;
export type BoardSize = (typeof SIZES)[number];
/** A board to seed: the bench's sizes, or any other for the diagnostics (`assets:occurrences`). */
export interface SeedSize {
  assets: number;
  occurrences: number;
}

/**
 * The diagnostics' size argument: `10000` or `50000` (one of SIZES), `assets:occurrences` for any
 * other board (`30:60`: what the open costs with next to nothing to draw), or nothing for every size.
 */
export function sizesFrom(arg: string | undefined): SeedSize[] {
  if (!arg) return [...SIZES];
  const custom = /^([1-9]\d{0,3}):([1-9]\d{0,5})$/.exec(arg);
  if (custom) return [{ assets: Number(custom[1]), occurrences: Number(custom[2]) }];
  const size = SIZES.find((s) => s.occurrences === Number(arg));
  if (!size) throw new Error(`unknown size ${arg}: 10000, 50000 or assets:occurrences`);
  return [size];
}
export interface PreparedBoard {
  url: string;
  cookie: string;
  boardUrl: string;
  inRange: number;
  /** The instant the pages' clock is pinned to (pinnedClock). */
  openAt: number;
  /** A freshly started server process on the same database in place of the running one (url, cookie and boardUrl change). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}
const WARM_RUNS = 2;
const COLD_RUNS = 3;
/**
 * Issue 13's figures of 2026-11-29, before its work (the open and the fling of this bench; the warm
 * open was 930-970 ms, its middle here). The 10,000 open had none in that issue.
 */
const BASELINE: Record<BoardSize['occurrences'], { openCold?: number; openWarm?: number; flingP95: number; flingDropped: number }> = {
  10_000: { flingP95: 50, flingDropped: 28 / 360 },
  50_000: { openCold: 1_226, openWarm: 950, flingP95: 107, flingDropped: 18 / 181 },
};
const vsBaseline = (now: number, before: number | undefined, unit: (n: number) => string) =>
  before === undefined ? '' : `; ${(now / before).toFixed(2)}× issue 13's 2026-11-29 figure of ${unit(before)}`;
const MOVES = 180;
const IDLE_MS = 3_000;
const ZONE = 'Europe/Berlin';
const HEAP_TARGET_MB = 150;
const FRAME_TARGET_MS = 16;
const DROPPED_TARGET = 0.02;
const IDLE_TARGET = 0.01;
/** The board snapshot's request (its range in the query), as the page's resource timing names it. */
const SNAPSHOT_URL = /\/api\/boards\/[^/?]+\?/;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (n: number) => `${n.toFixed(1)} ms`;
const met = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

/**
 * In every document, until the bench turns it off: one record per animation frame [rAF callback
 * time, grid rows present, blocks in the DOM, end of the frame's rendering work]. Times are
 * performance.now() (the rAF timestamp is the frame's scheduled start, which can lie long before a
 * busy main thread gets to it); the last one comes from a message posted in rAF, which runs right
 * after style, layout and paint.
 */
export const FRAME_PROBE = `(() => {
  const frames = [];
  window.__boardBench = frames;
  const ch = new MessageChannel();
  ch.port1.onmessage = () => { const f = frames.at(-1); if (f && f.length === 3) f.push(performance.now()); };
  const tick = () => {
    const t = performance.now();
    frames.push([t, document.querySelector('.scroller .row-bg') ? 1 : 0, document.querySelectorAll('[data-occurrence-id]').length]);
    ch.port2.postMessage(0);
    if (!window.__boardBenchOff && t < 30000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/**
 * The page's wall clock pinned to `at` (Date and Date.now only: performance.now, rAF and timers stay
 * real, so frame figures are unaffected). The board opens on "now", and how many blocks it mounts
 * depends on where in the day that is: at 04:40 the view starts at the day's edge, at 13:00 it has a
 * full day of runs on both sides. Pinned, the open is measured on the same, fullest view whatever the
 * hour the bench runs.
 */
export function pinnedClock(at: number): string {
  return `(() => {
  const RealDate = Date;
  const offset = ${at} - RealDate.now();
  class PinnedDate extends RealDate {
    constructor(...args) { if (args.length === 0) super(RealDate.now() + offset); else super(...args); }
    static now() { return RealDate.now() + offset; }
  }
  globalThis.Date = PinnedDate;
})();`;
}
/** The seeded day's local 13:00 (its midnight + 13 h): the instant every bench page opens the board at. */
const OPEN_HOUR_MS = 13 * 3_600_000;

export interface Navigation {
  full: number;
  firstBlocks: number;
  blocksInDom: number;
  blocksInView: number;
  /** The first snapshot answer the page drew from (its first view, when it asked for one): end, duration, bytes. */
  snapshotEnd: number;
  snapshotMs: number;
  snapshotKb: number;
  /** Whether that was a first view (`firstAssets=`), and the full snapshot of the same range after it (NaN when none). */
  firstView: boolean;
  fullStart: number;
  fullMs: number;
  fullKb: number;
}

/**
 * When the page's first range snapshot was a first view (`firstAssets=`): the end of the full snapshot
 * of that range (Infinity while it has not come), else 0.
 */
const REST_IN = `(() => {
  const snaps = performance.getEntriesByType('resource').filter((e) => ${SNAPSHOT_URL}.test(e.name) && !/\\/events/.test(e.name));
  if (!snaps.length || !snaps[0].name.includes('firstAssets=')) return 0;
  const range = (u) => { const q = new URL(u).searchParams; return q.get('from') + ' ' + q.get('to'); };
  const rest = snaps.find((e) => !e.name.includes('firstAssets=') && range(e.name) === range(snaps[0].name));
  return rest ? rest.responseEnd : Infinity;
})()`;

export async function navigate(page: Page, url: string): Promise<Navigation> {
  await page.goto('about:blank');
  await page.goto(url);
  // Wait until the block count has not changed for 1 s (or 20 s passed), and, when the page drew a first
  // view, for 1 s after the full snapshot of its range came in: "as it then stays" holds every row's data.
  type Frame = [number, number, number, number?];
  let frames: Frame[] = [];
  for (let i = 0; i < 200; i++) {
    await sleep(100);
    frames = await page.evaluate<Frame[]>('window.__boardBench');
    const restIn = await page.evaluate<number>(REST_IN);
    const last = frames.at(-1);
    const changed = [...frames].reverse().find((f) => f[2] !== last?.[2] || f[1] !== last?.[1]);
    if (last && last[1] === 1 && last[2] > 0 && changed && last[0] - Math.max(changed[0], restIn) >= 1000) break;
  }
  await page.evaluate('window.__boardBenchOff = true');
  const last = frames.at(-1)!;
  const first = frames.find((f) => f[2] > 0);
  const firstBlocks = first ? (first[3] ?? first[0]) : NaN;
  const lastChange = [...frames].reverse().findIndex((f) => f[2] !== last[2] || f[1] !== last[1]);
  const done = lastChange === -1 ? frames[0]! : frames[frames.length - lastChange]!;
  const full = done[3] ?? done[0];
  const blocksInView = await page.evaluate<number>(`(() => {
    const sc = document.querySelector('.scroller').getBoundingClientRect();
    return [...document.querySelectorAll('[data-occurrence-id]')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.right > sc.left + 248 && r.left < sc.right && r.bottom > sc.top + 46 && r.top < sc.bottom;
    }).length;
  })()`);
  // The range snapshots in the order asked: the first is what the first draw needs (a first view, when
  // the page asks for one), then the full snapshot of the same range (no firstAssets).
  const snaps = await page.evaluate<[string, number, number, number][]>(
    `performance.getEntriesByType('resource').filter((e) => ${SNAPSHOT_URL}.test(e.name) && !/\\/events/.test(e.name)).map((e) => [e.name, e.startTime, e.responseEnd, e.encodedBodySize])`,
  );
  const range = (url: string) => { const q = new URL(url).searchParams; return `${q.get('from')} ${q.get('to')}`; };
  const [firstUrl, firstStart, firstEnd, firstBytes] = snaps[0] ?? ['', NaN, NaN, NaN];
  const firstView = firstUrl.includes('firstAssets=');
  const rest = firstView ? snaps.find(([u]) => !u.includes('firstAssets=') && range(u) === range(firstUrl)) : undefined;
  return {
    full,
    firstBlocks,
    blocksInDom: last[2],
    blocksInView,
    snapshotEnd: firstEnd,
    snapshotMs: firstEnd - firstStart,
    snapshotKb: firstBytes / 1024,
    firstView,
    fullStart: rest ? rest[1] : NaN,
    fullMs: rest ? rest[2] - rest[1] : NaN,
    fullKb: rest ? rest[3] / 1024 : NaN,
  };
}

interface Frames {
  deltas: number[];
  work: number[];
  editingShare: number;
}

/** Starts recording, per animation frame: its timestamp, its main-thread time, whether a block is being dragged. */
const START_FRAMES = `(() => {
  const d = (window.__frames = { t: [], work: [], editing: 0, on: true });
  const ch = new MessageChannel();
  let frameStart = null;
  ch.port1.onmessage = () => {
    if (frameStart !== null) d.work.push(performance.now() - frameStart);
    frameStart = null;
  };
  const f = (t) => {
    if (!d.on) return;
    d.t.push(t);
    if (document.querySelector('[data-occurrence-id].editing')) d.editing++;
    frameStart = t;
    ch.port2.postMessage(0);
    requestAnimationFrame(f);
  };
  requestAnimationFrame(f);
})()`;

async function stopFrames(page: Page): Promise<Frames> {
  const rec = await page.evaluate<{ t: number[]; work: number[]; editing: number }>(`(() => { window.__frames.on = false; return window.__frames; })()`);
  return { deltas: rec.t.slice(1).map((t, i) => t - rec.t[i]!), work: rec.work.slice(1), editingShare: rec.editing / Math.max(1, rec.t.length) };
}

const pool = (fs: Frames[]): Frames => ({
  deltas: fs.flatMap((f) => f.deltas),
  work: fs.flatMap((f) => f.work),
  editingShare: Math.min(...fs.map((f) => f.editingShare)),
});

/**
 * The block to drag: fully inside the top-left part of the visible board, so the 600 × 360 px path
 * stays in view; the widest there (ties: the first), whatever its width.
 */
const FIND_BLOCK = `(() => {
  const sc = document.querySelector('.scroller').getBoundingClientRect();
  const left = sc.left + 248, top = sc.top + 46;
  let best = null;
  for (const el of document.querySelectorAll('[data-occurrence-id]')) {
    const r = el.getBoundingClientRect();
    if (r.left > left + 20 && r.right < left + 400 && r.top > top + 20 && r.bottom < top + 300 && r.width >= 4 && (!best || r.width > best.w)) best = { x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width };
  }
  return best;
})()`;

async function drag(page: Page): Promise<Frames> {
  const start = await page.evaluate<{ x: number; y: number } | null>(FIND_BLOCK);
  if (!start) throw new Error('no block to drag in the visible board');
  await page.mouse.move(start.x, start.y);
  await page.evaluate(START_FRAMES);
  await page.mouse.down();
  for (let i = 1; i <= MOVES; i++) await page.mouse.move(start.x + (i * 600) / MOVES, start.y + (i * 360) / MOVES);
  const frames = await stopFrames(page);
  await page.keyboard.press('Escape'); // cancel: the measurement is about dragging, not saving
  await page.mouse.up();
  await sleep(300);
  return frames;
}

/** The fling, run in the page: 90 frames 40 px right, then 90 frames 30 px down, one step per animation frame. */
export const FLING = `new Promise((resolve) => {
  const sc = document.querySelector('.scroller');
  let i = 0;
  const step = () => {
    if (i < 90) sc.scrollLeft += 40;
    else if (i < 180) sc.scrollTop += 30;
    else return resolve();
    i++;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`;

async function fling(page: Page): Promise<Frames> {
  const at = await page.evaluate<[number, number]>(`(() => { const sc = document.querySelector('.scroller'); return [sc.scrollLeft, sc.scrollTop]; })()`);
  await page.evaluate(START_FRAMES);
  await page.evaluate(FLING);
  const frames = await stopFrames(page);
  // Back where the board opened (scrolled to now): the drag after it finds its blocks there.
  await page.evaluate(`(() => { const sc = document.querySelector('.scroller'); sc.scrollLeft = ${at[0]}; sc.scrollTop = ${at[1]}; })()`);
  await sleep(500);
  return frames;
}

/**
 * Main-thread busy share of an untouched board, from Chromium's own task accounting; measured once
 * the board's requests have settled (the store prefetches the neighbouring ranges after opening,
 * which is work, not idling), at most 15 s after the open.
 */
async function idleCpu(page: Page): Promise<number> {
  let last = performance.now();
  let inFlight = 0;
  const started = () => ((inFlight += 1), (last = performance.now()));
  const ended = () => ((inFlight = Math.max(0, inFlight - 1)), (last = performance.now()));
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  for (let i = 0; i < 150 && (inFlight > 0 || performance.now() - last < 1_500); i++) await sleep(100);
  page.off('request', started);
  page.off('requestfinished', ended);
  page.off('requestfailed', ended);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
  await sleep(1_000);
  const t0 = await task();
  const w0 = performance.now();
  await sleep(IDLE_MS);
  const busy = (await task()) - t0;
  const share = (busy * 1000) / (performance.now() - w0);
  await cdp.detach();
  return share;
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

const stats = (xs: number[]) => {
  const s = Float64Array.from(xs).sort();
  return { p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] ?? NaN, n: s.length };
};

function frameLines(label: string, f: Frames, refreshMs: number, target: 'drag' | 'fling', base?: { flingP95: number; flingDropped: number }): string[] {
  const d = stats(f.deltas);
  const w = stats(f.work);
  const dropped = f.deltas.filter((x) => x >= 1.5 * refreshMs).length;
  const share = dropped / Math.max(1, d.n);
  const lines = [
    `  ${label}: frame time (main thread) p50 ${ms(w.p50)}, p95 ${ms(w.p95)}, max ${ms(w.max)} over ${w.n} frames (target p95 ≤ ${FRAME_TARGET_MS} ms) ${met(w.p95 <= FRAME_TARGET_MS)}${vsBaseline(w.p95, base?.flingP95, ms)}`,
    `  ${label}: rAF deltas p50 ${ms(d.p50)}, p95 ${ms(d.p95)}; dropped frames (delta ≥ ${ms(1.5 * refreshMs)}) ${dropped} of ${d.n} = ${(share * 100).toFixed(1)} %${target === 'fling' ? ` (target ≤ ${DROPPED_TARGET * 100} %) ${met(share <= DROPPED_TARGET)}${vsBaseline(share, base?.flingDropped, (x) => `${(x * 100).toFixed(1)} %`)}` : ''}${f.editingShare ? `; block being dragged in ${(f.editingShare * 100).toFixed(0)} % of frames` : ''}`,
  ];
  return lines;
}

/** A fresh context as every bench page gets it: planner1 signed in, the clock pinned, the frame probe. */
export async function newContext(browser: Browser, board: PreparedBoard): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const [name, ...value] = board.cookie.split('=');
  await context.addCookies([{ name: name!, value: value.join('='), url: board.url }]);
  await context.addInitScript({ content: pinnedClock(board.openAt) });
  await context.addInitScript({ content: FRAME_PROBE });
  return context;
}

/** Serves the page and scripts of the client build in `dist` in place of the server's own (diagnostics comparing builds on one server). */
export async function serveBuild(context: BrowserContext, origin: string, dist: string): Promise<void> {
  await context.route('**/*', async (route) => {
    const u = new URL(route.request().url());
    if (u.origin === origin && (u.pathname === '/' || u.pathname.startsWith('/assets/'))) {
      const file = path.join(dist, u.pathname === '/' ? 'index.html' : u.pathname);
      if (fs.existsSync(file)) return route.fulfill({ path: file });
    }
    return route.continue();
  });
}

/**
 * Resolves once a fresh server has compressed the client build: it does so in the background after it
 * starts (server/src/warm-up.ts), 350-450 ms of brotli on this box: waited for here, asking for each
 * file as the warm-up does (the server keeps one compression per file, so these wait for the warm-up's
 * own).
 */
async function staticFilesCompressed(origin: string): Promise<void> {
  const dist = path.join(REPO, 'client/dist');
  const files = ['/', ...fs.readdirSync(path.join(dist, 'assets')).filter((f) => /\.(?:js|css)$/.test(f)).map((f) => `/assets/${f}`)];
  await Promise.all(files.map(async (f) => void (await (await fetch(`${origin}${f}`, { headers: { 'accept-encoding': 'br' } })).arrayBuffer())));
}

/** One size's database and server, seeded: the measurement itself is `measureBoard`. */
export async function prepareSize(size: SeedSize, startServer: typeof spawnServer = spawnServer): Promise<PreparedBoard> {
  const db = await benchDatabase(`board${size.occurrences}`);
  // The server running now, if any: undefined between a stop and the next start, so a failure stops it once.
  let running: Awaited<ReturnType<typeof spawnServer>> | undefined;
  try {
    running = await startServer(db.url);
    const { boardId, inRange, day } = await seedBoard(db.url, { assets: size.assets, occurrences: size.occurrences, zone: ZONE });
    const startAnew = async () => {
      await running?.stop();
      running = undefined;
      running = await startServer(db.url);
      await staticFilesCompressed(running.url);
      return { url: running.url, cookie: await loginCookie(running.url, 'planner1'), boardUrl: `${running.url}/#/boards/${boardId}` };
    };
    // The seed writes with SQL, past the event log, so the board's seq stays as it was: the server that
    // ran during it keeps what its read warm-up (server/src/read-warm-up.ts) read before it, the demo's
    // 15 jobs for the seeded 500 (every seeded block 'Untitled job' on the first open). Every page is
    // served by a server started on the seeded database, as after a deploy.
    const board: PreparedBoard = {
      ...(await startAnew()),
      inRange,
      openAt: day.s.getTime() + OPEN_HOUR_MS,
      restart: async () => void Object.assign(board, await startAnew()),
      stop: async () => void (await running?.stop(), (running = undefined), await db.drop()),
    };
    return board;
  } catch (e) {
    await running?.stop();
    await db.drop();
    throw e;
  }
}

export async function measureBoard(browser: Browser, size: BoardSize, board: PreparedBoard): Promise<string[]> {
  let context: BrowserContext | undefined;
  try {
    let page: Page | undefined;
    const colds: Navigation[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      if (context) {
        await context.close();
        await board.restart();
      }
      context = await newContext(browser, board);
      page = await context.newPage();
      colds.push(await navigate(page, board.boardUrl));
      // Checked while the context is open: closing its window may take such a renderer with it.
      if (browserUiRenderers() > 0) throw new Error("Chromium ran its own UI's renderers beside the page (--top-chrome-webui): the figures are not the board's; see HIDDEN_UI_FEATURES in server/src/testing/chromium.ts");
    }
    if (!page) throw new Error('COLD_RUNS must be at least 1');
    const warms: Navigation[] = [];
    for (let i = 0; i < WARM_RUNS; i++) warms.push(await navigate(page, board.boardUrl));
    if ([...colds, ...warms].some((r) => r.blocksInView === 0 || !Number.isFinite(r.full))) throw new Error(`the board (${board.inRange}) never showed blocks in view`);
    const cold = [...colds].sort((a, b) => a.full - b.full)[Math.floor((colds.length - 1) / 2)]!;
    const base = BASELINE[size.occurrences];
    const cpu = await idleCpu(page);
    const heap = await heapMb(page);
    const refresh = 1000 / 60;
    const dragged = pool([await drag(page), await drag(page)]);
    if (dragged.editingShare < 0.9) throw new Error(`the block was not being dragged (${(dragged.editingShare * 100).toFixed(0)} % of frames)`);
    const flung = pool([await fling(page), await fling(page)]);
    const fmtRun = (r: Navigation) =>
      `${ms(r.full)} (first blocks ${ms(r.firstBlocks)}; ${r.firstView ? 'first view' : 'snapshot'} ${r.snapshotKb.toFixed(0)} KB on the wire in ${ms(r.snapshotMs)}, client after its last byte ${ms(r.full - r.snapshotEnd)}; ${r.blocksInDom} blocks in the DOM, ${r.blocksInView} in view` +
      (r.firstView ? `; then the full snapshot: asked at ${ms(r.fullStart)}, ${r.fullKb.toFixed(0)} KB on the wire in ${ms(r.fullMs)})` : ')');
    return [
      `${board.inRange} occurrences, ${size.assets} assets:`,
      `  open cold to fully rendered, median of ${colds.length} (${colds.map((r) => r.full.toFixed(0)).join(', ')} ms): ${fmtRun(cold)} (target ≤ ${size.openTarget} ms) ${met(cold.full <= size.openTarget)}` +
        (size.boardIssueTarget ? `; issue 12 target ≤ ${size.boardIssueTarget} ms ${met(cold.full <= size.boardIssueTarget)}` : '') +
        vsBaseline(cold.full, base.openCold, ms),
      ...warms.map((r, i) => `  open warm ${i + 1}: ${fmtRun(r)}${vsBaseline(r.full, base.openWarm, ms)}`),
      `  idle board: main thread busy ${(cpu * 100).toFixed(2)} % of ${IDLE_MS / 1000} s (target ~0: ≤ ${IDLE_TARGET * 100} %) ${met(cpu <= IDLE_TARGET)}`,
      `  browser JS heap after GC: ${heap.toFixed(1)} MB (target ≤ ${HEAP_TARGET_MB} MB) ${met(heap <= HEAP_TARGET_MB)}`,
      ...frameLines(`drag (2 × ${MOVES} pointer moves)`, dragged, refresh, 'drag'),
      ...frameLines('fling (2 × 90 frames right at 40 px, 90 down at 30 px)', flung, refresh, 'fling', base),
    ];
  } finally {
    await context?.close().catch(() => {});
  }
}

// Without the browser's own UI renderers (server/src/testing/chromium.ts): they ran beside every cold open.
export const CHROMIUM = { executablePath: CHROMIUM_PATH, args: [...HEADLESS_ARGS, ...hiddenUiOffArgs()] };

export async function run(): Promise<BenchResult> {
  if (!fs.existsSync(path.join(REPO, 'client/dist/index.html'))) throw new Error('client/dist is missing: run pnpm --filter @schedhuler/client build first');
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  const browser = await chromium.launch(CHROMIUM);
  try {
    const lines: string[] = [];
    for (const size of SIZES) {
      const before = machineReferenceMs();
      const memory = memoryReferenceMs();
      const board = await prepareSize(size);
      try {
        const measured = await measureBoard(browser, size, board);
        const [head, ...rest] = measured;
        lines.push(`${head} (machine reference: ${before.toFixed(0)} ms before, ${machineReferenceMs().toFixed(0)} ms after; fresh memory: 64 MiB touched in ${memory.toFixed(0)} ms before, ${memoryReferenceMs().toFixed(0)} ms after)`, ...rest);
      } finally {
        await board.stop();
      }
    }
    return { name: 'Board in headless Chromium at 1440×900: 10,000 and 50,000 occurrences in the opening range (today, day zoom), server in its own process', lines };
  } finally {
    await browser.close().catch(() => {});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.log(`== ${r.name} ==\n${r.lines.join('\n')}`);
}
