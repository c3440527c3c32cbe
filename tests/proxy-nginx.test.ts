import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '@schedhuler/server/testing/http-client';
import { createTestDatabase, type TestDatabase } from '@schedhuler/server/testing/test-db';
import { connectSocket, Recorder, request, sleep, waitFor, type ClientSocket } from '@schedhuler/server/realtime/test-client';
import { freePort, login, multiNodeTestsEnabled, NO_REDIS_BIN, reachable, REPO_ROOT, startNode, startRedis, type NodeProcess, type RedisProcess } from './realtime-nodes';

/**
 * The deployment of docker-compose.yml without Docker (issue 16): two production-built nodes, one
 * PostgreSQL, one Redis, behind a real nginx running the project's own deploy/nginx.conf (only its
 * upstream servers and listen address substituted) on a loopback port that is not 80. A browser's
 * sign-in (with its Origin) and its websocket go through nginx; a change made on either node
 * arrives on that socket, so one of them crossed from the other node.
 */
const NGINX_BIN = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'].find((p) => fs.existsSync(p));
const enabled = multiNodeTestsEnabled('nginx proxy test', NO_REDIS_BIN ?? (NGINX_BIN ? null : 'no nginx binary (apt-get install -y nginx-light)'));

interface Nginx {
  url: string;
  port: number;
  prefix: string;
  stop(): Promise<void>;
  log(): string;
}

/** deploy/nginx.conf with its upstreams and listen address replaced; fails if its shape changed. */
function siteConfig(nodePorts: [number, number], listenPort: number): string {
  let site = fs.readFileSync(path.join(REPO_ROOT, 'deploy/nginx.conf'), 'utf8');
  const swaps: [RegExp, string][] = [
    [/server app1:3000;/g, `server 127.0.0.1:${nodePorts[0]};`],
    [/server app2:3000;/g, `server 127.0.0.1:${nodePorts[1]};`],
    [/listen 80;/g, `listen 127.0.0.1:${listenPort};`],
  ];
  for (const [pattern, replacement] of swaps) {
    const hits = site.match(pattern)?.length ?? 0;
    if (hits !== 1) throw new Error(`deploy/nginx.conf: expected one "${pattern.source}", found ${hits}`);
    site = site.replace(pattern, replacement);
  }
  return site;
}

/** A private nginx: its own prefix, pid file, logs and temp folders; detached in its own process group. */
async function startNginx(nodePorts: [number, number]): Promise<Nginx> {
  const port = await freePort();
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'schedhuler-nginx-'));
  fs.chmodSync(prefix, 0o755); // workers (nobody, when started as root) read and write in here
  fs.writeFileSync(path.join(prefix, 'site.conf'), siteConfig(nodePorts, port));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${prefix}/tmp-${t};`).join('\n');
  fs.writeFileSync(
    path.join(prefix, 'nginx.conf'),
    [
      'worker_processes 1;',
      `pid ${prefix}/nginx.pid;`,
      `error_log ${prefix}/error.log warn;`,
      'events { worker_connections 256; }',
      'http {',
      '  access_log off;',
      temp,
      `  include ${prefix}/site.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  const logFile = path.join(prefix, 'stdout.log');
  const fd = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(NGINX_BIN!, ['-p', prefix, '-e', `${prefix}/error.log`, '-c', `${prefix}/nginx.conf`, '-g', 'daemon off;'], {
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', killGroup);
  const readLogs = () => ['stdout.log', 'error.log'].map((f) => (fs.existsSync(path.join(prefix, f)) ? fs.readFileSync(path.join(prefix, f), 'utf8') : '')).join('\n');
  let dead = false;
  void exited.then(() => (dead = true));
  for (let i = 0; !(await reachable('127.0.0.1', port, 200)); i++) {
    if (dead || i > 100) {
      killGroup();
      throw new Error(`nginx did not start on ${port}:\n${readLogs()}`);
    }
    await sleep(50);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    prefix,
    log: readLogs,
    async stop() {
      killGroup();
      await exited;
      process.removeListener('exit', killGroup);
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}

describe.runIf(enabled)('two nodes behind nginx with deploy/nginx.conf', () => {
  let db: TestDatabase;
  let redis: RedisProcess;
  let A: NodeProcess;
  let B: NodeProcess;
  let nginx: Nginx;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    db = await createTestDatabase('nginx');
    const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, SEED_DEMO: '1', HORIZON_INTERVAL_MS: '0', TRUST_PROXY: 'loopback' };
    A = await startNode('nginx-a', env, { build: true });
    B = await startNode('nginx-b', env, { build: true });
    nginx = await startNginx([A.port, B.port]);
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await nginx?.stop();
    for (const n of [A, B]) n?.kill('SIGKILL');
    await Promise.all([A?.exited, B?.exited]);
    await redis?.stop();
    await db?.drop();
  });

  it('signs in through nginx on a non-80 port, opens a socket through it, and sees changes made on either node', async () => {
    const origin = nginx.url; // what a browser on http://127.0.0.1:<port>/ sends
    const browser = new HttpClient(nginx.url);
    const signIn = await browser.post('/api/auth/login', { username: 'viewer', password: 'viewer-demo' }, { origin });
    expect(signIn.status, JSON.stringify(signIn.body)).toBe(200);
    // The proxy does not make any origin acceptable: another port is another site.
    const foreign = await new HttpClient(nginx.url).post('/api/auth/login', { username: 'viewer', password: 'viewer-demo' }, { origin: `http://127.0.0.1:${nginx.port + 1}` });
    expect(foreign.status).toBe(403);

    const boards = await browser.get('/api/boards');
    expect(boards.status).toBe(200);
    const boardId = boards.body.boards[0].id as string;
    const seq = (await browser.get(`/api/boards/${boardId}`)).body.seq as number;
    // Compression comes through the proxy: the compact snapshot arrives as br, varying by Accept-Encoding.
    const snapshot = await fetch(`${nginx.url}/api/boards/${boardId}?encoding=compact`, { headers: { cookie: browser.cookieHeader, 'accept-encoding': 'br' } });
    expect(snapshot.headers.get('content-encoding')).toBe('br');
    expect(snapshot.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(((await snapshot.json()) as { encoding: string; seq: number }).seq).toBe(seq);

    // The websocket through nginx, with the browser's Origin and session cookie.
    const socket = await connectSocket(nginx.url, { cookie: browser.cookieHeader, headers: { origin } });
    sockets.push(socket);
    const rec = new Recorder(socket);
    expect(await request(socket, 'board:join', { boardId, sinceSeq: seq })).toMatchObject({ ok: true, seq });

    // One change on each node, straight to the node: whichever node nginx put the socket on, one
    // of the two comes from the other node (through Redis).
    const onA = await login(A, 'planner1');
    const onB = await login(B, 'planner2');
    expect((await onA.post(`/api/boards/${boardId}/assets`, { code: 'NGX-A', name: 'Via node A', kind: 'vehicle' })).status).toBe(201);
    expect((await onB.post(`/api/boards/${boardId}/assets`, { code: 'NGX-B', name: 'Via node B', kind: 'vehicle' })).status).toBe(201);
    await waitFor(() => rec.events.length === 2, 10_000, 'both changes on the socket through nginx');
    expect(rec.seqs()).toEqual([seq + 1, seq + 2]);
    expect(rec.events.map((e) => (e.data as { code?: string }).code)).toEqual(['NGX-A', 'NGX-B']);

    // And a change made through nginx by another browser reaches it too.
    const planner = new HttpClient(nginx.url);
    expect((await planner.post('/api/auth/login', { username: 'planner1', password: 'planner1-demo' }, { origin })).status).toBe(200);
    expect((await planner.post(`/api/boards/${boardId}/assets`, { code: 'NGX-P', name: 'Via nginx', kind: 'vehicle' }, { origin })).status).toBe(201);
    await waitFor(() => rec.events.length === 3, 10_000, 'the change made through nginx');
    expect(nginx.log()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
  }, 60_000);
});
