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
  },
});
