import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from 'playwright-core';
import { openLive, startBoardFixture, type BoardFixture } from './board-fixture';
import { block, browserTestsEnabled, DEMO_ZONE, INSTANTS, openAs, zonedIso, type CreatedTask, type Session } from './harness';

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
  let f: BoardFixture;
  let a: Session;
  let early: CreatedTask;
  let late: CreatedTask;

  const statusOf = async (id: string) => (await f.api.occurrence(id)).status;

  beforeAll(async () => {
    f = await startBoardFixture(AT, 'brjobdel');
    early = await f.task('Started run', 'G-03', '01:00', 60);
    late = await f.task('Later run', 'G-03', '05:00', 60);
    a = await openAs(f.browser, f.t, 'planner1');
    await openLive([a], DAY, 'Started run');
    f.t.clock.set(zonedIso(DAY, '03:00', DEMO_ZONE));
  });

  afterAll(() => f?.close());

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

  // A snapshot lists enabled jobs only: the kept run's job is not among them for a page opened now.
  it('a planner who opens the board afterwards sees the kept run under its job’s name, not as an untitled job', async () => {
    const b = await openAs(f.browser, f.t, 'planner2');
    await openLive([b], DAY, 'Started run');
    expect(await block(b.page, 'Started run').count()).toBe(1);
    expect(await block(b.page, 'Untitled job').count()).toBe(0);
    expect(b.consoleErrors).toEqual([]);
  });
});
