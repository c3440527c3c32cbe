import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '@schedhuler/server/testing/http-client';
import { startTestServer, type TestServer } from '@schedhuler/server/testing/test-server';

/**
 * Every role × every endpoint × member / non-member → the expected status.
 * Non-members get 404 (they never learn a board exists), members below the needed role 403.
 */
type Who = 'anonymous' | 'outsider' | 'viewer' | 'planner' | 'supervisor' | 'admin';
type Need = 'authenticated' | 'viewer' | 'planner' | 'supervisor' | 'admin';

interface Endpoint {
  name: string;
  need: Need;
  /** Board-scoped endpoints hide themselves from non-members (404); global ones answer 403. */
  boardScoped: boolean;
  ok: number;
  call(c: HttpClient, n: number): Promise<{ status: number }>;
}

const RANK: Record<Who, number> = { anonymous: 0, outsider: 0.5, viewer: 1, planner: 2, supervisor: 3, admin: 4 };
const NEED_RANK: Record<Need, number> = { authenticated: 0.5, viewer: 1, planner: 2, supervisor: 3, admin: 4 };

let t: TestServer;
const clients = {} as Record<Who, HttpClient>;
let boardId: string;
let assetId: string;
let admin: HttpClient;
let planner2Id: string;
let personId: string;
let checkpointId: string;
const BASE = Math.ceil((Date.now() + 2 * 86_400_000) / 3_600_000) * 3_600_000;
/** A fresh one-off task (by the admin) in its own hour, so no two calls collide. */
async function freshTask(n: number, extra: Record<string, unknown> = {}) {
  const res = await admin.post(`/api/boards/${boardId}/tasks`, {
    name: `Matrix task ${n}`,
    assetId: personId,
    timezone: 'Europe/Berlin',
    startsAt: new Date(BASE + n * 3_600_000).toISOString(),
    planDurationMin: 30,
    ...extra,
  });
  if (res.status !== 201) throw new Error(`fixture task: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { job: { id: string; version: number }; occurrences: { id: string; version: number; startsAt: string }[] };
}

/** A user made for one call, so that disabling or resetting it touches nobody else. */
async function freshUserId(n: number): Promise<string> {
  const res = await admin.post('/api/users', { username: `acct${n}`, displayName: `Account ${n}`, password: 'long-enough-pw' });
  if (res.status !== 201) throw new Error(`fixture user: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.user.id as string;
}

const login = (username: string) => t.client(username);

beforeAll(async () => {
  t = await startTestServer({}, 'authz');
  admin = await t.client('admin');
  await admin.post('/api/users', { username: 'outsider', displayName: 'Olga Outsider', password: 'outsider-demo' });
  clients.anonymous = await t.client();
  clients.outsider = await t.client('outsider');
  clients.viewer = await t.client('viewer');
  clients.planner = await t.client('planner1');
  clients.supervisor = await t.client('supervisor');
  clients.admin = admin;
  boardId = (await admin.get('/api/boards')).body.boards[0].id;
  assetId = (await admin.get(`/api/boards/${boardId}/assets`)).body.assets[0].id;
  planner2Id = (await admin.get(`/api/boards/${boardId}/members`)).body.members.find((m: { username: string }) => m.username === 'planner2').userId;
  personId = (await admin.post(`/api/boards/${boardId}/assets`, { code: 'MX-P', name: 'Matrix guard', kind: 'person' })).body.asset.id;
  checkpointId = (await admin.post(`/api/boards/${boardId}/assets`, { code: 'MX-CP', name: 'Matrix gate', kind: 'checkpoint' })).body.asset.id;
});
afterAll(() => t?.stop());

let counter = 0;
const endpoints: Endpoint[] = [
  { name: 'GET /api/auth/me', need: 'authenticated', boardScoped: false, ok: 200, call: (c) => c.get('/api/auth/me') },
  { name: 'GET /api/boards', need: 'authenticated', boardScoped: false, ok: 200, call: (c) => c.get('/api/boards') },
  { name: 'POST /api/boards', need: 'admin', boardScoped: false, ok: 201, call: (c, n) => c.post('/api/boards', { name: `Board ${n}`, timezone: 'UTC' }) },
  { name: 'GET /api/users', need: 'admin', boardScoped: false, ok: 200, call: (c) => c.get('/api/users') },
  { name: 'POST /api/users', need: 'admin', boardScoped: false, ok: 201, call: (c, n) => c.post('/api/users', { username: `user${n}`, displayName: `User ${n}`, password: 'long-enough-pw' }) },
  // Accounts and sessions (issue 15): admins manage users; everyone manages their own password and sessions.
  { name: 'PATCH /api/users/:userId', need: 'admin', boardScoped: false, ok: 200, call: async (c, n) => c.patch(`/api/users/${await freshUserId(n)}`, { disabled: true }) },
  { name: 'POST /api/users/:userId/password', need: 'admin', boardScoped: false, ok: 204, call: async (c, n) => c.post(`/api/users/${await freshUserId(n)}/password`, { password: 'reset-long-enough' }) },
  { name: 'GET /api/users/:userId/sessions', need: 'admin', boardScoped: false, ok: 200, call: async (c, n) => c.get(`/api/users/${await freshUserId(n)}/sessions`) },
  { name: 'DELETE /api/users/:userId/sessions', need: 'admin', boardScoped: false, ok: 200, call: async (c, n) => c.delete(`/api/users/${await freshUserId(n)}/sessions`) },
  { name: 'GET /api/auth/sessions', need: 'authenticated', boardScoped: false, ok: 200, call: (c) => c.get('/api/auth/sessions') },
  { name: 'DELETE /api/auth/sessions (all others)', need: 'authenticated', boardScoped: false, ok: 200, call: (c) => c.delete('/api/auth/sessions') },
  {
    name: 'DELETE /api/auth/sessions/:sessionId (own)',
    need: 'authenticated',
    boardScoped: false,
    ok: 204,
    call: async (c) => {
      const me = await c.get('/api/auth/me');
      if (me.status !== 200) return c.delete('/api/auth/sessions/00000000-0000-4000-8000-000000000000');
      // A second session of the same user, ended from the first.
      const username = me.body.user.username as string;
      const other = await login(username);
      const id = ((await other.get('/api/auth/sessions')).body.sessions as { id: string; current: boolean }[]).find((s) => s.current)!.id;
      return c.delete(`/api/auth/sessions/${id}`);
    },
  },
  {
    name: 'POST /api/auth/password (own)',
    need: 'authenticated',
    boardScoped: false,
    ok: 200,
    call: async (c) => {
      const me = await c.get('/api/auth/me');
      const username = me.status === 200 ? (me.body.user.username as string) : 'nobody';
      const res = await c.post('/api/auth/password', { currentPassword: `${username}-demo`, newPassword: `${username}-changed-pw` });
      // Back to the known password, for the other rows.
      if (res.status === 200) await c.post('/api/auth/password', { currentPassword: `${username}-changed-pw`, newPassword: `${username}-demo` });
      return res;
    },
  },
  { name: 'GET /api/boards/:id', need: 'viewer', boardScoped: true, ok: 200, call: (c) => c.get(`/api/boards/${boardId}`) },
  { name: 'GET /api/boards/:id/events', need: 'viewer', boardScoped: true, ok: 200, call: (c) => c.get(`/api/boards/${boardId}/events?since=0`) },
  { name: 'GET /api/boards/:id/members', need: 'viewer', boardScoped: true, ok: 200, call: (c) => c.get(`/api/boards/${boardId}/members`) },
  { name: 'GET /api/boards/:id/assets', need: 'viewer', boardScoped: true, ok: 200, call: (c) => c.get(`/api/boards/${boardId}/assets`) },
  { name: 'POST /api/boards/:id/assets', need: 'planner', boardScoped: true, ok: 201, call: (c, n) => c.post(`/api/boards/${boardId}/assets`, { code: `AZ-${n}`, name: 'Matrix asset', kind: 'equipment' }) },
  {
    name: 'PATCH /api/assets/:id',
    need: 'planner',
    boardScoped: true,
    ok: 200,
    call: async (c) => {
      const current = (await admin.get(`/api/boards/${boardId}/assets`)).body.assets.find((a: { id: string }) => a.id === assetId);
      return c.patch(`/api/assets/${assetId}`, { name: current.name, expectedVersion: current.version });
    },
  },
  // Setup screens (issue 15): only an admin edits a board; supervisors look users up to add them.
  { name: 'PATCH /api/boards/:id', need: 'admin', boardScoped: true, ok: 200, call: (c) => c.patch(`/api/boards/${boardId}`, { horizonDays: 14 }) },
  { name: 'GET /api/boards/:id/user-directory', need: 'supervisor', boardScoped: true, ok: 200, call: (c) => c.get(`/api/boards/${boardId}/user-directory?q=plan`) },
  { name: 'PUT /api/boards/:id/members/:userId', need: 'supervisor', boardScoped: true, ok: 200, call: (c) => c.put(`/api/boards/${boardId}/members/${planner2Id}`, { role: 'planner' }) },
  {
    name: 'DELETE /api/boards/:id/members/:userId',
    need: 'supervisor',
    boardScoped: true,
    ok: 204,
    call: async (c, n) => {
      const user = (await admin.post('/api/users', { username: `tmp${n}`, displayName: `Temp ${n}`, password: 'long-enough-pw' })).body.user;
      await admin.put(`/api/boards/${boardId}/members/${user.id}`, { role: 'viewer' });
      return c.delete(`/api/boards/${boardId}/members/${user.id}`);
    },
  },
  // Scheduling (issue 4): viewers read, planners write, only supervisors resolve.
  {
    name: 'POST /api/boards/:id/tasks',
    need: 'planner',
    boardScoped: true,
    ok: 201,
    call: (c, n) =>
      c.post(`/api/boards/${boardId}/tasks`, { name: `Task ${n}`, assetId: personId, timezone: 'Europe/Berlin', startsAt: new Date(BASE + (500 + n) * 3_600_000).toISOString(), planDurationMin: 15 }),
  },
  {
    name: 'POST /api/boards/:id/tours',
    need: 'planner',
    boardScoped: true,
    ok: 201,
    call: async (c, n) => {
      const guard = (await admin.post(`/api/boards/${boardId}/assets`, { code: `MX-T${n}`, name: `Tour guard ${n}`, kind: 'person' })).body.asset.id;
      return c.post(`/api/boards/${boardId}/tours`, {
        kind: 'internal_tour', name: `Tour ${n}`, assetId: guard, cron: '0 3 * * *', timezone: 'Europe/Berlin',
        validFrom: new Date(BASE).toISOString(), planDurationMin: 10, checkpoints: [{ seq: 1, assetId: checkpointId, gapMin: 0 }],
      });
    },
  },
  { name: 'GET /api/boards/:id/jobs', need: 'viewer', boardScoped: true, ok: 200, call: (c) => c.get(`/api/boards/${boardId}/jobs`) },
  { name: 'GET /api/jobs/:id', need: 'viewer', boardScoped: true, ok: 200, call: async (c, n) => c.get(`/api/jobs/${(await freshTask(n)).job.id}`) },
  {
    name: 'PATCH /api/jobs/:id',
    need: 'planner',
    boardScoped: true,
    ok: 200,
    call: async (c, n) => {
      const { job } = await freshTask(n);
      return c.patch(`/api/jobs/${job.id}`, { expectedVersion: job.version, name: `Renamed ${n}` });
    },
  },
  { name: 'DELETE /api/jobs/:id', need: 'planner', boardScoped: true, ok: 204, call: async (c, n) => c.delete(`/api/jobs/${(await freshTask(n)).job.id}`) },
  { name: 'GET /api/boards/:id/occurrences', need: 'viewer', boardScoped: true, ok: 200, call: (c) => c.get(`/api/boards/${boardId}/occurrences`) },
  { name: 'GET /api/occurrences/:id', need: 'viewer', boardScoped: true, ok: 200, call: async (c, n) => c.get(`/api/occurrences/${(await freshTask(n)).occurrences[0]!.id}`) },
  {
    name: 'PATCH /api/occurrences/:id',
    need: 'planner',
    boardScoped: true,
    ok: 200,
    call: async (c, n) => {
      const occ = (await freshTask(n)).occurrences[0]!;
      return c.patch(`/api/occurrences/${occ.id}`, { expectedVersion: occ.version, startsAt: new Date(Date.parse(occ.startsAt) + 15 * 60_000).toISOString() });
    },
  },
  { name: 'DELETE /api/occurrences/:id', need: 'planner', boardScoped: true, ok: 204, call: async (c, n) => c.delete(`/api/occurrences/${(await freshTask(n)).occurrences[0]!.id}`) },
  {
    name: 'POST /api/occurrences/:id/restore',
    need: 'planner',
    boardScoped: true,
    ok: 200,
    call: async (c, n) => {
      const occ = (await freshTask(n)).occurrences[0]!;
      await admin.delete(`/api/occurrences/${occ.id}`);
      return c.post(`/api/occurrences/${occ.id}/restore`, { expectedVersion: occ.version + 1 });
    },
  },
  {
    name: 'POST /api/boards/:id/occurrences/batch',
    need: 'planner',
    boardScoped: true,
    ok: 200,
    call: async (c, n) => {
      const occ = (await freshTask(n)).occurrences[0]!;
      return c.post(`/api/boards/${boardId}/occurrences/batch`, { ops: [{ occurrenceId: occ.id, expectedVersion: occ.version, startsAt: new Date(Date.parse(occ.startsAt) + 15 * 60_000).toISOString() }] });
    },
  },
  // Undo and redo (issue 14): planners and up, of their own changes; a caller who may change nothing gets 403/404 first.
  {
    name: 'POST /api/boards/:id/undo',
    need: 'planner',
    boardScoped: true,
    ok: 200,
    call: async (c, n) => {
      const occ = (await freshTask(n)).occurrences[0]!;
      await c.delete(`/api/occurrences/${occ.id}`);
      return c.post(`/api/boards/${boardId}/undo`, {});
    },
  },
  {
    name: 'POST /api/boards/:id/redo',
    need: 'planner',
    boardScoped: true,
    ok: 200,
    call: async (c, n) => {
      const occ = (await freshTask(n)).occurrences[0]!;
      await c.delete(`/api/occurrences/${occ.id}`);
      await c.post(`/api/boards/${boardId}/undo`, {});
      return c.post(`/api/boards/${boardId}/redo`, {});
    },
  },
  { name: 'GET /api/boards/:id/history', need: 'planner', boardScoped: true, ok: 200, call: (c) => c.get(`/api/boards/${boardId}/history`) },
  { name: 'GET /api/boards/:id/conflicts', need: 'viewer', boardScoped: true, ok: 200, call: (c) => c.get(`/api/boards/${boardId}/conflicts?status=open`) },
  {
    name: 'POST /api/conflicts/:id/resolve',
    need: 'supervisor',
    boardScoped: true,
    ok: 200,
    call: async (c, n) => {
      await freshTask(n);
      await freshTask(n, { name: `Overlap ${n}`, allowConflict: true });
      const open = (await admin.get(`/api/boards/${boardId}/conflicts?status=open`)).body.conflicts as { id: string }[];
      return c.post(`/api/conflicts/${open[0]!.id}/resolve`, { action: 'dismiss' });
    },
  },
  { name: 'POST /api/boards/:id/conflicts/dismiss', need: 'supervisor', boardScoped: true, ok: 200, call: (c) => c.post(`/api/boards/${boardId}/conflicts/dismiss`, { kind: 'rejected' }) },
  { name: 'POST /api/schedules/preview', need: 'authenticated', boardScoped: false, ok: 200, call: (c) => c.post('/api/schedules/preview', { cron: '0 8 * * 1-5', timezone: 'Europe/Berlin' }) },
  {
    name: 'POST /api/schedules/preview (board asset conflicts)',
    need: 'viewer',
    boardScoped: true,
    ok: 200,
    call: (c) => c.post('/api/schedules/preview', { cron: '0 8 * * 1-5', boardId, assetId: personId, durationMin: 30 }),
  },
  // Integrations (issue 16): any member may subscribe to a feed and export; importing assets needs a planner.
  { name: 'POST /api/boards/:id/feeds', need: 'viewer', boardScoped: true, ok: 201, call: (c) => c.post(`/api/boards/${boardId}/feeds`, {}) },
  { name: 'GET /api/boards/:id/feeds', need: 'viewer', boardScoped: true, ok: 200, call: (c) => c.get(`/api/boards/${boardId}/feeds`) },
  {
    name: 'DELETE /api/boards/:id/feeds/:feedId (own feed)',
    need: 'viewer',
    boardScoped: true,
    ok: 204,
    call: async (c) => {
      const created = await c.post(`/api/boards/${boardId}/feeds`, {});
      return c.delete(`/api/boards/${boardId}/feeds/${created.body?.id ?? '00000000-0000-4000-8000-000000000000'}`);
    },
  },
  { name: 'GET /api/boards/:id/assets.csv', need: 'viewer', boardScoped: true, ok: 200, call: (c) => c.get(`/api/boards/${boardId}/assets.csv`) },
  {
    name: 'GET /api/boards/:id/occurrences.csv',
    need: 'viewer',
    boardScoped: true,
    ok: 200,
    call: (c) => c.get(`/api/boards/${boardId}/occurrences.csv?from=${new Date(BASE).toISOString()}&to=${new Date(BASE + 86_400_000).toISOString()}`),
  },
  {
    name: 'POST /api/boards/:id/assets/import',
    need: 'planner',
    boardScoped: true,
    ok: 200,
    call: (c, n) => c.post(`/api/boards/${boardId}/assets/import`, `code,name,kind\r\nMX-I${n},Imported ${n},equipment\r\n`, { 'content-type': 'text/csv' }),
  },
];

function expected(who: Who, e: Endpoint): number {
  if (who === 'anonymous') return 401;
  if (RANK[who] >= NEED_RANK[e.need]) return e.ok;
  if (who === 'outsider' && e.boardScoped) return 404;
  return 403;
}

describe('authorization matrix', () => {
  const whos: Who[] = ['anonymous', 'outsider', 'viewer', 'planner', 'supervisor', 'admin'];
  for (const e of endpoints) {
    it.each(whos)(`${e.name} as %s`, async (who) => {
      const res = await e.call(clients[who], ++counter);
      expect(res.status, JSON.stringify(res)).toBe(expected(who, e));
    });
  }
});
