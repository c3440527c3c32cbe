import { describe, expect, it } from 'vitest';
import { OccurrenceIndex } from './occurrence-index';
import type { TimedBlock } from './occurrence-index';

const H = 3_600_000;
const b = (id: string, assetId: string, startH: number, endH: number): TimedBlock => ({ id, assetId, start: startH * H, end: endH * H });

describe('occurrence index', () => {
  it('returns the blocks of one asset overlapping a half-open range', () => {
    const idx = new OccurrenceIndex([b('a', 'x', 0, 2), b('b', 'x', 2, 3), b('c', 'x', 5, 6), b('d', 'y', 1, 2)]);
    expect(idx.size).toBe(4);
    expect(idx.query('x', 2 * H, 5 * H).map((p) => p.item.id)).toEqual(['b']);
    expect(idx.query('x', 1 * H, 5.5 * H).map((p) => p.item.id)).toEqual(['a', 'b', 'c']);
    expect(idx.query('y', 0, 10 * H).map((p) => p.item.id)).toEqual(['d']);
    expect(idx.query('nobody', 0, 10 * H)).toEqual([]);
  });

  it('finds a long block that started well before the range', () => {
    const idx = new OccurrenceIndex([b('long', 'x', 0, 20), b('s1', 'x', 1, 2), b('s2', 'x', 3, 4)]);
    expect(idx.query('x', 10 * H, 11 * H).map((p) => p.item.id)).toEqual(['long']);
  });

  it('puts overlapping blocks on separate lanes and back-to-back ones on one', () => {
    const idx = new OccurrenceIndex([b('a', 'x', 0, 2), b('b', 'x', 1, 3), b('c', 'x', 2, 4), b('d', 'x', 4, 5), b('e', 'x', 5, 6)]);
    const placed = Object.fromEntries(idx.query('x', 0, 10 * H).map((p) => [p.item.id, [p.lane, p.lanes]]));
    expect(placed).toEqual({ a: [0, 2], b: [1, 2], c: [0, 2], d: [0, 1], e: [0, 1] });
  });

  it('answers a viewport query over 10,000 blocks by visiting only nearby ones', () => {
    const items: TimedBlock[] = [];
    for (let i = 0; i < 10_000; i++) items.push(b(`o${i}`, `a${i % 200}`, Math.floor(i / 200) * 2, Math.floor(i / 200) * 2 + 1));
    const idx = new OccurrenceIndex(items);
    expect(idx.forAsset('a7')).toHaveLength(50);
    const got = idx.query('a7', 20 * H, 30 * H);
    expect(got.map((p) => p.item.start / H)).toEqual([20, 22, 24, 26, 28]);
  });
});
