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
 *
 * The outermost transaction also commits in that round trip. The append holds the board row's lock
 * until COMMIT, so every write on the board queues behind it: sent in the same message, the lock is
 * held for the append and the commit only, not for a round trip through a busy event loop (the
 * scheduling benchmark's creates on one board: ~+15 % throughput). Nothing may change after the
 * events: `work` is flushed before them, and MikroORM's own COMMIT then ends an empty transaction.
 * Boards are never deleted, so the append cannot come back short once the work has run.
 */
export async function inTransaction<T>(
  em: EntityManager,
  bus: EventBus,
  actor: Actor | null,
  work: (tx: EntityManager, emit: Emit, changeId: string, deferred: Statement[]) => Promise<T>,
): Promise<{ result: T; events: BoardEvent[]; changeId: string }> {
  let events: BoardEvent[] = [];
  const changeId = randomUUID();
  // Inside a caller's transaction this one is a savepoint: the caller commits.
  const outermost = !em.isInTransaction();
  const result = await em.transactional(async (tx) => {
    // Every event of one change carries its id in `data.changeId`, so clients can tell which belong together.
    const pending = new PendingEvents(changeId);
    const deferred: Statement[] = [];
    const value = await work(tx, pending.emit, changeId, deferred);
    await tx.flush();
    events = await appendEvents(tx, actor, pending.list(), deferred, outermost);
    return value;
  });
  bus.publish(events);
  return { result, events, changeId };
}
