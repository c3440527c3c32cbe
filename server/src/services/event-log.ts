import type { EntityManager } from '@mikro-orm/postgresql';
import type { BoardEvent } from '@schedhuler/shared';
import type { Actor } from './context';
import type { PendingEvent } from './pending-events';
import { appendBoardEvents, findEventsAfter, type EventRow } from '../repositories/board-event.repository';
import { batch, type Statement } from '../repositories/sql';

/** A stored event as clients get it (the shared `BoardEvent`: narrowing on `type` narrows `data`). */
export function toBoardEvent(row: EventRow): BoardEvent {
  const { board_id, seq, at, actor_id, actor_name, ...typed } = row;
  return { ...typed, boardId: board_id, seq: Number(seq), at: new Date(at).toISOString(), actor: actor_id ? { id: actor_id, displayName: actor_name ?? '' } : null };
}

/** Ends the transaction in the last round trip (`inTransaction`); the `begin` leaves MikroORM's own COMMIT an empty transaction to end. */
const COMMIT_HERE: readonly Statement[] = [
  { sql: 'commit', params: [] },
  { sql: 'begin', params: [] },
];

/**
 * Appends events inside the caller's transaction. The board row is locked and its last_seq bumped
 * in the same statement as the insert (`board-event.repository`), so seq has no gaps and no duplicates
 * even across server nodes, and the lock costs no extra round trip. `before`: statements of the
 * change that can wait until now (its history entry), sent first in the same round trip.
 * `commit`: the transaction is committed in that round trip too (only the outermost one may).
 */
export async function appendEvents(em: EntityManager, actor: Actor | null, pending: PendingEvent[], before: readonly Statement[] = [], commit = false): Promise<BoardEvent[]> {
  const byBoard = new Map<string, PendingEvent[]>();
  for (const p of pending) byBoard.set(p.boardId, [...(byBoard.get(p.boardId) ?? []), p]);
  const out: BoardEvent[] = [];
  const by = actor ? { id: actor.id, displayName: actor.displayName } : null;
  let first = before;
  if (!byBoard.size && first.length) await batch(em, commit ? [...first, ...COMMIT_HERE] : first);
  // A stable board order keeps two transactions that touch the same boards from deadlocking.
  const boards = [...byBoard.keys()].sort();
  const commitWith = commit ? boards.at(-1) : undefined;
  for (const boardId of boards) {
    const events = byBoard.get(boardId)!;
    const at = new Date();
    const seqs = await appendBoardEvents(em, boardId, by, at, events, first, boardId === commitWith ? COMMIT_HERE : []);
    first = [];
    if (seqs.length !== events.length) throw new Error(`board ${boardId} vanished while appending events`);
    let seq = Math.min(...seqs) - 1;
    for (const e of events) out.push({ ...e, seq: ++seq, at: at.toISOString(), actor: by });
  }
  return out;
}

export async function readEvents(em: EntityManager, boardId: string, sinceSeq: number, limit: number): Promise<BoardEvent[]> {
  return (await findEventsAfter(em, boardId, sinceSeq, limit)).map(toBoardEvent);
}
