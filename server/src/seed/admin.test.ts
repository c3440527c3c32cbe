import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { parseInitialAdmin, seedInitialAdmin } from './admin';

describe('initial admin (ADMIN_USERNAME / ADMIN_PASSWORD)', () => {
  it('is read from the environment with the rules of POST /api/users; a bad value stops the start-up', () => {
    expect(parseInitialAdmin({})).toBeUndefined();
    expect(parseInitialAdmin({ ADMIN_PASSWORD: 'long-enough' })).toEqual({ username: 'admin', password: 'long-enough' });
    expect(parseInitialAdmin({ ADMIN_USERNAME: ' Ops.Lead ', ADMIN_PASSWORD: 'long-enough' })).toEqual({ username: 'ops.lead', password: 'long-enough' });
    expect(() => parseInitialAdmin({ ADMIN_PASSWORD: 'short' })).toThrow(/^ADMIN_PASSWORD must be at least 10 characters/);
    expect(() => parseInitialAdmin({ ADMIN_USERNAME: 'no spaces', ADMIN_PASSWORD: 'long-enough' })).toThrow(/^ADMIN_USERNAME must be 2–40 characters/);
  });

  describe('on a database without demo', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer({ seedDemo: false, initialAdmin: { username: 'root', password: 'root-password' } }, 'initadmin');
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('creates that one admin, who can sign in and is an admin; never a second time', async () => {
      const c = await t.client();
      await c.login('root', 'root-password');
      expect((await c.get('/api/auth/me')).body).toMatchObject({ user: { username: 'root', isAdmin: true } });
      expect((await t.client().then((x) => x.post('/api/auth/login', { username: 'admin', password: 'admin-demo' }))).status).toBe(401);
      // A database that has users is left alone, whatever the variables say now.
      expect(await seedInitialAdmin(t.orm.em.fork(), { username: 'other', password: 'other-password' })).toBe(false);
      const rows = await t.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from app_user');
      expect(rows.map((r) => Number(r.n))).toEqual([1]);
    });
  });
});
