import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { startServer, type RunningServer } from '../server';
import { freePort } from '../testing/global-setup';
import { HttpClient } from '../testing/http-client';
import { EmbeddedPostgres } from './embedded';

// This file stops and restarts its database, so it runs its own PostgreSQL instead of the shared one.
let base: string;
let pg: EmbeddedPostgres;
let server: RunningServer;

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'schedhuler-outage-'));
  fs.chmodSync(base, 0o755);
  pg = new EmbeddedPostgres({ dir: path.join(base, 'pg'), port: await freePort(), database: 'outage' });
  const url = await pg.start();
  server = await startServer({ ...loadConfig({}), port: 0, host: '127.0.0.1', seedDemo: true }, url);
});

afterAll(async () => {
  await server?.close();
  await pg?.stop().catch(() => undefined);
  fs.rmSync(base, { recursive: true, force: true });
});

it('answers 503 while the database is down and recovers by itself when it is back', async () => {
  const c = new HttpClient(server.url);
  await c.login('planner1', 'planner1-demo');
  expect((await c.get('/api/boards')).status).toBe(200);

  await pg.stop();
  const started = Date.now();
  const down = await c.get('/api/boards');
  expect(down.status).toBe(503);
  expect(down.body.error.code).toBe('unavailable');
  expect(JSON.stringify(down.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/i);
  expect(Date.now() - started).toBeLessThan(15_000); // fails fast, does not hang
  expect((await c.get('/readyz')).status).toBe(503);
  expect((await c.get('/healthz')).status).toBe(200); // the process itself keeps running

  await pg.start();
  let ok = 0;
  for (let i = 0; i < 50 && ok !== 200; i++) {
    ok = (await c.get('/api/boards')).status;
    if (ok !== 200) await new Promise((r) => setTimeout(r, 200));
  }
  expect(ok).toBe(200);
  expect((await c.get('/readyz')).status).toBe(200);
  // The old session survived the outage: it lives in the database, not in the connection.
  expect((await c.get('/api/auth/me')).body.user.username).toBe('planner1');
});
