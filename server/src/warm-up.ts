import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { logger } from './logger';
import type { RunningServer } from './server';

/**
 * Issue 12 (a board opens in ≤ 1 s, the first time after a deploy too): the compression middleware
 * brotli-compresses a built script on its first request and keeps the bytes (http/compression.ts),
 * so the first visitor after a start waited for that: the board's scripts (~450 KB) took 350-450 ms
 * of brotli q6 on the loaded 2-core box (the 285 KB app chunk 224-331 ms of it), on the critical path
 * of the open, and competing for the CPU with the first snapshot's build.
 *
 * So, once the server listens, this asks its own HTTP port for the client build's page, scripts and
 * styles as a browser would (brotli), two at a time, and the middleware keeps them as for any first
 * visitor. It runs in the background: /readyz and the first requests do not wait for it, and a failure
 * is logged and otherwise ignored. The server's main entry starts it; in-process test servers do not.
 */
export async function warmUp(server: Pick<RunningServer, 'http'>, clientDist: string): Promise<void> {
  const started = performance.now();
  try {
    const files = await warmStaticFiles(server, clientDist);
    logger.debug({ files, ms: Math.round(performance.now() - started) }, 'warm-up done');
  } catch (err) {
    logger.warn({ err }, 'warm-up failed (the server serves as usual, only its first visitor waits for compression)');
  }
}

async function warmStaticFiles({ http }: Pick<RunningServer, 'http'>, clientDist: string): Promise<number> {
  if (!fs.existsSync(path.join(clientDist, 'index.html'))) return 0;
  const assets = fs.existsSync(path.join(clientDist, 'assets')) ? fs.readdirSync(path.join(clientDist, 'assets')).map((f) => `/assets/${f}`) : [];
  const paths = ['/', ...assets.filter((p) => /\.(?:js|css|svg|json)$/.test(p))];
  const { address, port, family } = http.address() as AddressInfo;
  const host = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '[::1]' : family === 'IPv6' ? `[${address}]` : address;
  const queue = [...paths];
  const worker = async () => {
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
      const res = await fetch(`http://${host}:${port}${p}`, { headers: { 'accept-encoding': 'br' } });
      await res.arrayBuffer();
    }
  };
  await Promise.all([worker(), worker()]);
  return paths.length;
}
