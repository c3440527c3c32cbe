import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { inlineEarlyBoot } from './vite/inline-early-boot';

const API_TARGET = process.env.SCHEDHULER_API ?? 'http://localhost:3000';

/**
 * main.ts loads the app's chunk with import() once it has started the early requests; modulepreload
 * links let the browser fetch (and compile) that chunk and the chunks it imports (Svelte's runtime,
 * the shared code) alongside main.ts instead of after it. main.ts itself imports none of them, so
 * it runs, and asks for the board's data, as soon as it has arrived.
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'schedhuler-preload-app-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = new Map(Object.values(ctx.bundle ?? {}).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
        const app = [...chunks.values()].find((c) => c.name === 'app-start');
        if (!app) return [];
        const entry = ctx.chunk?.fileName;
        const files = new Set<string>();
        const add = (file: string) => {
          if (file === entry || files.has(file) || !chunks.has(file)) return;
          files.add(file);
          for (const dep of chunks.get(file)!.imports) add(dep);
        };
        add(app.fileName);
        return [...files].map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

/**
 * shared/ has no side effects but zod's switch (imported for it alone): a module of it that the client
 * does not use is left out even when it is reached through shared's index, whose schemas would
 * otherwise all be built (zod) and compiled before the board could draw.
 */
const treeshake = { moduleSideEffects: [{ test: /\/shared\/src\/(?!schema-jit-off\.ts$)/, sideEffects: false }] };

export default defineConfig({
  plugins: [svelte(), preloadAppChunk(), inlineEarlyBoot(fileURLToPath(new URL('./src/early-boot.ts', import.meta.url)), treeshake)],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One stylesheet linked from index.html: the app's chunk is loaded by main.ts (issue 12), and its
    // styles must not wait for it nor be injected by the loader.
    cssCodeSplit: false,
    rolldownOptions: { treeshake },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/socket.io': { target: API_TARGET, ws: true, changeOrigin: false },
    },
  },
});
