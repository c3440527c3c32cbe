import { Hono } from 'hono';
import { changePasswordBody, loginBody } from '@schedhuler/shared';
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
    const { user, token, expiresAt } = await services.auth.login(c.var.ctx, body, requestClientIp(requestLike(c), config.trustProxy), c.req.header('user-agent'));
    writeSessionCookie(c, token, expiresAt, config.cookieSecure);
    return c.json({ user });
  });
  r.post('/logout', async (c) => {
    await services.auth.logout(c.var.ctx, c.var.sessionToken);
    clearSessionCookie(c, config.cookieSecure);
    return c.body(null, 204);
  });
  r.get('/me', async (c) => c.json(await services.auth.me(c.var.ctx)));
  r.post('/password', async (c) => {
    const body = await readJson(c, changePasswordBody);
    return c.json(await services.account.changePassword(c.var.ctx, c.var.sessionToken, body));
  });
  r.get('/sessions', async (c) => c.json({ sessions: await services.account.sessions(c.var.ctx, c.var.sessionToken) }));
  // "Sign out everywhere else": every session of the caller but this one.
  r.delete('/sessions', async (c) => c.json({ ended: await services.account.endOtherSessions(c.var.ctx, c.var.sessionToken) }));
  r.delete('/sessions/:sessionId', async (c) => {
    await services.account.endSession(c.var.ctx, c.req.param('sessionId'));
    return c.body(null, 204);
  });
  return r;
}
