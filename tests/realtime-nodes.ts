/**
 * Spawns real server processes (`tsx server/src/main.ts`, or the production build) for multi-node tests and benchmarks.
 * Each runs detached in its own process group with output in a log file (a background server that
 * shares a pipe with the test runner hangs it), and is killed as a group. The log folder is removed
 * once the process has exited (its text is kept in memory for `log()`), and any node or Redis still
 * running when the test worker exits is killed, so a failing test leaves nothing behind either.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
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

/** Kills left-over children and removes temporary folders when the worker exits, whatever happened. */
const atExit = new Set<() => void>();
process.once('exit', () => {
  for (const fn of atExit) fn();
});

/**
 * Multi-node tests need real processes (redis-server, several nodes). Outside CI, a missing piece
 * skips them with a message; under `CI=true` it fails the run, like the browser harness does.
 */
export function multiNodeTestsEnabled(what: string, missing: string | null): boolean {
  if (!missing) return true;
  if (process.env.CI) throw new Error(`${what} cannot run in CI: ${missing}`);
  console.warn(`\n*** SKIPPED ${what}: ${missing} ***\n`);
  return false;
}

export const REDIS_BIN = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));
export const NO_REDIS_BIN = REDIS_BIN ? null : 'no redis-server binary (apt-get install -y redis-server)';

export interface RedisProcess {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** A private redis-server on a free port (nothing on disk), so tests never touch a shared Redis. */
export async function startRedis(port?: number): Promise<RedisProcess> {
  if (!REDIS_BIN) throw new Error(NO_REDIS_BIN!);
  const p = port ?? (await freePort());
  const child: ChildProcess = spawn(REDIS_BIN, ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const kill = () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
  atExit.add(kill);
  const gone = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 100 && !(await reachable('127.0.0.1', p, 200)); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    port: p,
    url: `redis://127.0.0.1:${p}`,
    async stop() {
      atExit.delete(kill);
      kill();
      await gone;
    },
  };
}

export interface StartNodeOptions {
  /** Run the production build (`node <build>/main.js`, made once per run by `build-server.ts`) instead of `tsx server/src/main.ts`. */
  build?: boolean;
  logDir?: string;
}

export async function startNode(name: string, env: Record<string, string>, opts: StartNodeOptions = {}): Promise<NodeProcess> {
  const { logDir } = opts;
  const ownDir = logDir === undefined;
  const dir = logDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'schedhuler-node-'));
  const removeDir = () => ownDir && fs.rmSync(dir, { recursive: true, force: true });
  const port = Number(env.PORT) || (await freePort());
  const logFile = path.join(dir, `${name}.log`);
  const fd = fs.openSync(logFile, 'a');
  const [command, args] = opts.build ? [process.execPath, [inject('serverBuild')]] : [path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['server/src/main.ts']];
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, VITEST: '', NODE_ENV: 'production', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port), NODE_ID: name },
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  const readLog = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  let finalLog: string | undefined;
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  const cleanUp = () => {
    killGroup();
    removeDir();
  };
  atExit.add(cleanUp);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      // tsx runs the server as a grandchild: make sure the whole group is gone before the folder goes.
      killGroup();
      finalLog = readLog();
      removeDir();
      atExit.delete(cleanUp);
      resolve(code);
    }),
  );
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
    log: () => finalLog ?? readLog(),
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
