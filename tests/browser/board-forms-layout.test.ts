import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '@schedhuler/server/testing/test-server';
import { addDays, browserTestsEnabled, cspViolationsSeen, DEMO_ZONE, launchBrowser, openAs, openBoard, screenshot, startServerAt, zonedIso, type Session, type TestInstant } from './harness';
import { expectAxeClean } from './axe';

/**
 * Issue 12 points 6–8: forms that help, tablet and phone layouts, and a demo that shows work at
 * any hour, in Chromium at fixed injected instants (a Sunday night and a weekday small hour).
 */
const enabled = browserTestsEnabled();

const at = (label: string, ymd: string, hm: string): TestInstant => ({ label, now: zonedIso(ymd, hm, DEMO_ZONE), time: hm, today: ymd, day: addDays(ymd, 1) });
const SUNDAY_NIGHT = at('Sunday 22:00', '2027-03-21', '22:00');
const WEEKDAY_SMALL_HOURS = at('Tuesday 03:00', '2027-03-23', '03:00');

/** axe-core WCAG 2.1 A/AA on one part of the page (a CSS selector). */
const expectAxeCleanAt = async (page: Page, selector: string, what: string) => void (await expectAxeClean(page, what, selector));

const pageOverflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

/** Blocks whose box lies (partly) inside the timeline's visible area. */
async function blocksInView(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const scroller = document.querySelector('.scroller');
    if (!scroller) return [];
    const v = scroller.getBoundingClientRect();
    return Array.from(document.querySelectorAll<HTMLElement>('[data-occurrence-id]'))
      .filter((b) => {
        const r = b.getBoundingClientRect();
        return r.width > 0 && r.right > v.left && r.left < v.right && r.bottom > v.top && r.top < v.bottom;
      })
      .map((b) => b.getAttribute('aria-label') ?? '');
  });
}

async function openNewTask(page: Page): Promise<ReturnType<Page['getByRole']>> {
  await page.getByRole('button', { name: '+ New' }).click();
  const panel = page.getByRole('complementary').filter({ has: page.getByRole('heading', { name: 'New task' }) });
  await panel.waitFor();
  return panel;
}

describe.runIf(enabled)('board forms and layout (issue 12 points 6–8)', () => {
  let browser: Browser;
  let server: TestServer;
  let planner: Session;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startServerAt(SUNDAY_NIGHT, 'brforms', { demoOverlap: true })]);
    planner = await openAs(browser, server, 'planner1');
    await openBoard(planner.page, 'Demo depot');
    await planner.page.locator('[data-occurrence-id]').first().waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the cron builder reads a typed 45 6 * * 6 as Saturday 06:45 and leaves a custom cron alone', async () => {
    const page = planner.page;
    const panel = await openNewTask(page);
    const cron = panel.getByLabel('Schedule (cron)');
    await cron.fill('45 6 * * 6');
    await panel.getByRole('button', { name: 'Builder' }).click();
    const builder = panel.getByRole('group', { name: 'Build the schedule' });
    await expect.poll(() => builder.getByRole('checkbox', { name: 'Sat' }).isChecked()).toBe(true);
    expect(await builder.getByRole('checkbox', { name: 'Mon' }).isChecked()).toBe(false);
    expect(await builder.getByLabel('At', { exact: true }).inputValue()).toBe('06:45');
    expect(await cron.inputValue()).toBe('45 6 * * 6');
    await cron.fill('*/15 * * * *');
    await expect.poll(() => builder.getByRole('status').textContent()).toMatch(/^Custom schedule/);
    expect(await cron.inputValue()).toBe('*/15 * * * *');
    // A builder control writes again, from what it last read.
    await cron.fill('45 6 * * 6');
    await builder.getByRole('checkbox', { name: 'Sun' }).check();
    await expect.poll(() => cron.inputValue()).toBe('45 6 * * 0,6');
    await screenshot(page, 'forms-01-builder-reads-cron');
  });

  it('the preview starts at "Valid from" (2027-03-25) with the DST mark on 2027-03-28', async () => {
    const page = planner.page;
    const panel = page.getByRole('complementary').filter({ has: page.getByRole('heading', { name: 'New task' }) });
    await panel.getByLabel('Schedule (cron)').fill('30 2 * * *');
    await panel.getByText('Validity, time zone, grace times').click();
    await panel.getByLabel('Valid from').fill('2027-03-25T00:00');
    const runs = panel.getByRole('region', { name: 'Schedule preview' }).getByRole('listitem');
    await expect.poll(() => runs.first().textContent()).toMatch(/Thu, Mar 25, 2027 02:30/);
    const dst = runs.filter({ hasText: 'DST shifted' });
    expect(await dst.count()).toBe(1);
    expect(await dst.textContent()).toMatch(/Sun, Mar 28, 2027 03:00/);
    await screenshot(page, 'forms-02-preview-from-valid-from');
  });

  it('an error in the collapsed "Validity…" section opens it and focuses the field, in words for people', async () => {
    const page = planner.page;
    const panel = page.getByRole('complementary').filter({ has: page.getByRole('heading', { name: 'New task' }) });
    await panel.getByLabel('Name').fill('Forklift check');
    await panel.getByLabel('Asset').selectOption({ label: 'VAN-2 · Van 2 (Mercedes Sprinter)' });
    await panel.getByLabel('Valid from').fill('');
    await panel.getByText('Validity, time zone, grace times').click(); // collapse it again
    expect(await panel.locator('details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await panel.getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('job-valid-from');
    expect(await panel.locator('details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await panel.locator('#job-valid-from-error').textContent()).toBe('Enter a date and time');
    expect(await panel.getByText(/ISO-8601/).count()).toBe(0);
    await screenshot(page, 'forms-03-collapsed-error-opened');
    await panel.getByRole('button', { name: 'Close the form' }).click();
  });

  it('a focused block shows the keyboard hint; "?" opens a focus-trapped sheet of every shortcut, Escape closes it', async () => {
    const page = planner.page;
    await page.locator('[data-occurrence-id]').first().focus();
    const hint = page.getByText('Arrows move · Shift+arrows resize · Enter saves · Esc cancels · ? shortcuts');
    await hint.waitFor();
    await screenshot(page, 'forms-04-block-focus-hint');
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    for (const k of ['Ctrl+Z', 'Ctrl+Y', 'Delete', 'Shift+Delete', 'Shift+F10', 'Ctrl+C', 'Ctrl+V', 'Ctrl+D', 'Shift+←', '+', '?']) {
      expect(await sheet.locator('kbd', { hasText: new RegExp(`^${k.replace(/[+?]/g, '\\$&')}$`) }).count(), k).toBeGreaterThan(0);
    }
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    }
    await expectAxeCleanAt(page, 'dialog', 'the shortcut sheet');
    await screenshot(page, 'forms-05-shortcut-sheet');
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.count()).toBe(0);
    // Typing "?" in a field is text, not the sheet.
    const panel = await openNewTask(page);
    await panel.getByLabel('Name').fill('What?');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await panel.getByRole('button', { name: 'Close the form' }).click();
  });

  it('at 768 px every top-bar control is visible and clickable, the feed is a drawer, and nothing overflows', async () => {
    const page = planner.page;
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.waitForTimeout(200);
    await screenshot(page, 'layout-768');
    const controls = page.locator('header.topbar').locator('button:visible, a:visible, input:visible, select:visible');
    const n = await controls.count();
    expect(n).toBeGreaterThan(8);
    const problems: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = controls.nth(i);
      const name = (await c.getAttribute('aria-label')) ?? (await c.textContent())?.trim() ?? `#${i}`;
      const box = await c.boundingBox();
      if (!box || box.width < 16 || box.height < 16) problems.push(`${name}: ${JSON.stringify(box)}`);
      else if (box.x < 0 || box.x + box.width > 768) problems.push(`${name}: outside the viewport ${JSON.stringify(box)}`);
      // A disabled control (Undo with nothing to undo) is reachable but refuses clicks, as it should.
      else if (await c.isEnabled()) await c.click({ trial: true, timeout: 1_000 }).catch((e: Error) => problems.push(`${name}: ${e.message.split('\n')[0]}`));
    }
    expect(problems).toEqual([]);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    // The feed is a drawer over the timeline, which keeps its width whether the feed is open or not.
    const toggle = page.getByRole('button', { name: /^Conflicts/ });
    const feed = page.getByRole('complementary').filter({ has: page.getByRole('heading', { name: /^Conflicts/ }) });
    const timelineWidth = async () => (await page.getByRole('region', { name: 'Timeline' }).boundingBox())!.width;
    if ((await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click();
    await expect.poll(() => feed.count()).toBe(0);
    const closedW = await timelineWidth();
    await toggle.click();
    await feed.waitFor();
    expect(await timelineWidth()).toBe(closedW);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'layout-768-feed-drawer');
  });

  it('the asset rail survives window resizes (1440 → 768 → 1440)', async () => {
    const page = planner.page;
    // Scrolled far to the right (beyond a window's width), the rail stays at the left edge.
    await page.locator('.scroller').evaluate((el) => (el.scrollLeft = el.scrollWidth));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.waitForTimeout(300);
    const rail = await page.locator('.rail').first().boundingBox();
    expect(rail, 'the asset rail').not.toBeNull();
    const scroller = (await page.locator('.scroller').boundingBox())!;
    expect(Math.abs(rail!.x - scroller.x), `rail at ${rail!.x}, scroller at ${scroller.x}`).toBeLessThanOrEqual(1);
    expect(await page.getByText('G-01', { exact: true }).first().isVisible()).toBe(true);
    await screenshot(page, 'layout-1440');
  });

  it('no CSP violation on the way', () => {
    expect(cspViolationsSeen()).toEqual([]);
  });
});

// A first look at the demo: work in view and one open double booking, at a Sunday night and a weekday small hour.
/** Per instant: runs today's agenda must list (asset → text at the start of a row) and jobs it must not. */
const AGENDA = {
  [SUNDAY_NIGHT.label]: { rows: { 'G-01': [/^22:00–23:\d\d\s*Night patrol/] }, absent: ['Morning briefing', 'Retail route'] },
  [WEEKDAY_SMALL_HOURS.label]: {
    rows: {
      'G-05': [/^04:00–04:45\s*Night round/, /^18:00–19:00\s*Evening round/, /^20:30–21:15\s*Late gate check/],
      'G-04': [/^05:00–06:30\s*Early shift handover/, /^16:00–17:00\s*Afternoon round/],
      'G-02': [/^08:00–08:30\s*Morning briefing/],
      'VAN-3': [/^10:00–14:00\s*Day delivery tour/, /^10:30–11:30\s*Tyre change \(booked anyway\)\s*Task · double-booked/],
    },
    absent: ['Weekend site check'],
  },
} as const;

describe.runIf(enabled).each([
  [SUNDAY_NIGHT, 'brdemosun'],
  [WEEKDAY_SMALL_HOURS, 'brdemowk'],
] as const)('the demo at $0.label', (instant, label) => {
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startServerAt(instant, label, { demoOverlap: true })]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows work in view and one open overlap in the supervisor’s conflict desk', async () => {
    const sup = await openAs(browser, server, 'supervisor');
    await openBoard(sup.page, 'Demo depot');
    await sup.page.locator('[data-occurrence-id]').first().waitFor();
    await expect.poll(() => blocksInView(sup.page).then((b) => b.length)).toBeGreaterThan(0);
    const feed = sup.page.getByRole('complementary').filter({ has: sup.page.getByRole('heading', { name: /^Conflicts/ }) });
    const overlaps = feed.getByRole('listitem').filter({ hasText: 'is double-booked' });
    await expect.poll(() => overlaps.count(), { timeout: 5_000 }).toBe(1);
    expect(await overlaps.textContent()).toMatch(/VAN-3.*is double-booked/);
    await screenshot(sup.page, `demo-${instant.label.replace(/\W+/g, '-').toLowerCase()}`);
  });

  it('at 390 px shows a read-only agenda of today per asset instead of the timeline, without overflow', async () => {
    const p = await openAs(browser, server, 'planner1');
    await p.page.setViewportSize({ width: 390, height: 844 });
    await openBoard(p.page, 'Demo depot');
    const day = new Intl.DateTimeFormat('en-US', { timeZone: DEMO_ZONE, weekday: 'long', month: 'long', day: 'numeric' }).format(Date.parse(instant.now));
    const agenda = p.page.getByRole('region', { name: new RegExp(`^Today, ${day}`) });
    await agenda.waitFor();
    const expected = AGENDA[instant.label]!;
    await expect.poll(() => agenda.getByRole('list', { name: `${Object.keys(expected.rows)[0]} today` }).count()).toBe(1);
    expect(await p.page.locator('[data-occurrence-id]').count()).toBe(0);
    // Read-only, as the agenda says: no way to create, undo or use the timeline's shortcuts from here.
    for (const name of ['+ New', 'Keyboard shortcuts']) expect(await p.page.getByRole('button', { name, exact: true }).isVisible(), name).toBe(false);
    expect(await p.page.getByRole('group', { name: 'History' }).isVisible()).toBe(false);
    expect(await p.page.getByRole('button', { name: 'Conflicts' }).isVisible()).toBe(true);
    for (const [code, runs] of Object.entries(expected.rows)) {
      const texts = (await agenda.getByRole('list', { name: `${code} today` }).getByRole('listitem').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      for (const re of runs) expect(texts.some((t) => re.test(t)), `${code}: ${re} in ${JSON.stringify(texts)}`).toBe(true);
    }
    for (const name of expected.absent) expect(await agenda.getByText(name).count(), name).toBe(0);
    expect(await pageOverflow(p.page)).toBeLessThanOrEqual(0);
    await expectAxeCleanAt(p.page, 'section.agenda', `the agenda at ${instant.label}, 390 px`);
    await screenshot(p.page, `layout-390-agenda-${instant.label.replace(/\W+/g, '-').toLowerCase()}`);
  });
});
