import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { requestClientIp, requestOrigin } from './origin';
import { clientAddress, ProxyTrust } from './proxy';

describe('TRUST_PROXY', () => {
  it('parses addresses, CIDR ranges and names; anything else stops the start-up', () => {
    const t = ProxyTrust.parse(' 10.1.2.3 , 192.168.0.0/16, loopback, 2001:db8::/32 ');
    for (const ip of ['10.1.2.3', '192.168.40.1', '127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '2001:db8::7']) expect(t.trusts(ip), ip).toBe(true);
    for (const ip of ['10.1.2.4', '192.169.0.1', '::2', '2001:db9::1', '8.8.8.8', 'unknown', '', undefined]) expect(t.trusts(ip), String(ip)).toBe(false);
    expect(ProxyTrust.parse('private').trusts('172.20.0.5')).toBe(true);
    expect(ProxyTrust.parse('private').trusts('172.32.0.5')).toBe(false);
    expect(ProxyTrust.parse('').trusts('127.0.0.1')).toBe(false);
    expect(ProxyTrust.parse(undefined)).toBe(ProxyTrust.NONE);
    for (const bad of ['true', '*', '10.0.0.0/33', '10.0.0/8', 'nginx', '::1/129', '10.0.0.0/8/1', '1.2.3.4/x']) {
      expect(() => ProxyTrust.parse(bad), bad).toThrow(/TRUST_PROXY: .* is not an IP address/);
    }
  });

  it('the client address: the peer, or the first untrusted hop of X-Forwarded-For from the right', () => {
    const loopback = ProxyTrust.parse('loopback');
    expect(clientAddress('::ffff:127.0.0.1', '203.0.113.9', ProxyTrust.NONE)).toBe('127.0.0.1');
    expect(clientAddress('203.0.113.5', '198.51.100.1', loopback)).toBe('203.0.113.5'); // untrusted peer: header ignored
    expect(clientAddress('127.0.0.1', '203.0.113.9', loopback)).toBe('203.0.113.9');
    // The client wrote its own X-Forwarded-For; the proxy appended what it saw: the spoofed part is ignored.
    expect(clientAddress('127.0.0.1', '1.1.1.1, 203.0.113.9', loopback)).toBe('203.0.113.9');
    // Two trusted proxies in a row.
    expect(clientAddress('127.0.0.1', '203.0.113.9, 127.0.0.2', loopback)).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', ['203.0.113.9', '127.0.0.2'], loopback)).toBe('203.0.113.9');
    // Only proxies, or garbage: the last address that could be told.
    expect(clientAddress('127.0.0.1', '127.0.0.3', loopback)).toBe('127.0.0.3');
    expect(clientAddress('127.0.0.1', 'not-an-ip', loopback)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', undefined, loopback)).toBe('127.0.0.1');
    expect(clientAddress(undefined, '203.0.113.9', loopback)).toBe('unknown');
  });

  it('the request origin follows X-Forwarded-Proto/-Host only from a trusted peer', () => {
    const headers = { host: '127.0.0.1:3000', 'x-forwarded-host': 'plan.example.com:8443', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' };
    const fromProxy = { headers, socket: { remoteAddress: '127.0.0.1' } };
    const fromElsewhere = { headers, socket: { remoteAddress: '203.0.113.5' } };
    const loopback = ProxyTrust.parse('loopback');
    expect(requestOrigin(fromProxy, loopback)).toBe('https://plan.example.com:8443');
    expect(requestOrigin(fromProxy)).toBe('http://127.0.0.1:3000');
    expect(requestOrigin(fromElsewhere, loopback)).toBe('http://127.0.0.1:3000');
    expect(requestClientIp(fromProxy, loopback)).toBe('203.0.113.9');
    expect(requestClientIp(fromElsewhere, loopback)).toBe('203.0.113.5');
    // The nearest proxy's value counts; an odd proto falls back to the connection's own scheme.
    expect(requestOrigin({ headers: { host: 'a:1', 'x-forwarded-proto': 'https, http' }, socket: { remoteAddress: '::1' } }, loopback)).toBe('http://a:1');
    expect(requestOrigin({ headers: { host: 'a:1', 'x-forwarded-proto': 'gopher' }, socket: { remoteAddress: '::1' } }, loopback)).toBe('http://a:1');
    // Without X-Forwarded-Host, the Host header (nginx passes `$http_host`, port included).
    expect(requestOrigin({ headers: { host: 'plan.example.com:8080', 'x-forwarded-proto': 'http' }, socket: { remoteAddress: '127.0.0.1' } }, loopback)).toBe('http://plan.example.com:8080');
  });
});

describe('TRUST_PROXY on a running server (Origin check, sign-in limiter)', () => {
  let trusting: TestServer;
  let plain: TestServer;
  const forwarded = (ip: string) => ({ origin: 'https://plan.example.com:8443', 'x-forwarded-host': 'plan.example.com:8443', 'x-forwarded-proto': 'https', 'x-forwarded-for': ip });

  beforeAll(async () => {
    [trusting, plain] = await Promise.all([startTestServer({ trustProxy: ProxyTrust.parse('loopback') }, 'trustproxy'), startTestServer({}, 'notrust')]);
  });
  afterAll(async () => {
    await Promise.all([trusting?.stop(), plain?.stop()]);
  });

  it('signs in with the origin the proxy reports, only when the proxy is trusted', async () => {
    const ok = await (await trusting.client()).post('/api/auth/login', { username: 'planner1', password: 'planner1-demo' }, forwarded('203.0.113.9'));
    expect(ok.status).toBe(200);
    const refused = await (await plain.client()).post('/api/auth/login', { username: 'planner1', password: 'planner1-demo' }, forwarded('203.0.113.9'));
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/cross-origin/);
  });

  it('the sign-in limiter counts the forwarded client, not the proxy, and ignores a spoofed hop', async () => {
    const c = await trusting.client();
    const attempt = (xff: string, password = 'wrong') => c.post('/api/auth/login', { username: 'planner2', password }, forwarded(xff));
    for (let i = 0; i < 10; i++) expect((await attempt(`${i % 2 ? '6.6.6.6' : '7.7.7.7'}, 203.0.113.50`)).status).toBe(401);
    // The eleventh from the same client is refused whatever it claims to be in front of the proxy.
    expect((await attempt('8.8.8.8, 203.0.113.50', 'planner2-demo')).body.error.code).toBe('rate_limited');
    // Another client behind the same proxy signs in.
    expect((await attempt('203.0.113.51', 'planner2-demo')).status).toBe(200);

    // Without trust, every client behind the proxy is the proxy: the forwarded address changes nothing.
    const p = await plain.client();
    const direct = (xff: string, password = 'wrong') => p.post('/api/auth/login', { username: 'planner2', password }, { 'x-forwarded-for': xff });
    for (let i = 0; i < 10; i++) expect((await direct(`203.0.113.${60 + i}`)).status).toBe(401);
    expect((await direct('203.0.113.99', 'planner2-demo')).body.error.code).toBe('rate_limited');
  });
});
