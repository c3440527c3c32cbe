import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';
import { connectSocket, Recorder, request, sleep, waitFor, type ClientSocket } from './test-client';

/** Drag ghosts under abuse: moves of foreign occurrences, one session flooding from many sockets, too many sockets. */
let t: TestServer;
let boardId: string;
let planner: HttpClient;
let occurrenceIds: string[];
let assetId: string;
const sockets: ClientSocket[] = [];

async function joined(http: HttpClient) {
  const socket = await connectSocket(t.url, { cookie: http.cookieHeader });
  sockets.push(socket);
  const rec = new Recorder(socket);
  const ack = await request(socket, 'board:join', { boardId });
  expect(ack).toMatchObject({ ok: true });
  return { socket, rec, snapshot: ack.snapshot as { occurrences: { id: string }[]; assets: { id: string }[] } };
}

const at = (i: number) => new Date(Date.UTC(2031, 2, 4, 8, 0) + (i % 600) * 60_000).toISOString();

beforeAll(async () => {
  t = await startTestServer({}, 'draglimits');
  planner = await t.client('planner1');
  boardId = (await planner.get('/api/boards')).body.boards[0].id;
  const board = (await planner.get(`/api/boards/${boardId}`)).body;
  occurrenceIds = (board.occurrences as { id: string }[]).map((o) => o.id);
  assetId = board.assets[0].id;
  expect(occurrenceIds.length).toBeGreaterThanOrEqual(8); // the demo schedules
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.stop();
});

describe('drag:move checks its occurrence like drag:start', () => {
  it("an occurrence of another board (one the dragger may see) or an unknown one is refused and relayed to nobody", async () => {
    const admin = await t.client('admin');
    const other = (await admin.post('/api/boards', { name: 'Second board', timezone: 'UTC' })).body.board.id as string;
    const me = (await planner.get('/api/auth/me')).body.user.id as string;
    expect((await admin.put(`/api/boards/${other}/members/${me}`, { role: 'planner' })).status).toBe(200);
    const guard = (await admin.post(`/api/boards/${other}/assets`, { code: 'SB-P', name: 'Second guard', kind: 'person' })).body.asset.id;
    const task = await admin.post(`/api/boards/${other}/tasks`, { name: 'Elsewhere', assetId: guard, timezone: 'UTC', startsAt: new Date(Date.now() + 86_400_000).toISOString(), planDurationMin: 30 });
    expect(task.status).toBe(201);
    const elsewhere = task.body.occurrences[0].id as string;

    const a = await joined(planner);
    const b = await joined(await t.client('supervisor'));
    for (const occurrenceId of [elsewhere, '11111111-2222-4333-8444-555555555555']) {
      const ack = await request(a.socket, 'drag:move', { boardId, occurrenceId, assetId, startsAt: at(1) });
      expect(ack).toEqual({ ok: false, error: { code: 'not_found', message: 'occurrence not found' } });
    }
    // The same move of one of this board's occurrences goes through (without a start: a reconnect mid-drag).
    expect(await request(a.socket, 'drag:move', { boardId, occurrenceId: occurrenceIds[0], assetId, startsAt: at(2) })).toEqual({ ok: true });
    await waitFor(() => b.rec.drags.some((d) => d.startsAt === at(2)), 3000, 'the legal move');
    expect(b.rec.drags.filter((d) => d.occurrenceId !== occurrenceIds[0])).toEqual([]);
    expect(await request(a.socket, 'drag:end', { boardId, occurrenceId: occurrenceIds[0], committed: false })).toEqual({ ok: true });
    a.socket.close();
    b.socket.close();
  });
});

describe('drag throttling per user and board', () => {
  it('5 sockets of one user dragging 8 occurrences each, flat out: another planner receives about 20 states/s', async () => {
    const observer = await joined(await t.client('supervisor'));
    const draggers = await Promise.all(Array.from({ length: 5 }, () => joined(planner)));
    const eight = occurrenceIds.slice(0, 8);
    for (const d of draggers) for (const occurrenceId of eight) expect(await request(d.socket, 'drag:start', { boardId, occurrenceId })).toEqual({ ok: true });
    await sleep(800); // the starts drain at 20/s
    observer.rec.drags.length = 0;

    const started = Date.now();
    let sent = 0;
    const DURATION = 1500;
    while (Date.now() - started < DURATION) {
      for (const d of draggers) {
        for (const occurrenceId of eight) d.socket.emit('drag:move', { boardId, occurrenceId, assetId, startsAt: at(sent) }, () => undefined);
        sent += eight.length;
      }
      await sleep(5);
    }
    const elapsed = Date.now() - started;
    const received = observer.rec.drags.length;
    const perSecond = received / (elapsed / 1000);
    console.log(`drag flood: ${sent} moves sent in ${elapsed} ms (${Math.round(sent / (elapsed / 1000))}/s), observer received ${received} (${perSecond.toFixed(1)}/s)`);
    expect(sent).toBeGreaterThan(1000);
    expect(received).toBeGreaterThan(10); // the relay still works
    expect(perSecond).toBeLessThanOrEqual(22);
    // Every drag got its turn, and the last position of each arrives once the flood stops.
    expect(new Set(observer.rec.drags.map((d) => d.occurrenceId)).size).toBe(8);
    for (const d of draggers) d.socket.close();
    await waitFor(() => eight.every((o) => observer.rec.drags.some((d) => d.occurrenceId === o && d.ended)), 5000, 'every ghost to end');
  });
});

describe('sockets per session', () => {
  it('the 21st socket of one session is refused at the handshake; another session is not affected; a closed socket frees its place', async () => {
    const session = await t.client('planner2');
    const attempts = await Promise.allSettled(Array.from({ length: 25 }, () => connectSocket(t.url, { cookie: session.cookieHeader })));
    const open = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    sockets.push(...open);
    const refused = attempts.flatMap((a) => (a.status === 'rejected' ? [(a.reason as Error).message] : []));
    expect(open.length).toBe(20);
    expect(refused).toEqual(Array(5).fill('too many connections for this session'));
    await expect(connectSocket(t.url, { cookie: session.cookieHeader })).rejects.toThrow('too many connections for this session');

    const otherSession = await connectSocket(t.url, { cookie: (await t.client('planner2')).cookieHeader });
    sockets.push(otherSession);
    expect(otherSession.connected).toBe(true);

    open[0]!.close();
    const again = await retryConnect(session.cookieHeader);
    sockets.push(again);
    expect(again.connected).toBe(true);
  });
});

/** The server notices a closed socket a moment later. */
async function retryConnect(cookie: string): Promise<ClientSocket> {
  for (let i = 0; ; i++) {
    try {
      return await connectSocket(t.url, { cookie });
    } catch (err) {
      if (i > 50) throw err;
      await sleep(20);
    }
  }
}
