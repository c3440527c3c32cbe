import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { BoardEventStream, planDelivery, SeqOrder, type EventPage } from './seq-gap';

interface Ev {
  seq: number;
  n?: string;
}
const ev = (seq: number): Ev => ({ seq, n: `e${seq}` });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ev(from + i));

describe('SeqOrder', () => {
  it('hands events out one after another, holding early ones and refusing duplicates and old ones', () => {
    const order = new SeqOrder<Ev>(3);
    expect([ev(5), ev(3), ev(4), ev(5), { seq: 6.5 }].map((e) => order.add(e))).toEqual([true, false, true, false, false]);
    expect(order.add(ev(7))).toBe(true);
    expect(order.gap()).toBeNull();
    expect(order.next()?.seq).toBe(4);
    expect(order.next()?.seq).toBe(5);
    expect(order.next()).toBeUndefined();
    expect(order.delivered).toBe(5);
    expect(order.waiting).toBe(1);
    expect(order.gap()).toEqual({ from: 6, to: 6 });
    expect(order.add(ev(4))).toBe(false);
    expect(order.pending().map((e) => e.seq)).toEqual([7]);
  });
});

describe('planDelivery', () => {
  it('applies a contiguous run and holds back what follows a gap', () => {
    const plan = planDelivery(3, [], [ev(4), ev(5), ev(7), ev(9)]);
    expect(plan.apply.map((e) => e.seq)).toEqual([4, 5]);
    expect(plan.applied).toBe(5);
    expect(plan.pending.map((e) => e.seq)).toEqual([7, 9]);
    expect(plan.gap).toEqual({ from: 6, to: 6 });
  });

  it('drops duplicates and already applied events, sorts out-of-order input', () => {
    const plan = planDelivery(2, [ev(5)], [ev(4), ev(2), ev(1), ev(3), ev(5), ev(4)]);
    expect(plan.apply.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(plan.pending).toEqual([]);
    expect(plan.gap).toBeNull();
  });

  it('applies every seq exactly once in order for any arrival order with duplicates', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 120 }), fc.integer({ min: 1, max: 6 }), (arrivals, chunk) => {
        let applied = 0;
        let pending: Ev[] = [];
        const out: number[] = [];
        for (let i = 0; i < arrivals.length; i += chunk) {
          const plan = planDelivery(applied, pending, arrivals.slice(i, i + chunk).map(ev));
          out.push(...plan.apply.map((e) => e.seq));
          applied = plan.applied;
          pending = plan.pending;
        }
        expect(out).toEqual(Array.from({ length: out.length }, (_, i) => i + 1));
        // Nothing invented, nothing lost: what was applied plus what waits is exactly what arrived.
        expect(new Set([...out, ...pending.map((e) => e.seq)])).toEqual(new Set(arrivals));
      }),
    );
  });
});

describe('BoardEventStream', () => {
  function setup(log: Ev[], opts: { failFirst?: number; maxReplay?: number } = {}) {
    const applied: number[] = [];
    const resync = vi.fn();
    let failures = opts.failFirst ?? 0;
    const fetch = vi.fn(async (since: number, limit: number): Promise<EventPage<Ev>> => {
      if (failures-- > 0) throw new Error('offline');
      return { events: log.filter((e) => e.seq > since).slice(0, limit), seq: log.length };
    });
    const stream = new BoardEventStream<Ev>({ fetch, apply: (e) => applied.push(e.seq), onResyncNeeded: resync, gapWaitMs: 5, pageSize: 3, maxReplay: opts.maxReplay }, 0);
    return { stream, applied, fetch, resync };
  }

  it('fills a gap from the fetcher in pages and then applies the held-back events', async () => {
    const log = range(1, 10);
    const { stream, applied, fetch } = setup(log);
    stream.receive(ev(1));
    stream.receive([ev(9), ev(10)]);
    expect(applied).toEqual([1]);
    expect(stream.waiting).toBe(2);
    await vi.waitFor(() => expect(applied).toEqual(range(1, 10).map((e) => e.seq)));
    expect(fetch).toHaveBeenCalledTimes(3); // 2-4, 5-7, 8-10 with a page size of 3
    stream.receive([ev(10), ev(3)]);
    expect(applied).toHaveLength(10);
  });

  it('does not fetch when the missing event arrives within the wait', async () => {
    const { stream, applied, fetch } = setup(range(1, 3));
    stream.receive(ev(2));
    stream.receive(ev(1));
    stream.receive(ev(3));
    await new Promise((r) => setTimeout(r, 20));
    expect(applied).toEqual([1, 2, 3]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reset after a snapshot skips what the snapshot covers', () => {
    const { stream, applied } = setup([]);
    stream.receive([ev(6), ev(7)]);
    stream.reset(5);
    expect(applied).toEqual([6, 7]);
    stream.reset(20);
    stream.receive(ev(20));
    expect(applied).toEqual([6, 7]);
    expect(stream.applied).toBe(20);
  });

  it('retries a failing fetch, then asks for a resync', async () => {
    const ok = setup(range(1, 4), { failFirst: 2 });
    ok.stream.receive(ev(4));
    await vi.waitFor(() => expect(ok.applied).toEqual([1, 2, 3, 4]));
    expect(ok.resync).not.toHaveBeenCalled();

    const bad = setup(range(1, 4), { failFirst: 99 });
    bad.stream.receive(ev(4));
    await vi.waitFor(() => expect(bad.resync).toHaveBeenCalledWith(expect.stringContaining('offline')));
    expect(bad.applied).toEqual([]);
  });

  it('asks for a resync instead of replaying a huge gap', async () => {
    const { stream, resync, fetch } = setup([], { maxReplay: 100 });
    stream.receive(ev(500));
    await vi.waitFor(() => expect(resync).toHaveBeenCalled());
    expect(fetch).not.toHaveBeenCalled();
  });

  it('an apply that throws while filling a gap asks for a resync instead of an unhandled rejection', async () => {
    const resync = vi.fn();
    const stream = new BoardEventStream<Ev>(
      {
        fetch: async () => ({ events: range(1, 3), seq: 3 }),
        apply: (e) => {
          if (e.seq === 2) throw new Error('bad event');
        },
        onResyncNeeded: resync,
        gapWaitMs: 1,
      },
      0,
    );
    stream.receive(ev(3));
    await vi.waitFor(() => expect(resync).toHaveBeenCalledWith(expect.stringContaining('bad event')));
  });
});
