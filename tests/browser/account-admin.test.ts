import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HttpClient } from '@schedhuler/server/testing/http-client';
import type { TestServer } from '@schedhuler/server/testing/test-server';
import { browserTestsEnabled, connectionState, cspViolationsSeen, demoBoard, INSTANTS, launchBrowser, login, openAs, openBoard, screenshot, startServerAt } from './harness';
import { axeViolations } from './axe';

/**
 * Issue 15, point 3 (users; sessions per OWASP ASVS V3/V7) and point 4 for those screens: the
 * account page and the admin's user page, in Chromium, at a fixed instant.
 */
const enabled = browserTestsEnabled();
const AT = INSTANTS.weekdayMorning;


const signInButton = (page: Page) => page.getByRole('button', { name: 'Sign in' });
const userRow = (page: Page, username: string) => page.locator('li.user', { has: page.getByText(username, { exact: true }) });

describe.runIf(enabled)(`accounts and sessions in Chromium at ${AT.label}`, () => {
  let t: TestServer;
  let browser: Browser;
  let admin: HttpClient;

  beforeAll(async () => {
    t = await startServerAt(AT, 'bracct');
    browser = await launchBrowser();
    admin = await t.client('admin');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('an admin creates a user (validated at the fields) and disables them: their open board goes to the sign-in at once', async () => {
    const a = await openAs(browser, t, 'admin');
    await a.page.getByRole('link', { name: 'Users' }).click();
    await a.page.getByRole('button', { name: 'New user' }).click();
    await a.page.getByLabel('Username').fill('dana.dispatch');
    await a.page.getByLabel('Display name').fill('Dana Dispatch');
    await a.page.getByLabel('Initial password').fill('short');
    await a.page.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(() => a.page.locator('#new-user-password-error').textContent()).toBe('Must be at least 10 characters');
    expect(await a.page.getByLabel('Initial password').getAttribute('aria-invalid')).toBe('true');
    await a.page.getByLabel('Initial password').fill('Password123');
    await expect.poll(() => a.page.locator('#new-user-password-error').textContent()).toBe('Is one of the most common passwords; choose another');
    // Nothing was sent, nothing stored.
    expect(((await admin.get('/api/users')).body.users as { username: string }[]).some((u) => u.username === 'dana.dispatch')).toBe(false);
    await a.page.getByLabel('Initial password').fill('dana-first-password');
    await a.page.getByRole('button', { name: 'Create user' }).click();
    await userRow(a.page, 'dana.dispatch').waitFor();
    await screenshot(a.page, 'account-admin-01-user-created');

    // Dana joins the demo board (the members screen is another helper's; the API is enough here).
    const board = await demoBoard(admin);
    const danaId = ((await admin.get('/api/users')).body.users as { id: string; username: string }[]).find((u) => u.username === 'dana.dispatch')!.id;
    expect((await admin.put(`/api/boards/${board.boardId}/members/${danaId}`, { role: 'planner' })).status).toBe(200);

    const d = await openAs(browser, t);
    await login(d.page, 'dana.dispatch', 'dana-first-password');
    await openBoard(d.page, 'Demo depot');
    await expect.poll(() => connectionState(d.page).textContent(), { timeout: 10_000 }).toBe('Live');

    const row = userRow(a.page, 'dana.dispatch');
    await row.getByRole('button', { name: 'Disable' }).click();
    const started = Date.now();
    await row.getByRole('button', { name: 'Confirm: disable dana.dispatch' }).click();
    await signInButton(d.page).waitFor({ timeout: 3_000 });
    const signedOutMs = Date.now() - started;
    console.info(`disabled user's open board showed the sign-in ${signedOutMs} ms after the click`);
    expect(signedOutMs).toBeLessThan(3_000);
    await row.getByText('Disabled').waitFor();
    expect(await a.page.getByRole('status').filter({ hasText: 'Disabled dana.dispatch' }).count()).toBe(1);
    // The old password no longer signs in, with the answer of a wrong password.
    await login(d.page, 'dana.dispatch', 'dana-first-password');
    await expect.poll(() => d.page.getByRole('alert').textContent(), { timeout: 5_000 }).toMatch(/wrong username or password/i);
    await screenshot(a.page, 'account-admin-02-user-disabled');
    await d.context.close();
    await a.context.close();
  });

  it('a user changes their password (rule checked at the fields) and signs out their other session', async () => {
    const first = await openAs(browser, t, 'planner2');
    const other = await openAs(browser, t, 'planner2');
    await openBoard(other.page, 'Demo depot');
    await expect.poll(() => connectionState(other.page).textContent(), { timeout: 10_000 }).toBe('Live');

    await first.page.getByRole('link', { name: /^Account/ }).click();
    const sessions = first.page.getByRole('list', { name: 'Your sessions' });
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(2);
    expect(await sessions.getByText('This session').count()).toBe(1);

    await first.page.getByLabel('Current password').fill('planner2-demo');
    await first.page.getByLabel('New password', { exact: true }).fill('planner2');
    await first.page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => first.page.locator('#new-password-error').textContent()).toBe('Must be at least 10 characters');
    await first.page.getByLabel('New password', { exact: true }).fill('PLANNER2-demo-2');
    await first.page.getByLabel('Repeat new password').fill('something else');
    await expect.poll(() => first.page.locator('#repeat-password-error').textContent()).toBe('Does not match the new password');
    // The server's answer lands at its field too: a wrong current password.
    await first.page.getByLabel('Current password').fill('not-my-password');
    await first.page.getByLabel('Repeat new password').fill('PLANNER2-demo-2');
    await first.page.getByLabel('Sign out my other sessions').uncheck();
    await first.page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => first.page.locator('#current-password-error').textContent()).toBe('Is not your current password');
    await first.page.getByLabel('Current password').fill('planner2-demo');
    await first.page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => first.page.getByRole('status').filter({ hasText: 'Password changed.' }).count()).toBe(1);
    // Not asked to end the others: the other session is still live.
    expect(await connectionState(other.page).textContent()).toBe('Live');
    await screenshot(first.page, 'account-admin-03-password-changed');

    const started = Date.now();
    await sessions.getByRole('button', { name: /^Sign out / }).click();
    await signInButton(other.page).waitFor({ timeout: 3_000 });
    console.info(`the ended session's board showed the sign-in ${Date.now() - started} ms after the click`);
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(1);
    // The new password signs in; the old one does not.
    await login(other.page, 'planner2', 'planner2-demo');
    await expect.poll(() => other.page.getByRole('alert').textContent(), { timeout: 5_000 }).toMatch(/wrong username or password/i);
    await login(other.page, 'planner2', 'PLANNER2-demo-2');
    await other.page.getByRole('link', { name: 'Demo depot' }).waitFor();
    await first.context.close();
    await other.context.close();
  });

  it('a planner sees no admin link and no admin controls; the API answers 403', async () => {
    const p = await openAs(browser, t, 'planner1');
    await p.page.getByRole('link', { name: 'Demo depot' }).waitFor();
    expect(await p.page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await p.page.getByRole('link', { name: /^Account/ }).count()).toBe(1);
    await p.page.goto('/#/admin/users');
    await p.page.getByRole('heading', { name: 'Only admins manage users' }).waitFor();
    expect(await p.page.getByRole('button', { name: /New user|Disable|Reset password|Sessions/ }).count()).toBe(0);
    expect((await p.page.request.get('/api/users')).status()).toBe(403);
    expect((await p.page.request.patch('/api/users/00000000-0000-4000-8000-000000000000', { data: { disabled: true } })).status()).toBe(403);
    await p.context.close();
  });

  it('both pages are axe-clean and fit 1440 and 390 px', async () => {
    await t.client('planner1'); // a session to list
    const a = await openAs(browser, t, 'admin');
    await a.page.getByRole('link', { name: 'Demo depot' }).waitFor();
    await a.page.getByRole('link', { name: 'Users' }).click();
    await userRow(a.page, 'planner1').waitFor();
    await userRow(a.page, 'planner1').getByRole('button', { name: /^Sessions/ }).click();
    await userRow(a.page, 'planner1').getByRole('list', { name: 'Sessions of planner1' }).waitFor();
    await userRow(a.page, 'viewer').getByRole('button', { name: 'Reset password' }).click();
    await userRow(a.page, 'viewer').getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => userRow(a.page, 'viewer').locator('.field-error').textContent()).toBe('Must be at least 10 characters');
    for (const width of [1440, 390]) {
      await a.page.setViewportSize({ width, height: width > 400 ? 900 : 844 });
      await a.page.goto('/#/admin/users');
      await userRow(a.page, 'planner1').waitFor();
      await screenshot(a.page, `account-admin-users-${width}`);
      expect(await axeViolations(a.page), `admin users at ${width}px`).toEqual([]);
      expect(await a.page.evaluate(() => document.documentElement.scrollWidth), `no sideways scroll at ${width}px`).toBeLessThanOrEqual(width);
      await a.page.goto('/#/account');
      await a.page.getByRole('list', { name: 'Your sessions' }).waitFor();
      await screenshot(a.page, `account-page-${width}`);
      expect(await axeViolations(a.page), `account at ${width}px`).toEqual([]);
      expect(await a.page.evaluate(() => document.documentElement.scrollWidth), `no sideways scroll at ${width}px`).toBeLessThanOrEqual(width);
    }
    expect(a.consoleErrors.filter((e) => !/40[13]|Unauthorized|Forbidden/i.test(e))).toEqual([]);
    await a.context.close();
  });

  it('nothing was blocked by the Content-Security-Policy', () => {
    expect(cspViolationsSeen()).toEqual([]);
  });
});
