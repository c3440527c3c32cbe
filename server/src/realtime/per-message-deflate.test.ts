import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { connectSocket, request } from './test-client';

let t: TestServer;
let cookie: string;

beforeAll(async () => {
  t = await startTestServer({}, 'pmdeflate');
  cookie = (await t.client('planner1')).cookieHeader;
});
afterAll(() => t?.stop());

/** The websocket handshake's answer headers for an offer of permessage-deflate, as a browser sends it. */
function handshake(): Promise<http.IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${t.url}/socket.io/?EIO=4&transport=websocket`, {
      headers: {
        cookie,
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': Buffer.from('0123456789abcdef').toString('base64'),
        'sec-websocket-extensions': 'permessage-deflate; client_max_window_bits',
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.headers);
    });
    req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}

describe('Socket.IO per-message deflate', () => {
  it('is negotiated without context takeover either way', async () => {
    const ext = (await handshake())['sec-websocket-extensions'] ?? '';
    expect(ext).toMatch(/^permessage-deflate/);
    expect(ext).toMatch(/server_no_context_takeover/);
    expect(ext).toMatch(/client_no_context_takeover/);
  });

  it('a join replaying the whole log (over the 8 KB threshold, so compressed) arrives intact', async () => {
    const boardId = (await (await t.client('planner1')).get<{ boards: { id: string }[] }>('/api/boards')).body.boards[0]!.id;
    const socket = await connectSocket(t.url, { cookie });
    try {
      const ack = await request<{ ok: boolean; seq: number; events: { seq: number }[] }>(socket, 'board:join', { boardId, sinceSeq: 0 });
      expect(ack.ok).toBe(true);
      expect(JSON.stringify(ack).length).toBeGreaterThan(8 * 1024);
      expect(ack.events.map((e) => e.seq)).toEqual(Array.from({ length: ack.seq }, (_, i) => i + 1));
    } finally {
      socket.close();
    }
  });
});
