import { Hono } from 'hono';
import { createAssetBody, patchAssetBody } from '@schedhuler/shared';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/types';
import type { Services } from '../services/index';

export function assetRoutes(services: Services) {
  const r = new Hono<AppEnv>();
  r.get('/boards/:boardId/assets', async (c) => c.json({ assets: await services.assets.list(c.var.ctx, c.req.param('boardId')) }));
  r.post('/boards/:boardId/assets', async (c) => {
    const asset = await services.assets.create(c.var.ctx, c.req.param('boardId'), await readJson(c, createAssetBody));
    c.header('Location', `/api/assets/${asset.id}`);
    return c.json({ asset }, 201);
  });
  r.patch('/assets/:assetId', async (c) => c.json({ asset: await services.assets.patch(c.var.ctx, c.req.param('assetId'), await readJson(c, patchAssetBody)) }));
  return r;
}
