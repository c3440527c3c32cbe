import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Response } from 'playwright-core';
import type { TestServer } from '@schedhuler/server/testing/test-server';
import type { HttpClient } from '@schedhuler/server/testing/http-client';
import {
  block,
  browserTestsEnabled,
  connectionState,
  DEMO_ZONE,
  demoBoard,
  INSTANTS,
  launchBrowser,
  oneOffTask,
  openAs,
  openBoard,
  startServerAt,
  waitUntil,
  zonedIso,
  type CreatedTask,
  type Session,
} from './harness';

const enabled = browserTestsEnabled();

/** A weekday evening; the runs lie on the next day. */
const AT = INSTANTS.weekdayEvening;
const DAY = AT.day;

const isDelete = (r: Response) => r.request().method() === 'DELETE' && /^\/api\/jobs\//.test(new URL(r.url()).pathname);

// Issue 11.6: which runs deleting a job cancels is the server's rule on the server's clock. Here the
// server's clock runs ahead of the page's (pinned to 03:00 on DAY while the page still thinks it is the
// evening before), so a 01:00 run has started for the server and is kept, although the page would
// call it future. The page must show what the server did (its events), not what its own clock says.
describe.runIf(enabled)('deleting a job in Chromium shows the server’s cancellations, not the browser clock’s', () => {
  let t: TestServer;
  let browser: Browser;
  let api: HttpClient;
  let a: Session;
  let early: CreatedTask;
  let late: CreatedTask;

  const statusOf = async (id: string) => (await api.occurrence(id)).status;

  beforeAll(async () => {
    t = await startServerAt(AT, 'brjobdel');
    api = await t.client('planner1');
    const board = await demoBoard(api);
    early = await oneOffTask(api, board, { name: 'Started run', asset: 'G-03', ymd: DAY, hm: '01:00', minutes: 60 });
    late = await oneOffTask(api, board, { name: 'Later run', asset: 'G-03', ymd: DAY, hm: '05:00', minutes: 60 });
    browser = await launchBrowser();
    a = await openAs(browser, t, 'planner1');
    await openBoard(a.page, 'Demo depot', DAY);
    await block(a.page, 'Started run').waitFor({ timeout: 10_000 });
    await waitUntil(() => connectionState(a.page).textContent(), (v) => v === 'Live', 10_000, 'the live connection');
    a.consoleErrors.length = 0; // the sign-in page's own 401 before login
    t.clock.set(zonedIso(DAY, '03:00', DEMO_ZONE));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  async function deleteJobOf(name: string): Promise<void> {
    await block(a.page, name).focus();
    await a.page.keyboard.press('Shift+Delete');
    const dialog = a.page.getByRole('dialog', { name: `Delete the job “${name}”?` });
    await dialog.waitFor({ timeout: 5_000 });
    const deleted = a.page.waitForResponse(isDelete);
    await dialog.getByRole('button', { name: 'Delete job' }).click();
    expect((await deleted).status()).toBe(204);
  }

  it('keeps a run the server kept and removes the one it cancelled, from the server’s events', async () => {
    await deleteJobOf('Started run');
    // The server kept the run that had started by its clock: nothing of it was cancelled.
    expect(await statusOf(early.occurrenceId)).toBe('scheduled');

    await deleteJobOf('Later run');
    expect(await statusOf(late.occurrenceId)).toBe('cancelled');
    // Its cancellation reaches the page as the server's event; events arrive in seq order, so by then
    // the first deletion's events (job.deleted, no occurrence.cancelled) are applied too.
    await expect.poll(() => block(a.page, 'Later run').count(), { timeout: 5_000 }).toBe(0);
    expect(await block(a.page, 'Started run').count()).toBe(1);
    expect(a.consoleErrors).toEqual([]);
  });
});
