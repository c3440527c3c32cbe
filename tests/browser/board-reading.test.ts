import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '@schedhuler/server/testing/test-server';
import {
  block,
  browserTestsEnabled,
  cspViolationsSeen,
  demoBoard,
  INSTANTS,
  launchBrowser,
  oneOffTask,
  openAs,
  openBoard,
  screenshot,
  startServerAt,
  waitUntil,
  type Session,
  type TestInstant,
} from './harness';
import { axeViolations } from './axe';

/* Reading the board and finding things on it (issue 12, points 3 and 4), at fixed instants. */

const enabled = browserTestsEnabled();


/** The asset codes of the rows the rail shows, top to bottom. */
async function railCodes(page: Page): Promise<string[]> {
  return page.locator('.rail .asset .code').allTextContents();
}

async function classesOf(page: Page, name: string): Promise<string[]> {
  return block(page, name).first().evaluate((el) => Array.from(el.classList));
}

/** A tour visit mark in a place's row: read-only, named by its tour and time. */
const visit = (page: Page, tour: string) => page.getByRole('img', { name: new RegExp(`^${tour} at \\d\\d:\\d\\d, stop \\d+$`) });

/** Whether the element's vertical middle is inside the rail row of `code`. */
async function inRowOf(page: Page, el: ReturnType<Page['locator']>, code: string): Promise<boolean> {
  const row = await page.locator('.rail .asset').filter({ has: page.locator('.code', { hasText: new RegExp(`^${code}$`) }) }).boundingBox();
  const box = await el.boundingBox();
  if (!row || !box) return false;
  const mid = box.y + box.height / 2;
  return mid >= row.y && mid <= row.y + row.height;
}

function scenario(at: TestInstant, weekday: boolean) {
  describe.runIf(enabled)(`board reading at ${at.label}`, () => {
    let t: TestServer;
    let browser: Browser;
    let s: Session;
    const search = () => s.page.getByRole('searchbox', { name: 'Search' });

    beforeAll(async () => {
      t = await startServerAt(at, weekday ? 'brread' : 'brreadsun');
      const api = await t.client('planner1');
      const board = await demoBoard(api);
      // Two overlapping blocks on one row (an accepted double booking): they share the row in lanes.
      await oneOffTask(api, board, { name: 'Lane one', asset: 'G-03', ymd: at.today, hm: '14:00', minutes: 60 });
      await oneOffTask(api, board, { name: 'Lane two', asset: 'G-03', ymd: at.today, hm: '14:30', minutes: 60, allowConflict: true });
      // A row with nothing on it, whatever the demo schedules do.
      const idle = await api.post(`/api/boards/${board.boardId}/assets`, { code: 'IDLE-1', name: 'Idle trolley', kind: 'equipment' });
      if (idle.status !== 201) throw new Error(`create IDLE-1: ${idle.status} ${JSON.stringify(idle.body)}`);
      // A job whose name matches "Van" on a row whose name does not, next to one that does not match.
      const trailer = await api.post(`/api/boards/${board.boardId}/assets`, { code: 'TRL-1', name: 'Trailer', kind: 'equipment' });
      if (trailer.status !== 201) throw new Error(`create TRL-1: ${trailer.status} ${JSON.stringify(trailer.body)}`);
      const withTrailer = await demoBoard(api);
      await oneOffTask(api, withTrailer, { name: 'Van wash', asset: 'TRL-1', ymd: at.today, hm: '11:00', minutes: 60 });
      await oneOffTask(api, withTrailer, { name: 'Tyre check', asset: 'TRL-1', ymd: at.today, hm: '13:00', minutes: 60 });
      browser = await launchBrowser();
      s = await openAs(browser, t, 'planner1');
      await openBoard(s.page, 'Demo depot');
      await block(s.page, 'Night patrol').waitFor({ timeout: 10_000 });
    });

    beforeEach(async () => {
      if (s && (await search().inputValue()) !== '') await search().fill('');
    });

    afterAll(async () => {
      await s?.context.close();
      await browser?.close();
      await t?.close();
    });

    it('"Search" filters rows by code and name and highlights the matching jobs', async () => {
      const all = await railCodes(s.page);
      expect(all).toContain('G-01');
      await search().fill('Van');
      // The vans by code and name, the trailer by its job "Van wash"; nobody else.
      const rows = await waitUntil(() => railCodes(s.page), (c) => c.length > 0 && c.every((x) => x.startsWith('VAN-') || x === 'TRL-1'), 5_000, 'only the vans and the trailer');
      expect(rows).toEqual(expect.arrayContaining(['VAN-1', 'VAN-2', 'TRL-1']));
      await waitUntil(() => s.page.getByRole('status').filter({ hasText: /rows$/ }).textContent(), (t) => new RegExp(`^${rows.length} of \\d+ rows$`).test(t ?? ''), 3_000, 'the row count');
      expect(await classesOf(s.page, 'Van wash')).toContain('found');
      expect(await classesOf(s.page, 'Tyre check')).toContain('dimmed');
      expect(await classesOf(s.page, 'Tyre check')).not.toContain('found');
      await screenshot(s.page, `board-reading-search-${weekday ? 'weekday' : 'sunday'}`);
      // A job name finds its row too: "patrol" keeps G-01 for the Night patrol.
      await search().fill('patrol');
      await waitUntil(() => railCodes(s.page), (c) => c.includes('G-01') && !c.includes('VAN-1'), 5_000, 'the Night patrol row');
      expect(await classesOf(s.page, 'Night patrol')).toContain('found');
      await search().fill('');
      await waitUntil(() => railCodes(s.page), (c) => c.length === all.length, 5_000, 'every row back');
    });

    it('filters by asset kind and hides empty rows', async () => {
      const filters = s.page.getByRole('button', { name: /^Filters/ });
      await filters.click();
      const panel = s.page.getByRole('region', { name: 'Filters' });
      await panel.getByRole('checkbox', { name: 'Checkpoints' }).check();
      await waitUntil(() => railCodes(s.page), (c) => c.length === 4 && c.every((x) => x.startsWith('CP-')), 5_000, 'only checkpoints');
      await panel.getByRole('checkbox', { name: 'Checkpoints' }).uncheck();
      await panel.getByRole('checkbox', { name: 'Hide empty rows' }).check();
      // The idle trolley has nothing; checkpoints stay: tours pass through them.
      const shown = await waitUntil(() => railCodes(s.page), (c) => !c.includes('IDLE-1'), 5_000, 'the empty row to go');
      expect(shown).toEqual(expect.arrayContaining(['G-01', 'G-03', 'CP-GATE', 'CP-YARD']));
      expect(await filters.textContent()).toContain('1');
      await panel.getByRole('button', { name: 'Clear filters' }).click();
      await s.page.keyboard.press('Escape');
      expect(await panel.count()).toBe(0);
      expect(await railCodes(s.page)).toContain('IDLE-1');
    });

    it("a checkpoint row shows the internal tour's visits, named by tour and time, not draggable", async () => {
      const marks = visit(s.page, 'Night patrol');
      expect(await marks.count()).toBeGreaterThanOrEqual(4);
      let atGate = 0;
      for (const m of await marks.all()) if (await inRowOf(s.page, m, 'CP-GATE')) atGate++;
      expect(atGate).toBeGreaterThanOrEqual(1);
      expect(await marks.first().getAttribute('draggable')).toBeNull();
      expect(await marks.first().evaluate((el) => el.closest('[data-occurrence-id]'))).toBeNull();
    });

    it('a rich tooltip on hover and on keyboard focus lists the stops; Escape closes it; axe is clean with it open', async () => {
      const patrol = block(s.page, 'Night patrol');
      // Scroll the board itself (scrollIntoView would also shift the page's clipped containers).
      await patrol.evaluate((el) => {
        const sc = el.closest('.scroller')!;
        sc.scrollLeft = (el as HTMLElement).offsetLeft - 300;
      });
      expect(await patrol.getAttribute('title')).toBeNull();
      await patrol.hover();
      const tip = s.page.getByRole('tooltip');
      await tip.waitFor({ timeout: 3_000 });
      expect(await patrol.getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
      const text = (await tip.textContent()) ?? '';
      for (const part of ['Night patrol', 'Internal tour', 'G-01', 'Main gate', 'Dock 1', 'Dock 2', 'Container yard', 'Scheduled', 'Changed by']) expect(text).toContain(part);
      expect(text).toMatch(/Main gate\s*\d\d:\d\d–\d\d:\d\d/);
      await screenshot(s.page, `board-reading-tooltip-hover-${weekday ? 'weekday' : 'sunday'}`);
      await s.page.keyboard.press('Escape');
      await tip.waitFor({ state: 'detached', timeout: 3_000 });
      // Keyboard: focus the block (as Tab does), the tooltip comes with it.
      await s.page.mouse.move(5, 5);
      await patrol.focus();
      await tip.waitFor({ timeout: 3_000 });
      expect(await patrol.getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
      expect(await axeViolations(s.page)).toEqual([]);
      await s.page.keyboard.press('Escape');
      await tip.waitFor({ state: 'detached', timeout: 3_000 });
      expect(await patrol.evaluate((el) => el === document.activeElement)).toBe(true);
    });

    it('labels sit above the stop marks, the resize grip has a resize cursor, overlapping blocks stay readable and hatched', async () => {
      const patrol = block(s.page, 'Night patrol');
      const geo = await patrol.evaluate((el) => {
        const name = el.querySelector('.name')?.getBoundingClientRect();
        const stops = Array.from(el.querySelectorAll('.stop')).map((x) => x.getBoundingClientRect().top);
        const grip = el.querySelector('[data-handle]');
        return { nameBottom: name?.bottom ?? null, stops, cursor: grip ? getComputedStyle(grip).cursor : null, label: (el as HTMLElement).dataset.label };
      });
      expect(geo.cursor).toBe('ew-resize');
      if (geo.label !== 'beside') for (const top of geo.stops) expect(top).toBeGreaterThanOrEqual(geo.nameBottom!);
      for (const name of ['Lane one', 'Lane two']) {
        const b = block(s.page, name);
        const box = await b.evaluate((el) => ({ h: el.getBoundingClientRect().height, bg: getComputedStyle(el).backgroundImage, cls: Array.from(el.classList) }));
        expect(box.h).toBeGreaterThanOrEqual(22);
        if (name === 'Lane two') {
          expect(box.cls).toContain('conflicted');
          expect(box.bg).toContain('repeating-linear-gradient');
        }
      }
    });

    it('the legend opens from the toolbar, names the colours and kinds, axe is clean with it open, Escape closes it', async () => {
      const toggle = s.page.getByRole('button', { name: 'Legend' });
      await toggle.click();
      const legend = s.page.getByRole('region', { name: 'Legend' });
      const text = (await legend.textContent()) ?? '';
      for (const part of ['Task', 'Internal tour', 'External tour', 'Double-booked', 'Cancelled', 'maintenance']) expect(text).toContain(part);
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      expect(await axeViolations(s.page)).toEqual([]);
      await screenshot(s.page, `board-reading-legend-1440-${weekday ? 'weekday' : 'sunday'}`);
      await s.page.keyboard.press('Escape');
      expect(await legend.count()).toBe(0);
      expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
    });

    if (weekday) {
      it('in the Week view every block shows its name inside, beside or shortened', async () => {
        await s.page.getByRole('button', { name: 'Week', exact: true }).click();
        await block(s.page, 'Night patrol').first().waitFor();
        const labels = await s.page.locator('[data-occurrence-id]').evaluateAll((els) =>
          els.map((el) => ({ width: el.getBoundingClientRect().width, mode: (el as HTMLElement).dataset.label, inside: el.querySelector('.name')?.textContent || (el as HTMLElement).dataset.initials || '', beside: el.nextElementSibling?.classList.contains('beside') ? el.nextElementSibling.textContent : null })),
        );
        expect(labels.length).toBeGreaterThan(5);
        for (const l of labels) {
          if (l.mode === 'beside') expect(l.beside).toBeTruthy();
          // Only a sliver with a neighbour right after it has no room for a letter (the tooltip names it).
          else if (l.width >= 8) expect(l.inside).not.toBe('');
        }
        await screenshot(s.page, 'board-reading-week-1440');
        await s.page.getByRole('button', { name: 'Day', exact: true }).click();
      });

      it('screenshots at 768 and 390 px with a search on', async () => {
        await search().fill('Van');
        for (const [w, h] of [
          [768, 1024],
          [390, 844],
        ] as const) {
          await s.page.setViewportSize({ width: w, height: h });
          await s.page.waitForTimeout(200);
          await screenshot(s.page, `board-reading-search-${w}`);
        }
        await s.page.setViewportSize({ width: 1440, height: 900 });
        await search().fill('');
      });
    }

    it('the Content-Security-Policy blocked nothing', () => {
      expect(cspViolationsSeen()).toEqual([]);
    });
  });
}

scenario(INSTANTS.weekdayMorning, true);
scenario(INSTANTS.sunday, false);
