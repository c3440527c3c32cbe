import type { PreviewBody } from '@schedhuler/shared';
import { previewSchedule } from '@schedhuler/shared/cron/index';
import { Board } from '../entities/index';
import { AppError } from '../errors';
import { requireBoardRole } from '../services/access';
import type { Ctx } from '../services/context';
import type { Services } from '../services/index';

type PreviewFn = (ctx: Ctx, body: PreviewBody) => Promise<unknown>;

/** The scheduling module's preview service, when it is registered (the HTTP route uses the same one). */
function previewService(services: Services): PreviewFn | undefined {
  for (const key of ['schedules', 'schedule', 'scheduling']) {
    const svc = (services as unknown as Record<string, { preview?: unknown } | undefined>)[key];
    if (svc && typeof svc.preview === 'function') return svc.preview.bind(svc) as PreviewFn;
  }
  return undefined;
}

/** `schedule:preview`: the same service and answer as `POST /api/schedules/preview`. */
export async function schedulePreview(services: Services, ctx: Ctx, body: PreviewBody): Promise<unknown> {
  const service = previewService(services);
  if (service) return service(ctx, body);
  return fallbackPreview(ctx, body);
}

/** Until the scheduling service exists: the shared cron engine, without conflict marks. */
async function fallbackPreview(ctx: Ctx, body: PreviewBody): Promise<Record<string, unknown>> {
  let timezone = body.timezone;
  if (body.boardId) {
    await requireBoardRole(ctx, body.boardId, 'viewer');
    timezone ??= (await ctx.em.findOneOrFail(Board, body.boardId)).timezone;
  }
  const result = previewSchedule({
    cron: body.cron,
    timezone: timezone ?? 'UTC',
    count: body.count,
    from: body.from === undefined ? undefined : Date.parse(body.from),
  });
  if (!result.ok) throw new AppError(result.error.code, result.error.message);
  return {
    ok: true as const,
    timezone: result.timezone,
    description: result.description,
    dates: result.dates.map(({ at, local, dst }) => ({ at, local, dst })),
  };
}
