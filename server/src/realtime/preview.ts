import type { PreviewBody } from '@schedhuler/shared';
import { previewSchedule } from '@schedhuler/shared/cron/index';
import { Board } from '../entities/index';
import { AppError } from '../errors';
import { requireBoardRole } from '../services/access';
import type { Ctx } from '../services/context';
import type { Services } from '../services/index';

/**
 * `schedule:preview`: the same service and answer as `POST /api/schedules/preview` (the scheduling
 * plugin's `ScheduleService.preview`). A server without that plugin still previews with the shared
 * cron engine, without conflict marks.
 */
export async function schedulePreview(services: Services, ctx: Ctx, body: PreviewBody): Promise<Record<string, unknown>> {
  if (services.scheduling) return { ...(await services.scheduling.schedule.preview(ctx, body)) };
  return fallbackPreview(ctx, body);
}

/** Without the scheduling plugin: the shared cron engine, no conflict marks. */
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
  if (!result.ok) {
    const { code, field, message } = result.error;
    throw new AppError(code, message, [{ path: field, message }]);
  }
  return {
    ok: true as const,
    timezone: result.timezone,
    description: result.description,
    dates: result.dates.map(({ at, local, dst }) => ({ at, local, dst })),
  };
}
