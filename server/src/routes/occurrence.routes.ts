import { Hono } from 'hono';
import { boardRangeQuery, clampInstant, patchOccurrenceBody } from '@schedhuler/shared';
import { readJson, readQuery } from '../http/body';
import type { AppEnv } from '../http/types';
import type { SchedulingServices } from '../scheduling/scheduling-services';

const DAY = 86_400_000;

export function occurrenceRoutes(s: SchedulingServices) {
  const r = new Hono<AppEnv>();
  r.get('/boards/:boardId/occurrences', async (c) => {
    const q = readQuery(c, boardRangeQuery);
    const from = q.from ? new Date(q.from) : new Date(s.clock.now().getTime() - DAY);
    const to = q.to ? new Date(q.to) : new Date(clampInstant(from.getTime() + 8 * DAY));
    return c.json({ occurrences: await s.occurrences.list(c.var.ctx, c.req.param('boardId'), from, to) });
  });
  r.get('/occurrences/:occurrenceId', async (c) => c.json({ occurrence: await s.occurrences.get(c.var.ctx, c.req.param('occurrenceId')) }));
  r.patch('/occurrences/:occurrenceId', async (c) =>
    c.json({ occurrence: await s.occurrences.patch(c.var.ctx, c.req.param('occurrenceId'), await readJson(c, patchOccurrenceBody)) }),
  );
  r.delete('/occurrences/:occurrenceId', async (c) => {
    await s.occurrences.cancel(c.var.ctx, c.req.param('occurrenceId'));
    return c.body(null, 204);
  });
  return r;
}
