import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config';
import { startTestServer, type TestServer } from '../testing/test-server';
import { contentSecurityPolicy, SECURITY_HEADERS } from './response-headers';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({}, 'headers');
});
afterAll(() => t?.stop());

describe('response headers', () => {
  it('every kind of answer carries the security headers and a request id', async () => {
    const planner = await t.client('planner1');
    const answers = [
      await fetch(`${t.url}/healthz`),
      await fetch(`${t.url}/api/boards`),
      await fetch(`${t.url}/api/no-such-route`, { headers: { cookie: planner.cookieHeader } }),
      await fetch(`${t.url}/`),
      await fetch(`${t.url}/api/schedules/preview`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: planner.cookieHeader }, body: '{"cron":' }),
      await fetch(`${t.url}/api/schedules/preview`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: planner.cookieHeader }, body: '{"cron":"0 8 * * *"}' }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 200, 400, 200]);
    for (const res of answers) {
      for (const [name, value] of SECURITY_HEADERS) expect(res.headers.get(name), `${res.url} ${name}`).toBe(value);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('content-type')).toBeTruthy();
    }
    expect(new Set(answers.map((r) => r.headers.get('x-request-id'))).size).toBe(answers.length);
  });

  it('built assets may be kept a year (hashed names), the page that names them is asked again each time', async () => {
    const page = await fetch(`${t.url}/`);
    const html = await page.text();
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const deep = await fetch(`${t.url}/boards/some-board`);
    expect(deep.headers.get('content-type')).toMatch(/^text\/html/);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    const asset = /\/assets\/[\w.-]+\.js/.exec(html)?.[0];
    expect(asset, 'index.html names a built script').toBeTruthy();
    for (const encoding of ['identity', 'br', 'gzip']) {
      const res = await fetch(`${t.url}${asset}`, { headers: { 'accept-encoding': encoding } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control'), encoding).toBe('public, max-age=31536000, immutable');
    }
    const api = await fetch(`${t.url}/healthz`);
    expect(api.headers.get('cache-control') ?? '').not.toMatch(/immutable/);
    const missing = await fetch(`${t.url}/assets/no-such-file.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control') ?? '').not.toMatch(/immutable/);
  });

  it('every answer carries a Content-Security-Policy: own scripts only, no inline, the socket of this host', async () => {
    const host = new URL(t.url).host;
    for (const res of [await fetch(`${t.url}/`), await fetch(`${t.url}/healthz`), await fetch(`${t.url}/api/boards`), await fetch(`${t.url}/board/x`)]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
      expect(directives.get('default-src'), res.url).toEqual(["'self'"]);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('style-src')).toEqual(["'self'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'self'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    }
  });

  it('an odd Host header cannot add directives to the policy', () => {
    expect(contentSecurityPolicy('http://a;script-src')).not.toContain('a;script-src');
    expect(contentSecurityPolicy(null)).toMatch(/connect-src 'self'$/);
  });

  it('the client pages hold no inline script or style the policy would block', async () => {
    const pages = [fs.readFileSync(path.join(REPO_ROOT, 'client/index.html'), 'utf8')];
    const served = await fetch(`${t.url}/`);
    if (served.headers.get('content-type')?.includes('text/html')) pages.push(await served.text());
    for (const html of pages) {
      for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) expect(tag).toMatch(/\bsrc=/);
      expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
    }
  });

  it("keeps a client's plain request id and replaces anything else", async () => {
    const plain = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'trace-42.a:b' } });
    expect(plain.headers.get('x-request-id')).toBe('trace-42.a:b');
    const odd = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'a b <script>' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const long = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'x'.repeat(500) } });
    expect(long.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
