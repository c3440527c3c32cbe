import { describe, expect, it } from 'vitest';
import { Turns } from './turns';

describe('Turns', () => {
  it('lets waiters go in order, one per turn of the event loop, with what became ready in between first', async () => {
    const turns = new Turns();
    const log: string[] = [];
    const all = [1, 2, 3].map((n) => turns.next().then(() => log.push(`waiter ${n}`)));
    // Ready after the first waiter was queued: it runs before the second waiter, not after all three.
    setImmediate(() => log.push('ready'));
    await Promise.all(all);
    expect(log).toEqual(['waiter 1', 'ready', 'waiter 2', 'waiter 3']);
  });

  it('starts again after it ran empty', async () => {
    const turns = new Turns();
    await turns.next();
    const next = turns.next().then(() => 'resumed');
    await expect(Promise.race([next, new Promise((r) => setTimeout(() => r('stuck'), 1000))])).resolves.toBe('resumed');
  });
});
