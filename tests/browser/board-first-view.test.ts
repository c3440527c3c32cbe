import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { firstRowAssets, type AssetDto, type AssetKind } from '@schedhuler/shared';
import type { HttpClient } from '@schedhuler/server/testing/http-client';
import { startBoardFixture, type BoardFixture } from './board-fixture';
import { block, browserTestsEnabled, cspViolationsSeen, DEMO_ZONE, INSTANTS, login, oneOffTask, openAs, screenshot, waitUntil, type CreatedTask, type DemoBoard, type Session } from './harness';

const enabled = browserTestsEnabled();

/**
 * Issue 13.2 in Chromium: a dispatcher opens a board with more rows than the first view covers. The
 * boot script asks for the first view (`?firstAssets=n`, n from the viewport: 32 at 1440×900), the page
 * shows its top rows, says "Loading the other rows…" and asks for the full snapshot, which this file
 * holds back until told. Meanwhile a second planner creates a task on a row outside the first view.
 * A phone-width page (the agenda, every row) asks for no first view at all.
 *
 * Tasks are performed by people, vehicles and equipment only; the board's very last rows are sites and
 * checkpoints, so "the last row" here is the last row that can hold a task (the last equipment row),
 * which the 32 trolleys created below put far outside the first view.
 */
const AT = INSTANTS.weekdayMorning; // Monday 07:00: the board opens on this day
const D = AT.today;
const TROLLEYS = 32;
const PERFORMER_KINDS: readonly AssetKind[] = ['person', 'vehicle', 'equipment'];
/** firstViewAssets (client/src/lib/early-requests.ts) at 900 px: ceil((900 + 180) / 36) = 30 rows, rounded up to 32. */
const FIRST_VIEW_ROWS_AT_900 = 32;

interface SnapshotRequest {
  from: string;
  to: string;
  firstAssets: string | null;
}

/** Records the page's board snapshot requests (GET /api/boards/:id?from=&to=[&firstAssets=n]), in order. */
function recordSnapshots(page: Page, boardId: string): SnapshotRequest[] {
  const log: SnapshotRequest[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET') return;
    const u = new URL(r.url());
    const from = u.searchParams.get('from');
    const to = u.searchParams.get('to');
    if (u.pathname === `/api/boards/${boardId}` && from && to) log.push({ from, to, firstAssets: u.searchParams.get('firstAssets') });
  });
  return log;
}

/** Signs in on the login page, waits for the board list, then opens the board's address in a fresh document (the boot script runs). */
async function coldOpen(s: Session, boardId: string): Promise<void> {
  await login(s.page, 'planner1');
  await s.page.getByRole('link', { name: 'Demo depot' }).waitFor({ timeout: 15_000 });
  // The signed-out login page's 401 from /api/auth/me is expected.
  s.consoleErrors.length = 0;
  await s.page.goto('about:blank');
  await s.page.goto(`/#/boards/${boardId}`);
}

describe.runIf(enabled)(`opening a board on its first rows in Chromium at ${AT.label} (issue 13.2)`, () => {
  let f: BoardFixture; // planner1's API: assets and the seeded tasks
  let ben: HttpClient; // planner2's API: the change made while the rest of the board is on its way
  let board: DemoBoard; // the demo board, trolleys included
  let a: Session; // the dispatcher at 1440×900
  let p: Session | undefined; // the same planner on a phone, 390 px wide
  let log: SnapshotRequest[];
  let rows: AssetDto[]; // every asset in the board's row order
  let top: AssetDto; // the first row
  let bottom: AssetDto; // the last row a task can be on
  const held: { url: string; route: Route }[] = [];
  let release = () => {};
  const released = new Promise<void>((r) => (release = r));
  let isFull: (url: URL) => boolean = () => false;
  const fx: Record<string, CreatedTask> = {};

  beforeAll(async () => {
    f = await startBoardFixture(AT, 'brfirstview');
    ben = await f.t.client('planner2');
    const { boardId } = f.board;
    for (let i = 1; i <= TROLLEYS; i++) {
      const code = `TR-${String(i).padStart(2, '0')}`;
      const res = await f.api.post(`/api/boards/${boardId}/assets`, { code, name: `Trolley ${i}`, kind: 'equipment' });
      if (res.status !== 201) throw new Error(`create ${code}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const listed = (await f.api.get<{ assets: AssetDto[] }>(`/api/boards/${boardId}/assets`)).body.assets;
    rows = firstRowAssets(listed, listed.length);
    top = rows[0]!;
    bottom = rows.filter((x) => PERFORMER_KINDS.includes(x.kind)).at(-1)!;
    board = {
      boardId,
      asset(code) {
        const found = listed.find((x) => x.code === code);
        if (!found) throw new Error(`no asset ${code}`);
        return found.id;
      },
    };
    fx['FV top row'] = await oneOffTask(f.api, board, { name: 'FV top row', asset: top.code, ymd: D, hm: '10:00', minutes: 60 });
    fx['FV bottom row'] = await oneOffTask(f.api, board, { name: 'FV bottom row', asset: bottom.code, ymd: D, hm: '10:00', minutes: 60 });

    a = await openAs(f.browser, f.t);
    log = recordSnapshots(a.page, boardId);
    // Hold every full snapshot of the board (a range, no firstAssets) until `release()`; first views pass.
    isFull = (u) => u.pathname === `/api/boards/${boardId}` && u.searchParams.has('from') && u.searchParams.has('to') && !u.searchParams.has('firstAssets');
    await a.page.route(isFull, async (route) => {
      held.push({ url: route.request().url(), route });
      await released;
      await route.continue();
    });
    await coldOpen(a, boardId);
  });

  afterAll(async () => {
    release();
    if (a) await a.page.unroute(isFull).catch(() => {});
    await f?.close();
  });

  it('opens on the first view: its top row shown, the last row not, "Loading the other rows…" while the full snapshot is held', async () => {
    // The scenario needs rows the first view leaves out.
    expect(top.code).toBe('G-01');
    expect(bottom.code).toBe(`TR-${TROLLEYS}`);
    expect(rows.indexOf(bottom)).toBeGreaterThanOrEqual(FIRST_VIEW_ROWS_AT_900);

    await block(a.page, 'FV top row').waitFor({ timeout: 15_000 });
    expect(await block(a.page, 'FV top row').getAttribute('data-occurrence-id')).toBe(fx['FV top row']!.occurrenceId);
    // The full snapshot is asked for once the first view is drawn, and is held.
    await waitUntil(async () => held.length, (n) => n >= 1, 15_000, 'the full snapshot request');

    // The first request for the opening range was the first view, with the rows a 900 px viewport mounts.
    const [first] = log;
    expect(first?.firstAssets).toBe(String(FIRST_VIEW_ROWS_AT_900));
    const sameRange = log.filter((r) => r.from === first!.from && r.to === first!.to);
    expect(sameRange[0]).toBe(first);
    expect(sameRange.slice(1).some((r) => r.firstAssets === null)).toBe(true);
    expect(held.some((h) => new URL(h.url).searchParams.get('from') === first!.from && new URL(h.url).searchParams.get('to') === first!.to)).toBe(true);

    const timeline = a.page.getByRole('region', { name: 'Timeline' });
    const notice = a.page.getByRole('status').filter({ hasText: 'Loading the other rows…' });
    await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await a.page.locator('section[aria-label=Timeline]').getAttribute('aria-busy')).toBe('true');
    expect(await timeline.getByText('Nothing is scheduled in this range').count()).toBe(0);
    await screenshot(a.page, 'first-view-01a-top-rows');

    // At the bottom the last row is there (its rail row mounted) but its task is not: not in the first view.
    await a.page.locator('.scroller').evaluate((el) => (el.scrollTop = el.scrollHeight));
    const bottomRail = a.page.locator('.rail .asset .code').filter({ hasText: new RegExp(`^${bottom.code}$`) });
    await expect.poll(() => bottomRail.isVisible(), { timeout: 10_000 }).toBe(true);
    // Two frames for the mount window to follow the scroll.
    await a.page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    expect(await block(a.page, 'FV bottom row').count()).toBe(0);
    expect(await notice.isVisible()).toBe(true);
    await screenshot(a.page, 'first-view-01b-bottom-rows-held');
  });

  it('a task Ben creates on the last row arrives live while the rest is held; after the full snapshot every block is there once', async () => {
    expect(held.length).toBeGreaterThanOrEqual(1);
    const live = await oneOffTask(ben, board, { name: 'FV live bottom', asset: bottom.code, ymd: D, hm: '12:00', minutes: 60 });
    // Through the socket: the full snapshot (which would also carry it) is still held.
    await expect.poll(() => block(a.page, 'FV live bottom').count(), { timeout: 10_000 }).toBe(1);
    expect(await block(a.page, 'FV live bottom').getAttribute('data-occurrence-id')).toBe(live.occurrenceId);
    expect(await block(a.page, 'FV bottom row').count()).toBe(0);
    const notice = a.page.getByRole('status').filter({ hasText: 'Loading the other rows…' });
    expect(await notice.isVisible()).toBe(true);
    await screenshot(a.page, 'first-view-02a-live-on-held-rows');

    release();
    await expect.poll(() => block(a.page, 'FV bottom row').count(), { timeout: 15_000 }).toBe(1);
    expect(await block(a.page, 'FV bottom row').getAttribute('data-occurrence-id')).toBe(fx['FV bottom row']!.occurrenceId);
    expect(await block(a.page, 'FV live bottom').count()).toBe(1);
    expect(await block(a.page, 'FV bottom row').getAttribute('aria-label')).toContain('10:00–11:00');
    expect(await block(a.page, 'FV live bottom').getAttribute('aria-label')).toContain('12:00–13:00');
    await expect.poll(() => notice.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => a.page.locator('section[aria-label=Timeline]').getAttribute('aria-busy'), { timeout: 10_000 }).toBe('false');
    const ids = await a.page.locator('[data-occurrence-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-occurrence-id')));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    await screenshot(a.page, 'first-view-02b-all-rows');

    // Back at the top the first row is as it was.
    await a.page.locator('.scroller').evaluate((el) => (el.scrollTop = 0));
    await expect.poll(() => block(a.page, 'FV top row').count(), { timeout: 10_000 }).toBe(1);
  });

  it('a phone-width page asks for no first view: its agenda lists every row, the last one included', async () => {
    p = await openAs(f.browser, f.t);
    await p.page.setViewportSize({ width: 390, height: 844 });
    const phoneLog = recordSnapshots(p.page, f.board.boardId);
    await coldOpen(p, f.board.boardId);
    const day = new Intl.DateTimeFormat('en-US', { timeZone: DEMO_ZONE, weekday: 'long', month: 'long', day: 'numeric' }).format(Date.parse(AT.now));
    const agenda = p.page.getByRole('region', { name: new RegExp(`^Today, ${day}`) });
    await agenda.waitFor({ timeout: 15_000 });
    const lastList = agenda.getByRole('list', { name: `${bottom.code} today` });
    await expect.poll(() => lastList.count(), { timeout: 10_000 }).toBe(1);
    const texts = await lastList.getByRole('listitem').allTextContents();
    expect(texts.some((t) => t.includes('FV bottom row'))).toBe(true);
    expect(texts.some((t) => t.includes('FV live bottom'))).toBe(true);
    expect(phoneLog.length).toBeGreaterThanOrEqual(1);
    expect(phoneLog.filter((r) => r.firstAssets !== null)).toEqual([]);
    await screenshot(p.page, 'first-view-03-phone-agenda');
  });

  it('nobody saw a console error', () => {
    for (const s of [a, p]) expect(s?.consoleErrors).toEqual([]);
    expect(cspViolationsSeen()).toEqual([]);
  });
});
