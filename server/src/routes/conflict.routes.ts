import { Hono } from 'hono';
import { conflictListQuery, dismissConflictsBody, resolveConflictBody } from '@schedhuler/shared';
import { readJson, readQuery } from '../http/body';
import type { AppEnv } from '../http/types';
import { idempotent } from '../scheduling/idempotent-route';
import type { SchedulingServices } from '../scheduling/scheduling-services';

export function conflictRoutes(s: SchedulingServices) {
  const r = new Hono<AppEnv>();
  r.get('/boards/:boardId/conflicts', async (c) => {
    const { status } = readQuery(c, conflictListQuery);
    return c.json({ conflicts: await s.conflicts.list(c.var.ctx, c.req.param('boardId'), status) });
  });
  r.post('/conflicts/:conflictId/resolve', (c) =>
    idempotent(c, s.idempotency, async () => ({
      status: 200,
      body: { conflict: await s.conflicts.resolve(c.var.ctx, c.req.param('conflictId'), await readJson(c, resolveConflictBody)) },
      headers: {},
    })),
  );
  r.post('/boards/:boardId/conflicts/dismiss', async (c) => {
    const body = await readJson(c, dismissConflictsBody);
    return c.json({ count: await s.conflicts.dismissMany(c.var.ctx, c.req.param('boardId'), body) });
  });
  return r;
}
