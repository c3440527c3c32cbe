import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
// Evaluated through the DevTools protocol, not added as a <script>: a page under `script-src 'self'` refuses inline scripts.
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** What axe may be pointed at: the whole document (null), a selector, or `{include: [[selector], …]}`. */
export type AxeContext = null | string | { include: string[][] };

/** axe-core with the WCAG 2.0/2.1 A and AA rules on the page (or a part of it) as it is now. */
export async function axeRun(page: Page, context: AxeContext = null): Promise<{ violations: Result[]; incomplete: Result[] }> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ context, values }) => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: object) => Promise<AxeResults> } }).axe;
      const r = await axe.run(context ?? document, { runOnly: { type: 'tag', values }, resultTypes: ['violations', 'incomplete'] });
      return { violations: r.violations, incomplete: r.incomplete };
    },
    { context, values: WCAG_AA },
  );
}

/** Every violation with its rule, impact, nodes and why, for a failure message a person can act on. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    - ${JSON.stringify(n.target)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n');
      return `[${v.impact ?? 'n/a'}] ${v.id}: ${v.help}\n${nodes}`;
    })
    .join('\n');
}

/** One line per violation (rule, help, nodes): compared with `[]` so a failure lists them. */
export async function axeViolations(page: Page, context: AxeContext = null): Promise<string[]> {
  const { violations } = await axeRun(page, context);
  return violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`);
}

/** Fails with every violation spelled out when axe finds any on `what`. */
export async function expectAxeClean(page: Page, what: string, context: AxeContext = null): Promise<Result[]> {
  const { violations, incomplete } = await axeRun(page, context);
  expect(violations.length, `axe found WCAG A/AA violations on ${what}:\n${describeViolations(violations)}\n`).toBe(0);
  return incomplete;
}
