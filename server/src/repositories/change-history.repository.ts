import type { Statement } from './sql';

/** The per-user, per-board undo history (`change_history`). */

/**
 * The user's newest entry on the board, in one statement and without the history lock (this is on
 * every write path, the create included). `pos` comes from a sequence, so a newer change always
 * sorts above what an undo flips meanwhile; the statement also deletes the entries a new change
 * ends (undone ones, which can no longer be redone) and keeps only the last `keep`.
 */
export function insertHistoryEntryStatement(e: { userId: string; boardId: string; changeId: string; summary: string; itemsJson: string; keep: number }): Statement {
  return {
    sql: `with d as (delete from change_history h
                      where h.user_id = ? and h.board_id = ?
                        and (h.undone or h.pos <= coalesce((select k.pos from change_history k where k.user_id = ? and k.board_id = ? and not k.undone
                                                             order by k.pos desc offset ? limit 1), 0)))
          insert into change_history (change_id, user_id, board_id, pos, summary, at, undone, items)
          values (?, ?, ?, nextval('change_history_pos_seq'), ?, now(), false, ?::jsonb)`,
    params: [e.userId, e.boardId, e.userId, e.boardId, e.keep - 1, e.changeId, e.userId, e.boardId, e.summary, e.itemsJson],
  };
}
