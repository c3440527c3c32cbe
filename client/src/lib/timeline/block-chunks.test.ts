import { describe, expect, it } from 'vitest';
import { BlockChunks } from './block-chunks';

const item = (id: string, cell: number) => ({ block: { id }, cell });
const keyOf = (it: { cell: number }) => String(it.cell);

describe('BlockChunks', () => {
  it('groups items by the key of their cell, in the order they come', () => {
    const chunks = new BlockChunks<ReturnType<typeof item>>();
    const a = item('a', 0), b = item('b', 1), c = item('c', 0);
    expect(chunks.next([a, b, c], keyOf)).toEqual([
      { key: '0', items: [a, c] },
      { key: '1', items: [b] },
    ]);
  });

  it('keeps a chunk object whose items are the same objects, and makes a new one when they change', () => {
    const chunks = new BlockChunks<ReturnType<typeof item>>();
    const a = item('a', 0), b = item('b', 1);
    const [c0, c1] = chunks.next([a, b], keyOf);
    const d = item('d', 2);
    const next = chunks.next([a, b, d], keyOf);
    expect(next[0]).toBe(c0);
    expect(next[1]).toBe(c1);
    expect(next[2]).toEqual({ key: '2', items: [d] });
    const e = item('e', 1);
    const again = chunks.next([a, b, e, d], keyOf);
    expect(again[0]).toBe(c0);
    expect(again[1]).not.toBe(c1);
    expect(again[1]!.items).toEqual([b, e]);
  });

  it('a mounted block stays in its first chunk when its cell changes, and is placed afresh once it was unmounted', () => {
    const chunks = new BlockChunks<ReturnType<typeof item>>();
    chunks.next([item('a', 0)], keyOf);
    const moved = item('a', 3);
    expect(chunks.next([moved], keyOf)).toEqual([{ key: '0', items: [moved] }]);
    chunks.next([], keyOf);
    expect(chunks.next([moved], keyOf)).toEqual([{ key: '3', items: [moved] }]);
  });

  it('drops chunks left empty', () => {
    const chunks = new BlockChunks<ReturnType<typeof item>>();
    chunks.next([item('a', 0), item('b', 1)], keyOf);
    expect(chunks.next([item('b', 1)], keyOf).map((c) => c.key)).toEqual(['1']);
  });
});
