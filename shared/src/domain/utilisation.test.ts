import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assetLoads, groupHistogram, loadsByAsset, mergedByAsset, mergeSpans, spansByAsset, unionLength, type BookedSpan } from './utilisation';

const H = 3_600_000;
const range = { start: 0, end: 24 * H };
const b = (assetId: string, startH: number, endH: number, status: BookedSpan['status'] = 'scheduled'): BookedSpan => ({ assetId, start: startH * H, end: endH * H, status });

describe('assetLoads', () => {
  it('booked minutes over working minutes; 0 for an empty asset; null ratio without working time', () => {
    const loads = assetLoads(['a', 'empty'], [b('a', 8, 11), b('a', 13, 14)], range, 12 * 60);
    expect(loads.get('a')).toEqual({ bookedMin: 240, workingMin: 720, ratio: 240 / 720 });
    expect(loads.get('empty')).toEqual({ bookedMin: 0, workingMin: 720, ratio: 0 });
    expect(assetLoads(['a'], [b('a', 8, 9)], range, 0).get('a')).toEqual({ bookedMin: 60, workingMin: 0, ratio: null });
  });

  it('cancelled runs do not count; overlaps (a double booking) count once; bookings are clipped to the range', () => {
    const loads = assetLoads(['a'], [b('a', 8, 10), b('a', 9, 11, 'conflicted'), b('a', 12, 20, 'cancelled'), b('a', -2, 1), b('a', 23, 30)], range, 720);
    expect(loads.get('a')!.bookedMin).toBe(3 * 60 + 60 + 60);
  });
});

describe('groupHistogram', () => {
  it('per bin, the share of the group that is busy', () => {
    const byAsset = mergedByAsset([b('a', 0, 2), b('b', 1, 2), b('b', 1, 2, 'conflicted')]);
    const bins = groupHistogram(['a', 'b'], byAsset, [0, H, 2 * H, 3 * H]);
    expect(bins.map((x) => x.ratio)).toEqual([0.5, 1, 0]);
    expect(bins.map((x) => x.bookedMin)).toEqual([60, 120, 0]);
    expect(groupHistogram([], byAsset, [0, H])).toEqual([{ start: 0, end: H, bookedMin: 0, ratio: 0 }]);
  });
});

const booking = fc.record({
  assetId: fc.constantFrom('a', 'b', 'c'),
  start: fc.integer({ min: -48 * 60, max: 48 * 60 }).map((m) => m * 60_000),
  len: fc.integer({ min: 1, max: 30 * 60 }).map((m) => m * 60_000),
  status: fc.constantFrom('scheduled' as const, 'conflicted' as const, 'cancelled' as const),
}).map(({ assetId, start, len, status }): BookedSpan => ({ assetId, start, end: start + len, status }));

describe('properties', () => {
  it('from spans merged once per asset (as the board keeps them), the loads are the same', () => {
    fc.assert(
      fc.property(fc.array(booking, { maxLength: 40 }), (list) => {
        const merged = mergedByAsset(list);
        for (const [id, spans] of merged) expect(spans).toEqual(mergeSpans(spansByAsset(list).get(id)!));
        expect(loadsByAsset(['a', 'b', 'c', 'd'], merged, range, 720)).toEqual(assetLoads(['a', 'b', 'c', 'd'], list, range, 720));
      }),
    );
  });

  it('never negative, never more than the range, cancelled runs change nothing, monotone in bookings', () => {
    fc.assert(
      fc.property(fc.array(booking, { maxLength: 40 }), fc.array(booking, { maxLength: 5 }), (list, more) => {
        const loads = assetLoads(['a', 'b', 'c', 'd'], list, range, 720);
        const withCancelled = assetLoads(['a', 'b', 'c', 'd'], [...list, ...more.map((m) => ({ ...m, status: 'cancelled' as const }))], range, 720);
        const withMore = assetLoads(['a', 'b', 'c', 'd'], [...list, ...more], range, 720);
        for (const id of ['a', 'b', 'c', 'd']) {
          const l = loads.get(id)!;
          expect(l.bookedMin).toBeGreaterThanOrEqual(0);
          expect(l.bookedMin).toBeLessThanOrEqual(24 * 60);
          expect(l.ratio).toBeGreaterThanOrEqual(0);
          expect(withCancelled.get(id)).toEqual(l);
          expect(withMore.get(id)!.bookedMin).toBeGreaterThanOrEqual(l.bookedMin);
        }
        expect(loads.get('d')!.bookedMin).toBe(0);
      }),
    );
  });

  it('the histogram bins add up to the range total, and each ratio is within 0..1', () => {
    fc.assert(
      fc.property(fc.array(booking, { maxLength: 40 }), fc.uniqueArray(fc.integer({ min: 1, max: 23 }), { maxLength: 10 }), (list, cuts) => {
        const edges = [0, ...cuts.sort((x, y) => x - y).map((c) => c * H), 24 * H];
        const byAsset = mergedByAsset(list);
        const bins = groupHistogram(['a', 'b', 'c'], byAsset, edges);
        const total = ['a', 'b', 'c'].reduce((s, id) => s + unionLength(byAsset.get(id) ?? [], range), 0) / 60_000;
        expect(bins.reduce((s, x) => s + x.bookedMin, 0)).toBeCloseTo(total, 6);
        for (const x of bins) {
          expect(x.ratio).toBeGreaterThanOrEqual(0);
          expect(x.ratio).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('each bin is the union of each asset\'s bookings clipped to that bin (edges may lie outside the bookings)', () => {
    fc.assert(
      fc.property(fc.array(booking, { maxLength: 60 }), fc.uniqueArray(fc.integer({ min: -6, max: 40 }), { minLength: 1, maxLength: 12 }), (list, cuts) => {
        const edges = cuts.sort((x, y) => x - y).map((c) => c * H);
        const byAsset = mergedByAsset(list);
        const bins = groupHistogram(['a', 'b', 'c', 'd'], byAsset, edges);
        expect(bins).toHaveLength(edges.length - 1);
        bins.forEach((bin, i) => {
          const r = { start: edges[i]!, end: edges[i + 1]! };
          const booked = ['a', 'b', 'c', 'd'].reduce((s, id) => s + unionLength(byAsset.get(id) ?? [], r), 0);
          expect(bin).toEqual({ ...r, bookedMin: booked / 60_000, ratio: booked / (4 * (r.end - r.start)) });
        });
      }),
    );
  });

  it('mergeSpans: disjoint, ascending, same union as its input', () => {
    fc.assert(
      fc.property(fc.array(booking, { maxLength: 40 }), (list) => {
        const spans = list.map(({ start, end }) => ({ start, end }));
        const merged = mergeSpans(spans);
        for (let i = 1; i < merged.length; i++) expect(merged[i]!.start).toBeGreaterThan(merged[i - 1]!.end);
        const wide = { start: -1e12, end: 1e12 };
        expect(merged.reduce((s, m) => s + (m.end - m.start), 0)).toBe(unionLength(spans, wide));
        expect(spans).toEqual(list.map(({ start, end }) => ({ start, end })));
      }),
    );
  });
});
