import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from './context';

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

interface EventRow {
  board_id: string;
  seq: string | number;
  type: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
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
 * Appends events inside the caller's transaction. The board row is locked (FOR UPDATE)
 * and its last_seq bumped, so seq has no gaps and no duplicates even across server nodes.
 */
export async function appendEvents(tx: EntityManager, actor: Actor | null, pending: PendingEvent[]): Promise<BoardEventDto[]> {
  const byBoard = new Map<string, PendingEvent[]>();
  for (const p of pending) byBoard.set(p.boardId, [...(byBoard.get(p.boardId) ?? []), p]);
  const out: BoardEventDto[] = [];
  // A stable board order keeps two transactions that touch the same boards from deadlocking.
  for (const boardId of [...byBoard.keys()].sort()) {
    const events = byBoard.get(boardId)!;
    const [row] = await tx.execute<{ last_seq: string }[]>(
      'update board set last_seq = last_seq + ? where id = ? returning last_seq',
      [events.length, boardId],
    );
    if (!row) throw new Error(`board ${boardId} vanished while appending events`);
    let seq = Number(row.last_seq) - events.length;
    const at = new Date();
    const values: unknown[] = [];
    const tuples = events.map((e) => {
      seq += 1;
      values.push(boardId, seq, e.type, at, actor?.id ?? null, actor?.displayName ?? null, JSON.stringify(e.data));
      out.push({ boardId, seq, type: e.type, at: at.toISOString(), actor: actor ? { id: actor.id, displayName: actor.displayName } : null, data: e.data });
      return '(?, ?, ?, ?, ?, ?, ?::jsonb)';
    });
    await tx.execute(`insert into board_event (board_id, seq, type, at, actor_id, actor_name, data) values ${tuples.join(', ')}`, values);
  }
  return out;
}

export async function readEvents(em: EntityManager, boardId: string, sinceSeq: number, limit: number): Promise<BoardEventDto[]> {
  const rows = await em.execute<EventRow[]>(
    'select * from board_event where board_id = ? and seq > ? order by seq limit ?',
    [boardId, sinceSeq, limit],
  );
  return rows.map(eventRowToDto);
}
