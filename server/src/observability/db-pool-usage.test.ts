import type { EntityManager, TransactionEventArgs } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { DbPoolUsage } from './db-pool-usage';

// The counting rules on their own, with a fixed clock (metrics.test.ts fills the real pool).
const args = (em: object, transaction?: object) => ({ em: em as EntityManager, transaction }) as unknown as TransactionEventArgs;

describe('DbPoolUsage', () => {
  it('a transaction waits until it has its connection and holds it until its commit or rollback', () => {
    const usage = new DbPoolUsage(10_000, () => 0);
    const [a, b] = [{}, {}];
    const [ta, tb] = [{}, {}];
    usage.beforeTransactionStart(args(a));
    usage.beforeTransactionStart(args(b));
    expect(usage.stats()).toEqual({ used: 0, pending: 2 });
    usage.afterTransactionStart(args(a, ta));
    expect(usage.stats()).toEqual({ used: 1, pending: 1 });
    usage.afterTransactionStart(args(b, tb));
    usage.beforeTransactionCommit(args(a, ta));
    expect(usage.stats()).toEqual({ used: 1, pending: 0 });
    // A commit that failed is followed by a rollback of the same transaction: counted once.
    usage.beforeTransactionCommit(args(b, tb));
    usage.beforeTransactionRollback(args(b, tb));
    expect(usage.stats()).toEqual({ used: 0, pending: 0 });
  });

  it('a start that never got its connection stops waiting once the acquire timeout has passed', () => {
    let now = 0;
    const usage = new DbPoolUsage(10_000, () => now);
    const em = {};
    usage.beforeTransactionStart(args(em));
    now = 5_000;
    usage.beforeTransactionStart(args(em));
    now = 10_000;
    expect(usage.stats().pending).toBe(1);
    now = 15_000;
    expect(usage.stats().pending).toBe(0);
  });
});
