import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventBus } from '../events/event-bus';
import type { Actor } from './context';
import { appendEvents, type BoardEventDto, type PendingEvent } from './event-log';
import { queryOf, sqlTransaction, type Query } from './raw-sql';

export type Emit = (boardId: string, type: string, data: unknown) => void;

/**
 * One business change = one transaction: the rows, then the events with the board's next seq,
 * then commit; only after the commit are the events published to the bus.
 */
export async function inTransaction<T>(
  em: EntityManager,
  bus: EventBus,
  actor: Actor | null,
  work: (tx: EntityManager, emit: Emit) => Promise<T>,
): Promise<{ result: T; events: BoardEventDto[] }> {
  let events: BoardEventDto[] = [];
  const result = await em.transactional(async (tx) => {
    const pending: PendingEvent[] = [];
    const value = await work(tx, (boardId, type, data) => pending.push({ boardId, type, data }));
    await tx.flush();
    events = await appendEvents(queryOf(tx), actor, pending);
    return value;
  });
  bus.publish(events);
  return { result, events };
}

/**
 * `inTransaction` for changes made with SQL alone (no entities): the same rows-events-commit-publish
 * sequence on a plain pool connection (`sqlTransaction`), without the ORM's transaction machinery.
 * Inside an ORM transaction already, it joins that one.
 */
export async function inSqlTransaction<T>(
  em: EntityManager,
  bus: EventBus,
  actor: Actor | null,
  work: (q: Query, emit: Emit) => Promise<T>,
): Promise<{ result: T; events: BoardEventDto[] }> {
  if (em.getTransactionContext()) return inTransaction(em, bus, actor, (tx, emit) => work(queryOf(tx), emit));
  let events: BoardEventDto[] = [];
  const result = await sqlTransaction(em, async (q) => {
    const pending: PendingEvent[] = [];
    const value = await work(q, (boardId, type, data) => pending.push({ boardId, type, data }));
    events = await appendEvents(q, actor, pending);
    return value;
  });
  bus.publish(events);
  return { result, events };
}
