import { describe, expect, it } from 'vitest';
import type { AssetDto } from '@schedhuler/shared';
import { COL_MARGIN, COL_STEP, MountWindow, ROW_MARGIN, ROW_STEP, windowCell } from './mount-window.svelte';
import { OccurrenceIndex } from './occurrence-index';
import { layoutRows } from './row-layout';
import { scaleAt } from './time-scale';
import { StableItems, visibleItems } from './virtual-window';

const H = 3_600_000;
const assets: AssetDto[] = Array.from({ length: 60 }, (_, i) => ({ id: `a${i}`, boardId: 'b', code: `V-${String(i).padStart(2, '0')}`, name: `Van ${i}`, kind: 'vehicle', status: 'working', version: 1 }));
// One block an hour on every asset, 48 hours at 100 px an hour.
const blocks = assets.flatMap((a) => Array.from({ length: 48 }, (_, h) => ({ id: `${a.id}-${h}`, assetId: a.id, start: h * H, end: h * H + H / 2 })));
const index = new OccurrenceIndex(blocks);
const layout = layoutRows(assets);
const scale = scaleAt(0, 48 * H, 100);

function windowAt(scroll: { left: number; top: number }, selected?: (typeof blocks)[number]) {
  return new MountWindow({
    scrollLeft: () => scroll.left,
    scrollTop: () => scroll.top,
    bodyW: () => 1000,
    bodyH: () => 600,
    scale: () => scale,
    layout: () => layout,
    index: () => index,
    selected: () => selected,
  });
}

describe('MountWindow', () => {
  it('mounts what is in view plus its margins, in steps', () => {
    const w = windowAt({ left: 1000, top: 0 });
    expect(w.left).toBe(Math.floor(1000 / COL_STEP) * COL_STEP - COL_MARGIN);
    expect(w.left).toBeLessThanOrEqual(1000);
    expect(w.right).toBeGreaterThanOrEqual(2000);
    const hours = new Set(w.items.map((it) => it.block.start / H));
    for (let h = 10; h < 20; h++) expect(hours.has(h)).toBe(true);
    expect(hours.has(5)).toBe(false);
    const rows = new Set(w.items.map((it) => it.block.assetId));
    expect(rows.has('a0')).toBe(true);
    expect(rows.has('a30')).toBe(false);
  });

  it('a new window keeps the item objects of blocks that stay (StableItems), so a keyed each skips them', () => {
    const stable = new StableItems<(typeof blocks)[number]>();
    const first = stable.next(visibleItems(layout.rows.slice(0, 10), index, 0, 10 * H, layout, undefined));
    const second = stable.next(visibleItems(layout.rows.slice(3, 13), index, 2 * H, 12 * H, layout, undefined));
    const before = new Map(first.map((it) => [it.block.id, it]));
    const kept = second.filter((it) => before.has(it.block.id));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((it) => before.get(it.block.id) === it)).toBe(true);
    expect(second.length - kept.length).toBeGreaterThan(0);
  });

  it('mounts the selected block wherever it is', () => {
    const far = blocks.find((b) => b.assetId === 'a59' && b.start === 40 * H)!;
    expect(windowAt({ left: 0, top: 0 }, far).items.some((it) => it.block === far)).toBe(true);
  });
});

describe('windowCell', () => {
  it('names a place by its column and row step, offset by the window margins', () => {
    expect(windowCell(0, 0)).toBe('0:0');
    expect(windowCell(COL_STEP - COL_MARGIN - 1, ROW_STEP - ROW_MARGIN - 1)).toBe('0:0');
    expect(windowCell(COL_STEP - COL_MARGIN, ROW_STEP - ROW_MARGIN)).toBe('1:1');
  });
});
