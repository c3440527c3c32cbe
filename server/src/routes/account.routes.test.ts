import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_MESSAGES } from '@schedhuler/shared';
import { connectSocket, type ClientSocket } from '../realtime/test-client';
import { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';

/**
 * Accounts and sessions (issue 15, OWASP ASVS V2.1 / V3.3): disabling a user or resetting their
 * password ends their sessions and their open sockets at once; users change their own password and
 * end their own sessions; admins see and end a user's sessions.
 */
let t: TestServer;
let admin: HttpClient;
let n = 0;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestServer({}, 'account');
  admin = await t.client('admin');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.stop();
});

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** A fresh user (own password) and a signed-in client of theirs. */
async function freshUser(password = 'a-long-enough-secret') {
  const username = `acct${++n}`;
  const res = await admin.post('/api/users', { username, displayName: `Account ${n}`, password });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.user.id as string, username, password, client: await signIn(username, password) };
}

async function signIn(username: string, password: string, userAgent = CHROME): Promise<HttpClient> {
  const c = new HttpClient(t.url);
  const res = await c.post('/api/auth/login', { username, password }, { 'user-agent': userAgent });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return c;
}

async function openSocket(c: HttpClient) {
  const socket = await connectSocket(t.url, { cookie: c.cookieHeader });
  sockets.push(socket);
  const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
  return { socket, closed };
}

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);

const issue = (body: { error: { code: string; details?: { path: string; message: string }[] } }) => ({ code: body.error.code, details: body.error.details });

const storedUser = async (id: string) =>
  (await t.orm.em.fork().execute<{ disabled_at: Date | null; password_hash: string }[]>('select disabled_at, password_hash from app_user where id = ?', [id]))[0]!;

describe('disable / enable (admin)', () => {
  it('ends every session and open socket of the user at once; sign-in then fails like a wrong password', async () => {
    const u = await freshUser();
    const second = await signIn(u.username, u.password);
    const live = await openSocket(u.client);
    expect((await u.client.get('/api/auth/me')).status).toBe(200); // cached on this node now

    const res = await admin.patch(`/api/users/${u.id}`, { disabled: true });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: u.id, disabled: true, activeSessions: 0 });
    expect(await within(live.closed, 1000, 'socket disconnect')).toBe('io server disconnect');
    expect((await u.client.get('/api/auth/me')).status).toBe(401);
    expect((await second.get('/api/auth/me')).status).toBe(401);
    await expect(connectSocket(t.url, { cookie: u.client.cookieHeader })).rejects.toThrow('unauthenticated');

    const disabledLogin = await new HttpClient(t.url).post('/api/auth/login', { username: u.username, password: u.password });
    const wrongLogin = await new HttpClient(t.url).post('/api/auth/login', { username: u.username, password: 'not-the-password' });
    expect(disabledLogin.status).toBe(401);
    expect(disabledLogin.body).toEqual(wrongLogin.body);

    const list = (await admin.get('/api/users')).body.users as { id: string; disabled: boolean }[];
    expect(list.find((x) => x.id === u.id)?.disabled).toBe(true);

    expect((await admin.patch(`/api/users/${u.id}`, { disabled: false })).body.user.disabled).toBe(false);
    expect((await (await signIn(u.username, u.password)).get('/api/auth/me')).status).toBe(200);
  });

  it('refuses to disable yourself, with a message at the field, and stores nothing', async () => {
    const me = (await admin.get('/api/auth/me')).body.user.id as string;
    const res = await admin.patch(`/api/users/${me}`, { disabled: true });
    expect(res.status).toBe(400);
    expect(issue(res.body)).toEqual({ code: 'validation_failed', details: [{ path: 'disabled', message: 'you cannot disable your own account' }] });
    expect((await storedUser(me)).disabled_at).toBeNull();
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  });
});

describe('password reset (admin)', () => {
  it('sets the new password and ends all the user\'s sessions and sockets', async () => {
    const u = await freshUser();
    const live = await openSocket(u.client);
    const res = await admin.post(`/api/users/${u.id}/password`, { password: 'reset-by-the-admin' });
    expect(res.status).toBe(204);
    expect(await within(live.closed, 1000, 'socket disconnect')).toBe('io server disconnect');
    expect((await u.client.get('/api/auth/me')).status).toBe(401);
    expect((await new HttpClient(t.url).post('/api/auth/login', { username: u.username, password: u.password })).status).toBe(401);
    await signIn(u.username, 'reset-by-the-admin');
  });

  it('refuses weak, empty, username-equal and broken passwords at the field, and your own account; stores nothing', async () => {
    const u = await freshUser();
    const before = (await storedUser(u.id)).password_hash;
    const cases: [unknown, string][] = [
      [{ password: '' }, PASSWORD_MESSAGES.short],
      [{ password: 'short' }, PASSWORD_MESSAGES.short],
      [{ password: 'Password123' }, PASSWORD_MESSAGES.common],
      [{ password: 'long enough\u0000' }, 'must not contain a NUL character'],
      [{ password: 'long enough\ud800' }, 'must not contain broken Unicode (a lone UTF-16 surrogate)'],
      [{ password: 42 }, 'must be a string'],
      [{}, 'is required'],
    ];
    for (const [body, message] of cases) {
      const res = await admin.post(`/api/users/${u.id}/password`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details, JSON.stringify(body)).toEqual([{ path: 'password', message }]);
    }
    // The username rule needs the user: the service checks it.
    await admin.post('/api/users', { username: 'longusername', displayName: 'L', password: 'another-fine-one' });
    const longId = ((await admin.get('/api/users')).body.users as { id: string; username: string }[]).find((x) => x.username === 'longusername')!.id;
    const same = await admin.post(`/api/users/${longId}/password`, { password: 'LongUserName' });
    expect(same.status).toBe(400);
    expect(same.body.error.details).toEqual([{ path: 'password', message: PASSWORD_MESSAGES.username }]);
    const self = await admin.post(`/api/users/${(await admin.get('/api/auth/me')).body.user.id}/password`, { password: 'a-new-admin-password' });
    expect(self.status).toBe(400);
    expect(self.body.error.details[0].path).toBe('password');
    expect((await storedUser(u.id)).password_hash).toBe(before);
    expect((await u.client.get('/api/auth/me')).status).toBe(200);
  });
});

describe('own password', () => {
  it('changes it keeping the other sessions when not asked to end them', async () => {
    const u = await freshUser();
    const other = await signIn(u.username, u.password);
    const res = await u.client.post('/api/auth/password', { currentPassword: u.password, newPassword: 'my-brand-new-secret' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ endedSessions: 0 });
    expect((await other.get('/api/auth/me')).status).toBe(200);
    expect((await u.client.get('/api/auth/me')).status).toBe(200);
    expect((await new HttpClient(t.url).post('/api/auth/login', { username: u.username, password: u.password })).status).toBe(401);
    await signIn(u.username, 'my-brand-new-secret');
  });

  it('ends the other sessions and their sockets, but not this one, when asked', async () => {
    const u = await freshUser();
    const other = await signIn(u.username, u.password);
    const otherSocket = await openSocket(other);
    const ownSocket = await openSocket(u.client);
    expect((await other.get('/api/auth/me')).status).toBe(200);
    const res = await u.client.post('/api/auth/password', { currentPassword: u.password, newPassword: 'ending-the-others', endOtherSessions: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ endedSessions: 1 });
    expect(await within(otherSocket.closed, 1000, 'other socket disconnect')).toBe('io server disconnect');
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await u.client.get('/api/auth/me')).status).toBe(200);
    expect(ownSocket.socket.connected).toBe(true);
  });

  it('refuses a wrong current password and a weak new one at the field; stores nothing', async () => {
    const u = await freshUser();
    const before = (await storedUser(u.id)).password_hash;
    const wrong = await u.client.post('/api/auth/password', { currentPassword: 'not-my-password', newPassword: 'a-perfectly-fine-one' });
    expect(wrong.status).toBe(400);
    expect(issue(wrong.body)).toEqual({ code: 'validation_failed', details: [{ path: 'currentPassword', message: 'is not your current password' }] });
    const cases: [unknown, { path: string; message: string }[]][] = [
      [{ currentPassword: u.password, newPassword: '' }, [{ path: 'newPassword', message: PASSWORD_MESSAGES.short }]],
      [{ currentPassword: u.password, newPassword: 'qwertyuiop' }, [{ path: 'newPassword', message: PASSWORD_MESSAGES.common }]],
      [{ currentPassword: u.password, newPassword: u.password }, [{ path: 'newPassword', message: 'must differ from the current password' }]],
      [{ currentPassword: u.password, newPassword: 'fine-but-\u0000' }, [{ path: 'newPassword', message: 'must not contain a NUL character' }]],
      [{ currentPassword: '\ud800', newPassword: 'fine-and-long' }, [{ path: 'currentPassword', message: 'must not contain broken Unicode (a lone UTF-16 surrogate)' }]],
      [{ currentPassword: u.password, newPassword: 'fine-and-long', endOtherSessions: 'yes' }, [{ path: 'endOtherSessions', message: 'must be true or false' }]],
      [{ currentPassword: u.password, newPassword: 'fine-and-long', extra: 1 }, [{ path: '(body)', message: 'unknown field "extra"' }]],
    ];
    for (const [body, details] of cases) {
      const res = await u.client.post('/api/auth/password', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details, JSON.stringify(body)).toEqual(details);
    }
    expect((await storedUser(u.id)).password_hash).toBe(before);
  });

  it('refuses the username as the new password (the service knows it)', async () => {
    const username = 'passwordowner';
    await admin.post('/api/users', { username, displayName: 'Owner', password: 'owner-start-secret' });
    const c = await signIn(username, 'owner-start-secret');
    const res = await c.post('/api/auth/password', { currentPassword: 'owner-start-secret', newPassword: 'PasswordOwner' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'newPassword', message: PASSWORD_MESSAGES.username }]);
  });

  it('limits wrong current passwords like sign-ins', async () => {
    const u = await freshUser();
    for (let i = 0; i < 10; i++) expect((await u.client.post('/api/auth/password', { currentPassword: `wrong-${i}`, newPassword: 'a-perfectly-fine-one' })).status).toBe(400);
    const blocked = await u.client.post('/api/auth/password', { currentPassword: u.password, newPassword: 'a-perfectly-fine-one' });
    expect(blocked.status).toBe(429);
  });
});

describe('own sessions', () => {
  it('lists them with device, times and which is current; ending one ends its socket, others keep working', async () => {
    const u = await freshUser();
    const phone = await signIn(u.username, u.password, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1');
    const list = await u.client.get('/api/auth/sessions');
    expect(list.status).toBe(200);
    const sessions = list.body.sessions as { id: string; device: string; current: boolean; createdAt: string; lastSeenAt: string }[];
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.find((s) => s.current)!.device).toBe('Chrome 131 on Linux');
    const phoneSession = sessions.find((s) => !s.current)!;
    expect(phoneSession.device).toBe('Safari 17 on iOS');
    expect(Date.parse(phoneSession.lastSeenAt)).toBeGreaterThan(0);

    const phoneSocket = await openSocket(phone);
    expect((await phone.get('/api/auth/me')).status).toBe(200);
    expect((await u.client.delete(`/api/auth/sessions/${phoneSession.id}`)).status).toBe(204);
    expect(await within(phoneSocket.closed, 1000, 'socket disconnect')).toBe('io server disconnect');
    expect((await phone.get('/api/auth/me')).status).toBe(401);
    expect((await u.client.get('/api/auth/sessions')).body.sessions).toHaveLength(1);
    // Ended already, someone else's, unknown, malformed: all "not found".
    expect((await u.client.delete(`/api/auth/sessions/${phoneSession.id}`)).status).toBe(404);
    const adminSession = ((await admin.get('/api/auth/sessions')).body.sessions as { id: string }[])[0]!.id;
    expect((await u.client.delete(`/api/auth/sessions/${adminSession}`)).status).toBe(404);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
    expect((await u.client.delete('/api/auth/sessions/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await u.client.delete('/api/auth/sessions/not-a-uuid')).status).toBe(404);
    expect((await u.client.delete(`/api/auth/sessions/${encodeURIComponent('\u0000')}`)).status).toBe(404);
  });

  it('"sign out everywhere else" ends every other session and keeps this one', async () => {
    const u = await freshUser();
    const others = [await signIn(u.username, u.password), await signIn(u.username, u.password)];
    const res = await u.client.delete('/api/auth/sessions');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ended: 2 });
    for (const o of others) expect((await o.get('/api/auth/me')).status).toBe(401);
    expect((await u.client.get('/api/auth/sessions')).body.sessions).toMatchObject([{ current: true }]);
  });

  it('stores a hostile user agent sanitised and bounded', async () => {
    const u = await freshUser();
    // fetch refuses control characters in headers; Node's HTTP client sends Latin-1 C1 controls as they are.
    const cookie = await new Promise<string>((resolve, reject) => {
      const body = JSON.stringify({ username: u.username, password: u.password });
      const req = http.request(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': `Evil\x9b31m\x85 ${'x'.repeat(5000)}` } }, (res) => {
        res.resume();
        resolve(String(res.headers['set-cookie']?.[0]).split(';')[0]!);
      });
      req.on('error', reject);
      req.end(body);
    });
    const c = new HttpClient(t.url);
    c.cookies.set('sid', cookie.slice('sid='.length));
    const [s] = (await c.get('/api/auth/sessions')).body.sessions.filter((x: { current: boolean }) => x.current);
    expect(s.userAgent).toHaveLength(200);
    // eslint-disable-next-line no-control-regex -- the point: no control character was stored
    expect(s.userAgent).toMatch(/^Evil[^\u0000-\u001f\u007f-\u009f]+x$/);
  });
});

describe("a user's sessions (admin)", () => {
  it('lists and ends them all, sockets included; the user stays enabled', async () => {
    const u = await freshUser();
    await signIn(u.username, u.password);
    const live = await openSocket(u.client);
    const list = await admin.get(`/api/users/${u.id}/sessions`);
    expect(list.status).toBe(200);
    expect(list.body.sessions).toHaveLength(2);
    expect(list.body.sessions.every((s: { current: boolean }) => !s.current)).toBe(true);
    const res = await admin.delete(`/api/users/${u.id}/sessions`);
    expect(res.body).toEqual({ ended: 2 });
    expect(await within(live.closed, 1000, 'socket disconnect')).toBe('io server disconnect');
    expect((await u.client.get('/api/auth/me')).status).toBe(401);
    expect((await admin.get(`/api/users/${u.id}/sessions`)).body.sessions).toEqual([]);
    await signIn(u.username, u.password);
  });

  it('unknown or malformed user ids are 404 and change nothing; bad bodies are 400', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope', '1%00']) {
      expect((await admin.get(`/api/users/${id}/sessions`)).status, id).toBe(404);
      expect((await admin.delete(`/api/users/${id}/sessions`)).status, id).toBe(404);
      expect((await admin.patch(`/api/users/${id}`, { disabled: true })).status, id).toBe(404);
      expect((await admin.post(`/api/users/${id}/password`, { password: 'a-fine-password' })).status, id).toBe(404);
    }
    const u = await freshUser();
    for (const body of [{}, { disabled: 'yes' }, { disabled: null }, { disabled: true, isAdmin: true }]) {
      const res = await admin.patch(`/api/users/${u.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await storedUser(u.id)).disabled_at).toBeNull();
  });

  it('are refused to non-admins with 403 (and their target keeps working)', async () => {
    const u = await freshUser();
    const planner = await t.client('planner1');
    expect((await planner.get('/api/users')).status).toBe(403);
    expect((await planner.patch(`/api/users/${u.id}`, { disabled: true })).status).toBe(403);
    expect((await planner.post(`/api/users/${u.id}/password`, { password: 'hijacked-password' })).status).toBe(403);
    expect((await planner.get(`/api/users/${u.id}/sessions`)).status).toBe(403);
    expect((await planner.delete(`/api/users/${u.id}/sessions`)).status).toBe(403);
    expect((await u.client.get('/api/auth/me')).status).toBe(200);
    expect((await storedUser(u.id)).disabled_at).toBeNull();
  });
});
