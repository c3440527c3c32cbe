import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const RESULTS_DIR = path.resolve(here, '../../test-results/browser');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
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
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A planner in their own browser context (own cookies), with console errors collected. */
export async function openAs(browser: Browser, baseUrl: string, username?: string): Promise<{ context: BrowserContext; page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  if (username) await login(page, username);
  return { context, page, consoleErrors };
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
