import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobKind } from '@schedhuler/shared';
import type { TourDef } from '@schedhuler/shared/domain/tour-layout';
import type { Query } from './raw-sql';
import type { Slot } from './schedule.service';
import {
  iso,
  OCCURRENCE_COLUMNS,
  pgArray,
  toMs,
  toOccurrenceView,
  tourDefOf,
  type JobRow,
  type OccurrenceRow,
  type OccurrenceView,
  type StopRow,
} from './scheduling-rows';

/** What an occurrence view needs from its job. */
export interface JobLook {
  name: string;
  kind: JobKind;
  def: TourDef | null;
}

export function jobLook(job: JobRow, stops: readonly StopRow[]): JobLook {
  return { name: job.name, kind: job.kind, def: tourDefOf(job, stops) };
}

export async function loadStops(em: EntityManager, jobIds: readonly string[]): Promise<Map<string, StopRow[]>> {
  const out = new Map<string, StopRow[]>();
  if (!jobIds.length) return out;
  const rows = await em.execute<StopRow[]>('select job_id, seq, asset_id, gap_min, duration_min from job_stop where job_id = any(?::uuid[]) order by job_id, seq', [pgArray(jobIds)]);
  for (const r of rows) out.set(r.job_id, [...(out.get(r.job_id) ?? []), r]);
  return out;
}

/** Views (with derived tour stops) for occurrences of any jobs: two queries whatever the count. */
export async function loadViews(em: EntityManager, rows: readonly OccurrenceRow[], known?: Map<string, JobLook>): Promise<OccurrenceView[]> {
  const looks = new Map(known ?? []);
  const missing = [...new Set(rows.map((r) => r.job_id))].filter((id) => !looks.has(id));
  if (missing.length) {
    const jobs = await em.execute<JobRow[]>('select * from job where id = any(?::uuid[])', [pgArray(missing)]);
    const stops = await loadStops(em, jobs.filter((j) => j.kind !== 'task').map((j) => j.id));
    for (const j of jobs) looks.set(j.id, jobLook(j, stops.get(j.id) ?? []));
  }
  return rows.map((r) => {
    const look = looks.get(r.job_id)!;
    return toOccurrenceView(r, look, look.def);
  });
}

const byStart = (a: OccurrenceRow, b: OccurrenceRow) => toMs(a.starts_at) - toMs(b.starts_at);

/**
 * Inserts a job's slots in one multi-row INSERT. Without `allowConflict` an overlap raises 23P01
 * (the exclusion constraint) and the caller's transaction rolls back. With it, slots that collide
 * with a scheduled occurrence are stored `conflicted` instead, outside the constraint.
 * Slots that already have a live occurrence of the job (same planned start) are skipped.
 */
export async function insertSlots(
  tx: EntityManager,
  target: { boardId: string; jobId: string; assetId: string },
  slots: readonly Slot[],
  allowConflict: boolean,
): Promise<{ rows: OccurrenceRow[]; conflicted: OccurrenceRow[] }> {
  if (!slots.length) return { rows: [], conflicted: [] };
  const stored = await tx.execute<OccurrenceRow[]>(
    `insert into occurrence (id, board_id, job_id, asset_id, planned_start, starts_at, ends_at, status, detached, version, created_at, updated_at)
     select gen_random_uuid(), ?, ?, ?, w.p, w.s, w.e, 'scheduled', false, 1, now(), now()
       from unnest(?::timestamptz[], ?::timestamptz[], ?::timestamptz[]) as w(p, s, e)
     ${allowConflict ? 'on conflict do nothing' : ''} returning ${OCCURRENCE_COLUMNS}`,
    [target.boardId, target.jobId, target.assetId, pgArray(slots.map((s) => iso(s.planned))), pgArray(slots.map((s) => iso(s.start))), pgArray(slots.map((s) => iso(s.end)))],
  );
  if (!allowConflict) return { rows: stored.sort(byStart), conflicted: [] };
  // DO NOTHING without a target also covers the exclusion constraint: what is left over collided.
  const conflicted = await insertLeftovers(tx, target, slots, stored);
  return { rows: [...stored, ...conflicted].sort(byStart), conflicted };
}

/**
 * After an `on conflict do nothing` insert stored `stored`: the slots left over either already have
 * a live occurrence of the job (skipped) or collided with a booking — those are stored `conflicted`.
 */
export async function insertLeftovers(
  tx: EntityManager,
  target: { boardId: string; jobId: string; assetId: string },
  slots: readonly Slot[],
  stored: readonly OccurrenceRow[],
): Promise<OccurrenceRow[]> {
  const done = new Set(stored.map((r) => toMs(r.planned_start)));
  let leftover = slots.filter((s) => !done.has(s.planned));
  if (leftover.length) {
    const live = await tx.execute<{ planned_start: string }[]>(
      `select planned_start from occurrence where job_id = ? and status <> 'cancelled' and planned_start = any(?::timestamptz[])`,
      [target.jobId, pgArray(leftover.map((s) => iso(s.planned)))],
    );
    const existing = new Set(live.map((r) => toMs(r.planned_start)));
    leftover = leftover.filter((s) => !existing.has(s.planned));
  }
  if (!leftover.length) return [];
  const rows = await tx.execute<OccurrenceRow[]>(
    `insert into occurrence (id, board_id, job_id, asset_id, planned_start, starts_at, ends_at, status, detached, version, created_at, updated_at)
     select gen_random_uuid(), ?, ?, ?, w.p, w.s, w.e, 'conflicted', false, 1, now(), now()
       from unnest(?::timestamptz[], ?::timestamptz[], ?::timestamptz[]) as w(p, s, e)
     returning ${OCCURRENCE_COLUMNS}`,
    [
      target.boardId,
      target.jobId,
      target.assetId,
      pgArray(leftover.map((s) => iso(s.planned))),
      pgArray(leftover.map((s) => iso(s.start))),
      pgArray(leftover.map((s) => iso(s.end))),
    ],
  );
  return rows.sort(byStart);
}

/**
 * Cancels (never deletes) the matching occurrences of a job; returns their new state, with the
 * status each had before (`prev_status`, for the undo history).
 */
export async function cancelJobOccurrences(
  tx: EntityManager,
  jobId: string,
  after: Date,
  opts: { includeDetached: boolean; exceptIds?: readonly string[] },
): Promise<(OccurrenceRow & { prev_status: OccurrenceRow['status'] })[]> {
  const rows = await tx.execute<(OccurrenceRow & { prev_status: OccurrenceRow['status'] })[]>(
    `with old as (
       select id, status from occurrence
        where job_id = ? and status <> 'cancelled' and starts_at > ? ${opts.includeDetached ? '' : 'and not detached'}
          ${opts.exceptIds?.length ? 'and id <> all(?::uuid[])' : ''}
        for update)
     update occurrence o set status = 'cancelled', version = o.version + 1, updated_at = now()
       from old where o.id = old.id
     returning ${OCCURRENCE_COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}, old.status as prev_status`,
    opts.exceptIds?.length ? [jobId, after, pgArray(opts.exceptIds)] : [jobId, after],
  );
  return rows.sort(byStart);
}

/** Advisory-lock class of "the schedule of one asset" (the object id is `hashtext(asset id)`). */
export const ASSET_SCHEDULE_LOCK = 0x5c4e;

/**
 * Serialises writers of one asset's schedule for the rest of the transaction. Without it, racing
 * inserts that overlap on one asset each wait for the other's uncommitted row in the exclusion
 * constraint: a deadlock that PostgreSQL breaks only after `deadlock_timeout` (1 s), again and
 * again — 50 racing creates on one asset took up to 55 s. Queued on this lock instead, the
 * second writer sees the first's committed row and gets its 23P01 at once.
 */
export async function lockAssetSchedule(q: Query, assetId: string): Promise<void> {
  await q('select pg_advisory_xact_lock(?, hashtext(?))', [ASSET_SCHEDULE_LOCK, assetId]);
}

/**
 * `lockAssetSchedule` for several assets, in one sorted order: two changes that touch the same
 * assets (batches, undos) queue on the first common one instead of deadlocking.
 */
export async function lockAssetSchedules(q: Query, assetIds: Iterable<string>): Promise<void> {
  const sorted = [...new Set(assetIds)].sort();
  if (sorted.length === 1) return lockAssetSchedule(q, sorted[0]!);
  if (!sorted.length) return;
  await q(
    `select pg_advisory_xact_lock(?, hashtext(a.id)) from (select id from unnest(?::text[]) with ordinality as u(id, n) order by n) a`,
    [ASSET_SCHEDULE_LOCK, pgArray(sorted)],
  );
}

/** The full state an occurrence is set to by a batch, an undo or a redo. */
export interface OccurrenceWrite {
  id: string;
  assetId: string;
  startsAt: string;
  endsAt: string;
  status: OccurrenceRow['status'];
  detached: boolean;
}

/**
 * Sets several occurrences at once, each version + 1. The exclusion constraint is checked row by
 * row, so a swap (A to B's slot, B to A's) would collide with itself half-way: with more than one
 * row they are first taken out of it (status `cancelled`, no version bump), then all set in one
 * statement, where only their final places count. An overlap still raises 23P01 (caller rolls back).
 */
export async function writeOccurrences(q: Query, writes: readonly OccurrenceWrite[]): Promise<OccurrenceRow[]> {
  if (!writes.length) return [];
  const ids = pgArray(writes.map((w) => w.id));
  if (writes.length > 1) await q(`update occurrence set status = 'cancelled' where id = any(?::uuid[]) and status <> 'cancelled'`, [ids]);
  const rows = await q<OccurrenceRow>(
    `update occurrence o set asset_id = v.asset_id, starts_at = v.s, ends_at = v.e, status = v.st, detached = v.d, version = o.version + 1, updated_at = now()
       from unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::boolean[]) as v(id, asset_id, s, e, st, d)
      where o.id = v.id
      returning ${OCCURRENCE_COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}`,
    [
      ids,
      pgArray(writes.map((w) => w.assetId)),
      pgArray(writes.map((w) => w.startsAt)),
      pgArray(writes.map((w) => w.endsAt)),
      pgArray(writes.map((w) => w.status)),
      `{${writes.map((w) => String(w.detached)).join(',')}}`,
    ],
  );
  const order = new Map(writes.map((w, i) => [w.id, i]));
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}
