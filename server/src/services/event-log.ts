import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from './context';
import { appendBoardEvents, findEventsAfter, type EventRow } from '../repositories/board-event.repository';

export interface BoardEventDto {
  boardId: string;
  seq: number;
  type: string;
  at: string;
  actor: { id: string; displayName: string } | null;
  data: unknown;
}

export interface PendingEvent {
  boardId: string;
  type: string;
  data: unknown;
}

export function eventRowToDto(r: EventRow): BoardEventDto {
  return {
    boardId: r.board_id,
    seq: Number(r.seq),
    type: r.type,
    at: new Date(r.at).toISOString(),
    actor: r.actor_id ? { id: r.actor_id, displayName: r.actor_name ?? '' } : null,
    data: r.data,
  };
}

/**
 * Appends events inside the caller's transaction. The board row is locked and its last_seq bumped
 * in the same statement as the insert (`board-event.repository`), so seq has no gaps and no duplicates
 * even across server nodes, and the lock costs no extra round trip.
 */
export async function appendEvents(em: EntityManager, actor: Actor | null, pending: PendingEvent[]): Promise<BoardEventDto[]> {
  const byBoard = new Map<string, PendingEvent[]>();
  for (const p of pending) byBoard.set(p.boardId, [...(byBoard.get(p.boardId) ?? []), p]);
  const out: BoardEventDto[] = [];
  const by = actor ? { id: actor.id, displayName: actor.displayName } : null;
  // A stable board order keeps two transactions that touch the same boards from deadlocking.
  for (const boardId of [...byBoard.keys()].sort()) {
    const events = byBoard.get(boardId)!;
    const at = new Date();
    const seqs = await appendBoardEvents(em, boardId, by, at, events);
    if (seqs.length !== events.length) throw new Error(`board ${boardId} vanished while appending events`);
    let seq = Math.min(...seqs) - 1;
    for (const e of events) out.push({ boardId, seq: ++seq, type: e.type, at: at.toISOString(), actor: by, data: e.data });
  }
  return out;
}

export async function readEvents(em: EntityManager, boardId: string, sinceSeq: number, limit: number): Promise<BoardEventDto[]> {
  return (await findEventsAfter(em, boardId, sinceSeq, limit)).map(eventRowToDto);
}
