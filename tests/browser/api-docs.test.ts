import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '@schedhuler/server/testing/test-server';
import { browserTestsEnabled, launchBrowser } from './harness';

const enabled = browserTestsEnabled();

describe.runIf(enabled)('the API reference at /api/docs in Chromium', () => {
  let t: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestServer({}, 'brdocs');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('renders every operation of the document under the app’s Content-Security-Policy, fetching nothing from elsewhere', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.effectiveDirective} refused ${e.blockedURI || '(inline)'}`));
    });
    const page = await context.newPage();
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith(t.url) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    const res = await page.goto(`${t.url}/api/docs`);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 15_000 }).toBe(operations);
    await expect.poll(() => page.locator('.opblock-summary-path').filter({ hasText: '/api/boards/{boardId}/tasks' }).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await context.close();
  });
});
