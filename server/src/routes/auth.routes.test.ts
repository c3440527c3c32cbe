import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket } from '../realtime/test-client';
import { AuthService } from '../services/auth.service';
import { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({}, 'auth');
});
afterAll(() => t?.stop());

describe('login / me / logout', () => {
  it('signs in with the demo password and sets a hardened session cookie', async () => {
    const c = new HttpClient(t.url);
    const res = await c.post('/api/auth/login', { username: 'planner1', password: 'planner1-demo' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'planner1', displayName: 'Ana Planner' });
    expect(res.body.user.passwordHash).toBeUndefined();
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^sid=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('planner1');
    expect(me.body.memberships).toEqual([{ boardId: expect.any(String), role: 'planner' }]);
  });

  it('the session token is stored hashed, never in clear', async () => {
    const c = await t.client('planner2');
    const token = c.cookies.get('sid')!;
    const rows = await t.orm.em.fork().execute<{ token_hash: string }[]>('select token_hash from app_session');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    const stored = await t.orm.em.fork().execute<{ password_hash: string }[]>(`select password_hash from app_user where username = 'planner2'`);
    expect(stored[0]!.password_hash).toMatch(/^scrypt\$/);
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const c = new HttpClient(t.url);
    const wrong = await c.post('/api/auth/login', { username: 'planner1', password: 'nope' });
    const unknown = await c.post('/api/auth/login', { username: 'nobody', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('unauthenticated');
  });

  it('me without a session is 401', async () => {
    const res = await new HttpClient(t.url).get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('logout revokes the session server-side: the old cookie no longer works', async () => {
    const c = await t.client('viewer');
    const stolen = c.cookies.get('sid')!;
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    const replay = new HttpClient(t.url);
    replay.cookies.set('sid', stolen);
    expect((await replay.get('/api/auth/me')).status).toBe(401);
  });

  it('rate-limits the 11th failed login for one (IP, username) within a minute, and only that pair', async () => {
    const c = new HttpClient(t.url);
    for (let i = 0; i < 10; i++) {
      expect((await c.post('/api/auth/login', { username: 'supervisor', password: `bad${i}` })).status).toBe(401);
    }
    const blocked = await c.post('/api/auth/login', { username: 'supervisor', password: 'supervisor-demo' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    // Another username from the same IP is not affected.
    expect((await c.post('/api/auth/login', { username: 'planner2', password: 'planner2-demo' })).status).toBe(200);
  });

  it('successful logins do not count toward the limit', async () => {
    const c = new HttpClient(t.url);
    for (let i = 0; i < 12; i++) expect((await c.post('/api/auth/login', { username: 'admin', password: 'admin-demo' })).status).toBe(200);
  });

  it('refuses mutating requests from a foreign Origin, allows same-origin ones', async () => {
    const c = await t.client('planner1');
    const boards = await c.get('/api/boards');
    const boardId = boards.body.boards[0].id;
    const body = JSON.stringify({ code: 'ORIGIN-1', name: 'x', kind: 'vehicle' });
    const foreign = await c.request('POST', `/api/boards/${boardId}/assets`, body, { origin: 'https://evil.example', 'content-type': 'application/json' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('forbidden');
    const own = await c.request('POST', `/api/boards/${boardId}/assets`, body, { origin: t.url, 'content-type': 'application/json' });
    expect(own.status).toBe(201);
    // A foreign Origin on a safe GET is fine (no state change).
    expect((await c.request('GET', '/api/boards', undefined, { origin: 'https://evil.example' })).status).toBe(200);
  });
});

describe('session expiry', () => {
  it('slides the expiry forward on use and re-issues the cookie', async () => {
    const c = await t.client('planner1');
    const em = t.orm.em.fork();
    await em.execute(`update app_session set last_seen_at = now() - interval '1 hour', expires_at = now() + interval '1 minute'`);
    const res = await c.get('/api/auth/me');
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join(';')).toMatch(/sid=/);
    const [row] = await em.execute<{ left: number }[]>(
      `select extract(epoch from max(expires_at) - now()) as left from app_session`,
    );
    expect(Number(row!.left)).toBeGreaterThan(6 * 24 * 3600);
  });

  it('a socket handshake does not slide the expiry (it cannot re-issue the cookie); the next HTTP request does', async () => {
    const c = await t.client('admin');
    const em = t.orm.em.fork();
    const token = c.cookies.get('sid')!;
    const left = async () => {
      const [row] = await em.execute<{ left: number }[]>(
        'select extract(epoch from expires_at - now()) as left from app_session where token_hash = ?',
        [AuthService.tokenHash(token)],
      );
      return Number(row!.left);
    };
    await em.execute(`update app_session set last_seen_at = now() - interval '1 hour', expires_at = now() + interval '1 hour' where token_hash = ?`, [AuthService.tokenHash(token)]);
    await new Promise((r) => setTimeout(r, 2_100)); // past the per-node session cache
    const socket = await connectSocket(t.url, { cookie: c.cookieHeader });
    socket.disconnect();
    expect(await left()).toBeLessThan(3600);
    const res = await c.get('/api/auth/me');
    expect(res.headers.getSetCookie().join(';')).toMatch(/sid=/);
    expect(await left()).toBeGreaterThan(6 * 24 * 3600);
  });

  it('an expired session is refused with 401', async () => {
    const c = await t.client('planner2');
    await t.orm.em.fork().execute(`update app_session set expires_at = now() - interval '1 second'`);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });
});

describe('health', () => {
  it('healthz and readyz answer 200 while the database is up', async () => {
    const c = new HttpClient(t.url);
    expect((await c.get('/healthz')).body).toEqual({ ok: true });
    const ready = await c.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.ok).toBe(true);
  });
});
