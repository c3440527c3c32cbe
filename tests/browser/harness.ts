import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page, WebSocketRoute } from 'playwright-core';
import { CHROMIUM_PATH, HEADLESS_ARGS, launchChromium } from '@schedhuler/server/testing/chromium';
import type { HttpClient } from '@schedhuler/server/testing/http-client';
import { startTestServer, type TestServer } from '@schedhuler/server/testing/test-server';

const here = path.dirname(fileURLToPath(import.meta.url));
export const RESULTS_DIR = path.resolve(here, '../../test-results/browser');

export const DEMO_ZONE = 'Europe/Berlin';

export { CHROMIUM_PATH };
export const chromiumAvailable = fs.existsSync(CHROMIUM_PATH);
export const CLIENT_BUILT = fs.existsSync(path.resolve(here, '../../client/dist/index.html'));

/**
 * Browser tests need Debian's Chromium. CI installs it and must run them; on a developer machine
 * without it they are skipped with a message that says how to get it.
 */
export function browserTestsEnabled(): boolean {
  if (chromiumAvailable && CLIENT_BUILT) return true;
  const why = !chromiumAvailable
    ? `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`
    : 'the client is not built (pnpm build)';
  if (process.env.CI) throw new Error(`browser tests cannot run in CI: ${why}`);
  console.warn(`\n!! SKIPPING browser tests: ${why}\n`);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  return launchChromium(CHROMIUM_PATH, [...HEADLESS_ARGS, '--disable-quic']);
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions, CSP violations included. */
  consoleErrors: string[];
  /** What the Content-Security-Policy blocked (each is also a console error). */
  cspViolations: string[];
}

const CSP_MARK = 'CSP violation:';
/** Every session this test file opened, for the closing "nothing was blocked" check. */
const openedSessions: Session[] = [];

/**
 * A planner in their own browser context (own cookies), with console errors and CSP violations
 * collected. The page's clock starts at the server's pinned "now" and then runs (timers fire as
 * usual, so the socket's heartbeats and the app's ticks keep working); its zone is the demo zone.
 */
export async function openAs(browser: Browser, server: Pick<TestServer, 'url' | 'clock'>, username?: string, opts: { hasTouch?: boolean } = {}): Promise<Session> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 }, timezoneId: DEMO_ZONE, hasTouch: opts.hasTouch ?? false });
  await context.clock.install({ time: server.clock.now() });
  // Chromium logs what a policy refused, but only the event names the directive in a stable form.
  await context.addInitScript((mark) => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`${mark} ${e.effectiveDirective} refused ${e.blockedURI || '(inline)'} at ${e.sourceFile || document.URL}:${e.lineNumber}`);
    });
  }, CSP_MARK);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    consoleErrors.push(m.text());
    if (m.text().startsWith(CSP_MARK)) cspViolations.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const session = { context, page, consoleErrors, cspViolations };
  openedSessions.push(session);
  if (username) await login(page, username);
  return session;
}

/** What the Content-Security-Policy blocked in any page this test file opened (closed ones included). */
export function cspViolationsSeen(): string[] {
  return openedSessions.flatMap((s) => s.cspViolations);
}

export async function login(page: Page, username: string, password = `${username}-demo`): Promise<void> {
  await page.goto('/#/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: false });
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function wallParts(t: number, zone: string): { y: number; mo: number; d: number; h: number; mi: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute') };
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function ymdIn(t: number, zone: string): string {
  const w = wallParts(t, zone);
  return `${w.y}-${pad2(w.mo)}-${pad2(w.d)}`;
}

/** The UTC ISO instant of a local wall-clock time ("HH:MM" on "YYYY-MM-DD") in a time zone. */
export function zonedIso(ymd: string, hm: string, zone: string): string {
  const [y, mo, d] = ymd.split('-').map(Number) as [number, number, number];
  const [h, mi] = hm.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(y, mo - 1, d, h, mi);
  const offset = (t: number) => {
    const w = wallParts(t, zone);
    return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - t;
  };
  // Two rounds settle the offset of that very instant (they differ only next to a DST change).
  const first = wanted - offset(wanted);
  return new Date(wanted - offset(first)).toISOString();
}

/** The local date `days` after `ymd` (calendar arithmetic, no zone involved). */
export function addDays(ymd: string, days: number): string {
  const [y, mo, d] = ymd.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * A fixed "now" for a browser test, on the demo zone's wall clock. The server's clock is pinned to
 * it before the demo seed runs and every page's clock starts there, so what a test sees never
 * depends on the day or hour it runs.
 */
export interface TestInstant {
  /** For test titles and screenshot names. */
  label: string;
  /** The injected instant (UTC ISO). */
  now: string;
  /** Its wall-clock time in the demo zone (HH:MM). */
  time: string;
  /** Its local day: the day the board opens on. */
  today: string;
  /** The local day after it: runs placed there have not started yet. */
  day: string;
}

function instant(label: string, ymd: string, hm: string): TestInstant {
  return { label, now: zonedIso(ymd, hm, DEMO_ZONE), time: hm, today: ymd, day: addDays(ymd, 1) };
}

/**
 * The demo seed has weekday-only runs (Retail route, Midday round, Morning briefing), a Wednesday
 * one and daily ones, so a weekday, a weekend day and both DST changes show different boards.
 */
export const INSTANTS = {
  weekdayMorning: instant('Monday 07:00', '2027-03-22', '07:00'),
  weekdayEvening: instant('Thursday 18:30', '2027-03-25', '18:30'),
  sunday: instant('Sunday 10:00', '2027-03-21', '10:00'),
  /** Half an hour before 02:00 CET becomes 03:00 CEST: a 23-hour day, all of its runs still ahead. */
  dstStart: instant('DST start, Sunday 01:30', '2027-03-28', '01:30'),
  /** Half an hour before 03:00 CEST becomes 02:00 CET: a 25-hour day, all of its runs still ahead. */
  dstEnd: instant('DST end, Sunday 01:30', '2027-10-31', '01:30'),
} as const satisfies Record<string, TestInstant>;

/** A test server (demo seed, own database) whose clock is pinned to `at` from before the seed on. */
export function startServerAt(at: TestInstant, label: string, overrides: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  return startTestServer(overrides, label, { now: at.now });
}

/** Polls `read` until `ok` holds (usable in hooks, where expect.poll is not). */
export async function waitUntil<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Opens a board from the board list (the signed-in landing page) and shows the day `ymd`. */
export async function openBoard(page: Page, name: string, ymd?: string): Promise<void> {
  await page.getByRole('link', { name }).click();
  await page.getByRole('region', { name: 'Timeline' }).waitFor();
  if (ymd) {
    await page.getByLabel('First day shown').fill(ymd);
    await waitUntil(() => page.getByLabel('First day shown').inputValue(), (v) => v === ymd, 5_000, 'the board to show ' + ymd);
  }
}

/** The top bar's connection state ("Live", "Reconnecting…", "Resynced", …). */
export function connectionState(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: /^(Connecting…|Live|Reconnecting…|Resynced|Offline|Not live)$/ });
}

export interface NetworkSwitch {
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
}

/**
 * Network loss for one context, the way a real one reaches the page: HTTP fails and the live
 * WebSocket is cut. Chromium's offline emulation alone keeps established WebSockets open and only
 * holds their frames back (a page would "catch up" without ever having lost its socket); it does
 * refuse new handshakes, so reconnect attempts fail until `goOnline()`. Install before the page connects.
 */
export async function networkSwitch(context: BrowserContext): Promise<NetworkSwitch> {
  let routes: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    routes.push({ page: ws, server: ws.connectToServer() });
  });
  return {
    async goOffline() {
      await context.setOffline(true);
      const cut = routes;
      routes = [];
      for (const r of cut) {
        await r.page.close({ code: 4000, reason: 'offline' }).catch(() => {});
        await r.server.close().catch(() => {});
      }
    },
    async goOnline() {
      await context.setOffline(false);
    },
  };
}


/** The demo board as the API sees it: its id and its assets by code. */
export interface DemoBoard {
  boardId: string;
  asset(code: string): string;
}

export async function demoBoard(client: HttpClient): Promise<DemoBoard> {
  const { boards } = await client.boards();
  const boardId = boards.find((b) => b.name === 'Demo depot')?.id;
  if (!boardId) throw new Error(`no "Demo depot" board among ${boards.map((b) => b.name).join(', ')}`);
  const assets = await client.get<{ assets: { id: string; code: string }[] }>(`/api/boards/${boardId}/assets`);
  return {
    boardId,
    asset(code) {
      const a = assets.body.assets.find((x) => x.code === code);
      if (!a) throw new Error(`no demo asset ${code}`);
      return a.id;
    },
  };
}

export interface CreatedTask {
  jobId: string;
  occurrenceId: string;
  startsAt: string;
  status: string;
}

/** A one-off task through the API (201 expected), on local day `ymd` at `hm` in the demo zone. */
export async function oneOffTask(
  client: HttpClient,
  board: DemoBoard,
  t: { name: string; asset: string; ymd: string; hm: string; minutes: number; allowConflict?: boolean },
): Promise<CreatedTask> {
  const res = await client.post<{ job: { id: string }; occurrences: { id: string; startsAt: string; status: string }[] }>(`/api/boards/${board.boardId}/tasks`, {
    name: t.name,
    assetId: board.asset(t.asset),
    timezone: DEMO_ZONE,
    startsAt: zonedIso(t.ymd, t.hm, DEMO_ZONE),
    planDurationMin: t.minutes,
    ...(t.allowConflict ? { allowConflict: true } : {}),
  });
  const occ = res.body.occurrences?.[0];
  if (res.status !== 201 || !occ) throw new Error(`create ${t.name}: ${res.status} ${JSON.stringify(res.body)}`);
  return { jobId: res.body.job.id, occurrenceId: occ.id, startsAt: occ.startsAt, status: occ.status };
}

/** An occurrence block on the board, by its job name (its accessible name starts with the name and times it shows). */
export function block(page: Page, jobName: string): Locator {
  const escaped = jobName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByRole('button', { name: new RegExp(`^${escaped} \\d\\d:\\d\\d–\\d\\d:\\d\\d, `) });
}
