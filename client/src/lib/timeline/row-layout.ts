import { ASSET_KIND_ORDER, compareAssetCodes, type AssetDto, type AssetKind } from '@schedhuler/shared';

/** Rail order: who and what does the work first, then the places it happens (shared with the server's first view). */
export const KIND_ORDER: readonly AssetKind[] = ASSET_KIND_ORDER;

export const KIND_LABEL: Record<AssetKind, string> = {
  person: 'People',
  vehicle: 'Vehicles',
  equipment: 'Equipment',
  site: 'Sites',
  checkpoint: 'Checkpoints',
};

export interface GroupRow {
  type: 'group';
  key: string;
  kind: AssetKind;
  label: string;
  count: number;
  collapsed: boolean;
  top: number;
  height: number;
}

export interface AssetRow {
  type: 'asset';
  key: string;
  asset: AssetDto;
  top: number;
  height: number;
}

export type Row = GroupRow | AssetRow;

export interface RowLayout {
  rows: Row[];
  totalHeight: number;
  /** Asset rows in display order (collapsed groups excluded). */
  assetRows: AssetRow[];
  byAssetId: Map<string, AssetRow>;
}

export interface RowLayoutOptions {
  rowHeight?: number;
  groupHeight?: number;
  collapsed?: ReadonlySet<AssetKind>;
  /** Taller rows by asset id (rows whose overlapping blocks need more lanes). */
  heights?: ReadonlyMap<string, number>;
}

export const ROW_HEIGHT = 36;
export const GROUP_HEIGHT = 26;

/** Rows grouped by kind (in KIND_ORDER), assets sorted by code within a group. Fixed heights (taller only where `heights` says). */
export function layoutRows(assets: readonly AssetDto[], options: RowLayoutOptions = {}): RowLayout {
  const rowHeight = options.rowHeight ?? ROW_HEIGHT;
  const groupHeight = options.groupHeight ?? GROUP_HEIGHT;
  const collapsed = options.collapsed ?? new Set<AssetKind>();
  const byKind = new Map<AssetKind, AssetDto[]>();
  for (const a of assets) {
    const list = byKind.get(a.kind);
    if (list) list.push(a);
    else byKind.set(a.kind, [a]);
  }
  const rows: Row[] = [];
  const assetRows: AssetRow[] = [];
  const byAssetId = new Map<string, AssetRow>();
  let top = 0;
  for (const kind of KIND_ORDER) {
    const list = byKind.get(kind);
    if (!list?.length) continue;
    list.sort((a, b) => compareAssetCodes(a.code, b.code));
    const isCollapsed = collapsed.has(kind);
    rows.push({ type: 'group', key: `g:${kind}`, kind, label: KIND_LABEL[kind], count: list.length, collapsed: isCollapsed, top, height: groupHeight });
    top += groupHeight;
    if (isCollapsed) continue;
    for (const asset of list) {
      const height = Math.max(rowHeight, options.heights?.get(asset.id) ?? 0);
      const row: AssetRow = { type: 'asset', key: asset.id, asset, top, height };
      rows.push(row);
      assetRows.push(row);
      byAssetId.set(asset.id, row);
      top += height;
    }
  }
  return { rows, totalHeight: top, assetRows, byAssetId };
}

/** Index of the row containing y (clamped), by binary search over the row tops. */
export function rowIndexAt(layout: RowLayout, y: number): number {
  const rows = layout.rows;
  if (rows.length === 0) return -1;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (rows[mid]!.top <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The asset row under y, or null over a group header or outside the rows. */
export function assetRowAt(layout: RowLayout, y: number): AssetRow | null {
  if (y < 0 || y >= layout.totalHeight) return null;
  const row = layout.rows[rowIndexAt(layout, y)];
  return row?.type === 'asset' ? row : null;
}

/** Inclusive index range of rows intersecting [scrollTop - overscan, scrollTop + height + overscan]. */
export function visibleRowRange(layout: RowLayout, scrollTop: number, viewportHeight: number, overscanPx = 200): { first: number; last: number } {
  if (layout.rows.length === 0) return { first: 0, last: -1 };
  const first = Math.max(0, rowIndexAt(layout, scrollTop - overscanPx));
  const last = rowIndexAt(layout, scrollTop + viewportHeight + overscanPx);
  return { first, last };
}
