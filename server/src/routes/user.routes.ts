import { Hono } from 'hono';
import { createUserBody, patchUserBody, resetPasswordBody } from '@schedhuler/shared';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/types';
import type { Services } from '../services/index';

export function userRoutes(services: Services) {
  const r = new Hono<AppEnv>();
  r.get('/', async (c) => c.json({ users: await services.users.list(c.var.ctx) }));
  r.post('/', async (c) => {
    const user = await services.users.create(c.var.ctx, await readJson(c, createUserBody));
    c.header('Location', `/api/users/${user.id}`);
    return c.json({ user }, 201);
  });
  r.patch('/:userId', async (c) => {
    const user = await services.users.setDisabled(c.var.ctx, c.req.param('userId'), await readJson(c, patchUserBody));
    return c.json({ user });
  });
  r.post('/:userId/password', async (c) => {
    await services.users.resetPassword(c.var.ctx, c.req.param('userId'), await readJson(c, resetPasswordBody));
    return c.body(null, 204);
  });
  r.get('/:userId/sessions', async (c) => c.json({ sessions: await services.users.sessions(c.var.ctx, c.req.param('userId')) }));
  r.delete('/:userId/sessions', async (c) => c.json({ ended: await services.users.endSessions(c.var.ctx, c.req.param('userId')) }));
  return r;
}
