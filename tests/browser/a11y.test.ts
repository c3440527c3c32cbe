import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '@schedhuler/server/testing/test-server';
import type { HttpClient } from '@schedhuler/server/testing/http-client';
import {
  block,
  browserTestsEnabled,
  cspViolationsSeen,
  DEMO_ZONE,
  demoBoard,
  INSTANTS,
  launchBrowser,
  oneOffTask,
  openAs,
  openBoard,
  screenshot,
  startServerAt,
  waitUntil,
  zonedIso,
  type CreatedTask,
  type DemoBoard,
  type Session,
  type TestInstant,
} from './harness';
import { axeRun, describeViolations } from './axe';

const enabled = browserTestsEnabled();
/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now; fails with every violation spelled out. */
async function expectNoViolations(page: Page, what: string): Promise<void> {
  const results = await axeRun(page);
  // What axe could not decide (gradients, symbol-only text) needs a human look: A11Y_DEBUG=1 lists it.
  if (process.env.A11Y_DEBUG) console.info(`incomplete on ${what}:\n${describeViolations(results.incomplete)}`);
  await screenshot(page, `a11y-${what.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
  expect(results.violations.length, `axe found WCAG A/AA violations on ${what}:\n${describeViolations(results.violations)}\n`).toBe(0);
}

/** Mon–Fri in the demo zone (the Retail route and the other weekday runs are on the board). */
const isWeekday = (ymd: string) => [1, 2, 3, 4, 5].includes(new Date(`${ymd}T12:00:00Z`).getUTCDay());

describe.runIf(enabled)('accessibility in Chromium: axe-core WCAG 2.1 A/AA and keyboard-only use (issue 6, item 7)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  // The same scans on a weekday morning and evening, a Sunday and both DST days (issue 10, item 1).
  describe.each(Object.values(INSTANTS))('at $label ($now)', (at: TestInstant) => {
    const DAY = at.day;
    const scan = (what: string) => `${what} ${at.label}`;
    let t: TestServer;
    let api: HttpClient;
    let board: DemoBoard;
    let p: Session;
    const fx: Record<string, CreatedTask> = {};

    beforeAll(async () => {
      t = await startServerAt(at, 'bra11y');
      api = await t.client('planner1');
      board = await demoBoard(api);
      const task = (name: string, asset: string, hm: string, minutes: number, allowConflict = false) => oneOffTask(api, board, { name, asset, ymd: DAY, hm, minutes, allowConflict });
      fx.keys = await task('Keyboard me', 'G-03', '01:00', 30);
      fx.mover = await task('Mover', 'VAN-2', '02:00', 60);
      fx.blocker = await task('Blocker', 'VAN-2', '04:00', 60);
      fx.base = await task('Overlap base', 'G-01', '05:00', 60);
      fx.extra = await task('Overlap extra', 'G-01', '05:30', 60, true);
      // A rejected attempt: moving Mover onto Blocker is refused and logged as a conflict.
      const planner2 = await t.client('planner2');
      const refused = await planner2.patch(`/api/occurrences/${fx.mover.occurrenceId}`, { expectedVersion: 1, startsAt: zonedIso(DAY, '04:00', DEMO_ZONE), endsAt: zonedIso(DAY, '05:00', DEMO_ZONE) });
      if (refused.status !== 409) throw new Error(`expected the move onto Blocker to be refused, got ${refused.status} ${JSON.stringify(refused.body)}`);
      p = await openAs(browser, t);
    });

    afterAll(async () => {
      await p?.context.close();
      await t?.stop();
    });

    it('the login page', async () => {
      await p.page.goto('/#/login');
      await p.page.getByLabel('Username').waitFor();
      await expectNoViolations(p.page, scan('login page'));
    });

    it('the board list', async () => {
      await p.page.getByLabel('Username').fill('planner1');
      await p.page.getByLabel('Password').fill('planner1-demo');
      await p.page.getByRole('button', { name: 'Sign in' }).click();
      await p.page.getByRole('link', { name: 'Demo depot' }).waitFor();
      await expectNoViolations(p.page, scan('board list'));
    });

    it('the board as it opens: on the injected day, with the demo runs and the now line', async () => {
      await openBoard(p.page, 'Demo depot');
      // The Day view opens on now (a third from the left, about 12 h in view): at 01:30 tonight's 22:00 run is
      // off-screen and not mounted. "Zoom to fit" shows the whole day, so every run of it is on the page.
      await p.page.getByRole('button', { name: 'Zoom to fit' }).click();
      // The seed lays out runs from its "now" on: Night patrol (22:00 daily) is ahead at every instant,
      // Van check (07:30 daily) only before 07:30, the Retail route (09:00 on weekdays, an external tour
      // wide enough to show its times) only on a weekday morning.
      await block(p.page, 'Night patrol').waitFor({ timeout: 10_000 });
      // Read once the board (and so its zone) is in: at 01:30 in Berlin the UTC date is still the day before.
      expect(await p.page.getByLabel('First day shown').inputValue()).toBe(at.today);
      expect(await block(p.page, 'Van check').count()).toBe(at.time < '07:30' ? 1 : 0);
      expect(await block(p.page, 'Retail route').count()).toBe(isWeekday(at.today) && at.time < '09:00' ? 1 : 0);
      // The page's clock runs on from the injected instant (timers keep firing), so only the hour is fixed.
      expect(await p.page.locator('.now-line').getAttribute('title')).toMatch(new RegExp(`^Now ${at.time.slice(0, 2)}:`));
      await expectNoViolations(p.page, scan('board today'));
    });

    it('the board view of the next day (where the fixtures are) in day zoom with a block selected', async () => {
      await p.page.getByLabel('First day shown').fill(DAY);
      await block(p.page, 'Keyboard me').waitFor({ timeout: 10_000 });
      expect(await p.page.getByLabel('First day shown').inputValue()).toBe(DAY);
      await block(p.page, 'Mover').click();
      await waitUntil(() => block(p.page, 'Mover').getAttribute('aria-pressed'), (v) => v === 'true', 3_000, 'Mover to be selected');
      // Named by the day shown as well as the instant: at "Monday 07:00" this screen shows Tuesday.
      await expectNoViolations(p.page, scan(`board view of ${DAY}`));
    });

    it('the conflict feed with a rejected attempt and an overlap', async () => {
      const feed = p.page.getByRole('complementary', { name: /^Conflicts/ });
      await feed.getByRole('listitem').filter({ hasText: 'tried to book Mover' }).waitFor({ timeout: 5_000 });
      await feed.getByRole('listitem').filter({ hasText: 'is double-booked' }).waitFor({ timeout: 5_000 });
      await expectNoViolations(p.page, scan('conflict feed'));
    });

    it('the "New task" side panel with a cron typed and its live preview', async () => {
      await p.page.getByRole('button', { name: '+ New' }).click();
      const panel = p.page.getByRole('complementary', { name: 'New task' });
      await panel.getByLabel('Name', { exact: true }).fill('Early guard round');
      // G-01 at 05:30 every day: the run on DAY collides with the overlap pair, so both kinds of mark show.
      const asset = panel.getByLabel('Asset', { exact: true });
      await asset.selectOption(await asset.locator('option', { hasText: 'G-01' }).getAttribute('value'));
      await panel.getByLabel('Duration (min)').fill('30');
      const cron = panel.getByLabel('Schedule (cron)');
      await cron.fill('');
      await cron.pressSequentially('30 5 * * *');
      const preview = panel.getByRole('region', { name: 'Schedule preview' });
      await waitUntil(() => preview.getByRole('listitem').count(), (n) => n === 10, 5_000, 'ten previewed runs');
      await waitUntil(() => preview.getByText(/^⚠ Conflicts with/).count(), (n) => n === 1, 5_000, "the server's conflict mark on " + DAY);
      await waitUntil(() => preview.getByText('Free', { exact: true }).count(), (n) => n === 9, 5_000, 'the other nine runs marked free');
      await expectNoViolations(p.page, scan('new task panel'));
    });

    it('the internal tour form', async () => {
      const panel = p.page.getByRole('complementary', { name: 'New task' });
      await panel.getByRole('radio', { name: 'Internal tour' }).check();
      await p.page.getByRole('complementary', { name: 'New internal tour' }).waitFor();
      await expectNoViolations(p.page, scan('internal tour form'));
      await p.page.getByRole('button', { name: 'Close the form' }).click();
    });

    it("the viewer's board", async () => {
      const v = await openAs(browser, t, 'viewer');
      await openBoard(v.page, 'Demo depot', DAY);
      await block(v.page, 'Keyboard me').waitFor({ timeout: 10_000 });
      await expectNoViolations(v.page, scan('viewer board'));
      expect(v.consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      await v.context.close();
    });

    it('keyboard only: Tab reaches a block, its focus is visible, arrows move it, Escape cancels, Enter saves', async () => {
      const page = p.page;
      await page.reload();
      await page.getByLabel('First day shown').fill(DAY);
      await block(page, 'Keyboard me').waitFor({ timeout: 10_000 });
      await page.locator('body').focus();
      // Tab from the top of the page until an occurrence block has the focus.
      let reached = '';
      for (let i = 0; i < 80 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => (document.activeElement?.hasAttribute('data-occurrence-id') ? (document.activeElement.getAttribute('aria-label') ?? '') : ''));
      }
      expect(reached, 'Tab never reached an occurrence block').not.toBe('');
      const focusStyle = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement!);
        return { outline: s.outlineStyle, outlineWidth: s.outlineWidth, boxShadow: s.boxShadow, focusVisible: document.activeElement!.matches(':focus-visible') };
      });
      expect(focusStyle.focusVisible).toBe(true);
      expect(focusStyle.outline !== 'none' && focusStyle.outlineWidth !== '0px' || focusStyle.boxShadow !== 'none', `no visible focus indicator: ${JSON.stringify(focusStyle)}`).toBe(true);
      await screenshot(page, `a11y-keyboard-focus-${at.today}`);

      // Use the block Keyboard me from here on (Tab order starts wherever the first visible block is).
      const keys = block(page, 'Keyboard me');
      await keys.focus();
      expect(await keys.getAttribute('aria-label')).toContain('01:00–01:30');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await waitUntil(() => keys.getAttribute('aria-label'), (v) => v?.includes('01:10–01:40') === true, 2_000, 'the block to follow the arrows');
      const announcer = page.locator('[aria-live="polite"]').filter({ hasText: 'Enter to save, Escape to cancel' });
      expect(await announcer.count()).toBeGreaterThan(0);
      await page.keyboard.press('Escape');
      await waitUntil(() => keys.getAttribute('aria-label'), (v) => v?.includes('01:00–01:30') === true, 2_000, 'Escape to put the block back');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toContain('Keyboard me');

      // Shift+arrow resizes, Enter saves it.
      await page.keyboard.press('Shift+ArrowRight');
      await waitUntil(() => keys.getAttribute('aria-label'), (v) => v?.includes('01:00–01:35') === true, 2_000, 'Shift+ArrowRight to resize');
      const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/occurrences/'));
      await page.keyboard.press('Enter');
      expect((await saved).status()).toBe(200);
      const stored = await api.get<{ occurrences: { endsAt: string }[] }>(`/api/jobs/${fx.keys!.jobId}`);
      expect(Date.parse(stored.body.occurrences[0]!.endsAt)).toBe(Date.parse(zonedIso(DAY, '01:35', DEMO_ZONE)));

      // Enter on a block that is not being moved opens its job in the side panel.
      await keys.focus();
      await page.keyboard.press('Enter');
      const form = page.getByRole('complementary', { name: 'Edit Keyboard me' });
      await form.waitFor({ timeout: 3_000 });
      await screenshot(page, `a11y-keyboard-enter-opens-job-${at.today}`);
    });

    it("a remote change to the focused block is announced in the live region", async () => {
      const page = p.page;
      await page.getByRole('button', { name: 'Close the form' }).click();
      const keys = block(page, 'Keyboard me');
      await keys.focus();
      const job = await api.get<{ occurrences: { id: string; version: number }[] }>(`/api/jobs/${fx.keys!.jobId}`);
      const occ = job.body.occurrences[0]!;
      const ben = await t.client('planner2');
      const moved = await ben.patch(`/api/occurrences/${occ.id}`, { expectedVersion: occ.version, startsAt: zonedIso(DAY, '02:00', DEMO_ZONE), endsAt: zonedIso(DAY, '02:35', DEMO_ZONE) });
      expect(moved.status).toBe(200);
      const live = page.locator('[aria-live="polite"]').filter({ hasText: 'moved Keyboard me' });
      await waitUntil(() => live.count(), (n) => n === 1, 5_000, 'the announcement of the remote move');
      expect((await live.textContent())?.trim()).toBe('Ben Planner moved Keyboard me to Mira Schulz (guard) 02:00–02:35');
      // The focus stays where the keyboard user left it.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toContain('Keyboard me');
    });

    it('nobody saw a console error besides the signed-out 401', () => {
      expect(p.consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    });
  });

  it('the Content-Security-Policy blocked nothing in any page', () => {
    expect(cspViolationsSeen()).toEqual([]);
  });
});
