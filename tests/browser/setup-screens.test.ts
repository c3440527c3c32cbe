import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '@schedhuler/server/testing/test-server';
import type { HttpClient } from '@schedhuler/server/testing/http-client';
import { block, browserTestsEnabled, connectionState, cspViolationsSeen, demoBoard, INSTANTS, launchBrowser, oneOffTask, openAs, screenshot, startServerAt, waitUntil, type DemoBoard } from './harness';
import { expectAxeClean } from './axe';

/** Issue 15 points 3–4: the board, member and asset setup screens, as each role, in Chromium. */
const enabled = browserTestsEnabled();
const AT = INSTANTS.weekdayMorning;

/** axe-core WCAG 2.1 A/AA on the page as it is now. */
const expectNoViolations = async (page: Page, what: string) => void (await expectAxeClean(page, what));

/** Screenshots and axe at 1440 px and at 390 px (a phone), back to 1440 after. */
async function checkScreen(page: Page, name: string): Promise<void> {
  await expectNoViolations(page, `${name} at 1440 px`);
  await screenshot(page, `setup-${name}-1440`);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoViolations(page, `${name} at 390 px`);
  await screenshot(page, `setup-${name}-390`);
  // The screen's own content fits a phone (the shared top bar is measured by its own tests).
  const overflow = await page.evaluate(() => Math.max(0, ...Array.from(document.querySelectorAll('main *'), (e) => e.getBoundingClientRect().right)) - window.innerWidth);
  expect(overflow, `${name}: content sticks out ${overflow} px at 390 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1440, height: 900 });
}

const fieldError = (page: Page, id: string) => page.locator(`#${id}-error`);

async function openSettings(page: Page, boardId: string, tab: 'General' | 'Members' | 'Assets'): Promise<void> {
  await page.goto(`/#/boards/${boardId}/settings`);
  await page.getByRole('tablist', { name: 'Board settings' }).waitFor();
  await page.getByRole('tab', { name: tab }).click();
}

/** What the API answers this page's session (its cookie), for "forbidden roles get 403". */
async function apiStatus(page: Page, method: string, url: string, body?: unknown): Promise<number> {
  return page.evaluate(
    async ({ method, url, body }) => (await fetch(url, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })).status,
    { method, url, body },
  );
}

describe.runIf(enabled)('setup screens (issue 15 points 3–4)', () => {
  let browser: Browser;
  let t: TestServer;
  let admin: HttpClient;
  let board: DemoBoard;

  beforeAll(async () => {
    browser = await launchBrowser();
    t = await startServerAt(AT, 'setup');
    admin = await t.client('admin');
    board = await demoBoard(admin);
    await admin.post('/api/users', { username: 'stranger', displayName: 'Stella Stranger', password: 'stranger-demo' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('admin creates a board, edits its hours (errors at the field, nothing stored), and the last supervisor stays', async () => {
    const a = await openAs(browser, t, 'admin');
    const { page } = a;
    await page.getByRole('button', { name: 'New board' }).click();
    const form = page.getByRole('form', { name: 'New board' });
    await form.getByLabel('Name').fill('Harbour depot');
    await form.getByLabel('Time zone').fill('Europe/Lisbon');
    await form.getByLabel(/^Horizon/).fill('21');
    await form.getByRole('checkbox', { name: 'Sat' }).check();
    await form.getByLabel('From').fill('06:00');
    await form.getByLabel('Until').fill('18:00');
    await checkScreen(page, 'new-board-form');
    await form.getByRole('button', { name: 'Create board' }).click();
    await page.getByRole('tablist', { name: 'Board settings' }).waitFor();
    const created = (await admin.get<{ boards: { id: string; name: string; timezone: string; horizonDays: number; workingHours: unknown }[] }>('/api/boards')).body.boards.find((b) => b.name === 'Harbour depot');
    expect(created).toMatchObject({ timezone: 'Europe/Lisbon', horizonDays: 21, workingHours: { days: [1, 2, 3, 4, 5, 6], start: '06:00', end: '18:00' } });
    const boardId = created!.id;
    const stored = async () => (await admin.get<{ board: Record<string, unknown> }>(`/api/boards/${boardId}`)).body.board;

    // Hours ending before they start: the message sits at "Until", nothing is stored.
    const general = page.getByRole('form', { name: 'Board settings' });
    await general.getByLabel('Until').fill('05:00');
    await general.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => fieldError(page, 'board-end').textContent()).toBe('Must be after the start');
    expect(await general.getByLabel('Until').getAttribute('aria-invalid')).toBe('true');
    // An unknown zone and a duplicate name (the API's 409) at their fields.
    await general.getByLabel('Until').fill('20:30');
    await general.getByLabel('Time zone').fill('Mars/Olympus');
    await general.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => fieldError(page, 'board-timezone').textContent()).toContain('IANA time zone');
    await general.getByLabel('Time zone').fill('Europe/Lisbon');
    await general.getByLabel('Name').fill('DEMO depot');
    await general.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => fieldError(page, 'board-name').textContent()).toContain('already exists');
    expect(await stored()).toMatchObject({ name: 'Harbour depot', workingHours: { end: '18:00' }, version: 1 });
    // Fixed: saved.
    await general.getByLabel('Name').fill('Harbour depot North');
    await general.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(async () => (await stored()).workingHours).toEqual({ days: [1, 2, 3, 4, 5, 6], start: '06:00', end: '20:30' });
    expect(await stored()).toMatchObject({ name: 'Harbour depot North', version: 2 });
    expect(await fieldError(page, 'board-name').count()).toBe(0);
    await checkScreen(page, 'general-admin');

    // The demo board's only supervisor cannot be demoted, not even by an admin.
    await openSettings(page, board.boardId, 'Members');
    await page.getByLabel('Role of Sam Supervisor').selectOption('planner');
    await expect.poll(() => page.locator('p.field-error').first().textContent()).toContain('last supervisor');
    expect(await page.getByLabel('Role of Sam Supervisor').inputValue()).toBe('supervisor');
    const members = (await admin.get<{ members: { username: string; role: string }[] }>(`/api/boards/${board.boardId}/members`)).body.members;
    expect(members.find((m) => m.username === 'supervisor')?.role).toBe('supervisor');
    // The refused saves (and the sign-in page's first `me`) log "Failed to load resource"; nothing else may.
    expect(a.consoleErrors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
    await a.context.close();
  });

  it('supervisor adds a member and changes a role; sees no board-edit controls', async () => {
    const s = await openAs(browser, t, 'supervisor');
    const { page } = s;
    await page.getByRole('link', { name: 'Demo depot' }).waitFor();
    expect(await page.getByRole('button', { name: 'New board' }).count()).toBe(0);
    await openSettings(page, board.boardId, 'General');
    expect(await page.getByRole('form', { name: 'Board settings' }).count()).toBe(0);
    expect(await page.getByText('Only an admin changes these settings.').count()).toBe(1);
    expect(await apiStatus(page, 'PATCH', `/api/boards/${board.boardId}`, { name: 'Mine' })).toBe(403);

    await page.getByRole('tab', { name: 'Members' }).click();
    await page.getByLabel('Find a user').fill('stel');
    await page.getByLabel('Role', { exact: true }).selectOption('planner');
    await page.getByRole('button', { name: 'Add Stella Stranger' }).click();
    await page.getByLabel('Role of Stella Stranger').waitFor();
    expect(await page.getByLabel('Role of Stella Stranger').inputValue()).toBe('planner');
    await page.getByLabel('Role of Stella Stranger').selectOption('viewer');
    const roleOf = async (username: string) => (await admin.get<{ members: { username: string; role: string }[] }>(`/api/boards/${board.boardId}/members`)).body.members.find((m) => m.username === username)?.role;
    await expect.poll(() => roleOf('stranger')).toBe('viewer');
    await checkScreen(page, 'members-supervisor');
    // Remove, with a confirmation step.
    await page.getByRole('button', { name: 'Remove Stella Stranger' }).click();
    await page.getByRole('button', { name: 'Remove Stella Stranger now' }).click();
    await expect.poll(() => roleOf('stranger')).toBeUndefined();
    await s.context.close();
  });

  it('planner creates an asset, sets maintenance (flagged live on another board page), retires it; duplicate code at the field', async () => {
    const p = await openAs(browser, t, 'planner1');
    const other = await openAs(browser, t, 'planner2');
    const { page } = p;
    await page.getByRole('link', { name: 'Demo depot' }).waitFor();
    expect(await page.getByRole('button', { name: 'New board' }).count()).toBe(0);
    await openSettings(page, board.boardId, 'Members');
    expect(await page.getByRole('combobox').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Remove / }).count()).toBe(0);
    expect(await page.getByLabel('Find a user').count()).toBe(0);
    expect(await apiStatus(page, 'GET', `/api/boards/${board.boardId}/user-directory`)).toBe(403);

    // Ben watches the board on the day the new asset will be booked.
    await other.page.goto(`/#/boards/${board.boardId}`);
    await other.page.getByRole('region', { name: 'Timeline' }).waitFor();
    await expect.poll(() => connectionState(other.page).textContent(), { timeout: 15_000 }).toBe('Live');

    await page.getByRole('tab', { name: 'Assets' }).click();
    const create = page.getByRole('form', { name: 'New asset' });
    await create.getByLabel('Code').fill('VAN-7');
    await create.getByLabel('Name').fill('Harbour van');
    await create.getByLabel('Kind').selectOption('vehicle');
    await create.getByRole('button', { name: 'Create asset' }).click();
    await page.getByRole('button', { name: 'Edit VAN-7' }).waitFor();
    // Ben's board grows the row live.
    await other.page.locator('.asset', { hasText: 'VAN-7' }).waitFor({ timeout: 15_000 });

    // A second asset with the same code: the API's message at the code field, nothing stored.
    await create.getByLabel('Code').fill('VAN-7');
    await create.getByLabel('Name').fill('Another van');
    await create.getByRole('button', { name: 'Create asset' }).click();
    await expect.poll(() => fieldError(page, 'new-asset-code').textContent()).toContain('already used');
    const vans = (await admin.get<{ assets: { code: string }[] }>(`/api/boards/${board.boardId}/assets`)).body.assets.filter((x) => x.code === 'VAN-7');
    expect(vans).toHaveLength(1);

    // A run on the van this morning, then maintenance: Ben's block is flagged in words and with a marker.
    const fresh = await demoBoard(admin);
    await oneOffTask(admin, fresh, { name: 'Harbour run', asset: 'VAN-7', ymd: AT.today, hm: '09:00', minutes: 60 });
    await block(other.page, 'Harbour run').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Maintenance: VAN-7' }).click();
    await page.getByRole('button', { name: 'Back to work: VAN-7' }).waitFor();
    await waitUntil(() => block(other.page, 'Harbour run').getAttribute('aria-label'), (l) => !!l?.endsWith('VAN-7 Harbour van is in maintenance'), 10_000, 'the flag on Ben’s block');
    expect(await block(other.page, 'Harbour run').locator('.flag').count()).toBe(1);
    await expectNoViolations(other.page, 'board with a flagged block');
    await screenshot(other.page, 'setup-board-flagged-1440');
    await checkScreen(page, 'assets-planner');

    // Edit the name, then retire with a confirmation.
    await page.getByRole('button', { name: 'Edit VAN-7' }).click();
    await page.getByRole('form', { name: 'Edit VAN-7' }).getByLabel('Name').fill('Harbour van (old)');
    await page.getByRole('button', { name: 'Save VAN-7' }).click();
    await page.getByRole('button', { name: 'Retire VAN-7' }).click();
    await page.getByRole('button', { name: 'Yes, retire VAN-7' }).click();
    await page.getByRole('button', { name: 'Reinstate VAN-7' }).waitFor();
    const van = (await admin.get<{ assets: { code: string; name: string; status: string; version: number }[] }>(`/api/boards/${board.boardId}/assets`)).body.assets.find((x) => x.code === 'VAN-7');
    expect(van).toMatchObject({ name: 'Harbour van (old)', status: 'scrapped', version: 4 });
    await waitUntil(() => block(other.page, 'Harbour run').getAttribute('aria-label'), (l) => !!l?.endsWith('VAN-7 Harbour van (old) is retired'), 10_000, 'the retired flag');
    expect(await apiStatus(page, 'PATCH', `/api/boards/${board.boardId}`, { name: 'x' })).toBe(403);
    await p.context.close();
    await other.context.close();
  });

  it('a viewer sees no controls on any tab and gets 403 from the API', async () => {
    const v = await openAs(browser, t, 'viewer');
    const { page } = v;
    await page.getByRole('link', { name: 'Demo depot' }).click();
    await page.getByRole('region', { name: 'Timeline' }).waitFor();
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    for (const tab of ['General', 'Members', 'Assets'] as const) {
      await openSettings(page, board.boardId, tab);
      await page.getByRole('tabpanel').waitFor();
      const controls = await page.getByRole('tabpanel').locator('input, select, textarea, button').count();
      expect(controls, `${tab}: controls a viewer may not use`).toBe(0);
    }
    await checkScreen(page, 'assets-viewer');
    const van = (await admin.get<{ assets: { id: string; code: string; version: number }[] }>(`/api/boards/${board.boardId}/assets`)).body.assets[0]!;
    expect(await apiStatus(page, 'POST', `/api/boards/${board.boardId}/assets`, { code: 'V-1', name: 'Nope', kind: 'vehicle' })).toBe(403);
    expect(await apiStatus(page, 'PATCH', `/api/assets/${van.id}`, { status: 'maintenance', expectedVersion: van.version })).toBe(403);
    expect(await apiStatus(page, 'PATCH', `/api/boards/${board.boardId}`, { name: 'x' })).toBe(403);
    expect(await apiStatus(page, 'GET', `/api/boards/${board.boardId}/user-directory`)).toBe(403);
    await v.context.close();
  });

  it('no page broke the Content-Security-Policy', () => {
    expect(cspViolationsSeen()).toEqual([]);
  });
});
