import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { startBoardFixture, type BoardFixture } from './board-fixture';
import { browserTestsEnabled, INSTANTS, openAs, openBoard, screenshot, type Session } from './harness';
import { expectAxeClean } from './axe';

const enabled = browserTestsEnabled();

/** Monday 07:00: the fixture's runs on SCN-1 from 05:00 to 14:30, every 30 min, 20 min each. */
const AT = INSTANTS.weekdayMorning;
const STARTS = Array.from({ length: 20 }, (_, i) => `${String(5 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);

const texts = async (list: Locator) => (await list.getByRole('listitem').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());

// An asset with a run every half hour (at a big depot, a hundred a day) lists the run in progress and
// what comes next on a phone, the finished ones and the rest of the day one tap away.
describe.runIf(enabled)('the phone’s agenda of an asset with many runs', () => {
  let f: BoardFixture;
  let p: Session;
  let list: Locator;

  beforeAll(async () => {
    f = await startBoardFixture(AT, 'bragenda');
    for (const hm of STARTS) await f.task(`Agenda ${hm}`, 'SCN-1', hm, 20, { ymd: AT.today });
    p = await openAs(f.browser, f.t, 'planner1');
    await p.page.setViewportSize({ width: 390, height: 844 });
    await openBoard(p.page, 'Demo depot');
    list = p.page.getByRole('list', { name: 'SCN-1 today' });
    await list.waitFor({ timeout: 10_000 });
    p.consoleErrors.length = 0;
  }, 60_000);

  afterAll(() => f?.close());

  it('starts at the run in progress or next, eight runs, with the earlier and later ones behind a button each', async () => {
    const items = await texts(list);
    // 05:00–06:50 are over at 07:00: four earlier; 07:00 … 10:30 the eight shown; 11:00 … 14:30 later.
    expect(items[0]).toBe('Show 4 earlier runs');
    expect(items.slice(1, 9)).toEqual(STARTS.slice(4, 12).map((hm) => expect.stringMatching(new RegExp(`^${hm}–\\d\\d:\\d\\d Agenda ${hm} Task`))));
    expect(items[9]).toBe('Show 8 later runs');
    expect(items).toHaveLength(10);
    const earlier = list.getByRole('button', { name: 'Show 4 earlier runs of SCN-1' });
    expect(await earlier.getAttribute('aria-expanded')).toBe('false');
    await expectAxeClean(p.page, 'the agenda with a collapsed window', 'section.agenda');
    await screenshot(p.page, 'phone-agenda-01-window');
  });

  it('one tap shows the earlier runs, greyed as finished, and another hides them again', async () => {
    await list.getByRole('button', { name: 'Show 4 earlier runs of SCN-1' }).click();
    const hide = list.getByRole('button', { name: 'Hide 4 earlier runs of SCN-1' });
    expect(await hide.getAttribute('aria-expanded')).toBe('true');
    const items = await texts(list);
    expect(items.slice(1, 5)).toEqual(STARTS.slice(0, 4).map((hm) => expect.stringMatching(new RegExp(`^${hm}–`))));
    expect(await list.locator('li.run.past').count()).toBe(4);
    await screenshot(p.page, 'phone-agenda-02-earlier');
    // Focus stays on the button that was pressed: hiding again is one more tap or key.
    await hide.focus();
    await p.page.keyboard.press('Enter');
    await expect.poll(() => list.locator('li.run').count()).toBe(8);
    expect(await list.getByRole('button', { name: 'Show 4 earlier runs of SCN-1' }).count()).toBe(1);
  });

  it('the later runs are one tap away too', async () => {
    await list.getByRole('button', { name: 'Show 8 later runs of SCN-1' }).click();
    expect(await list.getByRole('button', { name: 'Hide 8 later runs of SCN-1' }).getAttribute('aria-expanded')).toBe('true');
    const items = await texts(list);
    expect(items.at(-2)).toMatch(/^14:30–14:50 Agenda 14:30 Task$/);
    expect(await list.locator('li.run').count()).toBe(16);
  });

  it('later in the day the window moves on: at 09:05 the 09:00 run comes first, marked now', async () => {
    await p.page.clock.setFixedTime(Date.parse('2027-03-22T08:05:00Z'));
    await p.page.reload();
    list = p.page.getByRole('list', { name: 'SCN-1 today' });
    await list.waitFor({ timeout: 10_000 });
    const items = await texts(list);
    // A reload forgets what was opened: 05:00 … 08:30 earlier (8), 09:00 … 12:30 shown, 13:00 … 14:30 later (4).
    expect(items[0]).toBe('Show 8 earlier runs');
    expect(items[1]).toMatch(/^09:00–09:20 Agenda 09:00 Task · now$/);
    expect(items[8]).toMatch(/^12:30–12:50 Agenda 12:30 Task$/);
    expect(items[9]).toBe('Show 4 later runs');
    await screenshot(p.page, 'phone-agenda-03-at-0905');
  });

  it('nobody saw a console error', () => {
    expect(p.consoleErrors).toEqual([]);
  });
});
