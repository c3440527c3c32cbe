import { Hono } from 'hono';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createFeedBody } from '@schedhuler/shared';
import { readJson } from '../http/body';
import { requestLike, requestOrigin } from '../http/origin';
import type { ProxyTrust } from '../http/proxy';
import type { AppEnv } from '../http/types';
import { lazyCtx } from '../services/context';
import type { FeedService } from '../services/feed.service';

/**
 * `/api/boards/:boardId/feeds`: create (the secret URL is in this answer only), list, revoke. The
 * URL is absolute (calendar apps need one), on the origin the caller reached, as the Origin check
 * sees it (behind a trusted proxy: its forwarded scheme and host).
 */
export function feedRoutes(feeds: FeedService, trustProxy?: ProxyTrust) {
  const r = new Hono<AppEnv>();
  r.post('/boards/:boardId/feeds', async (c) => {
    const { feed, token } = await feeds.create(c.var.ctx, c.req.param('boardId'), await readJson(c, createFeedBody));
    const url = `${requestOrigin(requestLike(c), trustProxy) ?? new URL(c.req.url).origin}/feeds/${token}.ics`;
    c.header('Location', `/api/boards/${feed.boardId}/feeds/${feed.id}`);
    return c.json({ ...feed, url }, 201);
  });
  r.get('/boards/:boardId/feeds', async (c) => c.json({ feeds: await feeds.list(c.var.ctx, c.req.param('boardId')) }));
  r.delete('/boards/:boardId/feeds/:feedId', async (c) => {
    await feeds.revoke(c.var.ctx, c.req.param('boardId'), c.req.param('feedId'));
    return c.body(null, 204);
  });
  return r;
}

/**
 * `GET /feeds/:token.ics`, mounted outside `/api`: no session and no Origin check, the token in the
 * path is the credential. Nothing is cached (here or by proxies), so a revoke is in force at once.
 */
export function feedFileRoutes(orm: MikroORM, feeds: FeedService) {
  const r = new Hono<AppEnv>();
  r.get('/:file', async (c) => {
    const file = c.req.param('file');
    c.header('Cache-Control', 'no-store');
    if (!file.endsWith('.ics')) return c.json({ error: { code: 'not_found', message: 'feed not found' } }, 404);
    const { ics, boardName } = await feeds.render(lazyCtx(orm, c.get('requestId')), file.slice(0, -'.ics'.length));
    const filename = `${boardName.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'board'}.ics`;
    c.header('Content-Disposition', `inline; filename="${filename}"`);
    return c.body(ics, 200, { 'Content-Type': 'text/calendar; charset=utf-8' });
  });
  r.all('*', (c) => c.json({ error: { code: 'not_found', message: 'feed not found' } }, 404));
  return r;
}
