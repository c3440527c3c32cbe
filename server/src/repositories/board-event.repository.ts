import type { EntityManager } from '@mikro-orm/postgresql';
import type { BoardEventDataMap, BoardEventType, ChangeStamp } from '@schedhuler/shared';
import { pgArray } from '../services/scheduling-rows';
import { executing, preparedSql, type PreparedSql } from './prepared';
import { batch, rawQuery, type Statement } from './sql';

/** A row of `board_event`: `type` and `data` as `appendBoardEvents` wrote them from a typed `Emit`. */
export type EventRow = {
  [K in BoardEventType]: {
    board_id: string;
    seq: string | number;
    type: K;
    at: Date;
    actor_id: string | null;
    actor_name: string | null;
    data: BoardEventDataMap[K] & ChangeStamp;
  };
}[BoardEventType];

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

const APPEND_EVENTS = preparedSql('append_events', APPEND_EVENTS_SQL);

/** Prepared on every pooled connection (`prepared.ts`): every write path sends it. */
export const BOARD_EVENT_PREPARED: readonly PreparedSql[] = [APPEND_EVENTS];

export function appendEventsParams(boardId: string, actor: { id: string; displayName: string } | null, at: Date, events: readonly { type: string; data: unknown }[]): unknown[] {
  const payload = JSON.stringify(events.map((e) => ({ type: e.type, data: e.data })));
  return [events.length, boardId, events.length, at, actor?.id ?? null, actor?.displayName ?? null, payload];
}

/**
 * Appends one board's events inside the caller's transaction; resolves to their seqs (none when the
 * board is gone). `before`: statements of the same change sent first, in the same round trip;
 * `after`: sent after it, in that round trip too (the commit, `unit-of-work.ts`).
 */
export async function appendBoardEvents(
  em: EntityManager,
  boardId: string,
  actor: { id: string; displayName: string } | null,
  at: Date,
  events: readonly { type: string; data: unknown }[],
  before: readonly Statement[] = [],
  after: readonly Statement[] = [],
): Promise<number[]> {
  const results = await batch(em, [...before, executing(APPEND_EVENTS, appendEventsParams(boardId, actor, at, events)), ...after]);
  return (results[before.length] as { seq: string }[]).map((r) => Number(r.seq));
}

/** A board's events after `sinceSeq`, in seq order. */
export function findEventsAfter(em: EntityManager, boardId: string, sinceSeq: number, limit: number): Promise<EventRow[]> {
  return rawQuery<EventRow>(em, 'select * from board_event where board_id = ? and seq > ? order by seq limit ?', [boardId, sinceSeq, limit]);
}

/**
 * Who created or last changed each of these occurrences, from the board's newest `window` events
 * (the newest occurrence event per id, joined on an unnested id list: a hash join).
 */
export function findLastOccurrenceChanges(em: EntityManager, boardId: string, occurrenceIds: readonly string[], window: number): Promise<{ id: string; actor_id: string | null; actor_name: string | null }[]> {
  return rawQuery(
    em,
    `select distinct on (e.data->>'id') e.data->>'id' as id, e.actor_id, e.actor_name
       from board_event e join unnest(?::text[]) as ids(id) on e.data->>'id' = ids.id
      where e.board_id = ?
        and e.seq > (select coalesce(max(seq), 0) - ? from board_event where board_id = ?)
        and e.type in ('occurrence.created', 'occurrence.updated', 'occurrence.cancelled')
      order by e.data->>'id', e.seq desc`,
    [pgArray(occurrenceIds), boardId, window, boardId],
  );
}

/** For each of these item ids (`data.id`), the board's newest event about it: who, when, which change. */
export function findLatestEventPerItem(
  em: EntityManager,
  boardId: string,
  ids: readonly string[],
): Promise<{ id: string; type: string; actor_id: string | null; actor_name: string | null; at: Date; change_id: string | null }[]> {
  return rawQuery(
    em,
    `select distinct on (data->>'id') data->>'id' as id, type, actor_id, actor_name, at, data->>'changeId' as change_id
       from board_event where board_id = ? and data->>'id' = any(?::text[]) order by data->>'id', seq desc`,
    [boardId, pgArray(ids)],
  );
}
