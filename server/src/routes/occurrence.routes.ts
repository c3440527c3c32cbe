import { Hono } from 'hono';
import { batchOccurrencesBody, boardRangeQuery, clampInstant, historyQuery, patchOccurrenceBody, restoreOccurrenceBody } from '@schedhuler/shared';
import { readJson, readQuery } from '../http/body';
import type { AppEnv } from '../http/types';
import { idempotent } from '../scheduling/idempotent-route';
import type { SchedulingServices } from '../scheduling/scheduling-services';

const DAY = 86_400_000;

export function occurrenceRoutes(s: SchedulingServices) {
  const r = new Hono<AppEnv>();
  r.get('/boards/:boardId/occurrences', async (c) => {
    const q = readQuery(c, boardRangeQuery);
    const from = q.from ? new Date(q.from) : new Date(s.clock.now().getTime() - DAY);
    const to = q.to ? new Date(q.to) : new Date(clampInstant(from.getTime() + 8 * DAY));
    return c.json(await s.occurrences.list(c.var.ctx, c.req.param('boardId'), from, to));
  });
  r.get('/occurrences/:occurrenceId', async (c) => c.json({ occurrence: await s.occurrences.get(c.var.ctx, c.req.param('occurrenceId')) }));
  r.patch('/occurrences/:occurrenceId', async (c) =>
    c.json({ occurrence: await s.occurrences.patch(c.var.ctx, c.req.param('occurrenceId'), await readJson(c, patchOccurrenceBody)) }),
  );
  r.delete('/occurrences/:occurrenceId', async (c) => {
    await s.occurrences.cancel(c.var.ctx, c.req.param('occurrenceId'));
    return c.body(null, 204);
  });
  r.post('/occurrences/:occurrenceId/restore', async (c) =>
    c.json({ occurrence: await s.occurrences.restore(c.var.ctx, c.req.param('occurrenceId'), await readJson(c, restoreOccurrenceBody)) }),
  );
  r.post('/boards/:boardId/occurrences/batch', (c) =>
    idempotent(c, s.idempotency, async () => ({ status: 200, body: await s.batch.run(c.var.ctx, c.req.param('boardId'), await readJson(c, batchOccurrencesBody)), headers: {} })),
  );
  // Undo and redo: the caller's own history on the board (docs/api.md, "Undo and redo").
  r.post('/boards/:boardId/undo', async (c) => {
    const out = await s.undo.undo(c.var.ctx, c.req.param('boardId'));
    return c.json({ undone: out.entry, occurrences: out.occurrences, jobs: out.jobs });
  });
  r.post('/boards/:boardId/redo', async (c) => {
    const out = await s.undo.redo(c.var.ctx, c.req.param('boardId'));
    return c.json({ redone: out.entry, occurrences: out.occurrences, jobs: out.jobs });
  });
  r.get('/boards/:boardId/history', async (c) => {
    const q = readQuery(c, historyQuery);
    return c.json({ entries: await s.undo.history(c.var.ctx, c.req.param('boardId'), q.limit ?? 20) });
  });
  return r;
}
