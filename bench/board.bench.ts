import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BenchResult } from './bench-types';
import { benchDatabase, loginCookie, percentile, REPO, spawnServer } from './support';

/**
 * Issue 6, item 9: the board with ASSETS assets and OCCURRENCES occurrences inside the range it
 * opens on (today, day zoom, in the board's zone), in headless Chromium against the real server
 * process (which serves the built client). The bench assets, one-off tasks and occurrences are
 * written with SQL after the server seeded the demo (the page reads them through the snapshot).
 *
 * - Navigation to fully rendered: from navigation start (performance.timeOrigin) to the start
 *   (rAF timestamp) of the first animation frame that draws the timeline complete, as it then stays: the asset rail and grid rows are in the
 *   DOM, occurrence blocks are in the DOM, and their count no longer changes (stable ≥ 1 s). The
 *   visible viewport is checked to hold blocks. Target ≤ 1 s. One cold run (new browser context,
 *   nothing cached), then WARM_RUNS more navigations to it (HTTP cache warm); the target is judged on the slowest run.
 * - Frame times while dragging: a block near the top left of the visible board is pressed and
 *   dragged across the board (600 px right, 360 px down across rows) with real pointer input, one
 *   move at a time as fast as the page takes them (about one per frame: Chromium aligns pointer
 *   moves to frames), twice, pooled. Meanwhile the page records, per
 *   animation frame, the requestAnimationFrame delta and the frame's main-thread time: from the
 *   frame's start (the rAF timestamp, taken before pointer events are dispatched) to the end of its
 *   rendering work (a message posted from rAF runs right after style, layout and paint). Headless
 *   Chromium here draws at a fixed 60 Hz, so rAF deltas sit at one refresh interval (16.7 ms) while
 *   the page keeps up, and --disable-frame-rate-limit does not lift that; deltas over 1.5 intervals are
 *   dropped frames. "p95 ≤ 16 ms" is therefore judged on the frame time (does a frame's work fit in
 *   the 60 Hz budget), with the rAF deltas and dropped frames printed beside it, and the same figures
 *   for the idle board as a baseline.
 */
const ASSETS = 200;
const OCCURRENCES = 10_000;
const WARM_RUNS = 4;
const MOVES = 180;
const ZONE = 'Europe/Berlin';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const BASE_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Fills the demo board up to ASSETS assets and exactly OCCURRENCES occurrences overlapping today (board zone). */
async function seedBoard(databaseUrl: string): Promise<{ boardId: string; inRange: number }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const board = (await db.query<{ id: string }>(`select id from board where name = 'Demo depot'`)).rows[0];
    if (!board) throw new Error('the demo board is missing');
    const boardId = board.id;
    const day = (
      await db.query<{ s: Date; e: Date }>(
        `select (date_trunc('day', now() at time zone $1)) at time zone $1 as s, (date_trunc('day', now() at time zone $1) + interval '1 day') at time zone $1 as e`,
        [ZONE],
      )
    ).rows[0]!;
    const countInRange = async () =>
      Number((await db.query<{ n: string }>(`select count(*) as n from occurrence where board_id = $1 and status <> 'cancelled' and starts_at < $3 and ends_at > $2`, [boardId, day.s, day.e])).rows[0]!.n);
    await db.query('begin');
    await db.query(
      `insert into asset (id, board_id, code, name, kind, status, version, created_at, updated_at)
       select gen_random_uuid(), $1, 'B-' || lpad(n::text, 3, '0'), (array['Guard', 'Van', 'Tool'])[n % 3 + 1] || ' ' || n,
              (array['person', 'vehicle', 'equipment'])[n % 3 + 1], 'working', 1, now(), now()
         from generate_series(1, $2 - (select count(*) from asset where board_id = $1)::int) n`,
      [boardId, ASSETS],
    );
    // One one-off task per bench asset (no cron: the horizon worker leaves them alone), then its occurrences.
    await db.query(
      `insert into job (id, board_id, kind, name, asset_id, cron, timezone, valid_from, starts_at, plan_duration_min, natural_key, created_at, updated_at)
       select gen_random_uuid(), $1, 'task', 'Bench ' || a.code, a.id, null, $2, $3, $3, 20, 'bench-' || a.code, now(), now()
         from asset a where a.board_id = $1 and a.code like 'B-%'`,
      [boardId, ZONE, day.s],
    );
    const wanted = OCCURRENCES - (await countInRange());
    const jobs = Number((await db.query<{ n: string }>(`select count(*) as n from job where board_id = $1 and natural_key like 'bench-%'`, [boardId])).rows[0]!.n);
    const perJob = Math.ceil(wanted / jobs);
    const slotMin = Math.floor((day.e.getTime() - day.s.getTime()) / 60_000 / perJob);
    if (slotMin < 8) throw new Error(`too many occurrences per asset (${perJob}) for one day`);
    // Slot i of job k starts at i × slot (+ k mod 5 min, so rows do not line up) and lasts slot − 5 min: no overlaps.
    await db.query(
      `insert into occurrence (id, board_id, job_id, asset_id, planned_start, starts_at, ends_at, status, detached, version, created_at, updated_at)
       select gen_random_uuid(), $1, j.id, j.asset_id, t, t, t + make_interval(mins => $4 - 5), 'scheduled', false, 1, now(), now()
         from (select id, asset_id, row_number() over (order by natural_key) - 1 as k from job where board_id = $1 and natural_key like 'bench-%') j
         cross join lateral generate_series(0, $3 - 1) i
         cross join lateral (select $2::timestamptz + make_interval(mins => i * $4 + (j.k % 5)::int) as t) s
        where j.k * $3 + i < $5`,
      [boardId, day.s, perJob, slotMin, wanted],
    );
    await db.query('commit');
    await db.query('analyze');
    return { boardId, inRange: await countInRange() };
  } catch (e) {
    await db.query('rollback').catch(() => {});
    throw e;
  } finally {
    await db.end();
  }
}

/** In every document: one record per animation frame (time, grid rows present, blocks in the DOM) for 10 s. */
const FRAME_PROBE = `(() => {
  const frames = [];
  window.__boardBench = frames;
  const tick = (t) => {
    frames.push([t, document.querySelector('.scroller .row-bg') ? 1 : 0, document.querySelectorAll('[data-occurrence-id]').length]);
    if (t < 10000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

interface Navigation {
  grid: number;
  firstBlocks: number;
  full: number;
  blocksInDom: number;
  blocksInView: number;
  snapshotMs: number;
  snapshotKb: number;
  snapshotCount: number;
}

async function navigate(page: Page, url: string): Promise<Navigation> {
  await page.goto('about:blank');
  const snapshot = page.waitForResponse((r) => /\/api\/boards\/[^/?]+\?from=/.test(r.url()));
  await page.goto(url);
  const snapshotCount = ((await (await snapshot).json()) as { occurrences: unknown[] }).occurrences.length;
  // Wait until the block count has not changed for 1 s (or 8 s passed).
  type Frame = [number, number, number];
  let frames: Frame[] = [];
  for (let i = 0; i < 80; i++) {
    await sleep(100);
    frames = (await page.evaluate('window.__boardBench')) as Frame[];
    const last = frames.at(-1);
    const changed = [...frames].reverse().find((f) => f[2] !== last?.[2]);
    if (last && last[2] > 0 && changed && last[0] - changed[0] >= 1000) break;
  }
  const last = frames.at(-1)!;
  const grid = frames.find((f) => f[1] === 1)?.[0] ?? NaN;
  const firstBlocks = frames.find((f) => f[2] > 0)?.[0] ?? NaN;
  const lastChange = [...frames].reverse().findIndex((f) => f[2] !== last[2]);
  const full = lastChange === -1 ? frames[0]![0] : frames[frames.length - lastChange]![0];
  const blocksInView = (await page.evaluate(`(() => {
    const sc = document.querySelector('.scroller').getBoundingClientRect();
    return [...document.querySelectorAll('[data-occurrence-id]')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.right > sc.left + 248 && r.left < sc.right && r.bottom > sc.top + 46 && r.top < sc.bottom;
    }).length;
  })()`)) as number;
  const res = (await page.evaluate(`performance.getEntriesByType('resource').filter((e) => /\\/api\\/boards\\/[^/?]+\\?from=/.test(e.name)).map((e) => [e.responseEnd - e.startTime, e.encodedBodySize])[0]`)) as [number, number];
  return { grid, firstBlocks, full, blocksInDom: last[2], blocksInView, snapshotMs: res[0], snapshotKb: res[1] / 1024, snapshotCount };
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
  const rec = (await page.evaluate(`(() => { window.__frames.on = false; return window.__frames; })()`)) as { t: number[]; work: number[]; editing: number };
  return { deltas: rec.t.slice(1).map((t, i) => t - rec.t[i]!), work: rec.work.slice(1), editingShare: rec.editing / Math.max(1, rec.t.length) };
}

/** Presses a block near the top left of the visible board and drags it right and down across rows. */
async function drag(page: Page): Promise<Frames> {
  const start = (await page.evaluate(`(() => {
    const sc = document.querySelector('.scroller').getBoundingClientRect();
    const left = sc.left + 248, top = sc.top + 46;
    for (const el of document.querySelectorAll('[data-occurrence-id]')) {
      const r = el.getBoundingClientRect();
      if (r.left > left + 60 && r.right < left + 400 && r.top > top + 60 && r.bottom < top + 300 && r.width > 12) return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }
    return null;
  })()`)) as { x: number; y: number } | null;
  if (!start) throw new Error('no block to drag in the visible board');
  await page.mouse.move(start.x, start.y);
  await page.evaluate(START_FRAMES);
  await page.mouse.down();
  for (let i = 1; i <= MOVES; i++) await page.mouse.move(start.x + (i * 600) / MOVES, start.y + (i * 360) / MOVES);
  const frames = await stopFrames(page);
  await page.keyboard.press('Escape'); // cancel: the measurement is about dragging, not saving
  await page.mouse.up();
  return frames;
}

/**
 * A fast fling: the board scrolls 40 px right per frame for 90 frames, then 30 px down per frame
 * for 90 frames (2.4 px/ms and 1.8 px/ms at 60 Hz), crossing many mount-window chunks; then back.
 */
async function fling(page: Page): Promise<Frames> {
  await page.evaluate(START_FRAMES);
  await page.evaluate(`new Promise((resolve) => {
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
  })`);
  const frames = await stopFrames(page);
  await page.evaluate(`(() => { const sc = document.querySelector('.scroller'); sc.scrollLeft = 0; sc.scrollTop = 0; })()`);
  await sleep(500);
  return frames;
}

async function idle(page: Page): Promise<Frames> {
  await page.evaluate(START_FRAMES);
  await sleep(2_000);
  return stopFrames(page);
}

const stats = (xs: number[]) => {
  const s = Float64Array.from(xs).sort();
  return { p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] ?? NaN, n: s.length };
};

function frameLines(label: string, f: Frames, refreshMs: number): string[] {
  const d = stats(f.deltas);
  const w = stats(f.work);
  const dropped = f.deltas.filter((x) => x >= 1.5 * refreshMs).length;
  const over = f.work.filter((x) => x > 16).length;
  return [
    `${label}: rAF deltas over ${d.n} frames p50 ${ms(d.p50)}, p95 ${ms(d.p95)}, max ${ms(d.max)}; dropped frames (delta ≥ ${ms(1.5 * refreshMs)}) ${dropped}`,
    `${label}: frame time (main thread) p50 ${ms(w.p50)}, p95 ${ms(w.p95)}, max ${ms(w.max)}; frames over 16 ms ${over}${f.editingShare ? `; block being dragged in ${(f.editingShare * 100).toFixed(0)} % of frames` : ''}`,
  ];
}

async function openBoard(browser: Browser, url: string, cookie: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const [name, ...value] = cookie.split('=');
  await context.addCookies([{ name: name!, value: value.join('='), url }]);
  await context.addInitScript({ content: FRAME_PROBE });
  return context.newPage();
}

export async function run(): Promise<BenchResult> {
  if (!fs.existsSync(path.join(REPO, 'client/dist/index.html'))) throw new Error('client/dist is missing: run pnpm --filter @schedhuler/client build first');
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  const db = await benchDatabase('board');
  const server = await spawnServer(db.url);
  let browser: Browser | undefined;
  try {
    const { boardId, inRange } = await seedBoard(db.url);
    const cookie = await loginCookie(server.url, 'planner1');
    const boardUrl = `${server.url}/#/boards/${boardId}`;

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: BASE_ARGS });
    const page = await openBoard(browser, server.url, cookie);
    const runs: Navigation[] = [];
    for (let i = 0; i <= WARM_RUNS; i++) runs.push(await navigate(page, boardUrl));
    if (runs.some((r) => r.blocksInView === 0 || !Number.isFinite(r.full))) throw new Error('the board never showed blocks in view');
    const base = await idle(page);
    const refresh = stats(base.deltas).p50;
    // Two drags, pooled: more frames for the p95 on a shared machine.
    const drags = [await drag(page), await drag(page)];
    const dragged: Frames = { deltas: drags.flatMap((d) => d.deltas), work: drags.flatMap((d) => d.work), editingShare: Math.min(...drags.map((d) => d.editingShare)) };
    if (dragged.editingShare < 0.9) throw new Error(`the block was not being dragged (${(dragged.editingShare * 100).toFixed(0)} % of frames)`);

    const flings = [await fling(page), await fling(page)];
    const flung: Frames = { deltas: flings.flatMap((d) => d.deltas), work: flings.flatMap((d) => d.work), editingShare: 0 };

    const slowest = Math.max(...runs.map((r) => r.full));
    const p95 = stats(dragged.work).p95;
    const fmtRun = (r: Navigation, label: string) =>
      `${label}: grid ${ms(r.grid)}, first blocks ${ms(r.firstBlocks)}, fully rendered ${ms(r.full)} (${r.blocksInDom} blocks in the DOM, ${r.blocksInView} in view; snapshot ${r.snapshotCount} occurrences, ${r.snapshotKb.toFixed(0)} KB, ${ms(r.snapshotMs)})`;
    const warm = runs.slice(1).map((r) => r.full).sort((x, y) => x - y);
    return {
      name: `Board in headless Chromium: ${ASSETS} assets, ${inRange} occurrences in the opening range (today, day zoom), server in its own process`,
      lines: [
        fmtRun(runs[0]!, 'navigation, cold'),
        ...runs.slice(1).map((r, i) => fmtRun(r, `navigation, warm ${i + 1}`)),
        `navigation to fully rendered: cold ${ms(runs[0]!.full)}, warm median ${ms(percentile(warm, 50))}; slowest ${ms(slowest)} (target ≤ 1000 ms) ${slowest <= 1000 ? 'MET' : 'NOT MET'}`,
        ...frameLines(`idle board (refresh ${ms(refresh)})`, base, refresh),
        ...frameLines(`drag across the board (2 × ${MOVES} pointer moves)`, dragged, refresh),
        `drag frame time p95: ${ms(p95)} (target ≤ 16 ms) ${p95 <= 16 ? 'MET' : 'NOT MET'}`,
        ...frameLines('fast scroll, 2 × (90 frames right at 40 px, 90 down at 30 px; no target, for tuning)', flung, refresh),
      ],
    };
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    await db.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.log(`== ${r.name} ==\n${r.lines.join('\n')}`);
}
