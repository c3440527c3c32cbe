import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['shared', 'server', 'client', 'tests'],
    // Two test files at a time even on 2 cores: most files wait on PostgreSQL, Chromium or another
    // process, and one at a time (vitest's default there) took the whole run to ~12 minutes.
    maxWorkers: 2,
  },
});
