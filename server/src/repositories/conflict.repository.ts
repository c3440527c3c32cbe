import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { ConflictKind, ConflictResolution, ConflictStatus } from '@schedhuler/shared';
import { pgArray, type ConflictRow, type PgInstant } from '../services/scheduling-rows';
import { batch, rawQuery, type Statement } from './sql';

/** The conflict log (rejected attempts, overlaps and their resolution) and the reads behind a 409. */

/**
 * The conflict log row of a rejected attempt. Its id is the caller's, so the row is known without
 * reading it back (`rejectedRecord`) and the insert can go with the change's events, in their round trip.
 */
export const INSERT_REJECTED_SQL = `insert into conflict_record (id, board_id, kind, status, asset_id, starts_at, ends_at, job_id, occurrence_ids, details, actor_id, actor_name, created_at, job_name, job_kind)
  values (?, ?, 'rejected', 'open', ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?) returning *`;

export interface RejectedAttempt {
  boardId: string;
  assetId: string;
  startsAt: Date;
  endsAt: Date;
  jobId: string | null;
  occurrenceIds: readonly string[];
  details: unknown;
  actor: { id: string; displayName: string } | null;
  jobName: string;
  jobKind: string;
  /** The service clock's instant: the desk shows it, and tests and demos pin that clock. */
  at: Date;
}

/**
 * A rejected attempt's record: the row exactly as `INSERT_REJECTED_SQL` stores it (the JSON columns
 * as they read back), and that insert as a statement to send (`batch`, or an `inTransaction` work's
 * `deferred`).
 */
export function rejectedRecord(r: RejectedAttempt): { row: ConflictRow; insert: Statement } {
  const id = randomUUID();
  const occurrenceIds = JSON.stringify(r.occurrenceIds);
  const details = JSON.stringify(r.details);
  const row: ConflictRow = {
    id,
    board_id: r.boardId,
    kind: 'rejected',
    status: 'open',
    asset_id: r.assetId,
    starts_at: r.startsAt,
    ends_at: r.endsAt,
    job_id: r.jobId,
    job_name: r.jobName,
    job_kind: r.jobKind,
    occurrence_ids: JSON.parse(occurrenceIds) as string[],
    details: JSON.parse(details) as Record<string, unknown>,
    actor_id: r.actor?.id ?? null,
    actor_name: r.actor?.displayName ?? null,
    created_at: r.at,
    resolved_at: null,
    resolved_by_id: null,
    resolved_by_name: null,
    resolution: null,
  };
  return {
    row,
    insert: { sql: INSERT_REJECTED_SQL, params: [id, r.boardId, r.assetId, r.startsAt, r.endsAt, r.jobId, occurrenceIds, details, row.actor_id, row.actor_name, r.at, r.jobName, r.jobKind] },
  };
}

/** An `overlap` record for an occurrence stored `conflicted` (job name and kind from the job row). */
export async function insertOverlap(
  em: EntityManager,
  o: { boardId: string; assetId: string; startsAt: PgInstant; endsAt: PgInstant; jobId: string; occurrenceIds: readonly string[]; details: unknown; actor: { id: string; displayName: string } | null; at: Date },
): Promise<ConflictRow> {
  const [row] = await rawQuery<ConflictRow>(
    em,
    `insert into conflict_record (id, board_id, kind, status, asset_id, starts_at, ends_at, job_id, occurrence_ids, details, actor_id, actor_name, created_at, job_name, job_kind)
     select gen_random_uuid(), ?, 'overlap', 'open', ?, ?, ?, j.id, ?::jsonb, ?::jsonb, ?, ?, ?, j.name, j.kind from job j where j.id = ? returning *`,
    [o.boardId, o.assetId, o.startsAt, o.endsAt, JSON.stringify(o.occurrenceIds), JSON.stringify(o.details), o.actor?.id ?? null, o.actor?.displayName ?? null, o.at, o.jobId],
  );
  return row!;
}

/** Occurrences that must not count as blocking: the one being moved, or a job's own future ones being replaced. */
export interface BlockIgnore {
  occurrenceIds?: string[];
  replacedOf?: { jobId: string; after: Date };
}

function ignoreSql(ignore: BlockIgnore | undefined, params: unknown[]): string {
  let sql = '';
  if (ignore?.occurrenceIds?.length) {
    sql += ' and o.id <> all(?::uuid[])';
    params.push(pgArray(ignore.occurrenceIds));
  }
  if (ignore?.replacedOf) {
    sql += ' and not (o.job_id = ? and not o.detached and o.starts_at > ?)';
    params.push(ignore.replacedOf.jobId, ignore.replacedOf.after);
  }
  return sql;
}

export interface BlockRow {
  idx: string;
  s: PgInstant;
  e: PgInstant;
  id: string;
  job_id: string;
  job_name: string;
  asset_id: string;
  starts_at: PgInstant;
  ends_at: PgInstant;
}

/** Which scheduled occurrences of the asset block which windows (the GiST index answers each window), by window. */
export function findBlocking(em: EntityManager, assetId: string, windows: readonly { start: string; end: string }[], limit: number, ignore?: BlockIgnore): Promise<BlockRow[]> {
  const s = blockingStatement(assetId, windows, limit, ignore);
  return rawQuery<BlockRow>(em, s.sql, s.params);
}

function blockingStatement(assetId: string, windows: readonly { start: string; end: string }[], limit: number, ignore?: BlockIgnore): Statement {
  const params: unknown[] = [pgArray(windows.map((w) => w.start)), pgArray(windows.map((w) => w.end)), assetId];
  const extra = ignoreSql(ignore, params);
  params.push(limit);
  return {
    sql: `select w.idx, w.s, w.e, o.id, o.job_id, j.name as job_name, o.asset_id, o.starts_at, o.ends_at
       from unnest(?::timestamptz[], ?::timestamptz[]) with ordinality as w(s, e, idx)
       join occurrence o on o.asset_id = ? and o.status = 'scheduled' and tstzrange(o.starts_at, o.ends_at) && tstzrange(w.s, w.e)${extra}
       join job j on j.id = o.job_id
      order by w.idx, o.starts_at limit ?`,
    params,
  };
}

/** What the hints of a 409 are computed from, read in one round trip. */
export interface HintRows {
  /** The asset's live occurrences around [after, until) (at most 5000), by start. */
  busy: { starts_at: PgInstant; ends_at: PgInstant }[];
  /** The asset's own code (`target_code`, no row: the asset is gone) with up to 10 bookable same-kind peers free in every window. */
  peers: { target_code: string; id: string | null; code: string; name: string }[];
}

export interface HintQuery {
  boardId: string;
  assetId: string;
  after: Date;
  until: Date;
  windows: readonly { start: string; end: string }[];
  unbookable: readonly string[];
  ignore?: BlockIgnore;
}

export async function findHintRows(em: EntityManager, q: HintQuery): Promise<HintRows> {
  const [busy, peers] = await batch(em, hintStatements(q));
  return { busy: busy as HintRows['busy'], peers: peers as HintRows['peers'] };
}

/**
 * `findBlocking` and `findHintRows` in ONE round trip, for a caller that knows the hints' window
 * before the blockers are found (a single requested window is the first blocked one, if any).
 */
export async function findBlockingWithHintRows(
  em: EntityManager,
  block: { assetId: string; windows: readonly { start: string; end: string }[]; limit: number; ignore?: BlockIgnore },
  hint: HintQuery,
): Promise<{ blocking: BlockRow[] } & HintRows> {
  const [blocking, busy, peers] = await batch(em, [blockingStatement(block.assetId, block.windows, block.limit, block.ignore), ...hintStatements(hint)]);
  return { blocking: blocking as BlockRow[], busy: busy as HintRows['busy'], peers: peers as HintRows['peers'] };
}

function hintStatements(q: HintQuery): Statement[] {
  const busyParams: unknown[] = [q.assetId, new Date(q.after.getTime() - 86_400_000), q.until, q.after];
  const extra = ignoreSql(q.ignore, busyParams);
  return [
    {
      sql: `select o.starts_at, o.ends_at from occurrence o
             where o.asset_id = ? and o.status <> 'cancelled' and o.starts_at > ? and o.starts_at < ? and o.ends_at > ?${extra}
             order by o.starts_at limit 5000`,
      params: busyParams,
    },
    {
      sql: `select t.code as target_code, f.id, f.code, f.name from (select kind, code from asset where id = ?) t
              left join lateral (
                select a.id, a.code, a.name from asset a
                 where a.board_id = ? and a.kind = t.kind and a.id <> ? and a.status <> all(?::text[])
                   and not exists (
                     select 1 from unnest(?::timestamptz[], ?::timestamptz[]) as w(s, e)
                       join occurrence o on o.asset_id = a.id and o.status <> 'cancelled'
                                        and o.starts_at < w.e and o.starts_at > w.s - interval '24 hours' and o.ends_at > w.s)
                 order by a.code limit 10) f on true
             order by f.code`,
      params: [q.assetId, q.boardId, q.assetId, pgArray(q.unbookable), pgArray(q.windows.map((w) => w.start)), pgArray(q.windows.map((w) => w.end))],
    },
  ];
}

/** For each of these `conflicted` occurrences, the scheduled ones it overlaps, by start. */
export function findOverlapBlockers(em: EntityManager, conflictedIds: readonly string[]): Promise<(BlockRow & { conflicted_id: string })[]> {
  return rawQuery(
    em,
    `select c.id as conflicted_id, o.id, o.job_id, j.name as job_name, o.asset_id, o.starts_at, o.ends_at
       from occurrence c
       join occurrence o on o.asset_id = c.asset_id and o.status = 'scheduled' and tstzrange(o.starts_at, o.ends_at) && tstzrange(c.starts_at, c.ends_at)
       join job j on j.id = o.job_id
      where c.id = any(?::uuid[]) order by o.starts_at`,
    [pgArray(conflictedIds)],
  );
}

type By = { id: string; displayName: string } | null;

/** Closes the open `overlap` records whose booked-anyway occurrence (the first id) is one of these. */
export function resolveOverlapsOf(em: EntityManager, occurrenceIds: readonly string[], by: By, resolution: ConflictResolution): Promise<ConflictRow[]> {
  return rawQuery<ConflictRow>(
    em,
    `update conflict_record set status = 'resolved', resolved_at = now(), resolved_by_id = ?, resolved_by_name = ?, resolution = ?,
            details = details || jsonb_build_object('resolution', ?::jsonb)
      where status = 'open' and kind = 'overlap' and occurrence_ids->>0 = any(?::text[]) returning *`,
    [by?.id ?? null, by?.displayName ?? null, resolution.action, JSON.stringify(resolution), pgArray(occurrenceIds)],
  );
}

/** Closes the open rejected move attempts of an occurrence as superseded. */
export function supersedeMovesOf(em: EntityManager, occurrenceId: string, by: By): Promise<ConflictRow[]> {
  return rawQuery<ConflictRow>(
    em,
    `update conflict_record set status = 'resolved', resolved_at = now(), resolved_by_id = ?, resolved_by_name = ?, resolution = 'superseded',
            details = details || jsonb_build_object('resolution', jsonb_build_object('action', 'superseded'))
      where status = 'open' and kind = 'rejected' and details->'attempt'->>'action' = 'move' and details->'attempt'->>'occurrenceId' = ? returning *`,
    [by?.id ?? null, by?.displayName ?? null, occurrenceId],
  );
}

/** Dismisses up to `limit` open records of a board (oldest first), optionally only of a kind or these ids. */
export function dismissOpen(em: EntityManager, boardId: string, by: NonNullable<By>, filter: { kind?: ConflictKind; ids?: readonly string[] }, limit: number): Promise<ConflictRow[]> {
  const params: unknown[] = [by.id, by.displayName, boardId];
  let where = '';
  if (filter.kind) {
    where += ' and kind = ?';
    params.push(filter.kind);
  }
  if (filter.ids) {
    where += ' and id = any(?::uuid[])';
    params.push(pgArray(filter.ids));
  }
  params.push(limit);
  return rawQuery<ConflictRow>(
    em,
    `update conflict_record set status = 'resolved', resolved_at = now(), resolved_by_id = ?, resolved_by_name = ?, resolution = 'dismiss',
            details = details || jsonb_build_object('resolution', jsonb_build_object('action', 'dismiss'))
      where id in (select id from conflict_record where board_id = ? and status = 'open'${where} order by created_at limit ? for update)
      returning *`,
    params,
  );
}

/** A board's conflicts with this status, newest first (at most 1000). */
export function findConflictsOf(em: EntityManager, boardId: string, status: ConflictStatus): Promise<ConflictRow[]> {
  return rawQuery<ConflictRow>(em, 'select * from conflict_record where board_id = ? and status = ? order by created_at desc, id limit 1000', [boardId, status]);
}

export async function findConflict(em: EntityManager, conflictId: string): Promise<ConflictRow | undefined> {
  const [row] = await rawQuery<ConflictRow>(em, 'select * from conflict_record where id = ?', [conflictId]);
  return row;
}

/** Resolves one record if it is still open (undefined: it is not). */
export async function resolveIfOpen(em: EntityManager, conflictId: string, by: NonNullable<By>, resolution: ConflictResolution): Promise<ConflictRow | undefined> {
  const [row] = await rawQuery<ConflictRow>(
    em,
    `update conflict_record set status = 'resolved', resolved_at = now(), resolved_by_id = ?, resolved_by_name = ?, resolution = ?,
            details = details || jsonb_build_object('resolution', ?::jsonb)
      where id = ? and status = 'open' returning *`,
    [by.id, by.displayName, resolution.action, JSON.stringify(resolution), conflictId],
  );
  return row;
}

/** Closes a board's open rejected attempts to move any of these occurrences as superseded (the moves happened). */
export function supersedeMovesOfMany(em: EntityManager, boardId: string, occurrenceIds: readonly string[], by: By): Promise<ConflictRow[]> {
  return rawQuery<ConflictRow>(
    em,
    `update conflict_record set status = 'resolved', resolved_at = now(), resolved_by_id = ?, resolved_by_name = ?, resolution = 'superseded',
            details = details || jsonb_build_object('resolution', jsonb_build_object('action', 'superseded'))
      where board_id = ? and status = 'open' and kind = 'rejected' and details->'attempt'->>'action' = 'move'
        and details->'attempt'->>'occurrenceId' = any(?::text[]) returning *`,
    [by?.id ?? null, by?.displayName ?? null, boardId, pgArray(occurrenceIds)],
  );
}

/** These conflict records' statuses, row-locked in id order until the caller's transaction ends. */
export function lockConflictsById(em: EntityManager, ids: readonly string[]): Promise<{ id: string; status: string }[]> {
  return rawQuery(em, 'select id, status from conflict_record where id = any(?::uuid[]) order by id for update', [pgArray(ids)]);
}

/** Opens a resolved record again (the undo of its resolution); undefined when it is gone. */
export async function reopenConflict(em: EntityManager, conflictId: string): Promise<ConflictRow | undefined> {
  const [row] = await rawQuery<ConflictRow>(
    em,
    `update conflict_record set status = 'open', resolved_at = null, resolved_by_id = null, resolved_by_name = null, resolution = null,
            details = details - 'resolution' where id = ? returning *`,
    [conflictId],
  );
  return row;
}

/** Resolves a record again with the action a redo restores (whatever its status); undefined when it is gone. */
export async function resolveConflictAgain(em: EntityManager, conflictId: string, by: NonNullable<By>, resolution: string): Promise<ConflictRow | undefined> {
  const [row] = await rawQuery<ConflictRow>(
    em,
    `update conflict_record set status = 'resolved', resolved_at = now(), resolved_by_id = ?, resolved_by_name = ?, resolution = ?,
            details = details || jsonb_build_object('resolution', jsonb_build_object('action', ?::text)) where id = ? returning *`,
    [by.id, by.displayName, resolution, resolution, conflictId],
  );
  return row;
}
