import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '@schedhuler/server/testing/test-server';
import { block, browserTestsEnabled, cspViolationsSeen, demoBoard, INSTANTS, launchBrowser, oneOffTask, openAs, openBoard, startServerAt, type CreatedTask } from './harness';

/*
 * Blocks and touch: on a touch screen a finger on a block the user may move drags it (the block says
 * `touch-action: none`), while on a mouse-only screen blocks carry no touch-action at all (per-element
 * touch-action is hit-test data that made Chromium re-layerize the whole board every drag frame).
 */

const enabled = browserTestsEnabled();
const at = INSTANTS.weekdayMorning;

async function open(browser: Browser, t: TestServer, username: string, hasTouch: boolean): Promise<Page> {
  const { page } = await openAs(browser, t, username, { hasTouch });
  await openBoard(page, 'Demo depot');
  return page;
}

const touchAction = (page: Page, name: string) => block(page, name).evaluate((el) => getComputedStyle(el).touchAction);

describe.runIf(enabled)('blocks on touch and mouse screens', () => {
  let t: TestServer;
  let browser: Browser;
  let task: CreatedTask;

  beforeAll(async () => {
    t = await startServerAt(at, 'brtouch');
    const api = await t.client('planner1');
    task = await oneOffTask(api, await demoBoard(api), { name: 'Finger drag', asset: 'G-03', ymd: at.today, hm: '09:00', minutes: 60 });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('a planner on a touch screen drags a block with a finger; it is saved', async () => {
    const page = await open(browser, t, 'planner1', true);
    const finger = block(page, 'Finger drag');
    await finger.waitFor();
    expect(await touchAction(page, 'Finger drag')).toBe('none');
    const box = (await finger.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    // One hour to the right, however wide an hour is at this zoom.
    const hourPx = box.width;
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', px: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: px, y, id: 1 }] });
    await touch('touchStart', x);
    for (let i = 1; i <= 12; i++) await touch('touchMove', x + (hourPx * i) / 12);
    await expect.poll(() => finger.getAttribute('aria-label')).toContain('10:00–11:00');
    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(`/api/occurrences/${task.occurrenceId}`));
    await touch('touchEnd', x + hourPx);
    expect((await saved).status()).toBe(200);
    const stored = (await (await page.request.get(`/api/occurrences/${task.occurrenceId}`)).json()) as { occurrence: { startsAt: string } };
    expect(Date.parse(stored.occurrence.startsAt) - Date.parse(task.startsAt)).toBe(3_600_000);
    await page.context().close();
  });

  it('on a mouse-only screen blocks carry no touch-action; a viewer on a touch screen can pan over them', async () => {
    const mouse = await open(browser, t, 'planner1', false);
    await block(mouse, 'Finger drag').waitFor();
    expect(await touchAction(mouse, 'Finger drag')).toBe('auto');
    await mouse.context().close();
    const viewer = await open(browser, t, 'viewer', true);
    await block(viewer, 'Finger drag').waitFor();
    expect(await touchAction(viewer, 'Finger drag')).toBe('auto');
    await viewer.context().close();
  });

  it('the Content-Security-Policy blocked nothing', () => {
    expect(cspViolationsSeen()).toEqual([]);
  });
});
