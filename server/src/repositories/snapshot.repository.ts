import type { EntityManager } from '@mikro-orm/postgresql';
import type { AssetDto, OccurrenceStatus } from '@schedhuler/shared';
import { pgArray, type JobRow } from '../services/scheduling-rows';
import { MEMBER_ROLE_SQL } from './membership.repository';

/** The repositories' way to PostgreSQL: MikroORM's public connection API on the manager's transaction. */
const rawQuery = <T extends object>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> =>
  em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());

/** One occurrence of a board snapshot as read: instants as epoch milliseconds, the last actor joined in. */
export interface SnapshotOccurrenceRow {
  id: string;
  job_id: string;
  asset_id: string;
  status: OccurrenceStatus;
  detached: boolean;
  version: number;
  planned_ms: number;
  start_ms: number;
  end_ms: number;
  actor_id: string | null;
  actor_name: string | null;
  /** Microseconds of `starts_at` past `start_ms` (null when none): only to order rows as PostgreSQL does when merging. */
  start_sub: number | null;
}

/**
 * Non-cancelled occurrences overlapping [from, to) (those starting before `from` by at most
 * `maxLengthMs`), ordered by start then id, at most `limit`, each with the actor of its newest
 * occurrence event among the board's last `lastChangeWindow` events.
 *
 * One statement for the snapshot's read path (issue 13.6): PostgreSQL sends instants as float8 epoch
 * milliseconds (parsed as numbers, no timestamp strings to parse), and the last-change lookup is a
 * join on the window's newest event per id instead of a 50,000-id array sent back as a parameter.
 */
export async function snapshotOccurrenceRows(
  em: EntityManager,
  q: { boardId: string; from: Date; to: Date; maxLengthMs: number; limit: number; lastChangeWindow: number; ids?: readonly string[] },
): Promise<SnapshotOccurrenceRow[]> {
  // 50,000 rows sorted by (starts_at, id) spill to disk at the default 4 MB (an external merge, ~40 %
  // of the statement's time); `set local` ends with the snapshot's transaction.
  if (em.getTransactionContext() && !q.ids) await rawQuery(em, `set local work_mem = '64MB'`);
  // `ids`: only these occurrences (the snapshot cache re-reading what changed since it read the rest).
  const only = q.ids ? `and o.id = any(?::uuid[])` : '';
  const onlyEvents = q.ids ? `and e.data->>'id' = any(?::text[])` : '';
  const ids = q.ids ? [pgArray(q.ids)] : [];
  return rawQuery<SnapshotOccurrenceRow>(
    em,
    // date_part is float8 (extract is numeric, ~3x slower over 150,000 values); date_trunc first, so
    // microseconds are cut like the default answer's ISO strings cut them. The join is on uuid: casting
    // every occurrence id to text cost more than the rest of the join.
    `with last_change as (
       select distinct on (e.data->>'id') (e.data->>'id')::uuid as id, e.actor_id, e.actor_name
         from board_event e
        where e.board_id = ?
          and e.seq > (select coalesce(max(seq), 0) - ? from board_event where board_id = ?)
          and e.type in ('occurrence.created', 'occurrence.updated', 'occurrence.cancelled') ${onlyEvents}
        order by e.data->>'id', e.seq desc
     )
     select o.id, o.job_id, o.asset_id, o.status, o.detached, o.version,
            round(date_part('epoch', date_trunc('milliseconds', o.planned_start)) * 1000) as planned_ms,
            round(date_part('epoch', date_trunc('milliseconds', o.starts_at)) * 1000) as start_ms,
            round(date_part('epoch', date_trunc('milliseconds', o.ends_at)) * 1000) as end_ms,
            lc.actor_id, lc.actor_name, nullif(date_part('microseconds', o.starts_at)::int % 1000, 0) as start_sub
       from occurrence o left join last_change lc on lc.id = o.id
      where o.board_id = ? and o.status <> 'cancelled' and o.starts_at < ? and o.starts_at > ? and o.ends_at > ? ${only}
      order by o.starts_at, o.id
      limit ?`,
    [q.boardId, q.lastChangeWindow, q.boardId, ...ids, q.boardId, q.to, new Date(q.from.getTime() - q.maxLengthMs), q.from, ...ids, q.limit],
  );
}

/** The jobs of a snapshot's occurrences (enabled or not: an occurrence of a deleted job still shows its name). */
export function jobRowsByIds(em: EntityManager, ids: readonly string[]): Promise<JobRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return rawQuery<JobRow>(em, 'select * from job where id = any(?::uuid[])', [pgArray(ids)]);
}

/**
 * The board's committed `last_seq` with the actor's membership role (MEMBER_ROLE_SQL), in one read:
 * what a cached snapshot answer is checked against (undefined: no such board).
 */
export async function findSnapshotStamp(em: EntityManager, actorId: string, boardId: string): Promise<{ seq: number; role: string | null } | undefined> {
  const [row] = await rawQuery<{ last_seq: string; role: string | null }>(em, `select b.last_seq, ${MEMBER_ROLE_SQL} from board b where b.id = ?`, [actorId, boardId]);
  return row && { seq: Number(row.last_seq), role: row.role };
}

/**
 * The board's `last_seq` and the newest seq in its event log (the last-change window is counted back
 * from the latter), read in the snapshot's own transaction.
 */
export async function findSnapshotSeqs(em: EntityManager, boardId: string): Promise<{ seq: number; top: number }> {
  const [row] = await rawQuery<{ seq: string; top: string }>(
    em,
    `select b.last_seq as seq, (select coalesce(max(seq), 0) from board_event where board_id = b.id) as top from board b where b.id = ?`,
    [boardId],
  );
  return { seq: Number(row?.seq ?? 0), top: Number(row?.top ?? 0) };
}

/** The type and `data.id` of a board's events with seq in (after, upTo], in seq order (`limit`: at most). */
export async function findEventKinds(em: EntityManager, boardId: string, after: number, upTo: number, limit: number): Promise<{ seq: number; type: string; id: string | null }[]> {
  const rows = await rawQuery<{ seq: string; type: string; id: string | null }>(
    em,
    `select seq, type, data->>'id' as id from board_event where board_id = ? and seq > ? and seq <= ? order by seq limit ?`,
    [boardId, after, upTo, limit],
  );
  return rows.map((r) => ({ seq: Number(r.seq), type: r.type, id: r.id }));
}

/** The occurrence ids of a board's occurrence events with seq in (after, upTo] (those leaving the last-change window). */
export async function findOccurrenceEventIds(em: EntityManager, boardId: string, after: number, upTo: number): Promise<string[]> {
  const rows = await rawQuery<{ id: string | null }>(
    em,
    `select distinct data->>'id' as id from board_event
      where board_id = ? and seq > ? and seq <= ? and type in ('occurrence.created', 'occurrence.updated', 'occurrence.cancelled')`,
    [boardId, after, upTo],
  );
  return rows.map((r) => r.id).filter((id): id is string => id !== null);
}

/**
 * A board's assets as the snapshot lists them (by kind, then code: AssetService.list's order), as
 * AssetDto in one statement: hydrating 500 Asset entities cost more than the rest of a kept snapshot.
 */
export function findSnapshotAssets(em: EntityManager, boardId: string): Promise<AssetDto[]> {
  return rawQuery<AssetDto>(
    em,
    `select id, board_id as "boardId", code, name, kind, status, version from asset where board_id = ? order by kind, code`,
    [boardId],
  );
}
