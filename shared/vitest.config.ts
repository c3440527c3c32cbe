import { defineConfig } from 'vitest/config';
// testTimeout is a hang guard, not a speed check: the 300-run property tests took 8 s under load.
export default defineConfig({ test: { name: 'shared', include: ['src/**/*.test.ts'], testTimeout: 20_000 } });
