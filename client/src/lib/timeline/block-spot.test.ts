import { describe, expect, it } from 'vitest';
import type { AssetDto } from '@schedhuler/shared';
import { blockSpot } from './block-spot';
import type { SpotContext } from './block-spot';
import { layoutRows } from './row-layout';
import type { AssetRow } from './row-layout';

type B = { id: string; assetId: string; start: number; end: number; name: string };
const asset = (id: string, code: string): AssetDto => ({ id, boardId: 'b', code, name: code, kind: 'vehicle', status: 'working', version: 1 });
const layout = layoutRows([asset('a1', 'V-1'), asset('a2', 'V-2')]);
const row = (id: string) => layout.byAssetId.get(id) as AssetRow;
const H = 3_600_000;

function ctx(over: Partial<SpotContext<B>> = {}, reads: string[] = []): SpotContext<B> {
  return {
    layout: () => layout,
    x: (t) => t / H * 100,
    pad: 3,
    editId: () => null,
    placement: () => (reads.push('placement'), null),
    isSelected: (id) => id === 'sel',
    highlighted: () => false,
    remoteColor: () => null,
    roomRight: () => 50,
    match: () => null,
    ...over,
  };
}

describe('blockSpot', () => {
  const b: B = { id: 'o1', assetId: 'a1', start: H, end: 3 * H, name: 'Job' };

  it('places a block in its row and lane', () => {
    const s = blockSpot({ block: b, row: row('a1'), lane: 1, lanes: 2 }, ctx());
    expect(s.left).toBe(100);
    expect(s.width).toBe(199);
    const laneH = (row('a1').height - 6) / 2;
    expect(s.top).toBe(row('a1').top + 3 + laneH);
    expect(s.height).toBe(laneH - 1);
    expect(s).toMatchObject({ shiftX: 0, shiftY: 0, assetId: 'a1', selected: false, editing: false, roomRight: 50 });
  });

  it('a block not being moved never reads the drag placement (a pointer move does not touch it)', () => {
    const reads: string[] = [];
    blockSpot({ block: b, row: row('a1'), lane: 0, lanes: 1 }, ctx({ editId: () => 'other' }, reads));
    expect(reads).toEqual([]);
  });

  it('the moved block rests where it was and travels by a shift to the row and time it would land on', () => {
    const s = blockSpot({ block: b, row: row('a1'), lane: 1, lanes: 2 }, ctx({ editId: () => 'o1', placement: () => ({ assetId: 'a2', start: 2 * H, end: 4 * H }) }));
    expect(s.editing).toBe(true);
    expect(s.left).toBe(100);
    expect(s.shiftX).toBe(100);
    expect(s.top).toBe(row('a1').top + 3);
    expect(s.shiftY).toBe(row('a2').top - row('a1').top);
    expect(s).toMatchObject({ start: 2 * H, end: 4 * H, assetId: 'a2', height: row('a2').height - 6 });
  });
});
