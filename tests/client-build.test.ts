import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../client/dist');
const built = fs.existsSync(path.join(DIST, 'index.html'));
if (!built) console.warn('\n!! SKIPPING client-build tests: client/dist is not built (pnpm test builds it first)\n');

/** The scripts a page load runs before any lazy chunk: the entry, what it preloads, and their static imports. */
function eagerScripts(html: string): Map<string, string> {
  const queue = [...html.matchAll(/<(?:script type="module"[^>]*|link rel="modulepreload"[^>]*) (?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Map<string, string>();
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    const code = fs.readFileSync(path.join(DIST, file), 'utf8');
    seen.set(file, code);
    for (const m of code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}\s*)?(?:from\s*)?["']\.\/([\w.-]+\.js)["']/g)) queue.push(`assets/${m[1]}`);
  }
  return seen;
}

describe.runIf(built)('the built client (issue 13.2: the board opens fast)', () => {
  const html = built ? fs.readFileSync(path.join(DIST, 'index.html'), 'utf8') : '';

  it("builds no zod schema before the first page draws: zod's schema types load with the forms' chunks only", () => {
    const eager = eagerScripts(html);
    expect(eager.size).toBeGreaterThan(1);
    // A zod schema type's name is kept as a string by the minifier ($constructor("$ZodObject", …)).
    for (const [file, code] of eager) expect(code.includes('$ZodObject'), file).toBe(false);
    const lazy = fs.readdirSync(path.join(DIST, 'assets')).filter((f) => f.endsWith('.js') && !eager.has(`assets/${f}`));
    expect(lazy.some((f) => fs.readFileSync(path.join(DIST, 'assets', f), 'utf8').includes('$ZodObject')), 'zod is still in the build (the forms validate with it)').toBe(true);
  });
});
