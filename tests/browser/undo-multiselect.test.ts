import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page, Response } from 'playwright-core';
import { openLive, startBoardFixture, type BoardFixture } from './board-fixture';
import { block, browserTestsEnabled, cspViolationsSeen, DEMO_ZONE, INSTANTS, openAs, openBoard, screenshot, zonedIso, type CreatedTask, type Session } from './harness';
import { axeViolations } from './axe';

const enabled = browserTestsEnabled();

/** A weekday evening; every scenario works on the next day, where nothing has started yet. */
const AT = INSTANTS.weekdayEvening;
const DAY = AT.day;
const at = (hm: string) => zonedIso(DAY, hm, DEMO_ZONE);

const isReq = (method: string, re: RegExp) => (r: Response) => r.request().method() === method && re.test(new URL(r.url()).pathname);

/** "HH:MM–HH:MM" a block shows in its accessible name. */
async function timesOf(l: Locator): Promise<string> {
  const label = (await l.getAttribute('aria-label')) ?? '';
  return /(\d\d:\d\d–\d\d:\d\d)/.exec(label)?.[1] ?? label;
}

/** axe (WCAG 2.1 AA) on what this feature adds: the open menu, the undo buttons, the notice (tests/browser/a11y.test.ts covers the whole board). */
const featureViolations = (page: Page) => axeViolations(page, { include: [['[role="menu"]'], ['[role="group"][aria-label="History"]'], ['[aria-live="polite"]']] });

/** A pointer drag from the middle of `l` by (dx, dy), in steps, optionally pausing before the release. */
async function dragBy(page: Page, l: Locator, dx: number, dy: number, beforeRelease?: () => Promise<void>): Promise<void> {
  await l.scrollIntoViewIfNeeded();
  const box = (await l.boundingBox())!;
  const x = box.x + Math.min(20, box.width / 2);
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x + (dx * i) / 10, y + (dy * i) / 10);
  await beforeRelease?.();
  await page.mouse.up();
}

describe.runIf(enabled)(`undo, actions on occurrences and multi-select in Chromium at ${AT.label} (issue 14)`, () => {
  let f: BoardFixture;
  let a: Session; // planner1
  let b: Session; // planner2, Ben
  let benName: string;
  let pxPerMin: number;
  const fx: Record<string, CreatedTask> = {};

  const occ = async (id: string) => (await f.api.get<{ occurrence: { startsAt: string; status: string; assetId: string } }>(`/api/occurrences/${id}`)).body.occurrence;

  beforeAll(async () => {
    f = await startBoardFixture(AT, 'brundo');
    benName = (await (await f.t.client('planner2')).get<{ user: { displayName: string } }>('/api/auth/me')).body.user.displayName;
    const { task } = f;
    fx.wrong = await task('Wrong drop', 'VAN-2', '02:00', 60);
    fx.m1 = await task('Multi one', 'G-02', '01:00', 30);
    fx.m2 = await task('Multi two', 'G-02', '02:00', 30);
    fx.m3 = await task('Multi three', 'G-02', '03:00', 30);
    fx.menu = await task('Menu me', 'G-03', '01:00', 30);
    fx.del = await task('Delete me', 'G-03', '03:00', 30);
    fx.contested = await task('Contested', 'VAN-1', '01:00', 60);
    fx.dup = await task('Dup me', 'SCN-1', '01:00', 30);
    fx.copy = await task('Copy me', 'SCN-1', '03:00', 30);
    fx.cut = await task('Cut me', 'SCN-1', '05:00', 30);
    fx.target = await task('Paste target', 'SCN-1', '07:00', 60);
    a = await openAs(f.browser, f.t, 'planner1');
    b = await openAs(f.browser, f.t, 'planner2');
    await openLive([a, b], DAY, 'Wrong drop');
    // The scale as drawn: two blocks an hour apart on one row.
    const one = (await block(a.page, 'Multi one').boundingBox())!;
    const two = (await block(a.page, 'Multi two').boundingBox())!;
    pxPerMin = (two.x - one.x) / 60;
  });

  afterAll(() => f?.close());

  it('Ctrl+Z after a wrong drop puts the block back on both planners’ screens; the Undo button said what it would undo', async () => {
    const moved = a.page.waitForResponse(isReq('PATCH', /\/api\/occurrences\//));
    await dragBy(a.page, block(a.page, 'Wrong drop'), 120 * pxPerMin, 0);
    expect((await moved).status()).toBe(200);
    await expect.poll(() => timesOf(block(b.page, 'Wrong drop'))).toBe('04:00–05:00');
    const undoButton = a.page.getByRole('button', { name: 'Undo: move of Wrong drop' });
    await undoButton.waitFor({ timeout: 5_000 });
    expect(await undoButton.getAttribute('title')).toBe('Undo: move of Wrong drop (Ctrl+Z)');

    const undone = a.page.waitForResponse(isReq('POST', /\/undo$/));
    await a.page.keyboard.press('Control+z');
    expect((await undone).status()).toBe(200);
    await expect.poll(() => timesOf(block(a.page, 'Wrong drop'))).toBe('02:00–03:00');
    await expect.poll(() => timesOf(block(b.page, 'Wrong drop'))).toBe('02:00–03:00');
    expect((await occ(fx.wrong!.occurrenceId)).startsAt).toBe(new Date(at('02:00')).toISOString());
    await expect.poll(() => a.page.locator('[aria-live="polite"]').last().textContent()).toContain('Undone: move of Wrong drop');
    await a.page.getByRole('button', { name: 'Redo: move of Wrong drop' }).waitFor({ timeout: 5_000 });
    await screenshot(a.page, 'undo-01-after-ctrl-z');
    // Redo (Ctrl+Shift+Z) moves it again on both screens; Ctrl+Y after another undo too.
    await a.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => timesOf(block(b.page, 'Wrong drop'))).toBe('04:00–05:00');
    await a.page.getByRole('button', { name: 'Undo: move of Wrong drop' }).waitFor({ timeout: 5_000 });
    await a.page.keyboard.press('Control+z');
    await expect.poll(() => timesOf(block(b.page, 'Wrong drop'))).toBe('02:00–03:00');
    await a.page.getByRole('button', { name: 'Redo: move of Wrong drop' }).waitFor({ timeout: 5_000 });
    await a.page.keyboard.press('Control+y');
    await expect.poll(() => timesOf(block(a.page, 'Wrong drop'))).toBe('04:00–05:00');
    await a.page.getByRole('button', { name: 'Undo: move of Wrong drop' }).click();
    await expect.poll(() => timesOf(block(b.page, 'Wrong drop'))).toBe('02:00–03:00');
  });

  it('three blocks picked with Ctrl+click move together in one batch; the other planner sees three ghosts, then the blocks moved', async () => {
    await block(a.page, 'Multi one').click();
    await block(a.page, 'Multi two').click({ modifiers: ['Control'] });
    await block(a.page, 'Multi three').click({ modifiers: ['Control'] });
    for (const n of ['Multi one', 'Multi two', 'Multi three']) expect(await block(a.page, n).getAttribute('aria-pressed')).toBe('true');

    const batch = a.page.waitForResponse(isReq('POST', /\/occurrences\/batch$/));
    await dragBy(a.page, block(a.page, 'Multi two'), 60 * pxPerMin, 0, async () => {
      // Mid-drag: Ben sees a ghost for each of the three.
      await expect.poll(() => b.page.locator('.ghost').count(), { timeout: 5_000 }).toBe(3);
      await screenshot(b.page, 'undo-02-ben-sees-three-ghosts');
    });
    const res = await batch;
    expect(res.status()).toBe(200);
    const ops = (res.request().postDataJSON() as { ops: unknown[] }).ops;
    expect(ops).toHaveLength(3);
    const after = await Promise.all([fx.m1, fx.m2, fx.m3].map((x) => occ(x!.occurrenceId)));
    expect(after.map((o) => o.startsAt)).toEqual(['02:00', '03:00', '04:00'].map((hm) => new Date(at(hm)).toISOString()));
    for (const [n, want] of [['Multi one', '02:00–02:30'], ['Multi two', '03:00–03:30'], ['Multi three', '04:00–04:30']] as const) {
      await expect.poll(() => timesOf(block(b.page, n))).toBe(want);
    }
    await expect.poll(() => b.page.locator('.ghost').count()).toBe(0);
    await expect.poll(() => a.page.locator('[aria-live="polite"]').last().textContent()).toContain('3 occurrences moved');
    await screenshot(a.page, 'undo-03-three-moved');
  });

  it('the context menu by keyboard: Shift+F10, arrow to "Cancel this run", Enter; axe is clean with the menu open; Ctrl+Z brings the run back', async () => {
    const target = block(a.page, 'Menu me');
    await target.focus();
    await a.page.keyboard.press('Shift+F10');
    const menu = a.page.getByRole('menu', { name: 'Actions for Menu me' });
    await menu.waitFor({ timeout: 5_000 });
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Cancel this run'), expect.stringContaining('Duplicate')]));
    expect(await featureViolations(a.page)).toEqual([]);
    await screenshot(a.page, 'undo-04-context-menu');
    await a.page.keyboard.press('ArrowDown');
    expect(await a.page.evaluate(() => document.activeElement?.textContent)).toContain('Cancel this run');
    const cancelled = a.page.waitForResponse(isReq('DELETE', /\/api\/occurrences\//));
    await a.page.keyboard.press('Enter');
    expect((await cancelled).status()).toBe(204);
    await expect.poll(() => block(b.page, 'Menu me').count()).toBe(0);
    expect((await occ(fx.menu!.occurrenceId)).status).toBe('cancelled');

    // Escape on a fresh menu returns the focus to the block.
    await block(a.page, 'Delete me').focus();
    await a.page.keyboard.press('Shift+F10');
    await a.page.getByRole('menu').waitFor();
    await a.page.keyboard.press('Escape');
    expect(await a.page.getByRole('menu').count()).toBe(0);
    expect(await a.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Delete me /);

    const undone = a.page.waitForResponse(isReq('POST', /\/undo$/));
    await a.page.keyboard.press('Control+z');
    expect((await undone).status()).toBe(200);
    await block(a.page, 'Menu me').waitFor({ timeout: 5_000 });
    await block(b.page, 'Menu me').waitFor({ timeout: 5_000 });
    expect((await occ(fx.menu!.occurrenceId)).status).toBe('scheduled');
    await expect.poll(() => a.page.locator('[aria-live="polite"]').last().textContent()).toContain('Undone: cancel of Menu me');
  });

  it('Delete cancels the focused run, Ctrl+Z restores the same run', async () => {
    await block(a.page, 'Delete me').focus();
    const cancelled = a.page.waitForResponse(isReq('DELETE', /\/api\/occurrences\//));
    await a.page.keyboard.press('Delete');
    expect((await cancelled).status()).toBe(204);
    await expect.poll(() => block(a.page, 'Delete me').count()).toBe(0);
    await expect.poll(() => block(b.page, 'Delete me').count()).toBe(0);
    await a.page.getByRole('button', { name: 'Undo: cancel of Delete me' }).waitFor({ timeout: 5_000 });
    await screenshot(a.page, 'undo-05-after-delete');
    await a.page.keyboard.press('Control+z');
    await block(a.page, 'Delete me').waitFor({ timeout: 5_000 });
    await block(b.page, 'Delete me').waitFor({ timeout: 5_000 });
    expect(await occ(fx.del!.occurrenceId)).toMatchObject({ status: 'scheduled', startsAt: new Date(at('03:00')).toISOString() });
  });

  it('a refused undo names who changed the run since (Ben moved it after A did): nothing changes', async () => {
    const mine = a.page.waitForResponse(isReq('PATCH', /\/api\/occurrences\//));
    await block(a.page, 'Contested').focus();
    await a.page.keyboard.press('ArrowRight');
    await a.page.keyboard.press('ArrowRight');
    await a.page.keyboard.press('Enter');
    expect((await mine).status()).toBe(200);
    await expect.poll(() => timesOf(block(b.page, 'Contested'))).not.toBe('01:00–02:00');
    const aTimes = await timesOf(block(b.page, 'Contested'));
    const bens = b.page.waitForResponse(isReq('PATCH', /\/api\/occurrences\//));
    await dragBy(b.page, block(b.page, 'Contested'), 120 * pxPerMin, 0);
    expect((await bens).status()).toBe(200);
    await expect.poll(() => timesOf(block(a.page, 'Contested'))).not.toBe(aTimes);
    const bensTimes = await timesOf(block(a.page, 'Contested'));

    const refused = a.page.waitForResponse(isReq('POST', /\/undo$/));
    await a.page.keyboard.press('Control+z');
    expect((await refused).status()).toBe(409);
    const words = `${benName} moved Contested since — undo skipped`;
    await expect.poll(() => a.page.locator('[aria-live="polite"]').last().textContent()).toContain(words);
    await a.page.locator('.notice').getByText(words).waitFor(); // in words on screen too, not only for screen readers
    expect(await timesOf(block(a.page, 'Contested'))).toBe(bensTimes);
    await screenshot(a.page, 'undo-06-refused');
  });

  it('Ctrl+D duplicates at the next free slot, Ctrl+C/Ctrl+V pastes a one-off copy, Ctrl+X/Ctrl+V moves; Shift+Delete asks first, naming the runs', async () => {
    const created = () => a.page.waitForResponse(isReq('POST', /\/api\/boards\/[^/]+\/tasks$/));
    await block(a.page, 'Dup me').focus();
    let res = created();
    await a.page.keyboard.press('Control+d');
    expect((await res).status()).toBe(201);
    await expect.poll(async () => Promise.all((await block(a.page, 'Dup me').all()).map(timesOf))).toEqual(['01:00–01:30', '01:30–02:00']);

    await block(a.page, 'Copy me').focus();
    await a.page.keyboard.press('Control+c');
    await block(a.page, 'Paste target').focus();
    res = created();
    await a.page.keyboard.press('Control+v');
    expect((await res).status()).toBe(201);
    await expect.poll(async () => (await Promise.all((await block(b.page, 'Copy me').all()).map(timesOf))).sort()).toEqual(['03:00–03:30', '08:00–08:30']);

    await block(a.page, 'Cut me').focus();
    await a.page.keyboard.press('Control+x');
    await block(a.page, 'Paste target').focus();
    const moved = a.page.waitForResponse(isReq('PATCH', /\/api\/occurrences\//));
    await a.page.keyboard.press('Control+v');
    expect((await moved).status()).toBe(200);
    expect((await occ(fx.cut!.occurrenceId)).startsAt).toBe(new Date(at('08:30')).toISOString());
    await expect.poll(() => timesOf(block(b.page, 'Cut me'))).toBe('08:30–09:00');

    await block(a.page, 'Paste target').focus();
    await a.page.keyboard.press('Shift+Delete');
    const dialog = a.page.getByRole('dialog', { name: 'Delete the job “Paste target”?' });
    await dialog.waitFor({ timeout: 5_000 });
    expect(await dialog.textContent()).toContain('Its 1 future run will be cancelled.');
    await screenshot(a.page, 'undo-07-delete-job-confirm');
    await dialog.getByRole('button', { name: 'Keep the job' }).click();
    expect(await dialog.isVisible()).toBe(false);
    expect(await block(a.page, 'Paste target').count()).toBe(1);
  });

  it('Shift+click selects a range in a row, arrows move the selection, Enter saves it in one batch; a Shift+drag lasso selects what it touches', async () => {
    await block(a.page, 'Multi one').click();
    await block(a.page, 'Multi three').click({ modifiers: ['Shift'] });
    for (const n of ['Multi one', 'Multi two', 'Multi three']) expect(await block(a.page, n).getAttribute('aria-pressed')).toBe('true');
    await block(a.page, 'Multi one').focus();
    await a.page.keyboard.press('ArrowRight');
    await a.page.keyboard.press('ArrowRight');
    const batch = a.page.waitForResponse(isReq('POST', /\/occurrences\/batch$/));
    await a.page.keyboard.press('Enter');
    expect((await batch).status()).toBe(200);
    const after = await Promise.all([fx.m1, fx.m2, fx.m3].map((x) => occ(x!.occurrenceId)));
    const shift = Date.parse(after[0]!.startsAt) - Date.parse(at('02:00'));
    expect(shift).toBeGreaterThan(0);
    expect(after.map((o) => Date.parse(o.startsAt) - shift)).toEqual(['02:00', '03:00', '04:00'].map((hm) => Date.parse(at(hm))));
    await expect.poll(() => a.page.locator('[aria-live="polite"]').last().textContent()).toContain('3 occurrences moved');

    // By keyboard: Ctrl+Space takes the focused block out of the selection and puts it back.
    await block(a.page, 'Multi two').focus();
    await a.page.keyboard.press('Control+Space');
    expect(await block(a.page, 'Multi two').getAttribute('aria-pressed')).toBe('false');
    expect(await block(a.page, 'Multi one').getAttribute('aria-pressed')).toBe('true');
    await a.page.keyboard.press('Control+Space');
    expect(await block(a.page, 'Multi two').getAttribute('aria-pressed')).toBe('true');

    await a.page.keyboard.press('Escape');
    const one = (await block(a.page, 'Multi one').boundingBox())!;
    const three = (await block(a.page, 'Multi three').boundingBox())!;
    // From the empty stretch left of the first to past the third, within the row.
    await a.page.keyboard.down('Shift');
    await a.page.mouse.move(one.x - 10, one.y + 2);
    await a.page.mouse.down();
    await a.page.mouse.move(three.x + three.width / 2, three.y + three.height - 2, { steps: 5 });
    await screenshot(a.page, 'undo-08-lasso');
    await a.page.mouse.up();
    await a.page.keyboard.up('Shift');
    for (const n of ['Multi one', 'Multi two', 'Multi three']) expect(await block(a.page, n).getAttribute('aria-pressed')).toBe('true');
    expect(await block(a.page, 'Menu me').getAttribute('aria-pressed')).toBe('false');
  });

  it('a viewer gets no context menu, no shortcuts and no undo buttons', async () => {
    const v = await openAs(f.browser, f.t, 'viewer');
    await openBoard(v.page, 'Demo depot', DAY);
    const target = block(v.page, 'Wrong drop');
    await target.waitFor({ timeout: 10_000 });
    v.consoleErrors.length = 0;
    const writes: string[] = [];
    v.page.on('request', (r) => {
      if (r.method() !== 'GET') writes.push(`${r.method()} ${r.url()}`);
    });
    await target.click({ button: 'right' });
    await target.focus();
    await v.page.keyboard.press('Shift+F10');
    await v.page.keyboard.press('Delete');
    await v.page.keyboard.press('Control+z');
    await v.page.waitForTimeout(300);
    expect(await v.page.getByRole('menu').count()).toBe(0);
    expect(await v.page.getByRole('button', { name: /^(Undo|Redo|Nothing to)/ }).count()).toBe(0);
    expect(writes).toEqual([]);
    expect(await target.count()).toBe(1);
    await v.context.close();
  });

  it('no console errors and nothing blocked by the CSP', () => {
    expect(a.consoleErrors.filter((e) => !/409|Conflict/.test(e))).toEqual([]);
    expect(b.consoleErrors).toEqual([]);
    expect(cspViolationsSeen()).toEqual([]);
  });
});

