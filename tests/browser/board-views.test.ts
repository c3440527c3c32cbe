import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '@schedhuler/server/testing/test-server';
import { addDays, block, browserTestsEnabled, DEMO_ZONE, demoBoard, ymdIn, zonedIso, INSTANTS, launchBrowser, oneOffTask, openAs, openBoard, screenshot, startServerAt, waitUntil, type Session, type TestInstant } from './harness';

/**
 * Issue 12, points 1, 2 and 5: where the board opens, how the views fit and zoom, the working-hours
 * shading, and what a drag says before release. Geometry is read from the DOM the timeline draws
 * (content x of the now line, the scroll position), at injected instants so nothing depends on today.
 */
const enabled = browserTestsEnabled();
const RAIL_W = 248;
const HOUR = 3_600_000;

interface Geometry {
  scrollLeft: number;
  scrollWidth: number;
  bodyW: number;
  /** Content x of the now line (null when it is not drawn). */
  nowX: number | null;
}

async function geometry(page: Page): Promise<Geometry> {
  return page.evaluate((rail) => {
    const s = document.querySelector<HTMLElement>('.scroller')!;
    const now = document.querySelector<HTMLElement>('[role="img"][aria-label="Now"]');
    return { scrollLeft: s.scrollLeft, scrollWidth: s.scrollWidth, bodyW: s.clientWidth - rail, nowX: now ? parseFloat(now.style.left) : null };
  }, RAIL_W);
}

/** Where the now line sits as a share of the visible width (0 = left edge of the time axis). */
const nowFraction = (g: Geometry) => (g.nowX! - g.scrollLeft) / g.bodyW;

/** The day labels of the header that lie within the visible part of the time axis. */
async function visibleDayLabels(page: Page): Promise<string[]> {
  return page.evaluate((rail) => {
    const s = document.querySelector<HTMLElement>('.scroller')!.getBoundingClientRect();
    return Array.from(document.querySelectorAll<HTMLElement>('.day-tick'))
      .filter((d) => {
        const r = d.getBoundingClientRect();
        return r.left >= s.left + rail - 1 && r.right <= s.right + 1;
      })
      .map((d) => d.textContent ?? '');
  }, RAIL_W);
}

/** Is instant `t` (given the now line as reference) under an off-hours stripe? */
async function shadedAt(page: Page, hoursFromNow: number, pxPerHour: number): Promise<boolean> {
  return page.evaluate(
    ({ dh, px }) => {
      const now = parseFloat(document.querySelector<HTMLElement>('[role="img"][aria-label="Now"]')!.style.left);
      const x = now + dh * px;
      return Array.from(document.querySelectorAll<HTMLElement>('.off-hours')).some((o) => parseFloat(o.style.left) <= x && x < parseFloat(o.style.left) + parseFloat(o.style.width));
    },
    { dh: hoursFromNow, px: pxPerHour },
  );
}

/**
 * Presses a toolbar button. The top bar's layout is another part of issue 12 (it may still overflow);
 * what is tested here is what the button does, so the click is dispatched to it directly.
 */
async function press(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).dispatchEvent('click');
}

/** How far the page is wider than the window (0 or less: no sideways scrolling). */
const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * Where the now line is seen: its share of the time axis left uncovered by the conflict feed (a
 * drawer over the timeline below 1024 px), or null when it is hidden behind the feed or off-screen.
 */
async function nowInView(page: Page): Promise<number | null> {
  return page.evaluate((rail) => {
    const s = document.querySelector<HTMLElement>('.scroller')!.getBoundingClientRect();
    const now = document.querySelector<HTMLElement>('[role="img"][aria-label="Now"]')?.getBoundingClientRect();
    const feed = document.querySelector<HTMLElement>('aside.feed')?.getBoundingClientRect();
    const right = feed && feed.left < s.right ? feed.left : s.right;
    if (!now || now.left < s.left + rail || now.left > right) return null;
    return (now.left - s.left - rail) / (s.width - rail);
  }, RAIL_W);
}

/** The conflict feed beside (or over) the board. */
const feedPanel = (page: Page) => page.getByRole('complementary', { name: /^Conflicts/ });

/** The toolbar's mark of a DST switch in the shown range. */
const dstMark = (page: Page) => page.getByRole('note').filter({ hasText: /Clocks go/ });

async function openDay(s: Session): Promise<void> {
  await openBoard(s.page, 'Demo depot');
  await s.page.getByRole('img', { name: 'Now' }).waitFor();
  await waitUntil(() => geometry(s.page), (g) => g.scrollLeft > 0, 5_000, 'the board to scroll to now');
}

describe.runIf(enabled)('board views at a weekday evening (issue 12, points 1, 2, 5)', () => {
  const at = INSTANTS.weekdayEvening;
  let t: TestServer;
  let browser: Browser;
  let p: Session;

  beforeAll(async () => {
    t = await startServerAt(at, 'brviews');
    const api = await t.client('planner1');
    const board = await demoBoard(api);
    await oneOffTask(api, board, { name: 'View mover', asset: 'VAN-2', ymd: at.today, hm: '19:00', minutes: 60 });
    await oneOffTask(api, board, { name: 'View blocker', asset: 'VAN-2', ymd: at.today, hm: '21:00', minutes: 60 });
    browser = await launchBrowser();
    p = await openAs(browser, t, 'planner1');
    await openDay(p);
    await block(p.page, 'View mover').waitFor({ timeout: 10_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('the Day view opens at 18:30 with the now line a third from the left, the day named in the header, evening hours shaded', async () => {
    const g = await geometry(p.page);
    expect(nowFraction(g)).toBeGreaterThan(0.28);
    expect(nowFraction(g)).toBeLessThan(0.39);
    expect(await visibleDayLabels(p.page)).toContain('Thu, Mar 25');
    const pxPerHour = (g.scrollWidth - RAIL_W) / 36; // the day and 6 h of each neighbour
    // Mon–Fri 07:00–19:00: 17:30 is working time, 20:00 is not.
    expect(await shadedAt(p.page, -1, pxPerHour)).toBe(false);
    expect(await shadedAt(p.page, 1.5, pxPerHour)).toBe(true);
    await screenshot(p.page, 'views-01-day-1440');
  });

  it('the day label stays in the header while its day is scrolled', async () => {
    await p.page.evaluate(() => document.querySelector('.scroller')!.scrollBy({ left: -900 }));
    await expect.poll(() => visibleDayLabels(p.page)).toContain('Thu, Mar 25');
  });

  it('Ctrl + wheel zooms around the pointer; + and - zoom; "Zoom to fit" fits the day', async () => {
    await press(p.page, 'Today');
    await expect.poll(async () => nowFraction(await geometry(p.page))).toBeCloseTo(1 / 3, 1);
    const before = await geometry(p.page);
    const box = (await p.page.getByRole('img', { name: 'Now' }).boundingBox())!;
    await p.page.mouse.move(box.x + 1, box.y + 200);
    await p.page.keyboard.down('Control');
    await p.page.mouse.wheel(0, -240);
    await p.page.keyboard.up('Control');
    const after = await waitUntil(() => geometry(p.page), (g) => g.scrollWidth > before.scrollWidth * 1.3, 3_000, 'the zoom in');
    // The instant under the pointer (now) stays under it.
    expect(Math.abs(after.nowX! - after.scrollLeft - (before.nowX! - before.scrollLeft))).toBeLessThan(4);

    await p.page.locator('body').focus();
    await p.page.keyboard.press('-');
    const out = await waitUntil(() => geometry(p.page), (g) => g.scrollWidth < after.scrollWidth, 3_000, 'the zoom out by -');
    await p.page.keyboard.press('+');
    await waitUntil(() => geometry(p.page), (g) => g.scrollWidth > out.scrollWidth, 3_000, 'the zoom in by +');

    await press(p.page, 'Zoom to fit');
    const fit = await waitUntil(() => geometry(p.page), (g) => Math.abs((g.scrollWidth - RAIL_W) / 36 - g.bodyW / 24) < 1, 3_000, 'the day to fit');
    // The whole day from its midnight: its left edge is 6 h (the previous evening) into the axis.
    expect(Math.abs(fit.scrollLeft - 6 * (fit.bodyW / 24))).toBeLessThan(2);
    await screenshot(p.page, 'views-02-day-zoomed-to-fit');
  });

  it('Week shows 7 days and Two weeks 14 in the viewport at 1440 px, opening on the range start', async () => {
    await press(p.page, 'Week');
    await expect.poll(async () => (await visibleDayLabels(p.page)).length).toBe(7);
    let g = await geometry(p.page);
    expect(g.scrollWidth - RAIL_W).toBeLessThanOrEqual(g.bodyW + 1);
    expect((await visibleDayLabels(p.page))[0]).toBe('Thu, Mar 25');
    // The week's later days arrive in a second request; the screenshot is of the loaded week.
    await expect.poll(() => p.page.getByRole('region', { name: 'Timeline' }).getAttribute('aria-busy')).toBe('false');
    await expect.poll(() => block(p.page, 'Midday round').count()).toBeGreaterThan(3);
    await screenshot(p.page, 'views-03-week-1440');
    await press(p.page, 'Two weeks');
    await expect.poll(async () => (await visibleDayLabels(p.page)).length).toBe(14);
    g = await geometry(p.page);
    expect(g.scrollWidth - RAIL_W).toBeLessThanOrEqual(g.bodyW + 1);
    await screenshot(p.page, 'views-04-two-weeks-1440');
  });

  it('switching view keeps the focused time in place (not the pixel offset)', async () => {
    await press(p.page, 'Week');
    await expect.poll(async () => (await visibleDayLabels(p.page)).length).toBe(7);
    // Zoom the week in so it scrolls, then look at Tuesday: now is out of view, the centre is the focus.
    await p.page.locator('body').focus();
    for (let i = 0; i < 5; i++) await p.page.keyboard.press('+');
    await waitUntil(() => geometry(p.page), (g) => g.scrollWidth - RAIL_W > g.bodyW * 2.5, 3_000, 'the week to zoom in');
    await p.page.evaluate(() => {
      const s = document.querySelector('.scroller')!;
      s.scrollLeft = s.scrollWidth;
    });
    const w = await waitUntil(() => geometry(p.page), (g) => nowFraction(g) < 0, 3_000, 'now out of view');
    // This week holds the spring-forward night: 167 hours, not 168.
    const weekHours = (Date.parse(zonedIso(addDays(at.today, 7), '00:00', DEMO_ZONE)) - Date.parse(zonedIso(at.today, '00:00', DEMO_ZONE))) / HOUR;
    expect(weekHours).toBe(167);
    const wPx = (w.scrollWidth - RAIL_W) / weekHours;
    const focused = Date.parse(at.now) + ((w.scrollLeft + w.bodyW / 2 - w.nowX!) / wPx) * HOUR;

    await press(p.page, 'Day');
    // The Day view is anchored on the focused instant's day (not on the week's first day)…
    const ymd = ymdIn(focused, DEMO_ZONE);
    expect(ymd).not.toBe(at.today);
    await expect.poll(() => p.page.getByLabel('First day shown').inputValue()).toBe(ymd);
    const d = await waitUntil(() => geometry(p.page), (g) => (g.scrollWidth - RAIL_W) / 36 > wPx * 2, 3_000, 'the day view');
    // …and that instant is still at the centre: read it from the axis start (that day's midnight − 6 h).
    const dayStart = Date.parse(zonedIso(ymd, '00:00', DEMO_ZONE));
    const dPx = (d.scrollWidth - RAIL_W) / 36;
    const centre = dayStart - 6 * HOUR + ((d.scrollLeft + d.bodyW / 2) / dPx) * HOUR;
    expect(Math.abs(centre - focused)).toBeLessThan(15 * 60_000);
    await press(p.page, 'Today');
    await expect.poll(() => p.page.getByLabel('First day shown').inputValue()).toBe(at.today);
  });

  it('a drag shows the live times and, over a booked slot, the refused state before release; Escape drops it', async () => {
    await p.page.getByRole('img', { name: 'Now' }).waitFor();
    const mover = block(p.page, 'View mover');
    const from = (await mover.boundingBox())!;
    const target = (await block(p.page, 'View blocker').boundingBox())!;
    const x = from.x + from.width / 2;
    const y = from.y + from.height / 2;
    const patches: string[] = [];
    p.page.on('request', (r) => {
      if (r.method() === 'PATCH') patches.push(r.url());
    });
    await p.page.mouse.move(x, y);
    await p.page.mouse.down();
    await p.page.mouse.move(x + (target.x - from.x) / 2, y, { steps: 6 });
    await expect.poll(() => p.page.locator('.drag-label').textContent()).toMatch(/^20:00–21:00\s*$/);
    expect(await p.page.locator('.refused:visible').count()).toBe(0);
    await p.page.mouse.move(x + (target.x - from.x), y, { steps: 6 });
    await expect.poll(() => p.page.locator('.drag-label').textContent()).toMatch(/^21:00–22:00\s*⊘ overlaps View blocker$/);
    expect(await p.page.locator('.refused:visible').count()).toBe(1);
    // The neighbour in the way is outlined above the dragged block.
    expect(await p.page.locator('.neighbour:visible').count()).toBe(1);
    const outline = (await p.page.locator('.neighbour:visible').boundingBox())!;
    expect(Math.abs(outline.x - target.x)).toBeLessThan(3);
    // The dragged block is drawn above the one in its way, whichever box of blocks each sits in: its box is raised.
    const onTop = await p.page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('[data-occurrence-id].editing')!;
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('[data-occurrence-id]');
      return { hit: hit === el, boxZ: getComputedStyle(el.closest('.chunk')!).zIndex };
    });
    expect(onTop).toEqual({ hit: true, boxZ: '1' });
    await screenshot(p.page, 'views-05-drag-refused');
    await p.page.keyboard.press('Escape');
    await expect.poll(() => p.page.locator('.drag-label').count()).toBe(0);
    await p.page.mouse.up();
    expect(await mover.getAttribute('aria-label')).toMatch(/^View mover 19:00–20:00, /);
    expect(patches).toEqual([]);
  });

  it('edge auto-scroll moves at a steady speed and the block stays under the pointer', async () => {
    const mover = block(p.page, 'View mover');
    const from = (await mover.boundingBox())!;
    const scroller = (await p.page.locator('.scroller').boundingBox())!;
    const x = from.x + 10;
    const y = from.y + from.height / 2;
    await p.page.mouse.move(x, y);
    await p.page.mouse.down();
    const edgeX = scroller.x + RAIL_W + 12; // 36 px into the 48 px band at the left
    await p.page.mouse.move(edgeX, y, { steps: 20 });
    const g0 = await geometry(p.page);
    await p.page.waitForTimeout(400);
    const g1 = await geometry(p.page);
    // Steady: scrolling goes on without pointer moves, at roughly 675 px/s here (not one jump per move).
    const scrolled = g0.scrollLeft - g1.scrollLeft;
    expect(scrolled).toBeGreaterThan(80);
    expect(scrolled).toBeLessThan(600);
    await p.page.mouse.move(edgeX + 200, y, { steps: 2 }); // out of the band: scrolling stops
    const g2 = await geometry(p.page);
    await p.page.waitForTimeout(200);
    expect((await geometry(p.page)).scrollLeft).toBe(g2.scrollLeft);
    // The block starts where the pointer is, less the 10 px grab offset (within one 5-minute snap).
    const px = (g2.scrollWidth - RAIL_W) / 36;
    const pointerT = Date.parse(at.now) + ((edgeX + 200 - scroller.x - RAIL_W + g2.scrollLeft - g2.nowX!) / px) * HOUR;
    const label = (await p.page.locator('.drag-label .when').textContent())!;
    const startT = Date.parse(`${at.today}T${label.slice(0, 5)}:00+01:00`); // CET: DST starts on the 28th
    expect(Math.abs(startT - (pointerT - (10 / px) * HOUR))).toBeLessThanOrEqual(5 * 60_000);
    await p.page.keyboard.press('Escape');
    await p.page.mouse.up();
  });

  it('looks right at 1440, 768 and 390 px: now in view, the day named, no sideways page scroll', async () => {
    for (const width of [1440, 768]) {
      await p.page.setViewportSize({ width, height: width === 768 ? 1024 : 900 });
      // A window narrowed to a tablet closes the feed's drawer: it would cover the now line and the evening.
      await expect.poll(() => feedPanel(p.page).count()).toBe(width === 1440 ? 1 : 0);
      await p.page.waitForTimeout(200);
      await press(p.page, 'Today');
      // Not hidden by the feed: about a third into the part of the time axis that is seen.
      const seen = await waitUntil(() => nowInView(p.page), (f) => f !== null && f > 0.2 && f < 0.45, 3_000, `the now line in view at ${width} px`);
      expect(seen).toBeLessThan(0.45);
      expect(await visibleDayLabels(p.page)).toContain('Thu, Mar 25');
      await expect.poll(() => block(p.page, 'View mover').isVisible()).toBe(true);
      expect(await pageOverflow(p.page)).toBeLessThanOrEqual(0);
      expect(await dstMark(p.page).count()).toBe(0);
      await screenshot(p.page, `views-06-day-${width}`);
    }
    // A phone reads today's agenda, the evening's runs in it.
    await p.page.setViewportSize({ width: 390, height: 844 });
    const agenda = p.page.getByRole('region', { name: /^Today, Thursday, March 25/ });
    await agenda.waitFor();
    expect(await agenda.getByRole('list', { name: 'VAN-2 today' }).textContent()).toMatch(/19:00–20:00\s*View mover/);
    expect(await pageOverflow(p.page)).toBeLessThanOrEqual(0);
    await screenshot(p.page, 'views-06-day-390');
    await p.page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(() => feedPanel(p.page).count()).toBe(1);
    expect(p.consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});

describe.runIf(enabled).each([INSTANTS.sunday, INSTANTS.dstStart])('board views at $label', (at: TestInstant) => {
  let t: TestServer;
  let browser: Browser;
  let p: Session;

  beforeAll(async () => {
    t = await startServerAt(at, 'brviews2');
    browser = await launchBrowser();
    p = await openAs(browser, t, 'planner1');
    await openDay(p);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('opens with now about a third from the left, a weekend day shaded throughout, Week showing 7 days', async () => {
    const g = await geometry(p.page);
    expect(nowFraction(g)).toBeGreaterThan(0.28);
    expect(nowFraction(g)).toBeLessThan(0.39);
    const pxPerHour = (g.scrollWidth - RAIL_W) / 36;
    // Both instants are on a Sunday: no working hours, so an hour before and after now is shaded.
    expect(await shadedAt(p.page, -1, pxPerHour)).toBe(true);
    expect(await shadedAt(p.page, 3, pxPerHour)).toBe(true);
    await screenshot(p.page, `views-07-day-${at.today}`);
    await press(p.page, 'Week');
    await expect.poll(async () => (await visibleDayLabels(p.page)).length).toBe(7);
    await screenshot(p.page, `views-08-week-${at.today}`);
  });

  it('the DST day names its switch in the bar (an ordinary Sunday does not), at 1440, 768 and 390 px', async () => {
    await press(p.page, 'Day');
    const dst = at === INSTANTS.dstStart;
    for (const width of [1440, 768, 390]) {
      await p.page.setViewportSize({ width, height: width === 390 ? 844 : width === 768 ? 1024 : 900 });
      // A phone shows today's agenda: the timeline's views, dates, snap and find bar are not offered there.
      if (width === 390) {
        await expect.poll(() => p.page.getByRole('button', { name: 'Week', exact: true }).count()).toBe(0);
        expect(await p.page.getByRole('search').count()).toBe(0);
        expect(await p.page.getByRole('button', { name: 'Only conflicts' }).count()).toBe(0);
      } else {
        await press(p.page, 'Today');
      }
      await expect.poll(() => dstMark(p.page).count()).toBe(dst ? 1 : 0);
      if (dst) {
        expect(await dstMark(p.page).textContent()).toContain('Clocks go forward an hour on 2027-03-28: 02:00 → 03:00');
        const box = (await dstMark(p.page).boundingBox())!;
        expect(box.x >= 0 && box.x + box.width <= width, `the DST mark inside the window at ${width} px`).toBe(true);
      }
      if (width !== 390) {
        await waitUntil(() => nowInView(p.page), (f) => f !== null && f > 0.2 && f < 0.45, 3_000, `the now line in view at ${width} px`);
        expect(await visibleDayLabels(p.page)).toContain(dst ? 'Sun, Mar 28' : 'Sun, Mar 21');
      }
      expect(await pageOverflow(p.page)).toBeLessThanOrEqual(0);
      await screenshot(p.page, `views-09-day-${at.today}-${width}`);
    }
    await p.page.setViewportSize({ width: 1440, height: 900 });
  });
});
