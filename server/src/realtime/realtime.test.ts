import { PROTOCOL_VERSION } from '@schedhuler/shared/socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';
import { connectSocket, Recorder, request, seqRange, sleep, waitFor, type ClientSocket } from './test-client';

let t: TestServer;
let boardId: string;
let planner: HttpClient;
const sockets: ClientSocket[] = [];

async function socketFor(username: string) {
  const http = await t.client(username);
  const socket = await connectSocket(t.url, { cookie: http.cookieHeader });
  sockets.push(socket);
  return { http, socket, rec: new Recorder(socket) };
}

let codeCounter = 0;
const createAsset = (http: HttpClient = planner) =>
  http.post(`/api/boards/${boardId}/assets`, { code: `RT-${++codeCounter}`, name: `Realtime asset ${codeCounter}`, kind: 'vehicle' }).then((r) => {
    expect(r.status).toBe(201);
    return r.body.asset as { id: string };
  });

const boardSeq = async () => (await planner.get(`/api/boards/${boardId}`)).body.seq as number;

beforeAll(async () => {
  process.env.REALTIME_PRESENCE_GRACE_MS = '400';
  t = await startTestServer({}, 'realtime');
  planner = await t.client('planner1');
  boardId = (await planner.get('/api/boards')).body.boards[0].id;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  delete process.env.REALTIME_PRESENCE_GRACE_MS;
  await t?.stop();
});

describe('handshake', () => {
  it('refuses a connection without a valid session cookie with "unauthenticated"', async () => {
    await expect(connectSocket(t.url)).rejects.toThrow('unauthenticated');
    await expect(connectSocket(t.url, { cookie: 'sid=not-a-session' })).rejects.toThrow('unauthenticated');
  });

  it('refuses a foreign Origin like the HTTP API does', async () => {
    const http = await t.client('planner1');
    await expect(connectSocket(t.url, { cookie: http.cookieHeader, headers: { origin: 'https://evil.example' } })).rejects.toThrow('forbidden');
  });

  it('a logout disconnects the sockets of that session only', async () => {
    const a = await socketFor('planner2');
    const b = await socketFor('planner2'); // another browser: another session
    const closed = new Promise<string>((resolve) => a.socket.once('disconnect', resolve));
    expect((await a.http.post('/api/auth/logout')).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    expect(b.socket.connected).toBe(true);
  });

  it('an expired session is disconnected by the session check', async () => {
    const a = await socketFor('planner2');
    const closed = new Promise<string>((resolve) => a.socket.once('disconnect', resolve));
    await t.orm.em.fork().execute(`update app_session set expires_at = now() - interval '1 second' where user_id = (select id from app_user where username = 'planner2')`);
    expect(await t.realtime.sessions.sweep()).toBeGreaterThanOrEqual(1);
    expect(await closed).toBe('io server disconnect');
  });
});

describe('board rooms', () => {
  it('three clients receive each change made over HTTP exactly once, in seq order', async () => {
    const clients = await Promise.all(['planner1', 'supervisor', 'viewer'].map(socketFor));
    const start = await boardSeq();
    for (const c of clients) {
      const ack = await request(c.socket, 'board:join', { boardId, sinceSeq: start });
      expect(ack).toEqual({ ok: true, seq: start, events: [] });
    }
    // Concurrent writers: commits may publish out of order; the room must still deliver in order.
    const writers = await Promise.all([t.client('planner1'), t.client('planner2'), t.client('supervisor')]);
    await Promise.all(writers.map(async (w) => {
      for (let i = 0; i < 10; i++) await createAsset(w);
    }));
    const end = start + 30;
    for (const c of clients) {
      await waitFor(() => c.rec.seqs(boardId).length >= 30, 10_000, 'events');
      await sleep(50);
      expect(c.rec.seqs(boardId)).toEqual(seqRange(start + 1, end));
      expect(c.rec.events.every((e) => e.type === 'asset.created' && e.boardId === boardId)).toBe(true);
    }
  });

  it("refuses a non-member's join with not_found, and an unknown board alike", async () => {
    const admin = await t.client('admin');
    expect((await admin.post('/api/users', { username: 'outsider', displayName: 'Olga Outsider', password: 'outsider-demo' })).status).toBe(201);
    const { socket } = await socketFor('outsider');
    const ack = await request(socket, 'board:join', { boardId });
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await request(socket, 'board:join', { boardId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('join without sinceSeq answers a snapshot equal to GET /api/boards/:id', async () => {
    const { socket } = await socketFor('planner1');
    const ack = await request(socket, 'board:join', { boardId });
    const http = await planner.get(`/api/boards/${boardId}`);
    expect(ack.ok).toBe(true);
    expect(ack.snapshot).toEqual(http.body);
    expect(ack.seq).toBe(http.body.seq);
  });

  it('a join with the current protocol is answered; an older or newer one gets protocol_mismatch and no room', async () => {
    const { socket, rec } = await socketFor('planner1');
    const start = await boardSeq();
    for (const protocol of [PROTOCOL_VERSION - 1, PROTOCOL_VERSION + 1]) {
      const ack = await request(socket, 'board:join', { boardId, sinceSeq: start, protocol });
      expect(ack).toEqual({
        ok: false,
        error: { code: 'protocol_mismatch', message: expect.stringContaining('reload to update'), details: { server: PROTOCOL_VERSION, client: protocol } },
      });
    }
    // Refused joins put the socket in no room: a change reaches it only after a good join.
    await createAsset();
    await sleep(150);
    expect(rec.seqs(boardId)).toEqual([]);
    expect(await request(socket, 'board:join', { boardId, sinceSeq: start + 1, protocol: PROTOCOL_VERSION })).toEqual({ ok: true, seq: start + 1, events: [] });
    expect(await request(socket, 'board:join', { boardId, protocol: 'one' })).toMatchObject({ ok: false, error: { code: 'validation_failed', details: [{ path: 'protocol' }] } });
  });

  it('a rejoin with sinceSeq replays exactly the missed events, then live events follow', async () => {
    const { socket, rec } = await socketFor('planner1');
    const first = await request(socket, 'board:join', { boardId });
    socket.disconnect();
    for (let i = 0; i < 25; i++) await createAsset();
    socket.connect();
    await waitFor(() => socket.connected);
    const ack = await request(socket, 'board:join', { boardId, sinceSeq: first.seq });
    expect(ack.ok).toBe(true);
    expect(ack.events.map((e: { seq: number }) => e.seq)).toEqual(seqRange(first.seq + 1, first.seq + 25));
    expect(ack.seq).toBe(first.seq + 25);
    await createAsset();
    await waitFor(() => rec.seqs(boardId).length === 1);
    expect(rec.seqs(boardId)).toEqual([first.seq + 26]);
  });

  it('after board:leave no more events arrive', async () => {
    const { socket, rec } = await socketFor('planner1');
    await request(socket, 'board:join', { boardId, sinceSeq: await boardSeq() });
    expect(await request(socket, 'board:leave', { boardId })).toEqual({ ok: true });
    await createAsset();
    await sleep(150);
    expect(rec.events).toEqual([]);
  });

  it('a member removed from the board stops receiving its events', async () => {
    const supervisor = await t.client('supervisor');
    const members = (await supervisor.get(`/api/boards/${boardId}/members`)).body.members as { userId: string; username: string }[];
    const p2 = members.find((m) => m.username === 'planner2')!;
    const { socket, rec } = await socketFor('planner2');
    await request(socket, 'board:join', { boardId, sinceSeq: await boardSeq() });
    expect((await supervisor.delete(`/api/boards/${boardId}/members/${p2.userId}`)).status).toBe(204);
    await waitFor(() => rec.events.some((e) => e.type === 'member.updated'));
    await createAsset();
    await sleep(150);
    expect(rec.events.map((e) => e.type)).toEqual(['member.updated']);
    expect(await request(socket, 'presence:update', { boardId, editing: null })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await supervisor.put(`/api/boards/${boardId}/members/${p2.userId}`, { role: 'planner' })).status).toBe(200);
  });
});

const closeAll = () => {
  for (const s of sockets.splice(0)) s.close();
};

describe('presence', () => {
  it('shows users with colour, cursor, selection and editing; viewers cannot claim editing; disconnect removes after the grace', async () => {
    closeAll(); // earlier tests left Ana's sockets on the board
    await sleep(600); // their presence grace (400 ms in this file)
    const ana = await socketFor('planner1');
    const vic = await socketFor('viewer');
    await request(ana.socket, 'board:join', { boardId, sinceSeq: await boardSeq() });
    await request(vic.socket, 'board:join', { boardId, sinceSeq: await boardSeq() });
    const assetId = (await createAsset()).id;
    const cursor = { assetId, at: '2026-12-01T08:00:00.000Z' };
    expect(await request(ana.socket, 'presence:update', { boardId, cursor, editing: 'Night patrol' })).toEqual({ ok: true });
    const refused = await request(vic.socket, 'presence:update', { boardId, editing: 'Night patrol' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await waitFor(() => (vic.rec.lastPresence(boardId)?.users ?? []).some((u) => u.editing === 'Night patrol'));
    const users = vic.rec.lastPresence(boardId)!.users;
    const anaState = users.find((u) => u.displayName === 'Ana Planner')!;
    expect(anaState).toMatchObject({ cursor, editing: 'Night patrol', color: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    expect(users.find((u) => u.displayName === 'Vic Viewer')).toBeDefined();
    expect(users.find((u) => u.displayName === 'Vic Viewer')!.editing).toBeUndefined();

    // A quick reconnect (within the grace) does not make Ana flicker for the others.
    const seenBefore = vic.rec.presence.length;
    ana.socket.disconnect();
    await sleep(100);
    ana.socket.connect();
    await waitFor(() => ana.socket.connected);
    expect(await request(ana.socket, 'board:join', { boardId, sinceSeq: await boardSeq() })).toMatchObject({ ok: true });
    await sleep(600); // longer than the grace (400 ms in this file)
    expect(vic.rec.presence.length).toBeGreaterThan(seenBefore);
    expect(vic.rec.presence.slice(seenBefore).every((p) => p.users.some((u) => u.displayName === 'Ana Planner'))).toBe(true);

    ana.socket.disconnect();
    await sleep(200);
    expect(vic.rec.lastPresence(boardId)!.users.some((u) => u.displayName === 'Ana Planner')).toBe(true);
    await waitFor(() => !vic.rec.lastPresence(boardId)!.users.some((u) => u.displayName === 'Ana Planner'), 3000, 'Ana to leave');
  });
});

describe('drag ghosts', () => {
  it('relays drags to the others (not the sender), refuses viewers, and ends the drag when the dragger disconnects', async () => {
    const a = await socketFor('planner1');
    const b = await socketFor('supervisor');
    const v = await socketFor('viewer');
    for (const c of [a, b, v]) await request(c.socket, 'board:join', { boardId, sinceSeq: await boardSeq() });
    const snapshot = (await planner.get(`/api/boards/${boardId}`)).body;
    expect(snapshot.occurrences.length).toBeGreaterThan(0); // demo schedules
    const occurrenceId = snapshot.occurrences[0].id as string;
    const assetId = (await createAsset()).id;
    expect(await request(v.socket, 'drag:start', { boardId, occurrenceId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(a.socket, 'drag:start', { boardId, occurrenceId: '11111111-2222-4333-8444-555555555555' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await request(a.socket, 'drag:start', { boardId, occurrenceId })).toEqual({ ok: true });
    for (let i = 0; i < 30; i++) a.socket.emit('drag:move', { boardId, occurrenceId, assetId, startsAt: `2026-12-01T08:${String(i).padStart(2, '0')}:00.000Z` }, () => undefined);
    await waitFor(() => b.rec.drags.some((d) => d.startsAt === '2026-12-01T08:29:00.000Z'), 3000, 'last move');
    const moves = b.rec.drags.filter((d) => d.startsAt);
    expect(moves.length).toBeLessThan(30); // throttled and coalesced
    expect(v.rec.drags.at(-1)).toMatchObject({ occurrenceId, assetId, startsAt: '2026-12-01T08:29:00.000Z' });
    expect(a.rec.drags).toEqual([]);
    a.socket.disconnect();
    await waitFor(() => b.rec.drags.some((d) => d.ended), 3000, 'ended');
    expect(b.rec.drags.at(-1)).toMatchObject({ boardId, occurrenceId, ended: true, committed: false });
    await waitFor(() => v.rec.drags.some((d) => d.ended));
  });
});

describe('schedule:preview', () => {
  it('answers exactly like POST /api/schedules/preview, conflict marks and errors included', async () => {
    const { socket } = await socketFor('planner1');
    const assetId = (await planner.get(`/api/boards/${boardId}/assets`)).body.assets[0].id as string;
    const bodies = [
      { cron: '0 8 * * 1-5', timezone: 'Europe/Berlin', count: 3, from: '2026-12-01T00:00:00Z' },
      { cron: '*/30 * * * *', boardId, assetId, durationMin: 60, count: 20 },
      { cron: '61 * * * *' },
      { cron: '0 8 * * *', timezone: 'Mars/Olympus' },
      { cron: '0 8 * * *', boardId: '00000000-0000-4000-8000-000000000000' },
    ];
    for (const body of bodies) {
      const [ack, http] = await Promise.all([request(socket, 'schedule:preview', body), planner.post('/api/schedules/preview', body)]);
      expect(ack).toEqual(http.body);
    }
    const first = await request(socket, 'schedule:preview', bodies[0]);
    expect(first).toMatchObject({ ok: true, timezone: 'Europe/Berlin', dates: [{ at: '2026-12-01T08:00:00.000+01:00', local: '2026-12-01T08:00', dst: null }, {}, {}] });
    expect(await request(socket, 'schedule:preview', bodies[2])).toMatchObject({ ok: false, error: { code: 'invalid_cron' } });
  });
});

describe('hostile input', () => {
  it('answers garbage, wrong types and unknown events with error acks and stays usable', async () => {
    const { socket } = await socketFor('planner1');
    expect(await request(socket, 'board:join', 'garbage')).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await request(socket, 'board:join', { boardId: 42, sinceSeq: 'x' })).toMatchObject({ ok: false, error: { code: 'validation_failed', details: expect.any(Array) } });
    expect(await request(socket, 'board:join', { boardId, extra: true })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await request(socket, 'board:join')).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await request(socket, 'drag:move', null)).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await request(socket, 'presence:update', { boardId, selection: Array(600).fill(boardId) })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await request(socket, 'no:such:event', { a: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await request(socket, 'error', { a: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Without an ack callback: nothing to answer, nothing may break.
    const raw = socket as unknown as { emit(ev: string, ...a: unknown[]): void };
    raw.emit('board:join', 'garbage');
    raw.emit('presence:update', { boardId });
    raw.emit('no:such:event');
    const bigButLegal = await request(socket, 'schedule:preview', { cron: 'x'.repeat(900_000) });
    expect(bigButLegal).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(socket.connected).toBe(true);
    expect(await request(socket, 'board:join', { boardId, sinceSeq: await boardSeq() })).toMatchObject({ ok: true });
  });

  it('a 2 MB message closes that connection at the transport (maxHttpBufferSize); the server and the client recover', async () => {
    const http = await t.client('planner1');
    const { openSocket } = await import('./test-client');
    const socket = openSocket(t.url, { cookie: http.cookieHeader, reconnection: true });
    sockets.push(socket);
    await waitFor(() => socket.connected);
    const firstId = socket.id;
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    (socket as unknown as { emit(ev: string, ...a: unknown[]): void }).emit('schedule:preview', { cron: 'x'.repeat(2_000_000) });
    expect(await closed).toMatch(/transport (close|error)/);
    await waitFor(() => socket.connected && socket.id !== firstId, 5000, 'reconnect');
    expect(await request(socket, 'board:join', { boardId, sinceSeq: await boardSeq() })).toMatchObject({ ok: true });
  });

  it('malformed packets on the wire close only that connection; the server keeps serving', async () => {
    for (const raw of ['2["error","boom"]', '2{not json', 'zzz', '2[{"a":1}]', '2[]']) {
      const { socket } = await socketFor('planner1');
      const engine = (socket.io as unknown as { engine: { write(data: string): void } }).engine;
      engine.write(raw);
      await sleep(50);
    }
    const { socket } = await socketFor('planner1');
    expect(await request(socket, 'board:join', { boardId, sinceSeq: await boardSeq() })).toMatchObject({ ok: true });
  });
});
