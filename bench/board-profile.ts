import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { CHROMIUM, pinnedClock, prepareSize, sizesFrom } from './board.bench';
import { REPO } from './support';

/**
 * Where the board's open goes after the snapshot's last byte (issue 13.2), as a CPU profile: a
 * non-minified client build (so functions keep their names) is served in place of client/dist via
 * request routing, the neighbouring-range prefetch is refused (it runs in idle time after the open
 * and would blur the figures), and Chromium's sampling profiler runs from navigation until the
 * block count has been steady for 1 s. Prints, per size, the inclusive and self time of the
 * functions that matter from the first decode sample on. A diagnostic, not a bench: no targets.
 *
 * Run: cd bench && npx tsx board-profile.ts [10000|50000|assets:occurrences]
 */
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'board-profile-dist-'));
execFileSync('npx', ['vite', 'build', '--minify', 'false', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: path.join(REPO, 'client'), stdio: 'inherit' });

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/** Functions of the data path (decode, range cache, blocks, index) and the big derivations over all blocks. */
const FOCUS = /^(decode\w*|fetchBoardSnapshot|load|#replace|reset|merge|within|shownIn|build|BlockBuilder|OccurrenceIndex|buildBucket|spansByAsset|mergeSpans|groupHistogram|assetLoads|tourVisits|laneRowHeights|conflictedAssetIds|filterAssets|layoutRows|visibleItems|Occurrence_block|applyPending|indexById)$/;
const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url.split('?')[0] || '') || ''}:${n.callFrame.lineNumber + 1}`;

function analyse(p: Profile): string[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number) => {
    const s: Node[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) s.push(byId.get(at)!);
    return s;
  };
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let started = false;
  let total = 0;
  let idle = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const stack = stackOf(p.samples[i]!);
    if (!started && stack.some((n) => /^decode(Snapshot|Into)/.test(n.callFrame.functionName))) started = true;
    if (!started) continue;
    const top = stack[0]!;
    if (top.callFrame.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    total += dt;
    self.set(label(top), (self.get(label(top)) ?? 0) + dt);
    for (const l of new Set(stack.map(label))) incl.set(l, (incl.get(l) ?? 0) + dt);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `    ${v.toFixed(1).padStart(7)} ms  ${k}`);
  const focus = [...incl].filter(([k]) => FOCUS.test(k.split(' ')[0]!)).sort((a, b) => b[1] - a[1]);
  return [`  busy from the first decode sample: ${total.toFixed(1)} ms (idle ${idle.toFixed(1)} ms)`, '  self:', ...top(self, 25), '  inclusive (named, app code):', ...top(new Map([...incl].filter(([k]) => !k.startsWith('(') && !/ :0$/.test(k) && !k.startsWith('(anonymous)'))), 45), '  inclusive, the data path and what derives from it:', ...top(new Map(focus), 40)];
}

const browser = await chromium.launch(CHROMIUM);
try {
  for (const size of sizesFrom(process.argv[2])) {
    const board = await prepareSize(size);
    try {
      for (const run of ['cold']) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const [name, ...value] = board.cookie.split('=');
        await context.addCookies([{ name: name!, value: value.join('='), url: board.url }]);
        await context.addInitScript({ content: pinnedClock(board.openAt) });
        let snapshots = 0;
        await context.route('**/*', async (route) => {
          const u = new URL(route.request().url());
          if (/^\/api\/boards\/[^/]+$/.test(u.pathname) && u.search.includes('from=') && ++snapshots > 1) return route.abort();
          if (u.origin === board.url && (u.pathname === '/' || u.pathname.startsWith('/assets/'))) {
            const file = path.join(outDir, u.pathname === '/' ? 'index.html' : u.pathname);
            if (fs.existsSync(file)) return route.fulfill({ path: file });
          }
          return route.continue();
        });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await page.goto('about:blank');
        await cdp.send('Profiler.start');
        await page.goto(board.boardUrl);
        let last = -1;
        let steadySince = Date.now();
        for (let i = 0; i < 200; i++) {
          await new Promise((r) => setTimeout(r, 100));
          const n = await page.evaluate(() => document.querySelectorAll('[data-occurrence-id]').length);
          if (n !== last) {
            last = n;
            steadySince = Date.now();
          } else if (n > 0 && Date.now() - steadySince >= 1000) break;
        }
        const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
        console.log(`== ${board.inRange} occurrences (${run}, ${last} blocks in the DOM) ==`);
        console.log(analyse(profile).join('\n'));
        if (process.env.PROFILE_OUT) fs.writeFileSync(`${process.env.PROFILE_OUT}-${size.occurrences}.cpuprofile`, JSON.stringify(profile));
        await context.close();
      }
    } finally {
      await board.stop();
    }
  }
} finally {
  await browser.close();
  fs.rmSync(outDir, { recursive: true, force: true });
}
