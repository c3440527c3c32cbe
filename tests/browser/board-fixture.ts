import type { Browser } from 'playwright-core';
import type { HttpClient } from '@schedhuler/server/testing/http-client';
import type { TestServer } from '@schedhuler/server/testing/test-server';
import { block, connectionState, demoBoard, launchBrowser, oneOffTask, openBoard, startServerAt, waitUntil, type CreatedTask, type DemoBoard, type Session, type TestInstant } from './harness';

/**
 * The set-up most board tests share: a demo server pinned at `at`, planner1's API session, the demo
 * board and a Chromium. Fixtures come through `task` (planner1, on the test's day unless told);
 * `close` goes in the file's afterAll.
 */
export interface BoardFixture {
  t: TestServer;
  /** planner1's API session. */
  api: HttpClient;
  board: DemoBoard;
  browser: Browser;
  /** A one-off task through planner1's API, on `ymd` (default: the instant's next day) at `hm`. */
  task(name: string, asset: string, hm: string, minutes: number, opts?: { ymd?: string; allowConflict?: boolean }): Promise<CreatedTask>;
  close(): Promise<void>;
}

export async function startBoardFixture(at: TestInstant, label: string): Promise<BoardFixture> {
  const t = await startServerAt(at, label);
  let api: HttpClient, board: DemoBoard, browser: Browser;
  try {
    api = await t.client('planner1');
    board = await demoBoard(api);
    browser = await launchBrowser();
  } catch (err) {
    await t.stop();
    throw err;
  }
  return {
    t,
    api,
    board,
    browser,
    task: (name, asset, hm, minutes, opts = {}) => oneOffTask(api, board, { name, asset, ymd: opts.ymd ?? at.day, hm, minutes, ...(opts.allowConflict ? { allowConflict: true } : {}) }),
    async close() {
      await browser.close();
      await t.stop();
    },
  };
}

/**
 * Opens the demo board on `ymd` in each signed-in session, one after the other, and waits until it
 * shows `firstBlock` and is Live. Then forgets the console errors so far: the signed-out start page's
 * 401 from /api/auth/me is expected.
 */
export async function openLive(sessions: readonly Session[], ymd: string, firstBlock: string, timeoutMs = 10_000): Promise<void> {
  for (const s of sessions) {
    await openBoard(s.page, 'Demo depot', ymd);
    await block(s.page, firstBlock).waitFor({ timeout: timeoutMs });
    await waitUntil(() => connectionState(s.page).textContent(), (v) => v === 'Live', timeoutMs, 'the live connection');
    s.consoleErrors.length = 0;
  }
}
