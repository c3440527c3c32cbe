import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clip, covers, normalize, overlapsAny, planRanges, RangeCache, subtract } from './range-cache';
import type { RangedItem, Span } from './range-cache';

const H = 3_600_000;
const D = 24 * H;
const iso = (t: number) => new Date(t).toISOString();

const spanArb = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 20 })).map(([a, len]) => ({ from: a * H, to: (a + len) * H }));
const spansArb = fc.array(spanArb, { maxLength: 6 });

/** Every whole hour in [0, 80 h) is a probe point for span algebra. */
const inside = (spans: readonly Span[], t: number) => spans.some((s) => t >= s.from && t < s.to);
const probes = Array.from({ length: 80 }, (_, i) => i * H + 1);

describe('span algebra', () => {
  it('normalize keeps the same points, sorted and disjoint', () => {
    fc.assert(
      fc.property(spansArb, (spans) => {
        const n = normalize(spans);
        for (const t of probes) expect(inside(n, t)).toBe(inside(spans, t));
        for (let i = 1; i < n.length; i++) expect(n[i]!.from).toBeGreaterThan(n[i - 1]!.to);
      }),
    );
  });

  it('subtract leaves exactly the points of want that have does not cover', () => {
    fc.assert(
      fc.property(spanArb, spansArb, (want, have) => {
        const gaps = subtract(want, have);
        for (const t of probes) expect(inside(gaps, t)).toBe(inside([want], t) && !inside(have, t));
        expect(covers(have, want)).toBe(gaps.length === 0 || want.to <= want.from);
      }),
    );
  });

  it('clip keeps the points inside keep', () => {
    fc.assert(
      fc.property(spansArb, spanArb, (spans, keep) => {
        const c = clip(spans, keep);
        for (const t of probes) expect(inside(c, t)).toBe(inside(spans, t) && inside([keep], t));
      }),
    );
  });

  it('an occurrence overlaps a span by the server rule: starts before its end, ends after its start', () => {
    const s = [{ from: 10 * H, to: 20 * H }];
    expect(overlapsAny(9 * H, 10 * H, s)).toBe(false);
    expect(overlapsAny(9 * H, 10 * H + 1, s)).toBe(true);
    expect(overlapsAny(20 * H, 21 * H, s)).toBe(false);
    expect(overlapsAny(19 * H, 25 * H, s)).toBe(true);
  });
});

describe('planRanges', () => {
  const day = (n: number): Span => ({ from: n * D, to: (n + 1) * D });

  it('first visit: the padded window now, one page either side later, two pages kept', () => {
    const p = planRanges(day(10), [], { pad: D });
    expect(p.window).toEqual({ from: 9 * D, to: 12 * D });
    expect(p.fetch).toEqual([{ from: 9 * D, to: 12 * D }]);
    expect(p.prefetch).toEqual([
      { from: 8 * D, to: 9 * D },
      { from: 12 * D, to: 13 * D },
    ]);
    expect(p.keep).toEqual({ from: 7 * D, to: 14 * D });
  });

  it('the next page after a prefetch: nothing to fetch, only the new far neighbour to prefetch', () => {
    const p = planRanges(day(11), [{ from: 8 * D, to: 13 * D }], { pad: D });
    expect(p.fetch).toEqual([]);
    expect(p.prefetch).toEqual([{ from: 13 * D, to: 14 * D }]);
  });

  it('requests already on their way are not asked for twice', () => {
    const p = planRanges(day(10), [{ from: 9 * D, to: 12 * D }], { pad: D });
    expect(p.fetch).toEqual([]);
  });

  it('padding alone is not worth a request now: a visible range already loaded fetches nothing, the padding comes with the prefetch', () => {
    // A first guess in UTC, the board in UTC+1 just after midnight: the next day's padding is 23 h short.
    const p = planRanges({ from: 10 * D - H, to: 11 * D - H }, [{ from: 8 * D, to: 11 * D }], { pad: D });
    expect(p.fetch).toEqual([]);
    expect(p.prefetch).toEqual([
      { from: 8 * D - H, to: 8 * D },
      { from: 11 * D, to: 13 * D - H },
    ]);
  });

  it('property: visible ⊆ fetch ∪ held (the whole window when fetching), window and neighbours ⊆ fetch ∪ prefetch ∪ held, prefetch disjoint from held and fetch, all inside keep', () => {
    fc.assert(
      fc.property(spanArb, spansArb, fc.integer({ min: 0, max: 5 }), (visible, held, padH) => {
        const p = planRanges(visible, held, { pad: padH * H });
        expect(covers([...p.fetch, ...held], visible)).toBe(true);
        if (p.fetch.length > 0) expect(covers([...p.fetch, ...held], p.window)).toBe(true);
        for (const f of p.fetch) expect(subtract(f, held)).toEqual([f]);
        for (const f of p.prefetch) expect(subtract(f, [...held, ...p.fetch])).toEqual([f]);
        const page = visible.to - visible.from;
        expect(covers([...p.fetch, ...p.prefetch, ...held], { from: p.window.from - page, to: p.window.to + page })).toBe(true);
        expect(covers([p.keep], p.window)).toBe(true);
        for (const f of p.prefetch) expect(covers([p.keep], f)).toBe(true);
      }),
    );
  });
});

interface Occ extends RangedItem {
  /** For readable failures. */
  n: number;
}

const occ = (id: string, version: number, start: number, end: number, status = 'scheduled'): Occ => ({ id, version, startsAt: iso(start), endsAt: iso(end), status, n: 0 });

describe('RangeCache', () => {
  it('an event moving a held occurrence into an unloaded span drops it; moving one into a loaded span adds it', () => {
    const c = new RangeCache<Occ>();
    c.merge({ from: 0, to: 10 * H }, [occ('a', 1, 1 * H, 2 * H)]);
    expect(c.apply(occ('a', 2, 20 * H, 21 * H))).toBe('dropped');
    expect(c.size).toBe(0);
    expect(c.apply(occ('b', 1, 30 * H, 31 * H))).toBe('none');
    expect(c.apply(occ('b', 2, 3 * H, 4 * H))).toBe('set');
    expect(c.get('b')?.version).toBe(2);
  });

  it('an older version never replaces a newer one, and cancelled occurrences are not held', () => {
    const c = new RangeCache<Occ>();
    c.merge({ from: 0, to: 10 * H }, [occ('a', 3, 1 * H, 2 * H)]);
    expect(c.apply(occ('a', 2, 5 * H, 6 * H))).toBe('none');
    expect(c.get('a')?.startsAt).toBe(iso(1 * H));
    expect(c.apply(occ('a', 4, 1 * H, 2 * H, 'cancelled'))).toBe('dropped');
    expect(c.size).toBe(0);
  });

  it('evict forgets spans outside keep and the occurrences only they held', () => {
    const c = new RangeCache<Occ>();
    c.merge({ from: 0, to: 10 * H }, [occ('a', 1, 1 * H, 2 * H), occ('edge', 1, 9 * H, 12 * H)]);
    c.merge({ from: 10 * H, to: 20 * H }, [occ('b', 1, 15 * H, 16 * H), occ('edge', 1, 9 * H, 12 * H)]);
    expect(c.evict({ from: 10 * H, to: 30 * H })).toBe(1);
    expect(c.spans).toEqual([{ from: 10 * H, to: 20 * H }]);
    expect(c.all().map((o) => o.id).sort()).toEqual(['b', 'edge']);
    expect(c.evict({ from: 10 * H, to: 30 * H })).toBe(0);
  });

  it('applyInWindow: a move within the loaded spans but out of the window leaves the view; unrelated moves change nothing', () => {
    const c = new RangeCache<Occ>();
    c.merge({ from: 0, to: 40 * H }, [occ('a', 1, 11 * H, 12 * H), occ('far', 1, 30 * H, 31 * H)]);
    const window = { from: 10 * H, to: 20 * H };
    const shown = c.within(window);
    expect(c.applyInWindow([occ('far', 2, 32 * H, 33 * H)], window, shown)).toBeNull();
    const moved = c.applyInWindow([occ('a', 2, 35 * H, 36 * H)], window, shown)!;
    expect([...moved.keys()]).toEqual([]);
    expect(shown.has('a')).toBe(true); // not mutated
    expect(c.get('a')?.version).toBe(2); // still held: its new place is loaded
    const back = c.applyInWindow([occ('far', 3, 15 * H, 16 * H)], window, moved)!;
    expect([...back.keys()]).toEqual(['far']);
    expect(c.applyInWindow([occ('far', 1, 15 * H, 16 * H)], window, back)).toBeNull(); // stale
  });

  it('merge takes the decoder\'s instants instead of parsing, and timed gives them for exactly the held object', () => {
    const c = new RangeCache<Occ>();
    const a = occ('a', 1, 1 * H, 2 * H);
    // Instants that disagree with the strings on purpose: they are what the cache goes by.
    c.merge({ from: 0, to: 10 * H }, [a, occ('b', 1, 3 * H, 4 * H)], [20 * H, 21 * H, 3 * H, 4 * H]);
    expect(c.size).toBe(1); // 'a' at 20 h is outside the span
    expect(c.timed(a)).toBeUndefined();
    const b = c.get('b')!;
    expect(c.timed(b)).toEqual({ item: b, start: 3 * H, end: 4 * H });
    expect(c.timed({ ...b })).toBeUndefined(); // an equal copy is not the held object
    c.apply(occ('b', 2, 5 * H, 6 * H));
    expect(c.timed(c.get('b')!)).toMatchObject({ start: 5 * H, end: 6 * H });
  });

  it('within returns what the view shows', () => {
    const c = new RangeCache<Occ>();
    c.merge({ from: 0, to: 30 * H }, [occ('a', 1, 1 * H, 2 * H), occ('b', 1, 15 * H, 16 * H)]);
    expect([...c.within({ from: 10 * H, to: 20 * H }).keys()]).toEqual(['b']);
  });

  /**
   * The model: a server with occurrences that move, get cancelled and come back; every change is one
   * event. The client loads spans (snapshots read at the current seq or some events ago, the missed
   * events then replayed the way the live stream does), evicts, and receives every event. Whatever
   * the order, it holds exactly the server's non-cancelled occurrences overlapping its loaded spans.
   */
  it('property: the cache equals the server state restricted to the loaded spans', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const op = fc.oneof(
      fc.record({ kind: fc.constant('change' as const), id: fc.constantFrom(...ids), start: fc.integer({ min: 0, max: 70 }), len: fc.integer({ min: 1, max: 8 }), cancel: fc.boolean() }),
      fc.record({ kind: fc.constant('load' as const), span: spanArb, staleBy: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ kind: fc.constant('evict' as const), keep: spanArb }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const history: Occ[] = []; // event i is the change with seq i + 1
        const stateAt = (seq: number) => {
          const m = new Map<string, Occ>();
          for (const e of history.slice(0, seq)) m.set(e.id, e);
          return m;
        };
        const c = new RangeCache<Occ>();
        for (const o of ops) {
          if (o.kind === 'change') {
            const version = (stateAt(history.length).get(o.id)?.version ?? 0) + 1;
            const e = occ(o.id, version, o.start * H, (o.start + o.len) * H, o.cancel ? 'cancelled' : 'scheduled');
            history.push(e);
            c.apply(e);
          } else if (o.kind === 'load') {
            const seq = Math.max(0, history.length - o.staleBy);
            const snap = [...stateAt(seq).values()].filter((x) => x.status !== 'cancelled' && overlapsAny(Date.parse(x.startsAt), Date.parse(x.endsAt), [o.span]));
            c.merge(o.span, snap);
            // The stream replays what happened after the snapshot was read.
            for (const e of history.slice(seq)) c.apply(e);
          } else {
            c.evict(o.keep);
          }
        }
        const expected = [...stateAt(history.length).values()]
          .filter((x) => x.status !== 'cancelled' && overlapsAny(Date.parse(x.startsAt), Date.parse(x.endsAt), c.spans))
          .sort((x, y) => x.id.localeCompare(y.id));
        expect(c.all().sort((x, y) => x.id.localeCompare(y.id))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
