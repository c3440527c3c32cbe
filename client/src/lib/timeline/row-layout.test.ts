import { describe, expect, it } from 'vitest';
import type { AssetDto, AssetKind } from '@schedhuler/shared';
import { assetRowAt, layoutRows, rowIndexAt, visibleRowRange } from './row-layout';

function asset(code: string, kind: AssetKind): AssetDto {
  return { id: `id-${code}`, boardId: 'b', code, name: code, kind, status: 'working', version: 1 };
}

const assets = [asset('V-2', 'vehicle'), asset('G-10', 'person'), asset('CP-1', 'checkpoint'), asset('G-2', 'person'), asset('V-1', 'vehicle')];

describe('row layout', () => {
  it('groups by kind in rail order and sorts codes naturally', () => {
    const l = layoutRows(assets, { rowHeight: 30, groupHeight: 20 });
    expect(l.rows.map((r) => (r.type === 'group' ? `[${r.kind}]` : r.asset.code))).toEqual(['[person]', 'G-2', 'G-10', '[vehicle]', 'V-1', 'V-2', '[checkpoint]', 'CP-1']);
    expect(l.totalHeight).toBe(3 * 20 + 5 * 30);
    expect(l.byAssetId.get('id-V-1')?.top).toBe(20 + 60 + 20);
    expect(l.assetRows).toHaveLength(5);
  });

  it('collapses a group to its header', () => {
    const l = layoutRows(assets, { rowHeight: 30, groupHeight: 20, collapsed: new Set(['person']) });
    expect(l.rows[0]).toMatchObject({ type: 'group', collapsed: true, count: 2 });
    expect(l.byAssetId.has('id-G-2')).toBe(false);
    expect(l.totalHeight).toBe(3 * 20 + 3 * 30);
  });

  it('finds the row under y', () => {
    const l = layoutRows(assets, { rowHeight: 30, groupHeight: 20 });
    expect(rowIndexAt(l, 0)).toBe(0);
    expect(rowIndexAt(l, 19)).toBe(0);
    expect(rowIndexAt(l, 20)).toBe(1);
    expect(rowIndexAt(l, 10_000)).toBe(l.rows.length - 1);
    expect(assetRowAt(l, 25)?.asset.code).toBe('G-2');
    expect(assetRowAt(l, 5)).toBeNull();
    expect(assetRowAt(l, -1)).toBeNull();
    expect(assetRowAt(l, l.totalHeight)).toBeNull();
  });

  it('returns only the rows in the viewport (plus overscan) for 200 assets', () => {
    const many = Array.from({ length: 200 }, (_, i) => asset(`A-${i}`, i < 100 ? 'person' : 'vehicle'));
    const l = layoutRows(many, { rowHeight: 36, groupHeight: 26 });
    const { first, last } = visibleRowRange(l, 36 * 50, 600, 0);
    expect(last - first + 1).toBeLessThanOrEqual(Math.ceil(600 / 36) + 2);
    const firstRow = l.rows[first]!;
    expect(firstRow.top).toBeLessThanOrEqual(36 * 50);
    expect(firstRow.top + firstRow.height).toBeGreaterThan(36 * 50);
    expect(visibleRowRange(layoutRows([]), 0, 600)).toEqual({ first: 0, last: -1 });
  });
});
