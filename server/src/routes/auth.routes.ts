import { Hono } from 'hono';
import { loginBody } from '@schedhuler/shared';
import type { AppConfig } from '../config';
import { readJson } from '../http/body';
import { requestClientIp, requestLike } from '../http/origin';
import { clearSessionCookie, writeSessionCookie } from '../http/session';
import type { AppEnv } from '../http/types';
import type { Services } from '../services/index';

export function authRoutes(services: Services, config: AppConfig) {
  const r = new Hono<AppEnv>();
  r.post('/login', async (c) => {
    const body = await readJson(c, loginBody);
    const { user, token, expiresAt } = await services.auth.login(c.var.ctx, body, requestClientIp(requestLike(c), config.trustProxy));
    writeSessionCookie(c, token, expiresAt, config.cookieSecure);
    return c.json({ user });
  });
  r.post('/logout', async (c) => {
    await services.auth.logout(c.var.ctx, c.var.sessionToken);
    clearSessionCookie(c, config.cookieSecure);
    return c.body(null, 204);
  });
  r.get('/me', async (c) => c.json(await services.auth.me(c.var.ctx)));
  return r;
}
