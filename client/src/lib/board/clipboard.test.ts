import { describe, expect, it } from 'vitest';
import { busyOn, nextFreeSlot, pastePlacements, shifted } from './clipboard';
import type { ClipItem } from './clipboard';

const M = 60_000;
const H = 60 * M;

describe('nextFreeSlot', () => {
  it('is the start itself when the asset is free then', () => {
    expect(nextFreeSlot([], H, 8 * H)).toBe(8 * H);
    expect(nextFreeSlot([{ start: 10 * H, end: 11 * H }], H, 8 * H)).toBe(8 * H);
  });
  it('jumps past overlapping and back-to-back runs (unsorted, nested) to the first gap long enough', () => {
    const busy = [
      { start: 10 * H, end: 11 * H },
      { start: 8 * H, end: 9 * H },
      { start: 9 * H, end: 9 * H + 30 * M },
      { start: 8 * H + 10 * M, end: 8 * H + 20 * M },
    ];
    // 9:30–10:00 is too short for an hour; after 11:00 is free.
    expect(nextFreeSlot(busy, H, 8 * H)).toBe(11 * H);
    expect(nextFreeSlot(busy, 30 * M, 8 * H)).toBe(9 * H + 30 * M);
  });
  it('a run ending exactly at the start does not block it; the horizon does', () => {
    expect(nextFreeSlot([{ start: 7 * H, end: 8 * H }], H, 8 * H)).toBe(8 * H);
    expect(nextFreeSlot([{ start: 8 * H, end: 12 * H }], H, 8 * H, 12 * H + 59 * M)).toBeNull();
    expect(nextFreeSlot([{ start: 8 * H, end: 12 * H }], H, 8 * H, 13 * H)).toBe(12 * H);
  });
});

const item = (id: string, assetId: string, start: number, end: number): ClipItem => ({ occurrenceId: id, jobId: `j-${id}`, name: id, assetId, start, end });

describe('pastePlacements', () => {
  it('one item goes to the target row at the first free slot from the target time, keeping its length', () => {
    expect(pastePlacements([item('x', 'A', 8 * H, 9 * H)], { assetId: 'B', at: 14 * H })).toEqual([{ assetId: 'B', start: 14 * H, end: 15 * H }]);
    expect(pastePlacements([item('x', 'A', 8 * H, 9 * H)], { assetId: 'B', at: 14 * H }, [{ start: 13 * H, end: 14 * H + 30 * M }])).toEqual([
      { assetId: 'B', start: 14 * H + 30 * M, end: 15 * H + 30 * M },
    ]);
    expect(pastePlacements([item('x', 'A', 8 * H, 9 * H)], { assetId: 'B', at: 14 * H }, [{ start: 14 * H, end: 20 * H }], 20 * H)).toBeNull();
  });
  it('several items from one row keep their distances and all go to the target row', () => {
    const items = [item('x', 'A', 9 * H, 10 * H), item('y', 'A', 8 * H, 8 * H + 30 * M)];
    expect(pastePlacements(items, { assetId: 'B', at: 13 * H })).toEqual([
      { assetId: 'B', start: 14 * H, end: 15 * H },
      { assetId: 'B', start: 13 * H, end: 13 * H + 30 * M },
    ]);
  });
  it('items from several rows keep their rows and shift in time only', () => {
    const items = [item('x', 'A', 9 * H, 10 * H), item('y', 'C', 8 * H, 9 * H)];
    expect(pastePlacements(items, { assetId: 'B', at: 12 * H })).toEqual([
      { assetId: 'A', start: 13 * H, end: 14 * H },
      { assetId: 'C', start: 12 * H, end: 13 * H },
    ]);
  });
});

describe('busyOn / shifted', () => {
  it('lists one asset’s spans leaving out the ones being moved; shifts keep ids and lengths', () => {
    const blocks = [
      { id: 'a', assetId: 'A', start: 1, end: 2 },
      { id: 'b', assetId: 'A', start: 3, end: 4 },
      { id: 'c', assetId: 'B', start: 5, end: 6 },
    ];
    expect(busyOn(blocks, 'A', new Set(['b']))).toEqual([{ start: 1, end: 2 }]);
    expect(shifted([{ id: 'a', assetId: 'A', start: 10, end: 20 }], 5, 'Z')).toEqual([{ id: 'a', assetId: 'Z', start: 15, end: 25 }]);
    expect(shifted([{ id: 'a', assetId: 'A', start: 10, end: 20 }], -5)).toEqual([{ id: 'a', assetId: 'A', start: 5, end: 15 }]);
  });
});
