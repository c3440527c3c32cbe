import { Hono } from 'hono';
import { createTaskBody, createTourBody, patchJobBody } from '@schedhuler/shared';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/types';
import { idempotent } from '../scheduling/idempotent-route';
import type { SchedulingServices } from '../scheduling/scheduling-services';
import type { CreateOutcome } from '../services/job.service';

/** 201 + Location for a new job, 200 for the existing job a natural-key duplicate maps to. */
const createdResponse = (out: CreateOutcome) => ({
  status: out.created ? 201 : 200,
  body: out.result,
  headers: out.created ? { Location: `/api/jobs/${out.result.job.id}` } : ({} as Record<string, string>),
});

export function jobRoutes(s: SchedulingServices) {
  const r = new Hono<AppEnv>();
  r.post('/boards/:boardId/tours', (c) =>
    idempotent(c, s.idempotency, async () => createdResponse(await s.tours.create(c.var.ctx, c.req.param('boardId'), await readJson(c, createTourBody)))),
  );
  r.post('/boards/:boardId/tasks', (c) =>
    idempotent(c, s.idempotency, async () => createdResponse(await s.tasks.create(c.var.ctx, c.req.param('boardId'), await readJson(c, createTaskBody)))),
  );
  r.get('/boards/:boardId/jobs', async (c) => c.json({ jobs: await s.jobs.list(c.var.ctx, c.req.param('boardId')) }));
  r.get('/jobs/:jobId', async (c) => c.json(await s.jobs.get(c.var.ctx, c.req.param('jobId'))));
  r.patch('/jobs/:jobId', async (c) => c.json(await s.jobs.patch(c.var.ctx, c.req.param('jobId'), await readJson(c, patchJobBody))));
  r.delete('/jobs/:jobId', async (c) => {
    await s.jobs.remove(c.var.ctx, c.req.param('jobId'));
    return c.body(null, 204);
  });
  return r;
}
