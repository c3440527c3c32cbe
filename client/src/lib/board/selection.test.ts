import { describe, expect, it } from 'vitest';
import { intersects, lassoRect, rangeInRow, Selection } from './selection.svelte';

const H = 3_600_000;
const blocks = [
  { id: 'a1', assetId: 'A', start: 8 * H },
  { id: 'a2', assetId: 'A', start: 10 * H },
  { id: 'a3', assetId: 'A', start: 12 * H },
  { id: 'a4', assetId: 'A', start: 14 * H },
  { id: 'b1', assetId: 'B', start: 11 * H },
];

describe('rangeInRow', () => {
  it('selects the anchor row between the two starts, in either direction, in time order', () => {
    expect(rangeInRow(blocks, 'a1', 'a3')).toEqual(['a1', 'a2', 'a3']);
    expect(rangeInRow(blocks, 'a4', 'a2')).toEqual(['a2', 'a3', 'a4']);
    expect(rangeInRow(blocks, 'a2', 'a2')).toEqual(['a2']);
  });
  it('refuses a range across rows or with an unknown id', () => {
    expect(rangeInRow(blocks, 'a1', 'b1')).toBeNull();
    expect(rangeInRow(blocks, 'zz', 'a1')).toBeNull();
  });
});

describe('Selection', () => {
  it('Ctrl+click toggles in and out, the anchor follows the last added', () => {
    const s = new Selection();
    s.only('a1');
    s.toggle('a3');
    s.toggle('b1');
    expect([...s.ids]).toEqual(['a1', 'a3', 'b1']);
    expect(s.anchor).toBe('b1');
    expect(s.size).toBe(3);
    s.toggle('b1');
    expect([...s.ids]).toEqual(['a1', 'a3']);
    expect(s.anchor).toBe('a1');
  });

  it('Shift+click extends from the anchor within its row; on another row it starts over', () => {
    const s = new Selection();
    s.only('a2');
    s.extendTo('a4', blocks);
    expect([...s.ids]).toEqual(['a2', 'a3', 'a4']);
    expect(s.anchor).toBe('a2'); // a second Shift+click extends from the same anchor
    s.extendTo('a1', blocks);
    expect([...s.ids]).toEqual(['a1', 'a2']);
    s.extendTo('b1', blocks);
    expect([...s.ids]).toEqual(['b1']);
  });

  it('replaces its set on every change (readers see each change) and forgets ids that left the board', () => {
    const s = new Selection();
    s.set(['a1', 'a2', 'b1']);
    const before = s.ids;
    s.keepOnly(new Map([['a2', 1], ['b1', 1]]));
    expect(s.ids).not.toBe(before);
    expect([...s.ids]).toEqual(['a2', 'b1']);
    expect(s.anchor).toBe('a2');
    s.clear();
    expect(s.size).toBe(0);
    expect(s.anchor).toBeNull();
  });
});

describe('lasso', () => {
  it('normalises a drag in any direction and hits what it touches', () => {
    const r = lassoRect(300, 200, 100, 50);
    expect(r).toEqual({ left: 100, top: 50, right: 300, bottom: 200 });
    expect(intersects(r, { left: 290, top: 190, right: 400, bottom: 260 })).toBe(true);
    expect(intersects(r, { left: 300, top: 60, right: 350, bottom: 80 })).toBe(false); // touching an edge is not a hit
    expect(intersects(r, { left: 10, top: 10, right: 90, bottom: 40 })).toBe(false);
  });
});
