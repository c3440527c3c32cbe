import { Hono } from 'hono';
import { previewBody } from '@schedhuler/shared';
import { AppError } from '../errors';
import { readJson } from '../http/body';
import { previewJson } from '../http/preview-json';
import type { AppEnv } from '../http/types';
import type { SchedulingServices } from '../scheduling/scheduling-services';

/** `POST /api/schedules/preview`: every failure carries `ok: false` beside the usual `error` (docs/api.md). */
export function previewRoutes(s: SchedulingServices) {
  const r = new Hono<AppEnv>();
  r.post('/schedules/preview', async (c) => {
    try {
      const body = await s.schedule.preview(c.get('ctx'), await readJson(c, previewBody));
      return c.body(previewJson(body), 200, { 'content-type': 'application/json' });
    } catch (err) {
      if (err instanceof AppError) throw new AppError(err.code, err.message, err.details, { ...err.extra, ok: false });
      throw err;
    }
  });
  return r;
}
