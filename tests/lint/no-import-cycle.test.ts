import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, expect, it } from 'vitest';
import schedhuler from '../../eslint-rules/no-import-cycle.js';

// The rule on a small workspace of its own: a value import one way and a type-only import back is a
// cycle (both ends reported), a module that merely imports into the cycle is not, and a workspace
// package name resolves like a relative path.
let root: string;

const files: Record<string, string> = {
  'pkg/src/a.ts': "import { b } from './b';\nexport const a = () => b;\nexport interface A { n: number }\n",
  'pkg/src/b.ts': "import type { A } from './a';\nexport const b = (x?: A) => x?.n ?? 0;\n",
  'pkg/src/c.ts': "import { a } from './a';\nexport const c = a;\n",
  'pkg/src/d/index.ts': "import { e } from '@x/pkg/e';\nexport const d = e;\n",
  'pkg/src/e.ts': "export { d as e2 } from './d';\nexport const e = 1;\n",
};

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'schedhuler-cycles-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it('reports each import that closes a cycle, type-only imports and package names included', async () => {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { schedhuler },
        settings: { 'schedhuler/import-cycle': { root, packages: { '@x/pkg': 'pkg/src' } } },
        rules: { 'schedhuler/no-import-cycle': 'error' },
      },
    ],
  });
  const results = await eslint.lintFiles(['pkg/src/**/*.ts']);
  const byFile = Object.fromEntries(results.map((r) => [path.relative(root, r.filePath), r.messages.map((m) => `${m.line}: ${m.message}`)]));
  expect(byFile['pkg/src/a.ts']).toEqual([expect.stringMatching(/^1: Import cycle: pkg\/src\/a\.ts imports pkg\/src\/b\.ts/)]);
  expect(byFile['pkg/src/b.ts']).toEqual([expect.stringMatching(/^1: Import cycle: pkg\/src\/b\.ts imports pkg\/src\/a\.ts/)]);
  expect(byFile['pkg/src/c.ts']).toEqual([]);
  expect(byFile['pkg/src/d/index.ts']).toEqual([expect.stringMatching(/imports pkg\/src\/e\.ts/)]);
  expect(byFile['pkg/src/e.ts']).toEqual([expect.stringMatching(/imports pkg\/src\/d\/index\.ts/)]);
});
