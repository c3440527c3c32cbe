import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import schedhuler from './eslint-rules/no-import-cycle.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'server/dist-test-*/**', 'data/**', 'test-results/**', 'bench/results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Import cycles are refused in every package's sources (eslint-rules/no-import-cycle.js says why type-only ones count).
    files: ['shared/src/**/*.{ts,svelte}', 'server/src/**/*.ts', 'client/src/**/*.{ts,svelte}'],
    plugins: { schedhuler },
    rules: { 'schedhuler/no-import-cycle': 'error' },
  },
  {
    // Tests poke at JSON bodies of many shapes; typing each one would only restate the assertions.
    files: ['**/*.test.ts', '**/testing/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
);
