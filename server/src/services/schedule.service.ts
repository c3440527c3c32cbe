import type { EntityManager } from '@mikro-orm/postgresql';
import type { PreviewBody, PreviewConflict, PreviewDate, PreviewOk } from '@schedhuler/shared';
import { previewSchedule, runsBetween, type CompiledCron } from '@schedhuler/shared/cron/index';
import { AppError, notFound, validationFailed } from '../errors';
import { isUuid, requireActor, requireBoardRole } from './access';
import type { Clock } from './clock';
import type { Ctx } from './context';
import { tourDefOfSpec, withField, type JobSpec } from './job-spec';
import { findAssetBoardId } from '../repositories/asset.repository';
import { findBoardTimezone } from '../repositories/board.repository';
import { findOverlapsPerWindow } from '../repositories/occurrence.repository';
import { iso, layoutOccurrence } from './scheduling-rows';

/** The last instant the API accepts and stores (a four-digit year in UTC). */
const LAST_STORABLE_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** One run of a job: the cron slot it belongs to and the window it occupies (epoch ms). */
export interface Slot {
  planned: number;
  start: number;
  end: number;
}

/**
 * Most occurrences one create or edit may produce. Bounded work inside a request, and one event
 * per occurrence must fit in one statement (an edit cancels and recreates up to twice this).
 */
export const MAX_SLOTS_PER_CHANGE = 3000;
const MINUTE = 60_000;
const DAY = 86_400_000;
/** Occurrences last at most 24 h (tours are capped, resizes too), which bounds every range scan. */
export const MAX_OCCURRENCE_MS = DAY;

export class ScheduleService {
  constructor(readonly clock: Clock) {}

  /** Occurrence window of a run starting at `startMs`: a tour ends when its last stop ends. */
  windowAt(spec: JobSpec, plannedMs: number, startMs = plannedMs): Slot {
    const def = tourDefOfSpec(spec);
    const end = def ? layoutOccurrence(def, plannedMs, startMs).endsAt : startMs + spec.planDurationMin * MINUTE;
    return { planned: plannedMs, start: startMs, end };
  }

  /**
   * The slots of `spec` in `[from, to)`: cron runs (DST policy of the engine), or the one-off start.
   * Bounded by `max`; more than that is a 400 on `cron` unless `truncate` (the horizon worker).
   */
  expand(spec: JobSpec, cron: CompiledCron | null, from: number, to: number, opts: { max?: number; truncate?: boolean } = {}): Slot[] {
    const max = opts.max ?? MAX_SLOTS_PER_CHANGE;
    if (!(from < to)) return [];
    let starts: number[];
    if (cron === null) {
      const at = spec.startsAt!.getTime();
      starts = at >= from && at < to ? [at] : [];
    } else {
      starts = runsBetween(cron, spec.timezone, from, to, { max: max + 1, mode: 'job' }).map((r) => r.epochMs);
      if (starts.length > max) {
        if (!opts.truncate) {
          throw validationFailed([
            { path: 'cron', message: `this schedule would create more than ${max} occurrences within the horizon; pick a less frequent schedule or a shorter validity` },
          ]);
        }
        starts = starts.slice(0, max);
      }
    }
    const slots = starts.map((s) => this.windowAt(spec, s));
    for (let i = 1; i < slots.length; i++) {
      const prev = slots[i - 1]!;
      const cur = slots[i]!;
      if (cur.start < prev.end) {
        throw validationFailed([
          {
            path: 'cron',
            message: `runs overlap each other: the run at ${iso(cur.start)} starts before the run at ${iso(prev.start)} ends (${iso(prev.end)}); the job lasts longer than the time between its runs`,
          },
        ]);
      }
    }
    return slots;
  }

  /** The expansion range at create/edit time: `[max(validFrom, now), min(validTo, now + horizon))`. */
  range(spec: JobSpec, now: number, horizonDays: number): { from: number; to: number } {
    const to = now + horizonDays * DAY;
    return { from: Math.max(spec.validFrom.getTime(), now), to: spec.validTo ? Math.min(spec.validTo.getTime(), to) : to };
  }

  /** Slots an edit would (re)create: future runs only, one-offs only when not started. */
  futureSlots(spec: JobSpec, cron: CompiledCron | null, now: number, horizonDays: number): Slot[] {
    if (!cron) return spec.startsAt!.getTime() > now ? [this.windowAt(spec, spec.startsAt!.getTime())] : [];
    const range = this.range(spec, now, horizonDays);
    // Strictly after now: a run starting exactly now has started.
    return this.expand(spec, cron, Math.max(range.from, now + 1), range.to);
  }

  /**
   * `POST /api/schedules/preview`: the next runs with description and DST marks; with `assetId` and
   * `durationMin`, each run lists the occurrences it would collide with. Any signed-in user may
   * preview; naming a board or an asset needs membership of its board.
   */
  async preview(ctx: Ctx, body: PreviewBody): Promise<PreviewOk> {
    requireActor(ctx);
    let boardId = body.boardId ?? null;
    // The named board is checked before the asset: a non-member of it must not learn whether the asset is there.
    if (boardId) await requireBoardRole(ctx, boardId, 'viewer');
    if (body.assetId) {
      if (!isUuid(body.assetId)) throw notFound('asset');
      const assetBoardId = await findAssetBoardId(ctx.em, body.assetId);
      if (!assetBoardId || (boardId && assetBoardId !== boardId)) throw notFound('asset');
      // Only the asset named the board: its non-members hear "asset not found", as for an unknown id.
      if (!boardId) await requireBoardRole(ctx, assetBoardId, 'viewer', 'asset');
      boardId = assetBoardId;
    }
    let timezone = body.timezone;
    if (boardId) {
      if (!timezone) {
        timezone = await findBoardTimezone(ctx.em, boardId);
      }
    }
    const result = previewSchedule({
      cron: body.cron,
      timezone: timezone ?? 'UTC',
      count: body.count,
      from: body.from ? Date.parse(body.from) : this.clock.now().getTime(),
      mode: 'preview',
    });
    if (!result.ok) {
      const { code, field, message } = result.error;
      throw new AppError(code, withField(field, message), [{ path: field, message }]);
    }
    const dates: PreviewDate[] = result.dates.map((d) => ({ at: d.at, local: d.local, dst: d.dst }));
    if (body.assetId && body.durationMin) {
      const marks = await this.conflictMarks(
        ctx.em,
        body.assetId,
        result.dates.map((d) => ({ start: d.epochMs, end: d.epochMs + body.durationMin! * MINUTE })),
      );
      dates.forEach((d, i) => (d.conflicts = marks[i] ?? []));
    }
    return { ok: true, timezone: result.timezone, description: result.description, dates };
  }

  /**
   * For each window, the live occurrences on the asset it overlaps (index range scans, one query).
   * The engine runs to the end of year 9999 in local time, so the last windows can end in year
   * 10000 UTC, which `iso` writes as "+010000-…" and PostgreSQL cannot read. No occurrence lies
   * past the last storable instant, so clamping there loses no conflict.
   */
  private async conflictMarks(em: EntityManager, assetId: string, windows: { start: number; end: number }[]): Promise<PreviewConflict[][]> {
    if (!windows.length) return [];
    const rows = await findOverlapsPerWindow(em, assetId, windows.map((w) => ({ start: iso(Math.min(w.start, LAST_STORABLE_MS)), end: iso(Math.min(w.end, LAST_STORABLE_MS)) })));
    const out: PreviewConflict[][] = windows.map(() => []);
    for (const r of rows) {
      out[Number(r.idx) - 1]!.push({ occurrenceId: r.id, jobId: r.job_id, jobName: r.job_name, startsAt: iso(r.starts_at), endsAt: iso(r.ends_at) });
    }
    return out;
  }
}
