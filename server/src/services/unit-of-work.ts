import type { EntityManager } from '@mikro-orm/postgresql';
import type { BoardEvent } from '@schedhuler/shared';
import { randomUUID } from 'node:crypto';
import type { EventBus } from '../events/event-bus';
import type { Actor } from './context';
import { appendEvents } from './event-log';
import { PendingEvents, type Emit } from './pending-events';
import type { Statement } from '../repositories/sql';

export type { Emit } from './pending-events';

/**
 * One business change = one transaction: the rows, then the events with the board's next seq,
 * then commit; only after the commit are the events published to the bus. Statements the work puts
 * in `deferred` (writes nothing in the change reads back, like its history entry) go with the
 * events, in their round trip.
 */
export async function inTransaction<T>(
  em: EntityManager,
  bus: EventBus,
  actor: Actor | null,
  work: (tx: EntityManager, emit: Emit, changeId: string, deferred: Statement[]) => Promise<T>,
): Promise<{ result: T; events: BoardEvent[]; changeId: string }> {
  let events: BoardEvent[] = [];
  const changeId = randomUUID();
  const result = await em.transactional(async (tx) => {
    // Every event of one change carries its id in `data.changeId`, so clients can tell which belong together.
    const pending = new PendingEvents(changeId);
    const deferred: Statement[] = [];
    const value = await work(tx, pending.emit, changeId, deferred);
    await tx.flush();
    events = await appendEvents(tx, actor, pending.list(), deferred);
    return value;
  });
  bus.publish(events);
  return { result, events, changeId };
}
