import type { EntityManager } from '@mikro-orm/postgresql';
import type { StopDef } from '@schedhuler/shared/domain/tour-layout';
import type { AssetRow, JobSpec } from '../services/job-spec';
import type { Slot } from '../services/schedule.service';
import { iso, pgArray, type ConflictRow, type JobRow, type OccurrenceRow, type StopRow } from '../services/scheduling-rows';
import type { JobState } from './change-history.repository';
import { MEMBER_ROLE_SQL } from './membership.repository';
import { LOCK_ASSET_SCHEDULE_SQL, lockAssetScheduleStatement } from './occurrence.repository';
import { executing, preparedSql, type PreparedSql } from './prepared';
import { batch, intArray, rawQuery, type Statement } from './sql';

/*
 * Jobs and their stops. The create statements are shared with the benchmark's plain-`pg` baseline
 * so that both run exactly the same SQL (`?` placeholders; the baseline numbers them).
 */

/**
 * One statement inserts the job, its stops and its occurrences and returns them as JSON: one round
 * trip whatever the size. Without `allowConflict` it first looks for a scheduled booking of the asset
 * that a slot overlaps (`b`, the exclusion constraint's own test, answered by its GiST index): if
 * there is one, nothing is written and `blocked` is true, so the caller records the rejected attempt
 * in the same transaction instead of rolling back and starting another. An enabled twin (same
 * natural key) is not looked past: the insert then fails on the natural key (23505) as before, and
 * the caller answers with the twin, whatever it overlaps. The constraint stays the
 * guard: a booking committed by a writer that skips the asset's schedule lock still fails the whole
 * statement (23P01). With `allowConflict`, colliding slots are skipped (DO NOTHING also covers
 * exclusion constraints) and stored `conflicted` next.
 */
export function createJobSql(allowConflict: boolean, gated = false): string {
  const admitted = gated ? ' and exists (select from g)' : '';
  return `with ${gated ? `${GATE_CTE}, ` : ''}w as (
      select * from unnest(?::timestamptz[], ?::timestamptz[], ?::timestamptz[]) as w(p, s, e)
    ), b as (
      select o.id from w join occurrence o on o.asset_id = ? and o.status = 'scheduled' and tstzrange(o.starts_at, o.ends_at) && tstzrange(w.s, w.e)
       where not exists (select from job t where t.board_id = ? and t.natural_key = ? and t.enabled)${admitted}
       limit 1
    ), j as (
      insert into job (id, board_id, kind, name, description, asset_id, cron, timezone, valid_from, valid_to, starts_at, plan_duration_min,
                       grace_before_min, grace_after_min, priority, enabled, break_min, frequency, randomize, version, natural_key,
                       materialized_until, created_by, created_at, updated_at)
      select gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?, ?, 1, ?, ?, ?, now(), now()
      ${allowConflict ? (gated ? 'where exists (select from g)' : '') : `where not exists (select from b)${admitted}`}
      returning *
    ), s as (
      insert into job_stop (id, job_id, seq, asset_id, gap_min, duration_min)
      select gen_random_uuid(), j.id, x.seq, x.asset_id, x.gap_min, x.duration_min
        from j, unnest(?::int[], ?::uuid[], ?::int[], ?::int[]) as x(seq, asset_id, gap_min, duration_min)
      returning job_id, seq, asset_id, gap_min, duration_min
    ), o as (
      insert into occurrence (id, board_id, job_id, asset_id, planned_start, starts_at, ends_at, status, detached, version, created_at, updated_at)
      select gen_random_uuid(), j.board_id, j.id, j.asset_id, w.p, w.s, w.e, 'scheduled', false, 1, now(), now()
        from j, w
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
           (select coalesce(json_agg(r order by r.created_at), '[]'::json) from r) as superseded,
           ${allowConflict ? 'false' : 'exists (select from b)'} as blocked${gated ? ', exists (select from g) as admitted' : ''}`;
}

/**
 * The gate of a create that runs without a prior read (`insertJobChecked`): the board exists, the
 * actor may plan on it (admin, or a member with one of `roles`), no enabled job has the natural key,
 * and every asset of the spec is one of the board's. Nothing is written unless it holds. Parameters:
 * `gateParams`, first in the statement.
 */
/** The actor is an admin (first parameter) or a member of board `alias` (second: the actor id) with one of the roles (third). */
const mayCreateOn = (alias: string) => `(?::boolean or (select m.role from membership m where m.board_id = ${alias}.id and m.user_id = ?) = any(?::text[]))`;

const GATE_CTE = `g as (
      select from board bd
       where bd.id = ? and ${mayCreateOn('bd')}
         and not exists (select from job t where t.board_id = bd.id and t.natural_key = ? and t.enabled)
         and (select count(*) from asset a where a.id = any(?::uuid[]) and a.board_id = bd.id) = ?
    )`;

/** Who creates, and which membership roles may (the admin may on any board). */
export interface CreateGate {
  actorId: string;
  isAdmin: boolean;
  roles: readonly string[];
}

function gateParams(gate: CreateGate, boardId: string, naturalKey: string, assetIds: readonly string[]): unknown[] {
  return [boardId, gate.isAdmin, gate.actorId, pgArray(gate.roles), naturalKey, pgArray(assetIds), assetIds.length];
}

/** The parameters of `createJobSql`, in its order (the same for both variants). */
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
    pgArray(slots.map((s) => iso(s.planned))), pgArray(slots.map((s) => iso(s.start))), pgArray(slots.map((s) => iso(s.end))),
    spec.assetId, boardId, naturalKey,
    boardId, spec.kind, spec.name, spec.description, spec.assetId, spec.cron, spec.timezone, spec.validFrom, spec.validTo, spec.startsAt,
    spec.planDurationMin, spec.graceBeforeMin, spec.graceAfterMin, spec.priority, spec.breakMin, spec.frequency, spec.randomize,
    naturalKey, materializedUntil, createdBy,
    intArray(spec.stops.map((s) => s.seq)), pgArray(spec.stops.map((s) => s.assetId)), intArray(spec.stops.map((s) => s.gapMin)), intArray(spec.stops.map((s) => s.durationMin)),
    createdByName,
  ];
}

/** What one create statement stored. */
export type CreatedJob =
  | {
      blocked: false;
      job: JobRow;
      stops: StopRow[];
      occurrences: OccurrenceRow[];
      /** Open rejected attempts of the same job, now resolved as superseded. */
      superseded: ConflictRow[];
    }
  /** A slot overlaps a scheduled booking of the asset: nothing was written (never with `allowConflict`). */
  | { blocked: true; job: null };

/** What a create checks before writing: the actor's role (null: not a member), the horizon, an enabled natural-key twin, the spec's assets. */
export interface CreateContext {
  role: string | null;
  horizon_days: number;
  existing: JobRow | null;
  assets: AssetRow[];
}

const CREATE_CONTEXT = preparedSql(
  'create_context',
  `select ${MEMBER_ROLE_SQL}, b.horizon_days,
            (select row_to_json(j) from job j where j.board_id = b.id and j.natural_key = ? and j.enabled) as existing,
            (select coalesce(json_agg(json_build_object('id', a.id, 'code', a.code, 'kind', a.kind, 'status', a.status)), '[]'::json)
               from asset a where a.id = any(?::uuid[]) and a.board_id = b.id) as assets
       from board b where b.id = ?`,
);

const createContextStatement = (actorId: string, boardId: string, naturalKey: string, assetIds: readonly string[]): Statement =>
  executing(CREATE_CONTEXT, [actorId, naturalKey, pgArray(assetIds), boardId]);

/** The asset's schedule lock (`lockAssetScheduleStatement`), taken only if the actor may plan on the board. */
const CREATE_LOCK = preparedSql('create_lock', `${LOCK_ASSET_SCHEDULE_SQL} from board b where b.id = ? and ${mayCreateOn('b')}`);

/** The gated create statements (`createJobSql(…, true)`), without and with `allowConflict`. */
const CREATE_JOB_GATED = [preparedSql('create_job_gated', createJobSql(false, true)), preparedSql('create_job_gated_allow_conflict', createJobSql(true, true))] as const;

/** The create path's statements, prepared on every pooled connection (`prepared.ts`). */
export const JOB_PREPARED: readonly PreparedSql[] = [CREATE_CONTEXT, CREATE_LOCK, ...CREATE_JOB_GATED];

/**
 * Everything a create reads before its transaction, in one round trip: the actor's role on the board
 * (`role` null: not a member; no row: no such board), its horizon, an enabled job with the same
 * natural key, and the spec's assets on that board.
 */
export async function findCreateContext(em: EntityManager, actorId: string, boardId: string, naturalKey: string, assetIds: readonly string[]): Promise<CreateContext | undefined> {
  const s = createContextStatement(actorId, boardId, naturalKey, assetIds);
  const [row] = await rawQuery<CreateContext>(em, s.sql, s.params);
  return row;
}

/**
 * A create in ONE round trip, its checks included (the prefetch folded into the transaction): the
 * create's context as `findCreateContext` reads it (undefined: no such board), then — only if the
 * actor may plan on the board — the asset's schedule lock, then the insert (`createJobSql`, gated:
 * it writes nothing unless access, natural key and assets check out in its own snapshot, taken
 * after the lock). The caller applies its checks to `context` and throws (rolling back) when one
 * fails; `admitted` false with every check passed means the board changed in between.
 */
export async function insertJobChecked(
  em: EntityManager,
  q: { gate: CreateGate; boardId: string; naturalKey: string; assetIds: readonly string[]; allowConflict: boolean; params: readonly unknown[]; assetId: string },
): Promise<{ context: CreateContext | undefined; created: CreatedJob & { admitted: boolean } }> {
  const lock = lockAssetScheduleStatement(q.assetId);
  const [contexts, , rows] = await batch(em, [
    createContextStatement(q.gate.actorId, q.boardId, q.naturalKey, q.assetIds),
    executing(CREATE_LOCK, [...lock.params, q.boardId, q.gate.isAdmin, q.gate.actorId, pgArray(q.gate.roles)]),
    executing(CREATE_JOB_GATED[q.allowConflict ? 1 : 0], [...gateParams(q.gate, q.boardId, q.naturalKey, q.assetIds), ...q.params]),
  ]);
  return { context: (contexts as CreateContext[])[0], created: (rows as (CreatedJob & { admitted: boolean })[])[0]! };
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

export async function findBoardHorizonDays(em: EntityManager, boardId: string): Promise<number | undefined> {
  const [row] = await rawQuery<{ horizon_days: number }>(em, 'select horizon_days from board where id = ?', [boardId]);
  return row?.horizon_days;
}

/** The job row; `lock`: row-locked until the caller's transaction ends. */
export async function findJob(em: EntityManager, jobId: string, lock = false): Promise<JobRow | undefined> {
  const [row] = await rawQuery<JobRow>(em, `select * from job where id = ?${lock ? ' for update' : ''}`, [jobId]);
  return row;
}

/** The enabled jobs of a board, by name. */
export function findEnabledJobsOf(em: EntityManager, boardId: string): Promise<JobRow[]> {
  return rawQuery<JobRow>(em, 'select * from job where board_id = ? and enabled order by name, id', [boardId]);
}

/** Inserts a job's stops (an edit deletes the old ones first); returns them by seq. */
export async function insertStops(em: EntityManager, jobId: string, stops: readonly StopDef[]): Promise<StopRow[]> {
  if (!stops.length) return [];
  const rows = await rawQuery<StopRow>(
    em,
    `insert into job_stop (id, job_id, seq, asset_id, gap_min, duration_min)
     select gen_random_uuid(), ?, s.seq, s.asset_id, s.gap_min, s.duration_min
       from unnest(?::int[], ?::uuid[], ?::int[], ?::int[]) as s(seq, asset_id, gap_min, duration_min)
     returning job_id, seq, asset_id, gap_min, duration_min`,
    [jobId, intArray(stops.map((s) => s.seq)), pgArray(stops.map((s) => s.assetId)), intArray(stops.map((s) => s.gapMin)), intArray(stops.map((s) => s.durationMin))],
  );
  return rows.sort((a, b) => a.seq - b.seq);
}

export async function deleteStops(em: EntityManager, jobId: string): Promise<void> {
  await rawQuery(em, 'delete from job_stop where job_id = ?', [jobId]);
}

/** The editable fields of a job as an edit sets them. */
export interface JobUpdate {
  spec: JobSpec;
  naturalKey: string;
  materializedUntil: Date | string | null;
}

/** Writes an edit, version + 1; returns the new row. */
export async function updateJob(em: EntityManager, jobId: string, u: JobUpdate): Promise<JobRow> {
  const s = u.spec;
  const [row] = await rawQuery<JobRow>(
    em,
    `update job set name = ?, description = ?, asset_id = ?, cron = ?, timezone = ?, valid_from = ?, valid_to = ?, starts_at = ?,
            plan_duration_min = ?, grace_before_min = ?, grace_after_min = ?, priority = ?, break_min = ?, frequency = ?, randomize = ?,
            natural_key = ?, materialized_until = ?, version = version + 1, updated_at = now()
      where id = ? returning *`,
    [
      s.name, s.description, s.assetId, s.cron, s.timezone, s.validFrom, s.validTo, s.startsAt,
      s.planDurationMin, s.graceBeforeMin, s.graceAfterMin, s.priority, s.breakMin, s.frequency, s.randomize,
      u.naturalKey, u.materializedUntil, jobId,
    ],
  );
  return row!;
}

/** Disables a job (a delete keeps it for history), version + 1. */
export async function disableJob(em: EntityManager, jobId: string): Promise<JobRow> {
  const [row] = await rawQuery<JobRow>(em, 'update job set enabled = false, version = version + 1, updated_at = now() where id = ? returning *', [jobId]);
  return row!;
}

/**
 * Locks ONE enabled recurring job whose runs are not materialised up to `now + horizon - slack`
 * (SKIP LOCKED: nodes running this at once take different jobs), and only while its asset is bookable.
 */
export async function lockJobBehindHorizon(em: EntityManager, now: Date, slackMs: number, unbookable: readonly string[]): Promise<(JobRow & { horizon_days: number }) | undefined> {
  const [row] = await rawQuery<JobRow & { horizon_days: number }>(
    em,
    `select j.*, b.horizon_days from job j join board b on b.id = j.board_id
       join asset a on a.id = j.asset_id and a.status <> all(?::text[])
      where j.enabled and j.cron is not null
        and coalesce(j.materialized_until, j.valid_from) < least(coalesce(j.valid_to, 'infinity'::timestamptz), ?::timestamptz + make_interval(days => b.horizon_days) - ? * interval '1 millisecond')
      order by j.materialized_until nulls first, j.id
      limit 1 for update of j skip locked`,
    [pgArray(unbookable), now, slackMs],
  );
  return row;
}

export async function setMaterializedUntil(em: EntityManager, jobId: string, until: Date): Promise<void> {
  await rawQuery(em, 'update job set materialized_until = ? where id = ?', [until, jobId]);
}

/** A job's name and kind (what a rejected attempt on one of its runs is recorded with). */
export async function findJobLabel(em: EntityManager, jobId: string): Promise<{ name: string; kind: string } | undefined> {
  const [row] = await rawQuery<{ name: string; kind: string }>(em, 'select name, kind from job where id = ?', [jobId]);
  return row;
}

/** The board's horizon with the actor's role on it (`MEMBER_ROLE_SQL`); undefined when there is no such board. */
export async function findBoardHorizonWithRole(em: EntityManager, actorId: string, boardId: string): Promise<{ role: string | null; horizon_days: number } | undefined> {
  const [row] = await rawQuery<{ role: string | null; horizon_days: number }>(em, `select ${MEMBER_ROLE_SQL}, b.horizon_days from board b where b.id = ?`, [actorId, boardId]);
  return row;
}

/** These jobs, row-locked in id order until the caller's transaction ends. */
export function lockJobsById(em: EntityManager, ids: readonly string[]): Promise<JobRow[]> {
  return rawQuery<JobRow>(em, 'select * from job where id = any(?::uuid[]) order by id for update', [pgArray(ids)]);
}

/** Sets every column an undo/redo restores (`JobState` without its stops), version + 1; returns the new row. */
export async function restoreJob(em: EntityManager, jobId: string, s: Omit<JobState, 'stops'>): Promise<JobRow> {
  const [row] = await rawQuery<JobRow>(
    em,
    `update job set name = ?, description = ?, asset_id = ?, cron = ?, timezone = ?, valid_from = ?, valid_to = ?, starts_at = ?,
            plan_duration_min = ?, grace_before_min = ?, grace_after_min = ?, priority = ?, break_min = ?, frequency = ?, randomize = ?,
            enabled = ?, natural_key = ?, materialized_until = ?, version = version + 1, updated_at = now()
      where id = ? returning *`,
    [
      s.name, s.description, s.assetId, s.cron, s.timezone, s.validFrom, s.validTo, s.startsAt,
      s.planDurationMin, s.graceBeforeMin, s.graceAfterMin, s.priority, s.breakMin, s.frequency, s.randomize,
      s.enabled, s.naturalKey, s.materializedUntil, jobId,
    ],
  );
  return row!;
}

/** The job an occurrence belongs to. */
export async function findJobOfOccurrence(em: EntityManager, occurrenceId: string): Promise<{ id: string; name: string; kind: string } | undefined> {
  const [row] = await rawQuery<{ id: string; name: string; kind: string }>(em, 'select j.id, j.name, j.kind from job j join occurrence o on o.job_id = j.id where o.id = ?', [occurrenceId]);
  return row;
}
