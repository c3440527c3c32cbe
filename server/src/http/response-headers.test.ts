import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config';
import { startTestServer, type TestServer } from '../testing/test-server';
import { inlineScriptHashes } from './inline-scripts';
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

  it("every answer carries a Content-Security-Policy: own scripts and the page's boot script by its hash only, the socket of this host", async () => {
    const host = new URL(t.url).host;
    const page = await fetch(`${t.url}/`);
    // The built page holds one inline script (the boot script), a page that is not built none.
    const hashes = page.headers.get('content-type')?.includes('text/html') ? inlineScriptHashes(await page.text()) : [];
    for (const res of [await fetch(`${t.url}/`), await fetch(`${t.url}/healthz`), await fetch(`${t.url}/api/boards`), await fetch(`${t.url}/board/x`)]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
      expect(directives.get('default-src'), res.url).toEqual(["'self'"]);
      expect(directives.get('script-src')).toEqual(["'self'", ...hashes]);
      for (const h of hashes) expect(h).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
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
    expect(contentSecurityPolicy(null, ["'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"])).toContain("script-src 'self' 'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng=';");
  });

  it('the client pages hold no inline script or style the policy would block', async () => {
    // The source page has none: the boot script is put in by the build (client/vite/inline-early-boot.ts).
    const source = fs.readFileSync(path.join(REPO_ROOT, 'client/index.html'), 'utf8');
    for (const tag of source.match(/<script\b[^>]*>/gi) ?? []) expect(tag).toMatch(/\bsrc=/);
    const pages = [source];
    const served = await fetch(`${t.url}/`);
    if (served.headers.get('content-type')?.includes('text/html')) {
      const html = await served.text();
      pages.push(html);
      const allowed = served.headers.get('content-security-policy')?.match(/script-src ([^;]*)/)?.[1]?.split(' ') ?? [];
      const inline = inlineScriptHashes(html);
      expect(inline.length, 'the built page holds the boot script').toBe(1);
      for (const h of inline) expect(allowed).toContain(h);
    }
    for (const html of pages) expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
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
