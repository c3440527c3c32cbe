/**
 * The statements of a create transaction, shared with the benchmark's plain-`pg` baseline so that
 * both run exactly the same SQL. `?` placeholders (MikroORM); the baseline numbers them.
 */
import type { JobSpec } from './job-spec';
import type { Slot } from './schedule.service';
import { iso, pgArray } from './scheduling-rows';

/** `{1,NULL,3}`: an int array literal where null stays NULL. */
export const intArray = (values: readonly (number | null | undefined)[]) => `{${values.map((v) => (v == null ? 'NULL' : String(v))).join(',')}}`;

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

/** The conflict log row of a rejected attempt (its own transaction, after the rollback). */
export const INSERT_REJECTED_SQL = `insert into conflict_record (id, board_id, kind, status, asset_id, starts_at, ends_at, job_id, occurrence_ids, details, actor_id, actor_name, created_at, job_name, job_kind)
  values (gen_random_uuid(), ?, 'rejected', 'open', ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, now(), ?, ?) returning *`;

/**
 * Appends a board's events in ONE statement: the board row update (row lock, `last_seq` bumped by
 * the count) feeds the insert, so the lock is taken and used in the same round trip and `seq` stays
 * contiguous. `events` is one JSON array of `{type, data}`; `e.n` is its 1-based position.
 * No row back when the board is gone (the caller checks the count).
 */
export const APPEND_EVENTS_SQL = `with b as (update board set last_seq = last_seq + ? where id = ? returning id, last_seq)
  insert into board_event (board_id, seq, type, at, actor_id, actor_name, data)
  select b.id, b.last_seq - ? + e.n, e.v->>'type', ?, ?, ?, e.v->'data'
    from b, jsonb_array_elements(?::jsonb) with ordinality as e(v, n)
  returning seq`;

export function appendEventsParams(boardId: string, actor: { id: string; displayName: string } | null, at: Date, events: readonly { type: string; data: unknown }[]): unknown[] {
  const payload = JSON.stringify(events.map((e) => ({ type: e.type, data: e.data })));
  return [events.length, boardId, events.length, at, actor?.id ?? null, actor?.displayName ?? null, payload];
}
