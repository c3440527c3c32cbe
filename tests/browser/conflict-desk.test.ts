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
  zonedIso,
  type DemoBoard,
  type Session,
} from './harness';
import { axeViolations } from './axe';

/* The conflict desk and utilisation (issue 15, points 1 and 2) as supervisors and planners use them. */

const enabled = browserTestsEnabled();
const AT = INSTANTS.weekdayMorning; // Monday 07:00; the scenarios are on Tuesday
const DAY = AT.day;

const deskViolations = (page: Page) => axeViolations(page, { include: [['aside.feed'], ['.top-bar']] });

describe.runIf(enabled)(`conflict desk and utilisation in Chromium at ${AT.label}`, () => {
  let t: TestServer;
  let browser: Browser;
  let api: HttpClient;
  let planner2: HttpClient;
  let board: DemoBoard;
  let sup: Session;
  let sup2: Session;

  const feed = (p: Page) => p.getByRole('complementary', { name: /^Conflicts/ });
  const card = (p: Page, text: string | RegExp) => feed(p).getByRole('listitem').filter({ hasText: text });
  const toolbarCounts = (p: Page) => p.getByRole('button', { name: /^Conflicts/ });
  /** The rejected section's heading keeps one line, and "Dismiss all rejected" sits beside or below it, never across it. */
  const rejectedHead = (p: Page) =>
    feed(p).evaluate((el) => {
      const h = el.querySelector('#desk-rejected')!;
      const b = Array.from(el.querySelectorAll('button')).find((x) => x.textContent?.trim() === 'Dismiss all rejected')!;
      const hr = h.getBoundingClientRect();
      const br = b.getBoundingClientRect();
      const lineHeight = parseFloat(getComputedStyle(h).lineHeight) || 16;
      const textHeight = hr.height - parseFloat(getComputedStyle(h).paddingTop) - parseFloat(getComputedStyle(h).paddingBottom);
      return { headingLines: Math.round(textHeight / lineHeight), apart: br.left >= hr.right || br.top >= hr.bottom - 1 };
    });

  beforeAll(async () => {
    t = await startServerAt(AT, 'brdesk');
    api = await t.client('planner1');
    planner2 = await t.client('planner2');
    board = await demoBoard(api);
    await oneOffTask(api, board, { name: 'Scanner hold', asset: 'SCN-1', ymd: DAY, hm: '10:00', minutes: 60 });
    // 50 rejected attempts of one job that was never stored: one card with "50".
    for (let i = 0; i < 50; i++) {
      const res = await planner2.post(`/api/boards/${board.boardId}/tasks`, {
        name: 'Inventory count', assetId: board.asset('SCN-1'), timezone: DEMO_ZONE, startsAt: zonedIso(DAY, '10:30', DEMO_ZONE), planDurationMin: 60,
      });
      if (res.status !== 409) throw new Error(`attempt ${i}: ${res.status}`);
    }
    await oneOffTask(api, board, { name: 'Desk base', asset: 'G-03', ymd: DAY, hm: '03:00', minutes: 60 });
    await oneOffTask(api, board, { name: 'Desk extra', asset: 'G-03', ymd: DAY, hm: '03:30', minutes: 60, allowConflict: true });
    browser = await launchBrowser();
    sup = await openAs(browser, t, 'supervisor');
    await openBoard(sup.page, 'Demo depot', DAY);
    sup2 = await openAs(browser, t, 'supervisor');
    await openBoard(sup2.page, 'Demo depot', DAY);
    await block(sup.page, 'Desk extra').waitFor({ timeout: 10_000 });
  });

  afterAll(async () => {
    await sup?.context.close();
    await sup2?.context.close();
    await browser?.close();
    await t?.stop();
  });

  it('50 rejected attempts are one card with ×50 that names the job; overlaps stand apart', async () => {
    const grouped = card(sup.page, 'tried to book Inventory count');
    await expect.poll(() => grouped.count(), { timeout: 5_000 }).toBe(1);
    expect(await grouped.textContent()).toMatch(/×50\s*attempts/);
    expect(await grouped.textContent()).toMatch(/Ben Planner tried to book Inventory count on .*SCN-1.*Blocked by Scanner hold/);
    expect(await grouped.textContent()).toMatch(/Free next: .*11:00–12:00/);
    // Supervisors dismiss it, they do not "move" a real booking to answer an attempt.
    const buttons = await grouped.getByRole('button').allTextContents();
    expect(buttons).toEqual(['Show', 'Dismiss all 50']);
    const overlapSection = feed(sup.page).getByRole('region', { name: /^Double bookings/ });
    expect(await overlapSection.getByRole('listitem').filter({ hasText: 'is double-booked' }).count()).toBe(1);
    expect(await toolbarCounts(sup.page).textContent()).toMatch(/1\s*open\s*50\s*rejected/);
    await sup.page.setViewportSize({ width: 1440, height: 900 });
    expect(await rejectedHead(sup.page)).toEqual({ headingLines: 1, apart: true });
    await screenshot(sup.page, 'desk-01-grouped-1440');
    expect(await deskViolations(sup.page)).toEqual([]);
    await feed(sup.page).getByRole('button', { name: 'Compact' }).click();
    await screenshot(sup.page, 'desk-02-compact-1440');
    expect(await deskViolations(sup.page)).toEqual([]);
    // A window narrowed to a tablet closes the feed, which is now a drawer over the timeline; the toolbar opens it.
    await sup.page.setViewportSize({ width: 768, height: 900 });
    await expect.poll(() => feed(sup.page).count()).toBe(0);
    await toolbarCounts(sup.page).click();
    expect(await rejectedHead(sup.page)).toEqual({ headingLines: 1, apart: true });
    await screenshot(sup.page, 'desk-04-normal-768');
    expect(await deskViolations(sup.page)).toEqual([]);
    await feed(sup.page).getByRole('button', { name: 'Compact' }).click();
    await screenshot(sup.page, 'desk-03-compact-768');
    // From tablet to phone the drawer stays as the user left it.
    await sup.page.setViewportSize({ width: 390, height: 844 });
    expect(await feed(sup.page).count()).toBe(1);
    expect(await rejectedHead(sup.page)).toEqual({ headingLines: 1, apart: true });
    await screenshot(sup.page, 'desk-07-compact-390');
    // Widened again, the side panel is back as it was.
    await sup.page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(() => feed(sup.page).count()).toBe(1);
    await feed(sup.page).getByRole('button', { name: 'Compact' }).click();
  });

  it('filters by kind, asset and who', async () => {
    const f = feed(sup.page);
    await f.getByLabel('Kind').selectOption({ label: 'Double bookings' });
    expect(await card(sup.page, 'Inventory count').count()).toBe(0);
    expect(await card(sup.page, 'is double-booked').count()).toBe(1);
    await f.getByLabel('Kind').selectOption({ label: 'All kinds' });
    await f.getByLabel('Who').selectOption({ label: 'Ben Planner' });
    expect(await card(sup.page, 'is double-booked').count()).toBe(0);
    expect(await card(sup.page, 'Inventory count').count()).toBe(1);
    await f.getByLabel('Who').selectOption({ label: 'Anyone' });
    await f.getByLabel('Asset').selectOption(board.asset('G-03'));
    expect(await card(sup.page, 'Inventory count').count()).toBe(0);
    expect(await card(sup.page, 'is double-booked').count()).toBe(1);
    await f.getByLabel('Asset').selectOption({ label: 'All assets' });
  });

  it('the overlap card cancels one side; the other supervisor sees the count change live', async () => {
    const overlap = card(sup.page, 'is double-booked');
    const labels = await overlap.getByRole('button').allTextContents();
    expect(labels).toContain('Dismiss');
    expect(labels.some((l) => l.startsWith('Cancel Desk extra'))).toBe(true);
    expect(labels.some((l) => l.startsWith('Move Desk extra'))).toBe(true);
    await expect.poll(() => toolbarCounts(sup2.page).textContent(), { timeout: 5_000 }).toMatch(/1\s*open/);
    await overlap.getByRole('button', { name: /^Cancel Desk extra/ }).click();
    await expect.poll(() => overlap.count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => block(sup.page, 'Desk extra').count()).toBe(0);
    await expect.poll(() => toolbarCounts(sup2.page).textContent(), { timeout: 5_000 }).not.toMatch(/open/);
  });

  it('"Dismiss all rejected" closes the 50 in one request; the other supervisor follows live', async () => {
    const req = sup.page.waitForRequest((r) => r.url().endsWith('/conflicts/dismiss'));
    await feed(sup.page).getByRole('button', { name: 'Dismiss all rejected' }).click();
    expect(JSON.parse((await req).postData() ?? '{}')).toEqual({ kind: 'rejected' });
    await expect.poll(() => card(sup.page, 'Inventory count').count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => card(sup2.page, 'Inventory count').count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => toolbarCounts(sup2.page).textContent(), { timeout: 5_000 }).not.toMatch(/rejected/);
    const open = await api.get<{ conflicts: unknown[] }>(`/api/boards/${board.boardId}/conflicts?status=open`);
    expect(open.body.conflicts).toEqual([]);
    await feed(sup.page).getByRole('button', { name: 'Resolved' }).click();
    await expect.poll(() => card(sup.page, 'Inventory count').count(), { timeout: 5_000 }).toBe(1);
    expect(await card(sup.page, 'Inventory count').textContent()).toMatch(/×50.*Resolved \(dismiss\) by Sam Supervisor/);
    await feed(sup.page).getByRole('button', { name: 'Open' }).click();
  });

  it('utilisation shows in the rail and follows a move live', async () => {
    const load = (code: string) => sup2.page.locator('.asset', { hasText: code }).locator('.load');
    // Tuesday, day zoom: 12 working hours; Scanner hold is 1 h of SCN-1.
    await expect.poll(() => load('SCN-1').textContent(), { timeout: 5_000 }).toMatch(/8%/);
    const before = (await load('VAN-1').textContent())!.trim();
    const occ = (await api.get<{ occurrences: { id: string; assetId: string; version: number }[] }>(`/api/boards/${board.boardId}?from=${zonedIso(DAY, '00:00', DEMO_ZONE)}&to=${zonedIso(DAY, '23:59', DEMO_ZONE)}`)).body.occurrences;
    const hold = occ.find((o) => o.assetId === board.asset('SCN-1'))!;
    const moved = await api.patch(`/api/occurrences/${hold.id}`, { expectedVersion: hold.version, startsAt: zonedIso(DAY, '14:00', DEMO_ZONE), endsAt: zonedIso(DAY, '17:00', DEMO_ZONE) });
    expect(moved.status).toBe(200);
    await expect.poll(() => load('SCN-1').textContent(), { timeout: 5_000 }).toMatch(/25%/);
    expect((await load('VAN-1').textContent())!.trim()).toBe(before);
    expect(await sup2.page.locator('.histo-bar').count()).toBeGreaterThan(0);
    await screenshot(sup2.page, 'desk-05-utilisation-after-move');
  });

  it('"Only conflicts" leaves out rows without a double booking', async () => {
    await oneOffTask(api, board, { name: 'Only base', asset: 'G-01', ymd: DAY, hm: '02:00', minutes: 60 });
    await oneOffTask(api, board, { name: 'Only extra', asset: 'G-01', ymd: DAY, hm: '02:30', minutes: 60, allowConflict: true });
    await block(sup.page, 'Only extra').waitFor({ timeout: 5_000 });
    const rows = sup.page.locator('.rail .asset');
    const all = await rows.count();
    await sup.page.getByRole('button', { name: 'Only conflicts' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('G-01');
    await screenshot(sup.page, 'desk-06-only-conflicts');
    await sup.page.getByRole('button', { name: 'Only conflicts' }).click();
    await expect.poll(() => rows.count()).toBe(all);
  });

  it('no CSP violation and no console error', () => {
    expect(cspViolationsSeen()).toEqual([]);
    expect(sup.consoleErrors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});
