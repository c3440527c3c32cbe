import type { EntityManager, EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import type { PoolStats } from './metrics';

/**
 * What the database pool is doing, from MikroORM's public transaction events (no driver or pool
 * internals, which MikroORM 7 changes): a top-level transaction asks the pool for a connection
 * between `beforeTransactionStart` and `afterTransactionStart`, and holds it until its commit or
 * rollback. Single statements run outside a transaction hold a connection only for that statement
 * and are not counted; everything that holds one for long (the services' writes, the snapshot's
 * repeatable read, a flush) is a transaction.
 *
 * Nothing here can leak: a transaction that started always ends in a commit or a rollback (the
 * `before` events, fired before anything can fail), and a start that never completes (the pool's
 * acquire timeout, a failed BEGIN) stops counting as waiting once the acquire timeout has passed,
 * by which time it has failed.
 */
export class DbPoolUsage implements EventSubscriber {
  /** Transactions asking for a connection: their manager and when they asked (a manager may ask more than once). */
  private readonly waiting = new Map<EntityManager, number[]>();
  private readonly open = new Set<unknown>();

  constructor(
    private readonly acquireTimeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  beforeTransactionStart({ em }: TransactionEventArgs): void {
    const asks = this.waiting.get(em);
    if (asks) asks.push(this.now());
    else this.waiting.set(em, [this.now()]);
  }

  afterTransactionStart({ em, transaction }: TransactionEventArgs): void {
    const asks = this.waiting.get(em);
    asks?.shift();
    if (asks && !asks.length) this.waiting.delete(em);
    this.open.add(transaction);
  }

  beforeTransactionCommit({ transaction }: TransactionEventArgs): void {
    this.open.delete(transaction);
  }

  beforeTransactionRollback({ transaction }: TransactionEventArgs): void {
    this.open.delete(transaction);
  }

  stats(): PoolStats {
    const stale = this.now() - this.acquireTimeoutMs;
    let pending = 0;
    for (const [em, asks] of this.waiting) {
      while (asks.length && asks[0]! <= stale) asks.shift();
      if (asks.length) pending += asks.length;
      else this.waiting.delete(em);
    }
    return { used: this.open.size, pending };
  }
}
