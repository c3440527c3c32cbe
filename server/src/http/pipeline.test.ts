import type { MikroORM } from '@mikro-orm/postgresql';
import type { ErrorResponse } from '@schedhuler/shared';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { loadConfig, type AppConfig } from '../config';
import { initOrm, migrate } from '../db/orm';
import { seedInitialAdmin } from '../seed/admin';
import { createServices } from '../services/index';
import { freePort } from '../testing/free-port';
import { createTestDatabase, type TestDatabase } from '../testing/test-db';
import { SESSION_COOKIE } from './session';
import type { AppEnv } from './types';

// The request pipeline of app.ts (Origin check, body limits, session, error mapping, the /api 404)
// through Hono's app.request(): the real app on a real database, no HTTP server started.
// No client build behind it, so a path outside /api reaches only the routes of this file.
const config: AppConfig = { ...loadConfig({}), seedDemo: false, initialAdmin: undefined, clientDist: '/nonexistent-client-dist' };
const ORIGIN = 'http://localhost';
let db: TestDatabase;
let orm: MikroORM;
let app: Hono<AppEnv>;
let cookie: string;

const call = async (path: string, init: RequestInit = {}) => {
  const res = await app.request(`${ORIGIN}${path}`, init);
  const text = await res.text();
  return { status: res.status, text, body: (text ? JSON.parse(text) : null) as ErrorResponse };
};

beforeAll(async () => {
  db = await createTestDatabase('pipeline');
  orm = await initOrm(db.url);
  await migrate(orm);
  await seedInitialAdmin(orm.em.fork(), { username: 'root', password: 'pipeline-admin-pass' });
  app = createApp({ orm, services: createServices(config, orm), config });
  // Never reached by a real route: an unexpected error, to see what onError makes of it.
  app.get('/boom', () => {
    throw new Error('select secret_column from secret_table');
  });
  const login = await app.request(`${ORIGIN}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'root', password: 'pipeline-admin-pass' }),
  });
  expect(login.status).toBe(200);
  cookie = /sid=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

describe('before the session is looked up', () => {
  it('refuses a mutating request from another origin with 403, even with a valid session', async () => {
    const res = await call('/api/boards', { method: 'POST', headers: { origin: 'https://evil.example', cookie, 'content-type': 'application/json' }, body: '{"name":"x"}' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    // A GET is not a cross-site write: it goes on to the route.
    expect((await call('/api/boards', { headers: { origin: 'https://evil.example', cookie } })).status).toBe(200);
  });

  it('refuses a declared body over 1 MiB with 413 before reading it, anonymous or not', async () => {
    const variants: Record<string, string>[] = [{}, { cookie }];
    for (const headers of variants) {
      const res = await call('/api/boards', { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) }, body: '{}' });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
    }
  });

  it('answers 401 to an anonymous request before its body is parsed (a malformed body is not a 400)', async () => {
    const res = await call('/api/boards', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    // Also for a route that does not exist: the 404 fallback is behind the session too.
    expect((await call('/api/no-such-route')).status).toBe(401);
  });
});

describe('with a session', () => {
  it('maps a wrong Content-Type to 415 and broken JSON to 400 malformed_json', async () => {
    const wrongType = await call('/api/boards', { method: 'POST', headers: { cookie, 'content-type': 'text/plain' }, body: '{"name":"x"}' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.code).toBe('unsupported_media_type');
    const broken = await call('/api/boards', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{"name":' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('malformed_json');
  });

  it('answers an unknown /api route with the JSON 404, naming method and path', async () => {
    const res = await call('/api/no-such-route', { method: 'DELETE', headers: { cookie } });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: 'not_found', message: 'no route DELETE /api/no-such-route' });
  });
});

describe('error mapping in onError', () => {
  it('turns an unexpected error into 500 internal with the request id and nothing of the error itself', async () => {
    const res = await call('/boom', { headers: { 'x-request-id': 'pipeline-500' } });
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({ code: 'internal', message: 'internal error (request id pipeline-500)' });
    expect(res.text).not.toMatch(/secret|select|stack/i);
  });

  it('answers 503 unavailable when the database cannot be reached, without driver details', async () => {
    // An ORM whose PostgreSQL is not there (a free port nobody listens on): the session lookup fails.
    const url = new URL(db.url);
    url.port = String(await freePort());
    const deadOrm = await initOrm(url.toString(), { connect: false });
    try {
      const deadApp = createApp({ orm: deadOrm, services: createServices(config, deadOrm), config });
      const res = await deadApp.request(`${ORIGIN}/api/boards`, { headers: { cookie: `${SESSION_COOKIE}=some-token` } });
      const text = await res.text();
      expect(res.status).toBe(503);
      expect(JSON.parse(text).error.code).toBe('unavailable');
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/i);
    } finally {
      await deadOrm.close();
    }
  });
});
