import { Hono } from 'hono';
import { createUserBody } from '@schedhuler/shared';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/types';
import type { Services } from '../services/index';

export function userRoutes(services: Services) {
  const r = new Hono<AppEnv>();
  r.get('/', async (c) => c.json({ users: await services.auth.listUsers(c.var.ctx) }));
  r.post('/', async (c) => {
    const user = await services.auth.createUser(c.var.ctx, await readJson(c, createUserBody));
    c.header('Location', `/api/users/${user.id}`);
    return c.json({ user }, 201);
  });
  return r;
}
