import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { guardedParser } from './guarded-parser';
import { connectSocket, request, waitFor, type ClientSocket } from './test-client';

const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('the socket packet decoder', () => {
  it('refuses a deeply nested packet before JSON.parse sees it', () => {
    const decoder = new guardedParser.Decoder();
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(() => decoder.add(`2["presence:update",${deepArray(10_000)}]`)).toThrow(/invalid payload: nests deeper/);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('refuses a packet of too many values and still decodes ordinary packets', () => {
    const decoder = new guardedParser.Decoder();
    expect(() => decoder.add(`2["presence:update",[${Array(30_000).fill('{}').join(',')}]]`)).toThrow(/invalid payload/);
    const seen: unknown[] = [];
    decoder.on('decoded', (p: unknown) => seen.push(p));
    decoder.add('2["board:leave",{"boardId":"x"}]');
    expect(seen).toEqual([{ type: 2, nsp: '/', data: ['board:leave', { boardId: 'x' }] }]);
  });
});

describe('a hostile packet over a real socket', () => {
  let t: TestServer;
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    t = await startTestServer({}, 'sockparse');
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.stop();
  });

  it('closes only the sender, and the others keep working', async () => {
    const planner = await t.client('planner1');
    const boardId = (await planner.get('/api/boards')).body.boards[0].id as string;
    const hostile = await connectSocket(t.url, { cookie: planner.cookieHeader });
    const other = await connectSocket(t.url, { cookie: (await t.client('planner2')).cookieHeader });
    sockets.push(hostile, other);
    let reason = '';
    hostile.io.reconnection(false);
    hostile.on('disconnect', (r) => {
      reason = r;
    });
    const nested = JSON.parse(deepArray(1_000)) as unknown;
    hostile.emit('presence:update', nested as never, () => {});
    await waitFor(() => reason !== '', 10_000, 'the hostile socket to be closed');
    expect(reason).toBe('transport close');
    expect(await request(other, 'board:join', { boardId })).toMatchObject({ ok: true });
  });
});
