import { describe, expect, it } from 'vitest';
import { overlapsAt } from './overlap';

const H = 3_600_000;
const booked = (id: string, start: number, end: number, status = 'scheduled', assetId = 'van') => ({ id, assetId, start: start * H, end: end * H, status });

describe('overlapsAt: would a drop here be refused', () => {
  const others = [booked('a', 9, 10), booked('b', 12, 13), booked('gone', 10, 11, 'cancelled'), booked('c', 10, 11, 'conflicted'), booked('other-row', 10, 11, 'scheduled', 'guard')];

  it('finds a scheduled neighbour of the target asset whose window meets the drop', () => {
    expect(overlapsAt({ assetId: 'van', start: 9.5 * H, end: 10.5 * H }, 'me', others).map((o) => o.id)).toEqual(['a']);
    expect(overlapsAt({ assetId: 'van', start: 8 * H, end: 14 * H }, 'me', others).map((o) => o.id)).toEqual(['a', 'b']);
  });

  it('uses half-open windows: touching end to start is no overlap', () => {
    expect(overlapsAt({ assetId: 'van', start: 10 * H, end: 12 * H }, 'me', others)).toEqual([]);
    expect(overlapsAt({ assetId: 'van', start: 10 * H, end: 12 * H + 1 }, 'me', others).map((o) => o.id)).toEqual(['b']);
  });

  it('ignores cancelled and conflicted occurrences, other assets, and the dragged occurrence itself', () => {
    expect(overlapsAt({ assetId: 'van', start: 10 * H, end: 11 * H }, 'me', others)).toEqual([]);
    expect(overlapsAt({ assetId: 'van', start: 9 * H, end: 10 * H }, 'a', others)).toEqual([]);
    expect(overlapsAt({ assetId: 'guard', start: 10 * H, end: 11 * H }, 'me', others).map((o) => o.id)).toEqual(['other-row']);
  });
});
