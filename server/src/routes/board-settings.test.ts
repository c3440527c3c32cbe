import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';

/** Issue 15 point 3: board settings, member rules, the user directory (docs/api.md "Boards, members, assets"). */
let t: TestServer;
let admin: HttpClient;
let supervisor: HttpClient;
let planner: HttpClient;
let boardId: string;
const ids: Record<string, string> = {};

const HOURS = { days: [1, 2, 3, 4, 5, 6], start: '06:30', end: '22:00' };

async function eventsSince(seq: number) {
  return (await admin.get(`/api/boards/${boardId}/events?since=${seq}`)).body as { events: { type: string; data: Record<string, unknown> }[]; seq: number };
}

beforeAll(async () => {
  t = await startTestServer({}, 'boardset');
  admin = await t.client('admin');
  supervisor = await t.client('supervisor');
  planner = await t.client('planner1');
  boardId = (await admin.get('/api/boards')).body.boards[0].id;
  for (const m of (await admin.get(`/api/boards/${boardId}/members`)).body.members as { userId: string; username: string }[]) ids[m.username] = m.userId;
});
afterAll(() => t?.stop());

describe('boards: create and edit', () => {
  it('creates a board with default working hours (Mon–Fri 07:00–19:00) and lists them', async () => {
    const res = await admin.post('/api/boards', { name: 'North depot', timezone: 'Europe/Paris' });
    expect(res.status).toBe(201);
    expect(res.body.board).toMatchObject({ name: 'North depot', timezone: 'Europe/Paris', horizonDays: 14, version: 1, workingHours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' } });
    const listed = (await admin.get('/api/boards')).body.boards.find((b: { id: string }) => b.id === res.body.board.id);
    expect(listed.workingHours).toEqual({ days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' });
  });

  it('creates a board with its own hours; a second board with the same name in another case is 409 at the name', async () => {
    const res = await admin.post('/api/boards', { name: 'South depot', timezone: 'UTC', horizonDays: 30, workingHours: HOURS });
    expect(res.status).toBe(201);
    expect(res.body.board.workingHours).toEqual(HOURS);
    const dup = await admin.post('/api/boards', { name: 'SOUTH DEPOT', timezone: 'UTC' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('already_exists');
    expect(dup.body.error.details).toEqual([{ path: 'name', message: expect.stringContaining('already exists') }]);
    const rows = await t.orm.em.fork().execute(`select id from board where lower(name) = 'south depot'`);
    expect(rows).toHaveLength(1);
  });

  it('PATCH changes name, zone, horizon and hours, bumps the version and logs board.updated (snapshot shows it)', async () => {
    const before = await eventsSince(0);
    const current = (await admin.get(`/api/boards/${boardId}`)).body.board;
    const res = await admin.patch(`/api/boards/${boardId}`, { name: 'Demo depot East', timezone: 'Europe/Vienna', horizonDays: 21, workingHours: HOURS, expectedVersion: current.version });
    expect(res.status).toBe(200);
    expect(res.body.board).toMatchObject({ id: boardId, name: 'Demo depot East', timezone: 'Europe/Vienna', horizonDays: 21, workingHours: HOURS, version: current.version + 1 });
    const after = await eventsSince(before.seq);
    expect(after.events.map((e) => e.type)).toEqual(['board.updated']);
    expect(after.events[0]!.data).toMatchObject({ name: 'Demo depot East', workingHours: HOURS });
    const snap = (await planner.get(`/api/boards/${boardId}`)).body.board;
    expect(snap).toMatchObject({ name: 'Demo depot East', timezone: 'Europe/Vienna', workingHours: HOURS });
    // Back to the seed's name so the other tests read as the demo.
    expect((await admin.patch(`/api/boards/${boardId}`, { name: 'Demo depot', timezone: 'Europe/Berlin' })).status).toBe(200);
  });

  it.each([
    ['a duplicate name (ignoring case)', { name: 'north DEPOT' }, 409, 'name'],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, 400, 'timezone'],
    ['hours that end before they start', { workingHours: { days: [1], start: '18:00', end: '08:00' } }, 400, 'workingHours.end'],
    ['hours that end when they start', { workingHours: { days: [1], start: '08:00', end: '08:00' } }, 400, 'workingHours.end'],
    ['an hour of 25:00', { workingHours: { days: [1], start: '25:00', end: '26:00' } }, 400, 'workingHours.start'],
    ['no working day', { workingHours: { days: [], start: '08:00', end: '16:00' } }, 400, 'workingHours.days'],
    ['a weekday 8', { workingHours: { days: [8], start: '08:00', end: '16:00' } }, 400, 'workingHours.days.0'],
    ['a horizon of 0 days', { horizonDays: 0 }, 400, 'horizonDays'],
    ['a horizon of 91 days', { horizonDays: 91 }, 400, 'horizonDays'],
    ['an empty name', { name: '  ' }, 400, 'name'],
  ])('refuses %s with the field named and stores nothing', async (_label, body, status, path) => {
    const before = (await admin.get(`/api/boards/${boardId}`)).body.board;
    const seq = (await eventsSince(0)).seq;
    const res = await admin.patch(`/api/boards/${boardId}`, body);
    expect(res.status).toBe(status);
    expect((res.body.error.details as { path: string }[]).map((d) => d.path)).toContain(path);
    expect((await admin.get(`/api/boards/${boardId}`)).body.board).toEqual(before);
    expect((await eventsSince(seq)).events).toEqual([]);
  });

  it('a stale expectedVersion is 409 stale_version with the current board', async () => {
    const current = (await admin.get(`/api/boards/${boardId}`)).body.board;
    const res = await admin.patch(`/api/boards/${boardId}`, { horizonDays: 10, expectedVersion: current.version - 1 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('stale_version');
    expect(res.body.error.details.current).toMatchObject({ id: boardId, version: current.version, horizonDays: current.horizonDays });
  });

  it('only an admin edits a board: a supervisor gets 403, a non-member 404, and nothing changes', async () => {
    const before = (await admin.get(`/api/boards/${boardId}`)).body.board;
    expect((await supervisor.patch(`/api/boards/${boardId}`, { name: 'Mine now' })).status).toBe(403);
    const other = (await admin.post('/api/boards', { name: 'Hidden depot', timezone: 'UTC' })).body.board.id;
    expect((await supervisor.patch(`/api/boards/${other}`, { name: 'Found it' })).status).toBe(404);
    expect((await admin.get(`/api/boards/${boardId}`)).body.board).toEqual(before);
  });
});

describe('members: the last supervisor', () => {
  it('refuses to demote or remove the only supervisor, even for an admin, and stores nothing', async () => {
    const demote = await admin.put(`/api/boards/${boardId}/members/${ids.supervisor}`, { role: 'planner' });
    expect(demote.status).toBe(409);
    expect(demote.body.error).toMatchObject({ code: 'last_supervisor', details: [{ path: 'role', message: expect.stringContaining('at least one supervisor') }] });
    const remove = await admin.delete(`/api/boards/${boardId}/members/${ids.supervisor}`);
    expect(remove.status).toBe(409);
    expect(remove.body.error.code).toBe('last_supervisor');
    const members = (await admin.get(`/api/boards/${boardId}/members`)).body.members;
    expect(members.find((m: { username: string }) => m.username === 'supervisor').role).toBe('supervisor');
  });

  it('two supervisors demoting each other at the same moment: exactly one wins, the board keeps a supervisor', async () => {
    expect((await supervisor.put(`/api/boards/${boardId}/members/${ids.planner2}`, { role: 'supervisor' })).status).toBe(200);
    const second = await t.client('planner2');
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([
        supervisor.put(`/api/boards/${boardId}/members/${ids.planner2}`, { role: 'planner' }),
        second.put(`/api/boards/${boardId}/members/${ids.supervisor}`, { role: 'viewer' }),
      ]);
      const statuses = [a.status, b.status].sort();
      // The loser is refused as the last supervisor, or (when the winner demoted it first) as no longer a supervisor.
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.some((s) => s === 409 || s === 403)).toBe(true);
      const supervisors = (await admin.get(`/api/boards/${boardId}/members`)).body.members.filter((m: { role: string }) => m.role === 'supervisor');
      expect(supervisors).toHaveLength(1);
      // Reset: both supervisors again.
      await admin.put(`/api/boards/${boardId}/members/${ids.supervisor}`, { role: 'supervisor' });
      await admin.put(`/api/boards/${boardId}/members/${ids.planner2}`, { role: 'supervisor' });
    }
    expect((await admin.put(`/api/boards/${boardId}/members/${ids.planner2}`, { role: 'planner' })).status).toBe(200);
  });

  it('removing a supervisor while another remains works', async () => {
    const u = (await admin.post('/api/users', { username: 'sup2', displayName: 'Second Sup', password: 'long-enough-pw' })).body.user;
    expect((await supervisor.put(`/api/boards/${boardId}/members/${u.id}`, { role: 'supervisor' })).status).toBe(200);
    expect((await supervisor.delete(`/api/boards/${boardId}/members/${u.id}`)).status).toBe(204);
  });
});

describe('user directory', () => {
  it('a supervisor finds users by username or display name (at most id, username, displayName)', async () => {
    const res = await supervisor.get(`/api/boards/${boardId}/user-directory?q=plan`);
    expect(res.status).toBe(200);
    expect(res.body.users.map((u: { username: string }) => u.username)).toEqual(['planner1', 'planner2']);
    for (const u of res.body.users) expect(Object.keys(u).sort()).toEqual(['displayName', 'id', 'username']);
    const all = (await supervisor.get(`/api/boards/${boardId}/user-directory`)).body.users.map((u: { username: string }) => u.username);
    expect(all).toEqual(expect.arrayContaining(['admin', 'planner1', 'planner2', 'supervisor', 'viewer']));
  });

  it('leaves disabled users out', async () => {
    const u = (await admin.post('/api/users', { username: 'gone', displayName: 'Gone Away', password: 'gone-away-demo-pw' })).body.user;
    expect((await supervisor.get(`/api/boards/${boardId}/user-directory?q=gone`)).body.users.map((x: { id: string }) => x.id)).toEqual([u.id]);
    expect((await admin.patch(`/api/users/${u.id}`, { disabled: true })).status).toBe(200);
    expect((await supervisor.get(`/api/boards/${boardId}/user-directory?q=gone`)).body.users).toEqual([]);
  });

  it('treats % and _ in q literally', async () => {
    expect((await supervisor.get(`/api/boards/${boardId}/user-directory?q=%25`)).body.users).toEqual([]);
    expect((await supervisor.get(`/api/boards/${boardId}/user-directory?q=_`)).body.users).toEqual([]);
  });

  it('planners get 403, non-members 404, anonymous 401', async () => {
    expect((await planner.get(`/api/boards/${boardId}/user-directory`)).status).toBe(403);
    await admin.post('/api/users', { username: 'stranger', displayName: 'Stranger', password: 'stranger-demo' });
    expect((await (await t.client('stranger')).get(`/api/boards/${boardId}/user-directory`)).status).toBe(404);
    expect((await (await t.client()).get(`/api/boards/${boardId}/user-directory`)).status).toBe(401);
  });
});

describe('assets: a duplicate code names the field', () => {
  it('409 already_exists with details at code', async () => {
    expect((await planner.post(`/api/boards/${boardId}/assets`, { code: 'DUP-1', name: 'One', kind: 'vehicle' })).status).toBe(201);
    const dup = await planner.post(`/api/boards/${boardId}/assets`, { code: 'DUP-1', name: 'Two', kind: 'vehicle' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details).toEqual([{ path: 'code', message: expect.stringContaining('already used') }]);
  });
});
