import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '@schedhuler/server/testing/test-server';
import { browserTestsEnabled, launchBrowser, login, openAs, screenshot } from './harness';

const enabled = browserTestsEnabled();

describe.runIf(enabled)('sign-in through the built client in Chromium', () => {
  let t: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestServer({}, 'brlogin');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('planner1 signs in, sees "Demo depot", and signs out', async () => {
    const { page, consoleErrors, context } = await openAs(browser, t.url);
    await login(page, 'planner1');
    await expect.poll(() => page.getByText('Demo depot').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(page, 'login-01-board-list');
    await page.getByRole('button', { name: /sign out|log out/i }).click();
    await expect.poll(() => page.getByLabel('Username').count(), { timeout: 10_000 }).toBe(1);
    // The session is gone server-side too: the API refuses the old cookie.
    const me = await page.request.get('/api/auth/me');
    expect(me.status()).toBe(401);
    expect(consoleErrors.filter((e) => !/401|Unauthorized/i.test(e))).toEqual([]);
    await context.close();
  });

  it('a wrong password shows a readable error next to the form', async () => {
    const { page, context } = await openAs(browser, t.url);
    await login(page, 'planner1', 'wrong-password');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/wrong username or password/i);
    await screenshot(page, 'login-02-wrong-password');
    await context.close();
  });
});
