import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  // Svelte's browser build, not its SSR build, must run inside jsdom.
  resolve: { conditions: ['browser'] },
  test: {
    name: 'client',
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-support/setup.ts'],
    // A hang guard, not a speed check: page tests mount the whole board in jsdom and took 6 s
    // beside two Chromium files on 2 cores (2.7 s alone).
    testTimeout: 20_000,
  },
});
