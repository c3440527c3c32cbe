import type { EntityManager } from '@mikro-orm/postgresql';
import type { OccurrenceStatus } from '@schedhuler/shared';
import { pgArray, type PgInstant } from '../services/scheduling-rows';
import { executing, preparedSql, type PreparedSql } from './prepared';
import { intArray, rawQuery, type Query, type Statement } from './sql';

/**
 * The per-user, per-board undo history (`change_history`; services/change-history.ts says what an
 * entry means). An entry's items are stored as JSON in these shapes.
 */

export interface OccurrenceState {
  assetId: string;
  startsAt: string;
  endsAt: string;
  status: OccurrenceStatus;
  detached: boolean;
}

export interface JobStopState {
  seq: number;
  assetId: string;
  gapMin: number;
  durationMin: number | null;
}

/** The job columns an undo restores (everything a create, edit or delete changes). */
export interface JobState {
  name: string;
  description: string | null;
  assetId: string;
  cron: string | null;
  timezone: string;
  validFrom: string;
  validTo: string | null;
  startsAt: string | null;
  planDurationMin: number;
  graceBeforeMin: number;
  graceAfterMin: number;
  priority: string;
  breakMin: number;
  frequency: number;
  randomize: boolean;
  enabled: boolean;
  naturalKey: string;
  materializedUntil: string | null;
  stops: JobStopState[];
}

export type HistoryItem =
  | { kind: 'occurrence'; id: string; name: string; version: number; before: OccurrenceState | null; after: OccurrenceState }
  | { kind: 'job'; id: string; name: string; version: number; before: JobState | null; after: JobState }
  /** A conflict record: `resolved` after the change, `open` before. */
  | { kind: 'conflict'; id: string; name: string; version: number; before: 'open'; after: 'resolved'; resolution: string };

export interface HistoryEntryRow {
  change_id: string;
  user_id: string;
  board_id: string;
  pos: number;
  summary: string;
  at: PgInstant;
  undone: boolean;
  items: HistoryItem[];
}

/** Advisory-lock class of "the history of one user on one board" (object id: `hashtext(user:board)`). */
export const HISTORY_LOCK = 0x5c4f;

/**
 * The user's newest entry on the board, in one statement and without the history lock (this is on
 * every write path, the create included). `pos` comes from a sequence, so a newer change always
 * sorts above what an undo flips meanwhile; the statement also deletes the entries a new change
 * ends (undone ones, which can no longer be redone) and keeps only the last `keep`. Entries another
 * open transaction is deleting or flipping are skipped, not waited for: two changes of one user at
 * once (two tabs, a burst of creates) would otherwise queue on the same oldest entry until the
 * first commits. What is skipped is left to the next change (at most a few over `keep` meanwhile;
 * redo never picks an undone entry below a newer one).
 */
const HISTORY_ENTRY = preparedSql(
  'history_entry',
  `with d as (delete from change_history h
                      where h.change_id in (select o.change_id from change_history o
                                             where o.user_id = ? and o.board_id = ?
                                               and (o.undone or o.pos <= coalesce((select k.pos from change_history k where k.user_id = ? and k.board_id = ? and not k.undone
                                                                                    order by k.pos desc offset ? limit 1), 0))
                                               for update skip locked))
          insert into change_history (change_id, user_id, board_id, pos, summary, at, undone, items)
          values (?, ?, ?, nextval('change_history_pos_seq'), ?, now(), false, ?::jsonb)`,
);

/** Prepared on every pooled connection (`prepared.ts`): every write path sends it. */
export const HISTORY_PREPARED: readonly PreparedSql[] = [HISTORY_ENTRY];

/** `HISTORY_ENTRY` for one change, keeping the user's last `keep` entries on the board. */
export function insertHistoryEntryStatement(e: { userId: string; boardId: string; changeId: string; summary: string; itemsJson: string; keep: number }): Statement {
  return executing(HISTORY_ENTRY, [e.userId, e.boardId, e.userId, e.boardId, e.keep - 1, e.changeId, e.userId, e.boardId, e.summary, e.itemsJson]);
}

/** Runs `insertHistoryEntryStatement` on the caller's transaction (`q` bound to its manager). */
export async function insertHistoryEntry(q: Query, entry: Statement): Promise<void> {
  await q(entry.sql, entry.params);
}

/** Serialises undo and redo of one user on one board until commit (two tabs take turns). */
export async function lockHistory(em: EntityManager, userId: string, boardId: string): Promise<void> {
  await rawQuery(em, 'select pg_advisory_xact_lock(?, hashtext(?))', [HISTORY_LOCK, `${userId}:${boardId}`]);
}

/** The user's entries on the board, newest first. */
export function findHistoryEntries(em: EntityManager, userId: string, boardId: string, limit: number): Promise<Pick<HistoryEntryRow, 'change_id' | 'summary' | 'at' | 'undone'>[]> {
  return rawQuery(em, 'select change_id, summary, at, undone from change_history where user_id = ? and board_id = ? order by pos desc limit ?', [userId, boardId, limit]);
}

/** The entry an undo applies: the user's newest not undone. */
export async function findUndoCandidate(em: EntityManager, userId: string, boardId: string): Promise<HistoryEntryRow | undefined> {
  const [row] = await rawQuery<HistoryEntryRow>(em, 'select * from change_history where user_id = ? and board_id = ? and not undone order by pos desc limit 1', [userId, boardId]);
  return row;
}

/** The entry a redo applies: the oldest undone one above every entry not undone (a newer change ends redo). */
export async function findRedoCandidate(em: EntityManager, userId: string, boardId: string): Promise<HistoryEntryRow | undefined> {
  const [row] = await rawQuery<HistoryEntryRow>(
    em,
    `select * from change_history h where h.user_id = ? and h.board_id = ? and h.undone
        and h.pos > coalesce((select max(k.pos) from change_history k where k.user_id = h.user_id and k.board_id = h.board_id and not k.undone), 0)
      order by h.pos limit 1`,
    [userId, boardId],
  );
  return row;
}

/**
 * After an undo or redo: the applied entry's `undone` becomes `undone`, and every entry of this user
 * on the board naming one of these items (the applied one too) learns the item's new version.
 */
export async function markApplied(em: EntityManager, e: { userId: string; boardId: string; changeId: string; undone: boolean; versions: ReadonlyMap<string, number> }): Promise<void> {
  const ids = [...e.versions.keys()];
  await rawQuery(
    em,
    `update change_history h
        set undone = case when h.change_id = ? then ? else h.undone end,
            items = case when cardinality(?::text[]) = 0 then h.items else (
              select jsonb_agg(case when v.ver is null then e.i else jsonb_set(e.i, '{version}', to_jsonb(v.ver)) end order by e.n)
                from jsonb_array_elements(h.items) with ordinality as e(i, n)
                left join unnest(?::text[], ?::int[]) as v(id, ver) on v.id = e.i->>'id') end
      where h.user_id = ? and h.board_id = ?
        and (h.change_id = ? or exists (select 1 from jsonb_array_elements(h.items) x where x->>'id' = any(?::text[])))`,
    [e.changeId, e.undone, pgArray(ids), pgArray(ids), intArray(ids.map((id) => e.versions.get(id)!)), e.userId, e.boardId, e.changeId, pgArray(ids)],
  );
}
