import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'tests',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['../server/src/testing/global-setup.ts', './build-server.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
