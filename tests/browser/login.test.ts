import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from '@schedhuler/server/testing/test-server';
import { browserTestsEnabled, cspViolationsSeen, INSTANTS, launchBrowser, login, openAs, screenshot, startServerAt } from './harness';

const enabled = browserTestsEnabled();
/** The day the clocks go back (a 25-hour day); signing in must not care. */
const AT = INSTANTS.dstEnd;

describe.runIf(enabled)(`sign-in through the built client in Chromium at ${AT.label}`, () => {
  let t: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    t = await startServerAt(AT, 'brlogin');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('planner1 signs in, sees "Demo depot", and signs out', async () => {
    const { page, consoleErrors, context } = await openAs(browser, t);
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
    const { page, context, consoleErrors } = await openAs(browser, t);
    await login(page, 'planner1', 'wrong-password');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/wrong username or password/i);
    await screenshot(page, 'login-02-wrong-password');
    expect(consoleErrors.filter((e) => !/401|Unauthorized/i.test(e))).toEqual([]);
    await context.close();
  });

  it('the CSP watch reports what a policy refuses, so "nothing was blocked" below means something', async () => {
    const s = await openAs(browser, t);
    // A page of our own under `script-src 'self'` with an inline script: the browser must refuse it.
    await s.context.route('**/csp-probe', (r) =>
      r.fulfill({ status: 200, contentType: 'text/html', headers: { 'Content-Security-Policy': "script-src 'self'" }, body: '<!doctype html><title>probe</title><script>document.title = "ran"</script>' }),
    );
    await s.page.goto('/csp-probe');
    await expect.poll(() => s.cspViolations.length).toBe(1);
    expect(s.cspViolations[0]).toMatch(/^CSP violation: script-src-elem refused inline at .*\/csp-probe/);
    expect(await s.page.title()).toBe('probe');
    expect(s.consoleErrors.length).toBeGreaterThan(0);
    s.cspViolations.length = 0; // provoked on purpose: not one for the check below
    await s.context.close();
  });

  it('the Content-Security-Policy blocked nothing in any page', () => {
    expect(cspViolationsSeen()).toEqual([]);
  });
});
