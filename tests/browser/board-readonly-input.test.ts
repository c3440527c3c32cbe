import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openLive, startBoardFixture, type BoardFixture } from './board-fixture';
import { block, browserTestsEnabled, cspViolationsSeen, DEMO_ZONE, INSTANTS, openAs, screenshot, type Session } from './harness';

const enabled = browserTestsEnabled();
/** A Sunday; the scenarios look at the Monday after it. */
const AT = INSTANTS.sunday;
const DAY = AT.day;

/** Requests that would change something (the board must send none for a viewer). */
function writes(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' && r.url().includes('/api/')) seen.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  return seen;
}

/**
 * Presses and drags across an empty stretch of the row of `rowBlock` (a 02:00–03:00 block in day zoom:
 * from 06:00 to 08:00). Returns what the browser hit-tests at the press point, for failure messages.
 */
async function dragAcrossEmptyRow(page: Page, rowBlock: Locator): Promise<string> {
  const box = (await rowBlock.boundingBox())!;
  const hour = box.width + 1; // blocks are drawn 1 px short of their end
  const y = box.y + box.height / 2;
  const x = box.x + 4 * hour;
  const hit = await page.evaluate(([px, py]) => {
    const el = document.elementFromPoint(px!, py!);
    return el ? `<${el.tagName.toLowerCase()} class="${el.className}">` : 'nothing';
  }, [x, y]);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 2 * hour, y, { steps: 8 });
  await page.mouse.up();
  return hit;
}

describe.runIf(enabled)(`read-only viewers and garbage input in Chromium at ${AT.label} (issue 6, items 6 and "bad input")`, () => {
  let f: BoardFixture;

  beforeAll(async () => {
    f = await startBoardFixture(AT, 'brreadonly');
    await f.task('Viewer sees me', 'SCN-1', '02:00', 60);
    await f.task('Viewer base', 'G-02', '03:00', 60);
    await f.task('Viewer overlap', 'G-02', '03:30', 60, { allowConflict: true });
  });

  afterAll(() => f?.close());

  async function open(user: string): Promise<Session> {
    const s = await openAs(f.browser, f.t, user);
    await openLive([s], DAY, 'Viewer sees me');
    return s;
  }

  it('a planner can drag across an empty stretch of a row to create a task there (the control for the viewer)', async () => {
    const p = await open('planner1');
    const hit = await dragAcrossEmptyRow(p.page, block(p.page, 'Viewer sees me'));
    const panel = p.page.getByRole('complementary', { name: 'New task' });
    await expect.poll(() => panel.count(), { timeout: 3_000, message: `no "New task" form after the range drag; the press landed on ${hit}` }).toBe(1);
    expect(await panel.getByLabel('Duration (min)').inputValue()).toBe('120');
    await screenshot(p.page, 'board-07-planner-range-opens-form');
    await p.context.close();
  });

  it('a viewer sees the board live but has no drag handles, no form buttons and no resolve actions', async () => {
    const v = await open('viewer');
    const sent = writes(v.page);
    const page = v.page;
    const blocks = page.locator('[data-occurrence-id]');
    expect(await blocks.count()).toBeGreaterThan(3);
    expect(new Set(await blocks.evaluateAll((els) => els.map((e) => e.getAttribute('aria-roledescription'))))).toEqual(new Set(['occurrence']));
    expect(await page.locator('[data-handle]').count()).toBe(0);
    expect(await page.getByRole('button', { name: '+ New' }).count()).toBe(0);
    expect(await page.getByText('View only', { exact: true }).count()).toBe(1);
    const feed = page.getByRole('complementary', { name: /^Conflicts/ });
    const overlap = feed.getByRole('listitem').filter({ hasText: 'is double-booked' });
    await expect.poll(() => overlap.count()).toBe(1);
    expect(await overlap.getByRole('button').allTextContents()).toEqual(['Show']);
    await screenshot(page, 'board-08a-viewer');

    // Pointer drag: nothing moves, nothing is sent.
    const mine = block(page, 'Viewer sees me');
    const before = (await mine.boundingBox())!;
    await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
    await page.mouse.down();
    await page.mouse.move(before.x + before.width / 2 + 180, before.y + before.height / 2, { steps: 8 });
    expect((await mine.boundingBox())!.x).toBe(before.x);
    await page.mouse.up();
    // Keyboard: arrows do not move it, Enter opens no form.
    await mine.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await mine.getAttribute('aria-label')).toBe('Viewer sees me 02:00–03:00, Task, SCN-1 Handheld scanner');
    await page.keyboard.press('Enter');
    // Range selection on an empty stretch opens no form either.
    await dragAcrossEmptyRow(page, mine);
    await expect.poll(() => page.getByText('You can view this board but not change it.').count()).toBe(1);
    expect(await page.getByRole('complementary').filter({ hasNot: page.getByRole('heading', { name: /^Conflicts/ }) }).count()).toBe(0);
    expect(await page.getByLabel('Schedule (cron)').count()).toBe(0);
    expect(sent).toEqual([]);

    // …and still live: a planner's new task appears.
    await f.task('Live for viewer', 'SCN-1', '05:00', 60);
    await expect.poll(() => block(page, 'Live for viewer').count(), { timeout: 3_000 }).toBe(1);
    await screenshot(page, 'board-08b-viewer-after-attempts');
    expect(v.consoleErrors).toEqual([]);
    await v.context.close();
  });

  it('garbage in the cron field (and the other fields) never throws in the console', async () => {
    const p = await open('planner1');
    const page = p.page;
    await page.getByRole('button', { name: '+ New' }).click();
    const panel = page.getByRole('complementary', { name: 'New task' });
    await panel.getByLabel('Asset', { exact: true }).selectOption({ label: 'SCN-1 · Handheld scanner' });
    const cron = panel.getByLabel('Schedule (cron)');
    const preview = panel.getByRole('region', { name: 'Schedule preview' });
    const cronError = async () => {
      const ids = ((await cron.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id.endsWith('-error'));
      return ids.length ? await page.locator(`#${ids[0]}`).textContent() : null;
    };
    const garbage = [
      '', ' ', '*', '* * * * *', '*/0 * * * *', '61 25 32 13 8', '0 8 * * MON-', '0 8 L W #', '5 4 * * 1#9', '@reboot', '@yearly', '0 0 31 2 *',
      ',,,,', '-1 * * * *', '0 8 * * 1-5 extra', '0 0 8 * * * *', 'ü 🚀 ∞ ✓', "'; drop table job; --", '0/5 2-1 * * *', '*/7 */3 L * 5L', '0 8 1W * *',
      '0 8 ? * *', 'H 8 * * *', '0 8 * JAN-DEC/0 *', '{}', 'null', '0 24 * * *', '0 8 * * 8', '<script>alert(1)</script>',
    ];
    for (const g of garbage) {
      await cron.fill('');
      await cron.pressSequentially(g, { delay: 0 });
      const text = (await preview.textContent()) ?? '';
      if (text.includes('No preview: fix the schedule first.')) {
        expect(await cron.getAttribute('aria-invalid'), g).toBe('true');
        expect(await cronError(), g).toMatch(/^(cron|minute|hour|day|month|@)[^\n]{8,}/);
      } else {
        expect(text, g).toMatch(/^\S.*Next \d+ runs/);
        expect(await cronError(), g).toBeNull();
      }
      expect(p.consoleErrors, `after typing ${JSON.stringify(g)}`).toEqual([]);
    }
    await cron.fill('9'.repeat(2_000));
    expect(await cronError()).toMatch(/too long/);
    await screenshot(page, 'board-09a-cron-garbage');

    // The other fields: names, numbers, zone, dates.
    await panel.getByLabel('Name', { exact: true }).fill(`🚀 ${'x'.repeat(5_000)} <img src=x onerror=alert(1)>`);
    await panel.getByLabel('Duration (min)').pressSequentially('-1e9');
    // Leaving a field shows its error and pushes what is below it down; blur first so the click lands.
    await panel.getByLabel('Duration (min)').blur();
    await panel.getByText('Validity, time zone, grace times').click();
    await panel.getByLabel('Time zone').fill('Mars/Olympus_Mons');
    await panel.getByLabel('Grace before (min)').pressSequentially('--5');
    await cron.fill('0 8 * * *');
    await expect.poll(() => preview.textContent()).toContain('No preview: fix the time zone first.');
    const posted = writes(page);
    await panel.getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => panel.locator('[aria-invalid="true"]').count()).toBeGreaterThan(1);
    expect(await panel.getByText(/not a known IANA time zone/).count()).toBeGreaterThan(0);
    expect(posted).toEqual([]); // the form refuses locally and says why next to each field
    await panel.getByLabel('Time zone').fill(DEMO_ZONE);
    await cron.fill('30 4 * * 1-5');
    await expect.poll(() => preview.textContent()).toContain('At 04:30, Monday through Friday');
    await screenshot(page, 'board-09b-other-fields-garbage');
    expect(p.consoleErrors).toEqual([]);
    await p.context.close();
  });

  it('the Content-Security-Policy blocked nothing in any page', () => {
    expect(cspViolationsSeen()).toEqual([]);
  });
});
