import type { EntityManager } from '@mikro-orm/postgresql';
import { iso, OCCURRENCE_COLUMNS, pgArray, toMs, type OccurrenceRow, type PgInstant } from '../services/scheduling-rows';
import { intArray, rawQuery, type Statement } from './sql';

/** Occurrences: inserts, cancels, moves, and the per-asset schedule lock that serialises their writers. */

/** A run to store: its planned start and its window (ms), as `ScheduleService` expands them. */
export interface Slot {
  planned: number;
  start: number;
  end: number;
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
  const stored = await rawQuery<OccurrenceRow>(
      tx,
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
    const live = await rawQuery<{ planned_start: string }>(
      tx,
      `select planned_start from occurrence where job_id = ? and status <> 'cancelled' and planned_start = any(?::timestamptz[])`,
      [target.jobId, pgArray(leftover.map((s) => iso(s.planned)))],
    );
    const existing = new Set(live.map((r) => toMs(r.planned_start)));
    leftover = leftover.filter((s) => !existing.has(s.planned));
  }
  if (!leftover.length) return [];
  const rows = await rawQuery<OccurrenceRow>(
      tx,
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
  const rows = await rawQuery<OccurrenceRow & { prev_status: OccurrenceRow['status'] }>(
    tx,
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
export async function lockAssetSchedule(em: EntityManager, assetId: string): Promise<void> {
  const lock = lockAssetScheduleStatement(assetId);
  await rawQuery(em, lock.sql, lock.params);
}

/** `lockAssetSchedule` as a statement, to send in one round trip with the write it guards (`batch`). */
export const LOCK_ASSET_SCHEDULE_SQL = 'select pg_advisory_xact_lock(?, hashtext(?))';
export const lockAssetScheduleStatement = (assetId: string): Statement => ({ sql: LOCK_ASSET_SCHEDULE_SQL, params: [ASSET_SCHEDULE_LOCK, assetId] });

/**
 * `lockAssetSchedule` for several assets, in one sorted order: two changes that touch the same
 * assets (batches, undos) queue on the first common one instead of deadlocking.
 */
export async function lockAssetSchedules(em: EntityManager, assetIds: Iterable<string>): Promise<void> {
  const sorted = [...new Set(assetIds)].sort();
  if (sorted.length === 1) return lockAssetSchedule(em, sorted[0]!);
  if (!sorted.length) return;
  await rawQuery(
    em,
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
export async function writeOccurrences(em: EntityManager, writes: readonly OccurrenceWrite[]): Promise<OccurrenceRow[]> {
  if (!writes.length) return [];
  const ids = pgArray(writes.map((w) => w.id));
  if (writes.length > 1) await rawQuery(em, `update occurrence set status = 'cancelled' where id = any(?::uuid[]) and status <> 'cancelled'`, [ids]);
  const rows = await rawQuery<OccurrenceRow>(
    em,
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

/** An occurrence with its job's and asset's names, for the CSV export. */
export interface OccurrenceExportRow {
  id: string;
  job_id: string;
  job_name: string;
  asset_code: string;
  asset_name: string;
  /** As the driver gives it back (a string here): read with `new Date()` or `toMs`. */
  starts_at: PgInstant;
  ends_at: PgInstant;
  status: string;
  detached: boolean;
  version: number;
  timezone: string;
}

/**
 * A board's occurrences overlapping [from, to), cancelled ones included, by start. `maxDurationMs`
 * bounds how long an occurrence can be, so the start index answers (`starts_at > from - max`).
 */
export function findOccurrencesForExport(em: EntityManager, boardId: string, from: Date, to: Date, maxDurationMs: number, limit: number): Promise<OccurrenceExportRow[]> {
  return rawQuery<OccurrenceExportRow>(
    em,
    `select o.id, o.job_id, j.name as job_name, a.code as asset_code, a.name as asset_name, o.starts_at, o.ends_at, o.status, o.detached, o.version, j.timezone
       from occurrence o join job j on j.id = o.job_id join asset a on a.id = o.asset_id
      where o.board_id = ? and o.starts_at < ? and o.starts_at > ? and o.ends_at > ?
      order by o.starts_at, o.id limit ?`,
    [boardId, to, new Date(from.getTime() - maxDurationMs), from, limit],
  );
}

/** A job's live (not cancelled) occurrences that have not ended by `now`, by start (at most 10,000). */
export function findFutureOccurrencesOfJob(em: EntityManager, jobId: string, now: Date): Promise<OccurrenceRow[]> {
  return rawQuery<OccurrenceRow>(em, `select ${OCCURRENCE_COLUMNS} from occurrence where job_id = ? and status <> 'cancelled' and ends_at > ? order by starts_at limit 10000`, [jobId, now]);
}

/** The planned starts a job has a live occurrence for. */
export async function findLivePlannedStarts(em: EntityManager, jobId: string): Promise<string[]> {
  const rows = await rawQuery<{ planned_start: string }>(em, `select planned_start from occurrence where job_id = ? and status <> 'cancelled'`, [jobId]);
  return rows.map((r) => r.planned_start);
}

export async function findOccurrence(em: EntityManager, occurrenceId: string): Promise<OccurrenceRow | undefined> {
  const [row] = await rawQuery<OccurrenceRow>(em, `select ${OCCURRENCE_COLUMNS} from occurrence where id = ?`, [occurrenceId]);
  return row;
}

/** Most occurrences one occurrence list answers (the rest: `nextFrom`). */
export const OCCURRENCE_LIST_LIMIT = 50_000;

/**
 * Live occurrences of a board overlapping [from, to), by start (at most `limit`). `maxDurationMs`
 * bounds how long an occurrence can be, so the start index answers (`starts_at > from - max`).
 */
export function findOccurrencesInRange(em: EntityManager, boardId: string, from: Date, to: Date, maxDurationMs: number, limit = OCCURRENCE_LIST_LIMIT): Promise<OccurrenceRow[]> {
  return rawQuery<OccurrenceRow>(
    em,
    `select ${OCCURRENCE_COLUMNS} from occurrence
      where board_id = ? and status <> 'cancelled' and starts_at < ? and starts_at > ? and ends_at > ?
      order by starts_at, id limit ?`,
    [boardId, to, new Date(from.getTime() - maxDurationMs), from, limit],
  );
}

/** The occurrence row-locked until the caller's transaction ends, with whether its job is still enabled. */
export async function lockOccurrence(em: EntityManager, occurrenceId: string): Promise<(OccurrenceRow & { job_enabled: boolean }) | undefined> {
  const [row] = await rawQuery<OccurrenceRow & { job_enabled: boolean }>(
    em,
    `select ${OCCURRENCE_COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}, j.enabled as job_enabled
       from occurrence o join job j on j.id = o.job_id where o.id = ? for update of o`,
    [occurrenceId],
  );
  return row;
}

/** A move: new asset and window, `scheduled` (a conflicted run moved clear is a booking again), detached from its job's schedule. */
export async function moveOccurrence(em: EntityManager, occurrenceId: string, to: { assetId: string; start: Date; end: Date }): Promise<OccurrenceRow> {
  const [row] = await rawQuery<OccurrenceRow>(
    em,
    `update occurrence set asset_id = ?, starts_at = ?, ends_at = ?, status = 'scheduled', detached = true, version = version + 1, updated_at = now()
      where id = ? returning ${OCCURRENCE_COLUMNS}`,
    [to.assetId, to.start, to.end, occurrenceId],
  );
  return row!;
}

/** Sets the status (cancel, restore), version + 1. */
export async function setOccurrenceStatus(em: EntityManager, occurrenceId: string, status: 'scheduled' | 'cancelled'): Promise<OccurrenceRow> {
  const [row] = await rawQuery<OccurrenceRow>(em, `update occurrence set status = ?, version = version + 1, updated_at = now() where id = ? returning ${OCCURRENCE_COLUMNS}`, [status, occurrenceId]);
  return row!;
}

/** For each window (1-based `idx`), the live occurrences on the asset it overlaps, with their job's name. */
export function findOverlapsPerWindow(
  em: EntityManager,
  assetId: string,
  windows: readonly { start: string; end: string }[],
): Promise<{ idx: number; id: string; job_id: string; job_name: string; starts_at: PgInstant; ends_at: PgInstant }[]> {
  return rawQuery(
    em,
    `select w.idx, o.id, o.job_id, j.name as job_name, o.starts_at, o.ends_at
       from unnest(?::timestamptz[], ?::timestamptz[]) with ordinality as w(s, e, idx)
       join occurrence o on o.asset_id = ? and o.status <> 'cancelled'
                        and o.starts_at < w.e and o.starts_at > w.s - interval '24 hours' and o.ends_at > w.s
       join job j on j.id = o.job_id
      order by w.idx, o.starts_at`,
    [pgArray(windows.map((w) => w.start)), pgArray(windows.map((w) => w.end)), assetId],
  );
}

const O_COLUMNS = OCCURRENCE_COLUMNS.split(', ').map((c) => `o.${c}`).join(', ');

/** Occurrences by id with their job's state and name; `lock`: row-locked (in id order) until the transaction ends. */
export function findOccurrencesWithJob(em: EntityManager, ids: readonly string[], lock = false): Promise<(OccurrenceRow & { job_enabled: boolean; job_name: string })[]> {
  return rawQuery(
    em,
    `select ${O_COLUMNS}, j.enabled as job_enabled, j.name as job_name from occurrence o join job j on j.id = o.job_id
      where o.id = any(?::uuid[])${lock ? ' order by o.id for update of o' : ''}`,
    [pgArray(ids)],
  );
}

/** For each target (1-based `idx`), the scheduled occurrences outside `exceptIds` its window overlaps on its asset. */
export function findBlockingPerTarget(
  em: EntityManager,
  targets: readonly { idx: number; assetId: string; start: string; end: string }[],
  exceptIds: readonly string[],
): Promise<{ idx: string; id: string; job_id: string; job_name: string; asset_id: string; starts_at: string; ends_at: string }[]> {
  return rawQuery(
    em,
    `select w.idx, o.id, o.job_id, j.name as job_name, o.asset_id, o.starts_at, o.ends_at
       from unnest(?::uuid[], ?::timestamptz[], ?::timestamptz[], ?::int[]) as w(a, s, e, idx)
       join occurrence o on o.asset_id = w.a and o.status = 'scheduled' and tstzrange(o.starts_at, o.ends_at) && tstzrange(w.s, w.e) and o.id <> all(?::uuid[])
       join job j on j.id = o.job_id
      order by w.idx, o.starts_at`,
    [pgArray(targets.map((t) => t.assetId)), pgArray(targets.map((t) => t.start)), pgArray(targets.map((t) => t.end)), intArray(targets.map((t) => t.idx)), pgArray(exceptIds)],
  );
}

/** These occurrences, row-locked in id order until the caller's transaction ends. */
export function lockOccurrencesById(em: EntityManager, ids: readonly string[]): Promise<OccurrenceRow[]> {
  return rawQuery<OccurrenceRow>(em, `select ${OCCURRENCE_COLUMNS} from occurrence where id = any(?::uuid[]) order by id for update`, [pgArray(ids)]);
}
