import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient, HttpResult } from '@schedhuler/server/testing/http-client';
import { startTestServer, type TestServer } from '@schedhuler/server/testing/test-server';
import { connectSocket, request, type ClientSocket } from '@schedhuler/server/realtime/test-client';

/**
 * A non-member must not learn that an id of a foreign board exists: for every kind of id the API
 * takes, a real foreign id and a random one get the same status and byte-identical error bodies
 * (only the request id header differs).
 */
let t: TestServer;
let admin: HttpClient;
let outsider: HttpClient;
let socket: ClientSocket;
let ownBoardId: string;
const foreign = {} as { boardId: string; assetId: string; jobId: string; jobVersion: number; occurrenceId: string; occurrenceVersion: number; conflictId: string };

/** A fixed "now" (a Tuesday morning), so nothing here depends on the day the suite runs. */
const NOW = Date.parse('2031-03-04T08:00:00Z');
const at = (hours: number) => new Date(NOW + hours * 3_600_000).toISOString();

async function created<T = any>(res: Promise<HttpResult<T>>, status = 201): Promise<T> {
  const r = await res;
  if (r.status !== status) throw new Error(`fixture: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

beforeAll(async () => {
  t = await startTestServer({}, 'foreignids');
  await t.services.scheduling?.horizon?.stop();
  t.services.scheduling.clock.set(NOW);
  admin = await t.client('admin');
  await created(admin.post('/api/users', { username: 'outsider', displayName: 'Olga Outsider', password: 'outsider-demo' }));
  outsider = await t.client('outsider');
  // The outsider is a planner on a board of their own and nothing else.
  ownBoardId = (await created(admin.post('/api/boards', { name: 'Outsider board', timezone: 'UTC' }))).board.id;
  const outsiderId = (await created(outsider.get('/api/auth/me'), 200)).user.id;
  await created(admin.put(`/api/boards/${ownBoardId}/members/${outsiderId}`, { role: 'supervisor' }), 200);

  foreign.boardId = (await created(admin.post('/api/boards', { name: 'Foreign board', timezone: 'Europe/Berlin' }))).board.id;
  foreign.assetId = (await created(admin.post(`/api/boards/${foreign.boardId}/assets`, { code: 'FX-P', name: 'Foreign guard', kind: 'person' }))).asset.id;
  const task = (name: string, allowConflict = false) =>
    created(admin.post(`/api/boards/${foreign.boardId}/tasks`, { name, assetId: foreign.assetId, timezone: 'Europe/Berlin', startsAt: at(26), planDurationMin: 30, allowConflict }));
  const first = await task('Foreign task');
  foreign.jobId = first.job.id;
  foreign.jobVersion = first.job.version;
  foreign.occurrenceId = first.occurrences[0].id;
  foreign.occurrenceVersion = first.occurrences[0].version;
  await task('Foreign overlap', true);
  foreign.conflictId = (await created(admin.get(`/api/boards/${foreign.boardId}/conflicts?status=open`), 200)).conflicts[0].id;
  socket = await connectSocket(t.url, { cookie: outsider.cookieHeader });
});

afterAll(async () => {
  socket?.close();
  await t?.stop();
});

/** Both answers, compared as the client sees them: status and the exact body bytes. */
async function both(call: (id: string) => Promise<HttpResult>, realId: string) {
  const real = await call(realId);
  const random = await call(randomUUID());
  return { real: { status: real.status, body: JSON.stringify(real.body) }, random: { status: random.status, body: JSON.stringify(random.body) } };
}

const notFoundError = (what: string) => ({ code: 'not_found', message: `${what} not found` });

describe('a non-member cannot tell a foreign id from a random one', () => {
  const cases: { name: string; what: string; id: () => string; call: (id: string) => Promise<HttpResult> }[] = [
    { name: 'GET /api/jobs/:id', what: 'job', id: () => foreign.jobId, call: (id) => outsider.get(`/api/jobs/${id}`) },
    { name: 'PATCH /api/jobs/:id', what: 'job', id: () => foreign.jobId, call: (id) => outsider.patch(`/api/jobs/${id}`, { expectedVersion: foreign.jobVersion, name: 'Hijacked' }) },
    { name: 'DELETE /api/jobs/:id', what: 'job', id: () => foreign.jobId, call: (id) => outsider.delete(`/api/jobs/${id}`) },
    { name: 'GET /api/occurrences/:id', what: 'occurrence', id: () => foreign.occurrenceId, call: (id) => outsider.get(`/api/occurrences/${id}`) },
    {
      name: 'PATCH /api/occurrences/:id',
      what: 'occurrence',
      id: () => foreign.occurrenceId,
      call: (id) => outsider.patch(`/api/occurrences/${id}`, { expectedVersion: foreign.occurrenceVersion, startsAt: at(30) }),
    },
    { name: 'DELETE /api/occurrences/:id', what: 'occurrence', id: () => foreign.occurrenceId, call: (id) => outsider.delete(`/api/occurrences/${id}`) },
    { name: 'PATCH /api/assets/:id', what: 'asset', id: () => foreign.assetId, call: (id) => outsider.patch(`/api/assets/${id}`, { name: 'Hijacked', expectedVersion: 1 }) },
    { name: 'POST /api/conflicts/:id/resolve', what: 'conflict', id: () => foreign.conflictId, call: (id) => outsider.post(`/api/conflicts/${id}/resolve`, { action: 'dismiss' }) },
    {
      name: 'POST /api/schedules/preview {assetId}',
      what: 'asset',
      id: () => foreign.assetId,
      call: (id) => outsider.post('/api/schedules/preview', { cron: '0 8 * * 1-5', assetId: id, durationMin: 30 }),
    },
    {
      name: 'POST /api/schedules/preview {boardId: own, assetId}',
      what: 'asset',
      id: () => foreign.assetId,
      call: (id) => outsider.post('/api/schedules/preview', { cron: '0 8 * * 1-5', boardId: ownBoardId, assetId: id, durationMin: 30 }),
    },
    {
      name: 'POST /api/schedules/preview {boardId: foreign, assetId}',
      what: 'board',
      id: () => foreign.assetId,
      call: (id) => outsider.post('/api/schedules/preview', { cron: '0 8 * * 1-5', boardId: foreign.boardId, assetId: id, durationMin: 30 }),
    },
    { name: 'GET /api/boards/:id', what: 'board', id: () => foreign.boardId, call: (id) => outsider.get(`/api/boards/${id}`) },
    { name: 'POST /api/boards/:id/tasks', what: 'board', id: () => foreign.boardId, call: (id) => outsider.post(`/api/boards/${id}/tasks`, { name: 'x', assetId: foreign.assetId, timezone: 'UTC', startsAt: at(40), planDurationMin: 30 }) },
  ];

  it.each(cases)('$name', async ({ what, id, call }) => {
    const { real, random } = await both(call, id());
    expect(real).toEqual(random);
    expect(real.status).toBe(404);
    expect(JSON.parse(real.body).error).toEqual(notFoundError(what));
  });

  it('nothing of the foreign board was changed by those calls', async () => {
    const job = await created(admin.get(`/api/jobs/${foreign.jobId}`), 200);
    expect(job.job).toMatchObject({ name: 'Foreign task', version: foreign.jobVersion });
    expect(job.occurrences[0]).toMatchObject({ id: foreign.occurrenceId, version: foreign.occurrenceVersion, status: expect.not.stringMatching('cancelled') });
    const open = await created(admin.get(`/api/boards/${foreign.boardId}/conflicts?status=open`), 200);
    expect(open.conflicts.map((c: { id: string }) => c.id)).toContain(foreign.conflictId);
  });

  it('over the socket: drag:start of a foreign occurrence, board:join of a foreign board, schedule:preview', async () => {
    expect(await request(socket, 'board:join', { boardId: ownBoardId })).toMatchObject({ ok: true });
    const pairs: [string, (id: string) => Record<string, unknown>, string][] = [
      ['drag:start', (id) => ({ boardId: ownBoardId, occurrenceId: id }), foreign.occurrenceId],
      ['board:join', (id) => ({ boardId: id }), foreign.boardId],
      ['schedule:preview', (id) => ({ cron: '0 8 * * 1-5', assetId: id, durationMin: 30 }), foreign.assetId],
    ];
    for (const [event, payload, realId] of pairs) {
      const real = await request(socket, event, payload(realId));
      const random = await request(socket, event, payload(randomUUID()));
      expect(JSON.stringify(real), event).toBe(JSON.stringify(random));
      expect(real, event).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
  });
});
