/**
 * Spawns real server processes (`tsx server/src/main.ts`) for multi-node tests and benchmarks.
 * Each runs detached in its own process group with output in a log file (a background server that
 * shares a pipe with the test runner hangs it), and is killed as a group.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@schedhuler/server/testing/global-setup';
import { HttpClient } from '@schedhuler/server/testing/http-client';

export { freePort };

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface NodeProcess {
  name: string;
  url: string;
  port: number;
  pid: number;
  logFile: string;
  kill(signal?: NodeJS.Signals): void;
  exited: Promise<number | null>;
  log(): string;
}

/** True when something accepts TCP connections on host:port within `timeoutMs`. */
export function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function startNode(name: string, env: Record<string, string>, logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schedhuler-node-'))): Promise<NodeProcess> {
  const port = Number(env.PORT) || (await freePort());
  const logFile = path.join(logDir, `${name}.log`);
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, VITEST: '', NODE_ENV: 'production', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port), NODE_ID: name },
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const node: NodeProcess = {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    logFile,
    exited,
    kill(signal = 'SIGKILL') {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* already gone */
      }
    },
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
  };
  const until = Date.now() + 90_000;
  let dead = false;
  void exited.then(() => (dead = true));
  for (;;) {
    if (dead) throw new Error(`node ${name} exited during start-up:\n${node.log().slice(-3000)}`);
    try {
      const res = await fetch(`${node.url}/readyz`);
      if (res.status === 200) return node;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      node.kill();
      throw new Error(`node ${name} not ready within 90 s:\n${node.log().slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** An HTTP client signed in on `node` as a demo user (password `<username>-demo`). */
export async function login(node: Pick<NodeProcess, 'url'>, username: string): Promise<HttpClient> {
  const c = new HttpClient(node.url);
  await c.login(username, `${username}-demo`);
  return c;
}
