import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, where browser tests and benches find it (`CHROMIUM_PATH` overrides). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The switches the browser tests and the benches both launch Chromium with (the tests add `--disable-quic`). */
export const HEADLESS_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] as const;

/**
 * Browser UI a headless page never shows, which Chromium's headless mode (the full browser without a
 * display) still builds for every new window: the WebUI omnibox popups. Each new
 * browser context (every cold open of the board bench, every planner of a browser test) started a
 * `--top-chrome-webui` renderer that loaded ~400 files and took ~1.5 s of CPU on the shared 2-core
 * box (2026-12-01), beside the page being measured: the board bench's cold open at 10,000 took
 * median 1,204 ms with it and 782 ms without (8 opens taking turns, one board, fresh server each).
 */
export const HIDDEN_UI_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'] as const;

/**
 * Playwright's own `--disable-features` list (chromiumSwitches.ts of the version below). Chromium
 * honours only the last `--disable-features` switch and Playwright puts its own first, so ours must
 * repeat them or they are silently lost (PaintHolding among them).
 */
const PLAYWRIGHT_VERSION = '1.65.1';
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/** The switches that turn HIDDEN_UI_FEATURES off while keeping Playwright's own list. */
export function hiddenUiOffArgs(): string[] {
  const { version } = createRequire(import.meta.url)('playwright-core/package.json') as { version: string };
  if (version !== PLAYWRIGHT_VERSION)
    throw new Error(`playwright-core ${version}: copy its disabledFeatures (src/server/chromium/chromiumSwitches.ts) into server/src/testing/chromium.ts, then set PLAYWRIGHT_VERSION`);
  return [`--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...HIDDEN_UI_FEATURES].join(',')}`];
}

/** Debian's Chromium (browser tests and benches), headless, with HIDDEN_UI_FEATURES off. */
export function launchChromium(executablePath: string, args: readonly string[]): Promise<Browser> {
  return chromium.launch({ executablePath, args: [...args, ...hiddenUiOffArgs()] });
}

/**
 * How many renderers for the browser's own UI run under this process (Linux: from /proc; a Chromium
 * that Playwright launched here is a descendant, a desktop browser or another test worker's is not):
 * 0 while launchChromium's switches work. A Chromium that renamed those features would bring them
 * back silently, and the benches would measure them beside the page again.
 */
export function browserUiRenderers(root = process.pid): number {
  if (!fs.existsSync('/proc')) return 0;
  const parent = new Map<number, number>();
  const ui: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 2nd field after the command name, which may itself hold spaces and parentheses.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('--top-chrome-webui')) ui.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  const under = (pid: number): boolean => {
    for (let p = parent.get(pid), hops = 0; p !== undefined && p > 0 && hops < 64; p = parent.get(p), hops++) if (p === root) return true;
    return false;
  };
  return ui.filter(under).length;
}
