import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import type { HttpClient } from '@schedhuler/server/testing/http-client';
import { openLive, startBoardFixture, type BoardFixture } from './board-fixture';
import {
  addDays,
  block,
  browserTestsEnabled,
  connectionState,
  cspViolationsSeen,
  DEMO_ZONE,
  INSTANTS,
  login,
  networkSwitch,
  openAs,
  screenshot,
  zonedIso,
  type CreatedTask,
  type NetworkSwitch,
  type Session,
  waitUntil,
} from './harness';

const enabled = browserTestsEnabled();

/**
 * Range loading (issue 13.5) in the Day view: D is the day after the pinned Thursday evening. The page
 * loads the visible day with a day either side, prefetches one more day either side, keeps two and
 * forgets the rest; every snapshot request the page makes is recorded to tell a cached range from a fetched one.
 */
const AT = INSTANTS.weekdayEvening;
const D = AT.day;
const day = (n: number) => addDays(D, n);
const startOf = (ymd: string) => Date.parse(zonedIso(ymd, '00:00', DEMO_ZONE));

interface SnapshotRequest {
  from: number;
  to: number;
  answered: boolean;
}

/** Records the page's range snapshot requests (GET /api/boards/:id?from=&to=) and which were answered. */
function recordSnapshots(page: Page, boardId: string): SnapshotRequest[] {
  const log: SnapshotRequest[] = [];
  const parse = (url: string) => {
    const u = new URL(url);
    const from = u.searchParams.get('from');
    const to = u.searchParams.get('to');
    return u.pathname === `/api/boards/${boardId}` && from && to ? { from: Date.parse(from), to: Date.parse(to) } : null;
  };
  page.on('request', (r) => {
    const span = r.method() === 'GET' ? parse(r.url()) : null;
    if (span) log.push({ ...span, answered: false });
  });
  page.on('response', (r: Response) => {
    const span = r.request().method() === 'GET' && r.ok() ? parse(r.url()) : null;
    const entry = span && log.find((e) => !e.answered && e.from === span.from && e.to === span.to);
    if (entry) entry.answered = true;
  });
  return log;
}

/** Requests in `log` after index `mark` that overlap the local day `ymd`. */
function fetchedDay(log: readonly SnapshotRequest[], mark: number, ymd: string): SnapshotRequest[] {
  const [from, to] = [startOf(ymd), startOf(addDays(ymd, 1))];
  return log.slice(mark).filter((r) => r.from < to && r.to > from);
}

/** Waits until requests after `mark`, answered, cover the local days [first, last] (the page's prefetch is done). */
async function waitLoaded(log: readonly SnapshotRequest[], mark: number, first: string, last: string): Promise<void> {
  const [from, to] = [startOf(first), startOf(addDays(last, 1))];
  const covered = () => {
    let at = from;
    for (const r of log.slice(mark).filter((x) => x.answered).sort((a, b) => a.from - b.from)) if (r.from <= at && r.to > at) at = r.to;
    return at >= to;
  };
  await waitUntil(async () => covered(), Boolean, 30_000, `answered snapshots covering ${first}..${last}: ${JSON.stringify(log)}`);
}

async function showDay(page: Page, ymd: string): Promise<void> {
  await page.getByLabel('First day shown').fill(ymd);
  await waitUntil(() => page.getByLabel('First day shown').inputValue(), (v) => v === ymd, 10_000, 'the board to show ' + ymd);
}

const label = (page: Page, name: string) => block(page, name).getAttribute('aria-label', { timeout: 15_000 });

describe.runIf(enabled)(`range loading in Chromium at ${AT.label}, two planners (issue 13.5)`, () => {
  let f: BoardFixture; // planner1's API creates the fixtures
  let ben: HttpClient; // planner2's API session, for changes on days nobody looks at
  let a: Session; // planner1, Ana: the page under test
  let b: Session; // planner2, Ben, in his own browser
  let aNet: NetworkSwitch;
  let log: SnapshotRequest[];
  /** Where in the log A last came back to D from far away (everything near D fetched afresh since). */
  let backAtD = 0;
  const fx: Record<string, CreatedTask> = {};

  /** Ben moves an occurrence through the API (its current version first): one `occurrence.updated` event. */
  async function benMoves(name: string, ymd: string, hm: string, minutes: number, asset = 'SCN-1'): Promise<void> {
    const occ = await ben.occurrence(fx[name]!.occurrenceId);
    const start = Date.parse(zonedIso(ymd, hm, DEMO_ZONE));
    const res = await ben.patch(`/api/occurrences/${occ.id}`, {
      expectedVersion: occ.version,
      assetId: f.board.asset(asset),
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + minutes * 60_000).toISOString(),
    });
    if (res.status !== 200) throw new Error(`move ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  beforeAll(async () => {
    f = await startBoardFixture(AT, 'brranges');
    ben = await f.t.client('planner2');
    const task = async (name: string, asset: string, ymd: string, hm: string) => {
      fx[name] = await f.task(name, asset, hm, 60, { ymd });
    };
    await task('RL today', 'SCN-1', day(0), '10:00');
    await task('RL next', 'SCN-1', day(1), '10:00');
    await task('RL after', 'SCN-1', day(2), '10:00');
    await task('RL far', 'SCN-1', day(10), '10:00');
    await task('RL out', 'SCN-1', day(0), '13:00');
    await task('RL in', 'SCN-1', day(8), '14:00');
    await task('RL unseen', 'SCN-1', day(8), '10:00');
    await task('RL near', 'SCN-1', day(1), '12:00');
    await task('RL offline here', 'SCN-1', day(0), '11:30');
    await task('RL offline before', 'SCN-1', day(-1), '10:00');
    await task('RL offline arrives', 'SCN-1', day(9), '09:00');

    a = await openAs(f.browser, f.t);
    aNet = await networkSwitch(a.context); // before A's page opens its socket
    await login(a.page, 'planner1');
    log = recordSnapshots(a.page, f.board.boardId);
    b = await openAs(f.browser, f.t, 'planner2');
    await openLive([a, b], D, 'RL today', 15_000);
  });

  afterAll(() => f?.close());

  it('the next day shows at once from the prefetch, going back fetches nothing, a far day is forgotten and fetched again', async () => {
    await waitLoaded(log, 0, day(-2), day(2)); // the visible day, its padding and the prefetched neighbours
    const first = log.length;

    await a.page.getByRole('button', { name: 'Next day' }).click();
    expect(await label(a.page, 'RL next')).toContain('10:00–11:00');
    await a.page.getByRole('button', { name: 'Next day' }).click();
    expect(await label(a.page, 'RL after')).toContain('10:00–11:00');
    // Both days were on the page before the clicks: no request for either since.
    expect(fetchedDay(log, first, day(1))).toEqual([]);
    expect(fetchedDay(log, first, day(2))).toEqual([]);
    await screenshot(a.page, 'ranges-01a-two-days-on-from-cache');

    const back = log.length;
    await a.page.getByRole('button', { name: 'Previous day' }).click();
    expect(await label(a.page, 'RL next')).toContain('10:00–11:00');
    await a.page.getByRole('button', { name: 'Previous day' }).click();
    expect(await label(a.page, 'RL today')).toContain('10:00–11:00');
    // (What was forgotten two days away may be fetched again as padding, never the days shown.)
    expect(fetchedDay(log, back, day(1))).toEqual([]);
    expect(fetchedDay(log, back, day(0))).toEqual([]);

    // Ten days away the first days are evicted (two days kept either side): coming back fetches D again.
    await showDay(a.page, day(10));
    expect(await label(a.page, 'RL far')).toContain('10:00–11:00');
    expect(await block(a.page, 'RL today').count()).toBe(0);
    const away = log.length;
    backAtD = away;
    await showDay(a.page, day(0));
    expect(await label(a.page, 'RL today')).toContain('10:00–11:00');
    expect(fetchedDay(log, away, day(0)).length).toBeGreaterThanOrEqual(1);
    await screenshot(a.page, 'ranges-01b-back-after-eviction');
  });

  it('live events: out of the view into an unloaded day, into the view from one, on a loaded day off screen and on an unloaded day', async () => {
    await waitLoaded(log, backAtD, day(-2), day(2));
    const mark = log.length;
    expect(await label(a.page, 'RL out')).toContain('13:00–14:00');

    await benMoves('RL out', day(8), '13:00', 60); // D → D+8, which A has not loaded
    await expect.poll(() => block(a.page, 'RL out').count(), { timeout: 10_000 }).toBe(0);
    await benMoves('RL in', day(0), '15:00', 60); // D+8 → D: appears without a reload
    expect(await label(a.page, 'RL in')).toContain('15:00–16:00');
    expect(fetchedDay(log, mark, day(0))).toEqual([]);
    await benMoves('RL near', day(1), '16:00', 60); // D+1: loaded, not on screen
    await benMoves('RL unseen', day(8), '11:00', 60); // D+8: not loaded at all
    await screenshot(a.page, 'ranges-02a-live-in-and-out');

    // B's own board (also on D) agrees.
    await expect.poll(() => block(b.page, 'RL in').getAttribute('aria-label'), { timeout: 10_000 }).toContain('15:00–16:00');
    expect(await block(b.page, 'RL out').count()).toBe(0);

    // The loaded day comes from the store, so seeing Ben's 16:00 there without a request is the proof
    // that the event reached a loaded range off screen (whether it lands before or after the click).
    const before = log.length;
    await a.page.getByRole('button', { name: 'Next day' }).click();
    await expect.poll(() => label(a.page, 'RL near'), { timeout: 10_000 }).toContain('16:00–17:00');
    expect(fetchedDay(log, before, day(1))).toEqual([]);

    // The unloaded day is fetched on arrival and shows both changes made while it was not loaded.
    await showDay(a.page, day(8));
    expect(await label(a.page, 'RL out')).toContain('13:00–14:00');
    expect(await label(a.page, 'RL unseen')).toContain('11:00–12:00');
    expect(await block(a.page, 'RL in').count()).toBe(0);
    expect(fetchedDay(log, before, day(8)).length).toBeGreaterThanOrEqual(1);
    await screenshot(a.page, 'ranges-02b-unloaded-day-fetched');
    backAtD = log.length;
    await showDay(a.page, day(0));
    expect(await label(a.page, 'RL in')).toContain('15:00–16:00');
  });

  it('offline while Ben edits the visible day, a cached day and moves one in from an unloaded day: all there after the reconnect', async () => {
    await waitLoaded(log, backAtD, day(-2), day(2));
    await waitUntil(() => connectionState(a.page).textContent(), (v) => v === 'Live', 15_000, 'the live connection');
    await aNet.goOffline();
    await expect.poll(() => connectionState(a.page).textContent(), { timeout: 10_000 }).toBe('Reconnecting…');

    // Ben in his browser: +60 min by keyboard (12 × 5 min) on the day both look at.
    await block(b.page, 'RL offline here').focus();
    for (let i = 0; i < 12; i++) await b.page.keyboard.press('ArrowRight');
    const saved = b.page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/occurrences/'));
    await b.page.keyboard.press('Enter');
    expect((await saved).status()).toBe(200);
    await benMoves('RL offline before', day(-1), '11:00', 60); // the cached previous day
    await benMoves('RL offline arrives', day(0), '09:00', 60); // from unloaded D+9 into D
    expect(await label(a.page, 'RL offline here')).toContain('11:30–12:30'); // A really is cut off
    await screenshot(a.page, 'ranges-03a-offline');

    await aNet.goOnline();
    await expect.poll(() => label(a.page, 'RL offline here'), { timeout: 30_000 }).toContain('12:30–13:30');
    expect(await label(a.page, 'RL offline arrives')).toContain('09:00–10:00');
    await expect.poll(() => connectionState(a.page).textContent(), { timeout: 15_000 }).toMatch(/^(Resynced|Live)$/);

    const before = log.length;
    await a.page.getByRole('button', { name: 'Previous day' }).click();
    await expect.poll(() => label(a.page, 'RL offline before'), { timeout: 10_000 }).toContain('11:00–12:00');
    expect(fetchedDay(log, before, day(-1))).toEqual([]);
    await screenshot(a.page, 'ranges-03b-caught-up-on-cached-day');
  });

  it('Week view: the next week comes from the prefetch without a request, and so does the way back', async () => {
    const mark = log.length;
    await a.page.getByRole('group', { name: 'Zoom' }).getByRole('button', { name: 'Week', exact: true }).click();
    await expect.poll(() => a.page.getByRole('button', { name: 'Next week' }).count()).toBe(1);
    const w = await a.page.getByLabel('First day shown').inputValue();
    // The week before and the week after are prefetched (what the Day view still holds near D was all
    // fetched since backAtD and not evicted since). Their padding is measured in hours: across the DST
    // change inside this week it ends an hour short of a local midnight, so only whole weeks are awaited.
    await waitLoaded(log, backAtD, addDays(w, -7), addDays(w, 13));
    expect(log.length).toBeGreaterThan(mark);
    const ahead = log.length;
    await a.page.getByRole('button', { name: 'Next week' }).click();
    await waitUntil(() => a.page.getByLabel('First day shown').inputValue(), (v) => v === addDays(w, 7), 10_000, 'the next week');
    expect(await label(a.page, 'RL far')).toContain('10:00–11:00'); // D+10, in the next week
    for (let i = 7; i < 14; i++) expect(fetchedDay(log, ahead, addDays(w, i))).toEqual([]);
    await screenshot(a.page, 'ranges-04-next-week-from-prefetch');
    const back = log.length;
    await a.page.getByRole('button', { name: 'Previous week' }).click();
    await waitUntil(() => a.page.getByLabel('First day shown').inputValue(), (v) => v === w, 10_000, 'the week before');
    expect(await label(a.page, 'RL today')).toContain('10:00–11:00');
    for (let i = 0; i < 7; i++) expect(fetchedDay(log, back, addDays(w, i))).toEqual([]);
  });

  it('days still being fetched say so on screen (and to assistive tech) until their answer arrives', async () => {
    // Hold every snapshot answer until released: the days five weeks on were never loaded.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const isSnapshot = (url: URL) => url.pathname === `/api/boards/${f.board.boardId}` && url.searchParams.has('from');
    await a.page.route(isSnapshot, async (route) => {
      await held;
      await route.continue();
    });
    try {
      const timeline = a.page.getByRole('region', { name: 'Timeline' });
      const hint = a.page.getByRole('status').filter({ hasText: 'Loading these days…' });
      const far = addDays(D, 35);
      await a.page.getByLabel('First day shown').fill(far);
      await expect.poll(() => hint.isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await timeline.getAttribute('aria-busy')).toBe('true');
      // Not "nothing is scheduled": the range is not known yet.
      expect(await a.page.getByText('Nothing is scheduled in this range').count()).toBe(0);
      await screenshot(a.page, 'ranges-05-loading-far-days');
      release();
      await expect.poll(() => hint.count(), { timeout: 15_000 }).toBe(0);
      expect(await timeline.getAttribute('aria-busy')).toBe('false');
    } finally {
      release();
      await a.page.unroute(isSnapshot);
    }
  });

  it('nobody saw a console error', () => {
    for (const s of [a, b]) expect(s.consoleErrors).toEqual([]);
    expect(cspViolationsSeen()).toEqual([]);
  });
});
