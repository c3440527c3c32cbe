import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { browserUiRenderers, launchChromium } from '@schedhuler/server/testing/chromium';
import { browserTestsEnabled, CHROMIUM_PATH } from './harness';

const enabled = browserTestsEnabled();
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];

/** The highest count over `ms` (Chromium may start such a renderer after the page is open), stopping once above `stopAbove`. */
async function rendererPeak(ms: number, stopAbove = Infinity): Promise<number> {
  let peak = 0;
  for (const end = Date.now() + ms; Date.now() < end && peak <= stopAbove; ) {
    peak = Math.max(peak, browserUiRenderers());
    await new Promise((r) => setTimeout(r, 50));
  }
  return peak;
}

/** Two contexts, a page each, as two planners (or two cold opens of the bench) would open them. */
async function openTwoContexts(browser: Browser): Promise<void> {
  for (let i = 0; i < 2; i++) await (await (await browser.newContext()).newPage()).goto('about:blank');
}

// Linux only (/proc): the check reads every process's command line.
describe.runIf(enabled && process.platform === 'linux')('Chromium as the tests and benches launch it', () => {
  let browser: Browser | undefined;
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });

  it("runs no renderer for the browser's own UI beside the pages", async () => {
    browser = await launchChromium(CHROMIUM_PATH, ARGS);
    await openTwoContexts(browser);
    expect(await rendererPeak(1500)).toBe(0);
  });

  it('with Playwright alone, does run them: what the check above would catch', async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
    await openTwoContexts(browser);
    expect(await rendererPeak(5000, 0)).toBeGreaterThan(0);
    // Counted under this process only: from a process that launched no browser, none.
    const bystander = spawn('sleep', ['30']);
    try {
      expect(browserUiRenderers(bystander.pid)).toBe(0);
    } finally {
      bystander.kill();
    }
  });
});
