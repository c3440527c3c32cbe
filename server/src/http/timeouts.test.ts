import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, request } from '../realtime/test-client';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';

let t: TestServer;
let planner: HttpClient;
const TIMEOUT_MS = 500;

beforeAll(async () => {
  t = await startTestServer({ requestTimeoutMs: TIMEOUT_MS }, 'timeouts');
  planner = await t.client('planner1');
});
afterAll(() => t?.stop());

interface RawAnswer {
  text: string;
  /** From the first byte sent to the answer's first byte, and to the connection's close. */
  answeredMs: number;
  closedMs: number;
}

/** Sends `parts` over a raw TCP connection (with pauses between them) and reads until the server closes it. */
function raw(parts: (string | number)[], giveUpMs = 10_000): Promise<RawAnswer> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    const started = Date.now();
    let text = '';
    let answeredMs = -1;
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${giveUpMs} ms; received ${JSON.stringify(text)}`));
    }, giveUpMs);
    socket.on('data', (d) => {
      if (answeredMs < 0) answeredMs = Date.now() - started;
      text += d.toString('utf8');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ text, answeredMs, closedMs: Date.now() - started });
    });
    socket.on('connect', async () => {
      for (const p of parts) {
        if (typeof p === 'number') await new Promise((r) => setTimeout(r, p));
        else socket.write(p);
      }
    });
  });
}

const head = (contentLength: number) =>
  `POST /api/schedules/preview HTTP/1.1\r\nHost: ${new URL(t.url).host}\r\nCookie: ${planner.cookieHeader}\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`;

describe('request timeouts', () => {
  it('a body shorter than its Content-Length gets 408 request_timeout (JSON) and the connection is closed', async () => {
    const answer = await raw([head(100), '{"cron":"0']);
    const [status] = answer.text.split('\r\n');
    expect(status).toBe('HTTP/1.1 408 Request Timeout');
    expect(answer.text).toMatch(/\r\ncontent-type: application\/json/i);
    expect(answer.text).toMatch(/\r\nconnection: close/i);
    const body = JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({ error: { code: 'request_timeout', message: expect.stringMatching(/did not arrive within 0.5 s/) } });
    expect(answer.answeredMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(answer.closedMs).toBeLessThan(TIMEOUT_MS + 1_500);
  });

  it('headers that never end get the same answer', async () => {
    const answer = await raw([`GET /healthz HTTP/1.1\r\nHost: ${new URL(t.url).host}\r\nX-Slow: 1\r\n`]);
    expect(answer.text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(answer.text).toContain('"code":"request_timeout"');
    expect(answer.closedMs).toBeLessThan(TIMEOUT_MS + 1_500);
  });

  it('a slow body that completes in time is answered normally, and the server stays healthy', async () => {
    const body = JSON.stringify({ cron: '0 8 * * *', count: 2 });
    const answer = await raw([head(Buffer.byteLength(body)).replace('HTTP/1.1\r\n', 'HTTP/1.1\r\nConnection: close\r\n'), body.slice(0, 10), 150, body.slice(10)]);
    expect(answer.text.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(answer.text).toContain('"ok":true');
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('an open socket and an idle keep-alive connection are not cut by the request timeout', async () => {
    const socket = await connectSocket(t.url, { cookie: planner.cookieHeader });
    const idle = raw([`GET /healthz HTTP/1.1\r\nHost: ${new URL(t.url).host}\r\n\r\n`, 3 * TIMEOUT_MS, `GET /healthz HTTP/1.1\r\nHost: ${new URL(t.url).host}\r\nConnection: close\r\n\r\n`]);
    await new Promise((r) => setTimeout(r, 3 * TIMEOUT_MS));
    expect(socket.connected).toBe(true);
    expect(await request(socket, 'schedule:preview', { cron: '0 8 * * *', count: 1 })).toMatchObject({ ok: true });
    socket.close();
    const answer = await idle;
    expect(answer.text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
  });
});
