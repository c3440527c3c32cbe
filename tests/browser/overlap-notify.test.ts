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
  login,
  oneOffTask,
  openAs,
  openBoard,
  startServerAt,
  zonedIso,
  type DemoBoard,
  type Session,
} from './harness';

/*
 * The opt-in browser notification of a new double booking (issue 15.1). The page's Notification is
 * replaced by a recorder that keeps the browser's real permission semantics (granted to this
 * context), so the test sees what the app asks for and what it would show; document.hasFocus is
 * steerable because the app deliberately stays quiet in a focused tab and headless pages always
 * report focus.
 */

const enabled = browserTestsEnabled();
const AT = INSTANTS.weekdayMorning; // Monday 07:00; the overlaps are on Tuesday night
const DAY = AT.day;

interface Shown {
  title: string;
  body: string;
  tag: string;
}
interface Recorder {
  shown: Shown[];
  requests: number;
  focused: boolean;
}
type RecordedWindow = Window & { __notifyRecorder: Recorder };

function installRecorder(): void {
  const Real = window.Notification;
  const rec: Recorder = { shown: [], requests: 0, focused: true };
  class RecordingNotification extends EventTarget {
    static get permission(): NotificationPermission {
      return Real.permission;
    }
    static requestPermission(): Promise<NotificationPermission> {
      rec.requests++;
      return Real.requestPermission();
    }
    readonly title: string;
    readonly body: string;
    readonly tag: string;
    constructor(title: string, options: NotificationOptions = {}) {
      super();
      this.title = title;
      this.body = options.body ?? '';
      this.tag = options.tag ?? '';
      rec.shown.push({ title: this.title, body: this.body, tag: this.tag });
    }
    close(): void {}
  }
  Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true, writable: true });
  (window as unknown as RecordedWindow).__notifyRecorder = rec;
  document.hasFocus = () => rec.focused;
}

const recorder = (page: Page) => page.evaluate(() => {
  const r = (window as unknown as RecordedWindow).__notifyRecorder;
  return { shown: [...r.shown], requests: r.requests };
});
const setFocused = (page: Page, focused: boolean) => page.evaluate((f) => {
  (window as unknown as RecordedWindow).__notifyRecorder.focused = f;
}, focused);

describe.runIf(enabled)(`overlap notifications in Chromium at ${AT.label}`, () => {
  let t: TestServer;
  let browser: Browser;
  let own: HttpClient; // planner1, the user at the browser, from another tab
  let other: HttpClient; // planner2
  let board: DemoBoard;
  let ana: Session;

  const notifyButton = (p: Page) => p.getByRole('button', { name: 'Notify me' });
  const toolbarCounts = (p: Page) => p.getByRole('button', { name: /^Conflicts/ });

  /**
   * Books `name` on top of a fresh base run and waits until the page shows it and counts `openAfter`
   * open double bookings: its conflict.opened event has been applied, so any notification is made.
   */
  async function overlap(by: HttpClient, name: string, asset: string, hm: string, openAfter: number): Promise<void> {
    await oneOffTask(own, board, { name: `${name} base`, asset, ymd: DAY, hm, minutes: 60 });
    const res = await oneOffTask(by, board, { name, asset, ymd: DAY, hm, minutes: 30, allowConflict: true });
    expect(res.status).toBe('conflicted');
    await block(ana.page, name).waitFor({ timeout: 10_000 });
    await expect.poll(() => toolbarCounts(ana.page).textContent(), { timeout: 5_000 }).toMatch(new RegExp(`(^|\\D)${openAfter}\\s*open`));
  }

  beforeAll(async () => {
    t = await startServerAt(AT, 'brnotify');
    own = await t.client('planner1');
    other = await t.client('planner2');
    board = await demoBoard(own);
    browser = await launchBrowser();
    ana = await openAs(browser, t);
    await ana.context.grantPermissions(['notifications'], { origin: t.url });
    await ana.page.addInitScript(installRecorder);
    await login(ana.page, 'planner1');
    await openBoard(ana.page, 'Demo depot', DAY);
  });

  afterAll(async () => {
    await ana?.context.close();
    await browser?.close();
    await t?.stop();
  });

  it('asks nothing and shows nothing before the user opts in', async () => {
    expect(await ana.page.evaluate(() => Notification.permission)).toBe('granted');
    expect(await notifyButton(ana.page).getAttribute('aria-pressed')).toBe('false');
    await setFocused(ana.page, false);
    await overlap(other, 'Before opt-in', 'G-01', '01:00', 1);
    expect(await recorder(ana.page)).toEqual({ shown: [], requests: 0 });
  });

  it('after "Notify me", another planner\'s new overlap shows one notification naming the job and the asset', async () => {
    await notifyButton(ana.page).click();
    await expect.poll(() => notifyButton(ana.page).getAttribute('aria-pressed')).toBe('true');
    expect((await recorder(ana.page)).requests).toBe(1);
    await overlap(other, 'Overlap watch', 'G-02', '02:00', 2);
    await expect.poll(async () => (await recorder(ana.page)).shown.length, { timeout: 5_000 }).toBe(1);
    const [shown] = (await recorder(ana.page)).shown;
    expect(shown!.title).toBe('Double booking on G-02 Jonas Weber (guard)');
    expect(shown!.body).toBe('Overlap watch was booked anyway by Ben Planner.');
  });

  it('a rejected attempt shows none', async () => {
    const res = await other.post(`/api/boards/${board.boardId}/tasks`, {
      name: 'Refused patrol', assetId: board.asset('G-02'), timezone: DEMO_ZONE, startsAt: zonedIso(DAY, '02:15', DEMO_ZONE), planDurationMin: 30,
    });
    expect(res.status).toBe(409);
    await expect.poll(() => toolbarCounts(ana.page).textContent(), { timeout: 5_000 }).toMatch(/1\s*rejected/);
    expect((await recorder(ana.page)).shown).toHaveLength(1);
  });

  it('stays quiet while the tab has focus (the desk shows it there)', async () => {
    await setFocused(ana.page, true);
    await overlap(other, 'Focused patrol', 'G-03', '01:00', 3);
    await setFocused(ana.page, false);
    expect((await recorder(ana.page)).shown).toHaveLength(1);
  });

  it('the user\'s own overlap (from another tab) shows none: they booked it anyway knowingly', async () => {
    await overlap(own, 'Own patrol', 'G-03', '03:00', 4);
    expect((await recorder(ana.page)).shown).toHaveLength(1);
  });

  it('turning it off stops them, without asking for permission again', async () => {
    await notifyButton(ana.page).click();
    await expect.poll(() => notifyButton(ana.page).getAttribute('aria-pressed')).toBe('false');
    await overlap(other, 'After opt-out', 'G-01', '03:00', 5);
    expect(await recorder(ana.page)).toEqual({ shown: [expect.objectContaining({ title: 'Double booking on G-02 Jonas Weber (guard)' })], requests: 1 });
    expect(await ana.page.evaluate(() => localStorage.getItem('schedhuler.notify'))).toBeNull();
  });

  it('no CSP violation and no console error', () => {
    expect(cspViolationsSeen()).toEqual([]);
    expect(ana.consoleErrors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});
