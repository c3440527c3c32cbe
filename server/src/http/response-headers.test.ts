import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { SECURITY_HEADERS } from './response-headers';

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
      await fetch(`${t.url}/api/no-such-route`),
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

  it("keeps a client's plain request id and replaces anything else", async () => {
    const plain = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'trace-42.a:b' } });
    expect(plain.headers.get('x-request-id')).toBe('trace-42.a:b');
    const odd = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'a b <script>' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const long = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'x'.repeat(500) } });
    expect(long.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
