import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket } from '../realtime/test-client';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';
import { isForeignOrigin, isSameOrAllowedOrigin, parseAllowedOrigins, requestOrigin, socketSources } from './origin';
import { ProxyTrust } from './proxy';

describe('origin helpers', () => {
  it('the request origin is its scheme and Host header', () => {
    expect(requestOrigin({ headers: { host: 'Example.COM:8080' } })).toBe('http://example.com:8080');
    expect(requestOrigin({ headers: { host: 'example.com:443' }, socket: { encrypted: true } })).toBe('https://example.com');
    expect(requestOrigin({ headers: { host: '[::1]:3000' } })).toBe('http://[::1]:3000');
    expect(requestOrigin({ headers: {} })).toBeNull();
  });

  it('compares scheme, host and port', () => {
    const own = 'http://127.0.0.1:4300';
    expect(isSameOrAllowedOrigin('http://127.0.0.1:4300', own, [])).toBe(true);
    expect(isSameOrAllowedOrigin('https://127.0.0.1:4300', own, [])).toBe(false);
    expect(isSameOrAllowedOrigin('http://127.0.0.1:4301', own, [])).toBe(false);
    expect(isSameOrAllowedOrigin('http://localhost:4300', own, [])).toBe(false);
    expect(isSameOrAllowedOrigin('null', own, [])).toBe(false);
    expect(isSameOrAllowedOrigin('127.0.0.1:4300', own, [])).toBe(false);
    expect(isSameOrAllowedOrigin('http://localhost:5173', own, ['http://localhost:5173'])).toBe(true);
    expect(isSameOrAllowedOrigin('https://localhost:5173', own, ['http://localhost:5173'])).toBe(false);
    expect(isSameOrAllowedOrigin('http://localhost:5173', null, [])).toBe(false);
  });

  it('one check for HTTP and the socket: no Origin passes, the own or an allowed one passes, another is foreign', () => {
    const req = (origin?: string) => ({ headers: { host: '127.0.0.1:4300', ...(origin === undefined ? {} : { origin }) } });
    expect(isForeignOrigin(req(), ProxyTrust.NONE, [])).toBe(false);
    expect(isForeignOrigin(req('http://127.0.0.1:4300'), ProxyTrust.NONE, [])).toBe(false);
    expect(isForeignOrigin(req('http://localhost:5173'), ProxyTrust.NONE, ['http://localhost:5173'])).toBe(false);
    expect(isForeignOrigin(req('https://evil.example'), ProxyTrust.NONE, ['http://localhost:5173'])).toBe(true);
    expect(isForeignOrigin(req('null'), ProxyTrust.NONE, [])).toBe(true);
  });

  it('ALLOWED_ORIGINS holds full origins; anything else stops the start-up', () => {
    expect(parseAllowedOrigins(' http://localhost:5173 , https://Plan.Example.com:443/ ')).toEqual(['http://localhost:5173', 'https://plan.example.com']);
    expect(parseAllowedOrigins(undefined)).toEqual([]);
    for (const bad of ['localhost:5173', 'plan.example.com', 'http://localhost:5173/app', 'ftp://x.example', 'http://u@x.example']) {
      expect(() => parseAllowedOrigins(bad), bad).toThrow(/ALLOWED_ORIGINS: .* is not an origin/);
    }
  });

  it('the CSP socket sources are the ws/wss of the host, nothing for an odd Host', () => {
    expect(socketSources('http://localhost:3000')).toBe('ws://localhost:3000 wss://localhost:3000');
    expect(socketSources('http://a;script-src')).toBe('');
    expect(socketSources(null)).toBe('');
  });
});

describe('Origin check over HTTP and on the socket handshake', () => {
  let t: TestServer;
  let planner: HttpClient;
  const DEV = 'http://localhost:5173';

  beforeAll(async () => {
    t = await startTestServer({ allowedOrigins: [DEV] }, 'origin');
    planner = await t.client('planner1');
  });
  afterAll(() => t?.stop());

  const port = () => new URL(t.url).port;
  const preview = (origin: string) => planner.post('/api/schedules/preview', { cron: '0 8 * * *' }, { origin });

  it('same origin passes; another scheme, port or host is refused with 403 forbidden', async () => {
    expect((await preview(t.url)).status).toBe(200);
    for (const foreign of [`https://localhost:${port()}`, `http://localhost:${Number(port()) + 1}`, `http://127.0.0.1:${port()}`, 'null']) {
      const res = await preview(foreign);
      expect(res.status, foreign).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it('an ALLOWED_ORIGINS entry passes with its own scheme only', async () => {
    expect((await preview(DEV)).status).toBe(200);
    expect((await preview('https://localhost:5173')).status).toBe(403);
  });

  it('the socket handshake applies the same rule', async () => {
    const cookie = planner.cookieHeader;
    await expect(connectSocket(t.url, { cookie, headers: { origin: `https://localhost:${port()}` } })).rejects.toThrow('forbidden');
    await expect(connectSocket(t.url, { cookie, headers: { origin: `http://localhost:${Number(port()) + 1}` } })).rejects.toThrow('forbidden');
    for (const ok of [t.url, DEV]) {
      const socket = await connectSocket(t.url, { cookie, headers: { origin: ok } });
      expect(socket.connected).toBe(true);
      socket.close();
    }
  });
});
