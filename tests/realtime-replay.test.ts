import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '@schedhuler/server/testing/http-client';
import { startTestServer, type TestServer } from '@schedhuler/server/testing/test-server';
import { connectSocket, Recorder, request, seqRange, sleep, waitFor, type ClientSocket } from '@schedhuler/server/realtime/test-client';
import { BoardEventStream, type BoardEvent } from '@schedhuler/shared';

/**
 * Replay after a reconnect (issue 5, item 9): a client that missed 200 changes rejoins with its
 * sinceSeq and gets exactly those, in order; 5,000 behind it gets a snapshot instead.
 * Changes are real HTTP asset creations and patches (each one event).
 */
let t: TestServer;
let boardId: string;
const writers: HttpClient[] = [];
const sockets: ClientSocket[] = [];
let counter = 0;

async function changes(n: number): Promise<void> {
  let left = n;
  await Promise.all(
    writers.map(async (w) => {
      while (left > 0) {
        left -= 1;
        const i = ++counter;
        const r = await w.post(`/api/boards/${boardId}/assets`, { code: `RP-${i}`, name: `Replay ${i}`, kind: 'equipment' });
        if (r.status !== 201) throw new Error(`asset creation failed: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }),
  );
}

const seqNow = async () => (await writers[0]!.get(`/api/boards/${boardId}`)).body.seq as number;

beforeAll(async () => {
  t = await startTestServer({}, 'rtreplay');
  for (const u of ['planner1', 'planner2', 'supervisor', 'admin']) writers.push(await t.client(u));
  boardId = (await writers[0]!.get('/api/boards')).body.boards[0].id;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.stop();
});

async function viewerSocket() {
  const http = await t.client('viewer');
  const socket = await connectSocket(t.url, { cookie: http.cookieHeader, reconnection: false });
  sockets.push(socket);
  return { socket, rec: new Recorder(socket), http };
}

describe('replay after a reconnect', () => {
  it('200 missed changes → exactly those 200 events, in order, then live events without duplicates', async () => {
    const { socket, rec } = await viewerSocket();
    const joined = await request(socket, 'board:join', { boardId, sinceSeq: await seqNow() });
    await changes(5);
    await waitFor(() => rec.events.length === 5, 10_000, 'live events');
    const lastSeen = rec.events.at(-1)!.seq;
    expect(rec.seqs()).toEqual(seqRange(joined.seq + 1, lastSeen));

    socket.disconnect();
    await changes(200);
    socket.connect();
    await waitFor(() => socket.connected);
    const ack = await request(socket, 'board:join', { boardId, sinceSeq: lastSeen });
    // Changes keep coming while the client catches up.
    const during = changes(20);
    expect(ack.ok).toBe(true);
    expect(ack.snapshot).toBeUndefined();
    expect(ack.events.map((e: BoardEvent) => e.seq)).toEqual(seqRange(lastSeen + 1, lastSeen + 200));
    expect(ack.events.every((e: BoardEvent) => e.type === 'asset.created' && e.boardId === boardId)).toBe(true);
    await during;
    await waitFor(() => rec.events.length >= 5 + 20, 10_000, 'events after the rejoin');
    await sleep(100);
    const afterJoin = rec.events.slice(5).map((e) => e.seq);
    expect(afterJoin).toEqual(seqRange(ack.seq + 1, lastSeen + 220));
  });

  it('5,000 behind → a snapshot equal to GET /api/boards/:id', async () => {
    const { socket, http } = await viewerSocket();
    const first = await request(socket, 'board:join', { boardId });
    expect(first.snapshot.seq).toBe(first.seq);
    socket.disconnect();
    await changes(5000);
    socket.connect();
    await waitFor(() => socket.connected);
    const ack = await request(socket, 'board:join', { boardId, sinceSeq: first.seq });
    const fresh = await http.get(`/api/boards/${boardId}`);
    expect(fresh.body.seq - first.seq).toBe(5000);
    expect(ack.events).toBeUndefined();
    expect(ack.seq).toBe(fresh.body.seq);
    expect(ack.snapshot).toEqual(fresh.body);
    expect(ack.snapshot.assets.length).toBeGreaterThanOrEqual(5000);
  }, 180_000);

  it('exactly 1,000 behind still replays; 1,001 behind gets a snapshot', async () => {
    const { socket } = await viewerSocket();
    const from = await seqNow();
    await changes(1000);
    const replay = await request(socket, 'board:join', { boardId, sinceSeq: from });
    expect(replay.snapshot).toBeUndefined();
    expect(replay.events.map((e: BoardEvent) => e.seq)).toEqual(seqRange(from + 1, from + 1000));
    await request(socket, 'board:leave', { boardId });
    await changes(1);
    const snap = await request(socket, 'board:join', { boardId, sinceSeq: from });
    expect(snap.events).toBeUndefined();
    expect(snap.seq).toBe(from + 1001);
    expect(snap.snapshot.seq).toBe(from + 1001);
  }, 120_000);

  it('the shared client helper fills a gap itself through the events API', async () => {
    const { socket, rec, http } = await viewerSocket();
    const start = await seqNow();
    await request(socket, 'board:join', { boardId, sinceSeq: start });
    const applied: number[] = [];
    const stream = new BoardEventStream<BoardEvent>(
      {
        fetch: async (since, limit) => (await http.get(`/api/boards/${boardId}/events?since=${since}&limit=${limit}`)).body,
        apply: (e) => applied.push(e.seq),
        gapWaitMs: 20,
      },
      start,
    );
    await changes(10);
    await waitFor(() => rec.events.length === 10);
    // Simulate a lost delivery: feed everything except seq start+3, and start+7 twice.
    stream.receive(rec.events.filter((e) => e.seq !== start + 3));
    stream.receive(rec.events.filter((e) => e.seq === start + 7));
    await waitFor(() => applied.length === 10, 5000, 'gap fill');
    expect(applied).toEqual(seqRange(start + 1, start + 10));
  });
});
