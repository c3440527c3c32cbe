import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { EventBus } from '../events/event-bus';
import type { Actor } from './context';
import { appendEvents, type BoardEventDto, type PendingEvent } from './event-log';
import { queryOf, type Query } from '../repositories/sql';

export type Emit = (boardId: string, type: string, data: unknown) => void;

/**
 * Every event of one change carries the change's id in `data.changeId` (a copy: the object the
 * caller answers with stays as it was), so clients can tell which events belong together.
 */
function stamped(data: unknown, changeId: string): unknown {
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? { ...data, changeId } : data;
}

/**
 * One business change = one transaction: the rows, then the events with the board's next seq,
 * then commit; only after the commit are the events published to the bus.
 */
export async function inTransaction<T>(
  em: EntityManager,
  bus: EventBus,
  actor: Actor | null,
  work: (tx: EntityManager, emit: Emit, changeId: string) => Promise<T>,
): Promise<{ result: T; events: BoardEventDto[]; changeId: string }> {
  let events: BoardEventDto[] = [];
  const changeId = randomUUID();
  const result = await em.transactional(async (tx) => {
    const pending: PendingEvent[] = [];
    const value = await work(tx, (boardId, type, data) => pending.push({ boardId, type, data: stamped(data, changeId) }), changeId);
    await tx.flush();
    events = await appendEvents(tx, actor, pending);
    return value;
  });
  bus.publish(events);
  return { result, events, changeId };
}

/** `inTransaction` for changes made with SQL alone (no entities): the work gets the transaction's `Query`. */
export function inSqlTransaction<T>(
  em: EntityManager,
  bus: EventBus,
  actor: Actor | null,
  work: (q: Query, emit: Emit, changeId: string) => Promise<T>,
): Promise<{ result: T; events: BoardEventDto[]; changeId: string }> {
  return inTransaction(em, bus, actor, (tx, emit, changeId) => work(queryOf(tx), emit, changeId));
}
