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
    // Type-aware rules where every file belongs to a package's tsconfig (the project service finds it):
    // an un-awaited promise loses its errors, a switch over a union must name every member (or say why
    // not in a default), and an assertion the types already guarantee only hides the next real change.
    files: ['shared/src/**/*.ts', 'server/src/**/*.ts', 'client/src/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
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
