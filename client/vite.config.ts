import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const API_TARGET = process.env.SCHEDHULER_API ?? 'http://localhost:3000';

/**
 * main.ts loads the app's chunk with import() once it has started the early requests; a modulepreload
 * link lets the browser fetch (and compile) that chunk alongside main.ts instead of after it.
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'schedhuler-preload-app-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.name === 'app-start');
        return chunk ? [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` }, injectTo: 'head' }] : [];
      },
    },
  };
}

export default defineConfig({
  plugins: [svelte(), preloadAppChunk()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One stylesheet linked from index.html: the app's chunk is loaded by main.ts (issue 12), and its
    // styles must not wait for it nor be injected by the loader.
    cssCodeSplit: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/socket.io': { target: API_TARGET, ws: true, changeOrigin: false },
    },
  },
});
