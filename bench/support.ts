import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '@schedhuler/server/testing/free-port';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '..');

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export { freePort };

/**
 * A fixed single-threaded workload (a 3×10⁸-step integer loop), in ms: how fast a core of this
 * machine is right now. Benches print it beside figures that hang on the machine's speed: on the
 * shared 2-core box the same loop took 610 ms and, minutes later, 850-980 ms (2026-12-01), and a
 * browser's frame times move with it; figures from two runs compare only alongside it.
 */
export function machineReferenceMs(): number {
  const t = performance.now();
  let x = 0;
  for (let i = 0; i < 3e8; i++) x += i % 7;
  if (x < 0) throw new Error('unreachable'); // keeps the loop from being optimised away
  return performance.now() - t;
}

/**
 * How fast this machine hands out fresh memory right now: ms to write one byte into each 4 KiB page
 * of 64 MiB just mapped (16,384 page faults), the best of three. The CPU loop above misses this, and
 * a browser pays it on every page load (one cold open of the 10,000 board: ~60,000 faults machine-wide): on
 * 2026-12-01 the CPU loop read 340 ms as on a fast day while 256 MiB took 700-740 ms to touch (about
 * 11 µs a fault), and the board's cold open at 10,000 took 1,250-1,470 ms
 * where it had taken 380-490 ms on a fast day (both with Chromium's omnibox renderer beside the page:
 * server/src/testing/chromium.ts).
 */
export function memoryReferenceMs(): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    // allocUnsafeSlow: its own allocation (mmap-backed at this size), not the pool; nothing zeroes it first.
    const b = Buffer.allocUnsafeSlow(64 * 2 ** 20);
    for (let o = 0; o < b.length; o += 4096) b[o] = 1;
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** A database for one benchmark: a fresh one on DATABASE_URL's server, or an embedded PostgreSQL. */
export async function benchDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.DATABASE_URL;
  if (admin) {
    const name = `bench_${label}_${randomBytes(4).toString('hex')}`;
    const run = async (sql: string) => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(sql).finally(() => c.end());
    };
    await run(`create database "${name}"`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    return { url: u.toString(), drop: () => run(`drop database if exists "${name}" with (force)`) };
  }
  const { EmbeddedPostgres } = await import('@schedhuler/server/db/embedded');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `schedhuler-bench-${label}-`));
  fs.chmodSync(base, 0o755);
  const server = new EmbeddedPostgres({ dir: path.join(base, 'pg'), port: await freePort(), database: 'bench' });
  const url = await server.start();
  return {
    url,
    drop: async () => {
      await server.stop();
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

/** The real server in its own process (own process group, output to a file), as users run it. */
export async function spawnServer(databaseUrl: string, env: Record<string, string> = {}): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `schedhuler-bench-server-${port}.log`);
  const out = fs.openSync(logFile, 'w');
  // SERVER_PROF=<dir>: the server writes a V8 CPU profile there when it stops (diagnostics; NODE_OPTIONS may not carry --cpu-prof).
  const prof = process.env.SERVER_PROF ? ['--cpu-prof', '--cpu-prof-interval', '250', `--cpu-prof-dir=${process.env.SERVER_PROF}`] : [];
  // With a profile, node itself runs the server (tsx as a loader): under the tsx command its child exited on SIGTERM without writing the profile.
  const [command, args] = prof.length ? [process.execPath, [...prof, '--import', 'tsx', 'src/main.ts']] : [path.join(REPO, 'server/node_modules/.bin/tsx'), ['src/main.ts']];
  const child = spawn(command, args, {
    cwd: path.join(REPO, 'server'),
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_DEMO: '1', ...env },
    detached: true,
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i === 299) throw new Error(`server did not become ready: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            /* gone */
          }
          resolve();
        }, process.env.SERVER_PROF ? 60_000 : 10_000); // writing a long profile can take longer
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
      });
      fs.closeSync(out);
    },
  };
}

export async function loginCookie(baseUrl: string, username: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: `${username}-demo` }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}
