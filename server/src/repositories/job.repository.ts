import type { EntityManager } from '@mikro-orm/postgresql';
import type { AssetRow, JobSpec } from '../services/job-spec';
import type { Slot } from '../services/schedule.service';
import { iso, pgArray, type ConflictRow, type JobRow, type OccurrenceRow, type StopRow } from '../services/scheduling-rows';
import { MEMBER_ROLE_SQL } from './membership.repository';
import { lockAssetScheduleStatement } from './occurrence.repository';
import { batch, intArray, rawQuery } from './sql';

/*
 * Jobs and their stops. The create statements are shared with the benchmark's plain-`pg` baseline
 * so that both run exactly the same SQL (`?` placeholders; the baseline numbers them).
 */

/**
 * One statement inserts the job, its stops and its occurrences and returns them as JSON: one round
 * trip whatever the size. An overlap fails the whole statement (23P01) unless `allowConflict`, where
 * colliding slots are skipped (DO NOTHING also covers exclusion constraints) and stored `conflicted` next.
 */
export function createJobSql(allowConflict: boolean): string {
  return `with j as (
      insert into job (id, board_id, kind, name, description, asset_id, cron, timezone, valid_from, valid_to, starts_at, plan_duration_min,
                       grace_before_min, grace_after_min, priority, enabled, break_min, frequency, randomize, version, natural_key,
                       materialized_until, created_by, created_at, updated_at)
      values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?, ?, 1, ?, ?, ?, now(), now()) returning *
    ), s as (
      insert into job_stop (id, job_id, seq, asset_id, gap_min, duration_min)
      select gen_random_uuid(), j.id, x.seq, x.asset_id, x.gap_min, x.duration_min
        from j, unnest(?::int[], ?::uuid[], ?::int[], ?::int[]) as x(seq, asset_id, gap_min, duration_min)
      returning job_id, seq, asset_id, gap_min, duration_min
    ), o as (
      insert into occurrence (id, board_id, job_id, asset_id, planned_start, starts_at, ends_at, status, detached, version, created_at, updated_at)
      select gen_random_uuid(), j.board_id, j.id, j.asset_id, w.p, w.s, w.e, 'scheduled', false, 1, now(), now()
        from j, unnest(?::timestamptz[], ?::timestamptz[], ?::timestamptz[]) as w(p, s, e)
      ${allowConflict ? 'on conflict do nothing' : ''}
      returning id, board_id, job_id, asset_id, planned_start, starts_at, ends_at, status, detached, version
    ), r as (
      -- The job is booked after all: its open rejected attempts (same name, kind and asset, no job yet)
      -- have nothing left to show, so "Save anyway" leaves one card, not two.
      update conflict_record c set status = 'resolved', resolved_at = now(), resolved_by_id = j.created_by, resolved_by_name = ?,
             resolution = 'superseded', job_id = j.id,
             details = c.details || jsonb_build_object('resolution', jsonb_build_object('action', 'superseded'))
        from j
       where c.board_id = j.board_id and c.status = 'open' and c.kind = 'rejected' and c.job_id is null
         and c.asset_id = j.asset_id and c.job_name = j.name and c.job_kind = j.kind::text
      returning c.*
    )
    select (select row_to_json(j) from j) as job,
           (select coalesce(json_agg(s order by s.seq), '[]'::json) from s) as stops,
           (select coalesce(json_agg(o order by o.starts_at), '[]'::json) from o) as occurrences,
           (select coalesce(json_agg(r order by r.created_at), '[]'::json) from r) as superseded`;
}

export function createJobParams(
  boardId: string,
  spec: JobSpec,
  naturalKey: string,
  materializedUntil: Date | null,
  createdBy: string | null,
  slots: readonly Slot[],
  createdByName: string | null = null,
): unknown[] {
  return [
    boardId, spec.kind, spec.name, spec.description, spec.assetId, spec.cron, spec.timezone, spec.validFrom, spec.validTo, spec.startsAt,
    spec.planDurationMin, spec.graceBeforeMin, spec.graceAfterMin, spec.priority, spec.breakMin, spec.frequency, spec.randomize,
    naturalKey, materializedUntil, createdBy,
    intArray(spec.stops.map((s) => s.seq)), pgArray(spec.stops.map((s) => s.assetId)), intArray(spec.stops.map((s) => s.gapMin)), intArray(spec.stops.map((s) => s.durationMin)),
    pgArray(slots.map((s) => iso(s.planned))), pgArray(slots.map((s) => iso(s.start))), pgArray(slots.map((s) => iso(s.end))),
    createdByName,
  ];
}

/** What one create statement stored. */
export interface CreatedJob {
  job: JobRow;
  stops: StopRow[];
  occurrences: OccurrenceRow[];
  /** Open rejected attempts of the same job, now resolved as superseded. */
  superseded: ConflictRow[];
}

/**
 * Takes the asset's schedule lock and inserts the job with its stops and occurrences: one round trip
 * (two statements, the lock first, so the insert sees every committed booking of the asset).
 */
export async function insertJob(em: EntityManager, allowConflict: boolean, params: readonly unknown[], assetId: string): Promise<CreatedJob> {
  const [, rows] = await batch(em, [lockAssetScheduleStatement(assetId), { sql: createJobSql(allowConflict), params }]);
  return (rows as CreatedJob[])[0]!;
}

/**
 * Everything a create reads before its transaction, in one round trip: the actor's role on the board
 * (`role` null: not a member; no row: no such board), its horizon, an enabled job with the same
 * natural key, and the spec's assets on that board.
 */
export async function findCreateContext(
  em: EntityManager,
  actorId: string,
  boardId: string,
  naturalKey: string,
  assetIds: readonly string[],
): Promise<{ role: string | null; horizon_days: number; existing: JobRow | null; assets: AssetRow[] } | undefined> {
  const [row] = await rawQuery<{ role: string | null; horizon_days: number; existing: JobRow | null; assets: AssetRow[] }>(
    em,
    `select ${MEMBER_ROLE_SQL}, b.horizon_days,
            (select row_to_json(j) from job j where j.board_id = b.id and j.natural_key = ? and j.enabled) as existing,
            (select coalesce(json_agg(json_build_object('id', a.id, 'code', a.code, 'kind', a.kind, 'status', a.status)), '[]'::json)
               from asset a where a.id = any(?::uuid[]) and a.board_id = b.id) as assets
       from board b where b.id = ?`,
    [actorId, naturalKey, pgArray(assetIds), boardId],
  );
  return row;
}

/** The enabled job of a board with this natural key (the winner of a create race). */
export async function findEnabledByNaturalKey(em: EntityManager, boardId: string, naturalKey: string): Promise<JobRow | undefined> {
  const [row] = await rawQuery<JobRow>(em, 'select * from job where board_id = ? and natural_key = ? and enabled', [boardId, naturalKey]);
  return row;
}

/** The stops of these jobs, by job and seq. */
export async function findStopsOf(em: EntityManager, jobIds: readonly string[]): Promise<StopRow[]> {
  if (!jobIds.length) return [];
  return rawQuery<StopRow>(em, 'select job_id, seq, asset_id, gap_min, duration_min from job_stop where job_id = any(?::uuid[]) order by job_id, seq', [pgArray(jobIds)]);
}

export function findJobsByIds(em: EntityManager, ids: readonly string[]): Promise<JobRow[]> {
  return rawQuery<JobRow>(em, 'select * from job where id = any(?::uuid[])', [pgArray(ids)]);
}
