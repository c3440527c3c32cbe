import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from '@schedhuler/server/testing/test-server';
import { block, browserTestsEnabled, demoBoard, INSTANTS, launchBrowser, oneOffTask, openAs, openBoard, startServerAt, type Session } from './harness';

const enabled = browserTestsEnabled();

/** Monday 07:00; this server's snapshots carry at most 10 occurrences (50,000 in production). */
const AT = INSTANTS.weekdayMorning;
const LIMIT = 10;
/** 24 runs on SCN-1 today, 05:00 to 16:30, every half hour: with the demo's, several answers' worth. */
const STARTS = Array.from({ length: 24 }, (_, i) => `${String(5 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);

// A range holding more occurrences than one snapshot answer carries (a week at a big depot) is cut by
// the server, which says where (nextFrom); the board asks again from there until it has the range whole.
describe.runIf(enabled)('a board whose range holds more occurrences than one snapshot answer', () => {
  let browser: Browser;
  let server: TestServer;
  const sessions: Session[] = [];

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startServerAt(AT, 'brpages', { snapshotOccurrenceLimit: LIMIT })]);
    const api = await server.client('planner1');
    const board = await demoBoard(api);
    for (const hm of STARTS) await oneOffTask(api, board, { name: `Paged ${hm}`, asset: 'SCN-1', ymd: AT.today, hm, minutes: 20 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws every run of the morning on the timeline, not only the first answer’s', async () => {
    const p = await openAs(browser, server, 'planner1');
    sessions.push(p);
    const pages: string[] = [];
    p.page.on('request', (r) => {
      const u = new URL(r.url());
      if (/^\/api\/boards\/[^/]+$/.test(u.pathname) && u.searchParams.has('from')) pages.push(u.searchParams.get('from')!);
    });
    await openBoard(p.page, 'Demo depot');
    await block(p.page, 'Paged 07:00').waitFor({ timeout: 10_000 });
    // 05:00 … 14:00 are in view at 07:00 on a 1440 px page (03:00 to 15:00 at day zoom).
    for (const hm of STARTS.slice(0, 19)) await expect.poll(() => block(p.page, `Paged ${hm}`).count(), { timeout: 5_000, message: hm }).toBe(1);
    // The first answer was cut: the page asked again, from later and later instants.
    expect(pages.length).toBeGreaterThan(3);
  });

  it('lists all 24 of them in a phone’s agenda: 4 earlier, 8 shown, 12 later', async () => {
    const p = await openAs(browser, server, 'planner1');
    sessions.push(p);
    await p.page.setViewportSize({ width: 390, height: 844 });
    await openBoard(p.page, 'Demo depot');
    const list = p.page.getByRole('list', { name: 'SCN-1 today' });
    await list.waitFor({ timeout: 10_000 });
    await expect.poll(() => list.getByRole('button').allTextContents().then((t) => t.map((s) => s.trim()))).toEqual(['Show 4 earlier runs', 'Show 12 later runs']);
    expect(await list.locator('li.run').count()).toBe(8);
  });

  it('nobody saw a console error', () => {
    for (const s of sessions) expect(s.consoleErrors.filter((e) => !/401/.test(e))).toEqual([]);
  });
});
