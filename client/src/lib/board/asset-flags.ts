import type { AssetDto, AssetStatus } from '@schedhuler/shared';
import type { TimelineBlock } from './board-store.svelte';

/**
 * An occurrence whose asset cannot be booked right now (maintenance, scrapped) stays on the board
 * but is flagged: a planner must move or cancel it. Shared by the board blocks and the conflict desk.
 */
export interface AssetFlag {
  status: Extract<AssetStatus, 'maintenance' | 'scrapped'>;
  asset: AssetDto;
  /** Short visible text on the block. */
  short: string;
  /** Appended to the accessible name and the tooltip. */
  text: string;
}

const SHORT: Record<AssetFlag['status'], string> = { maintenance: 'Maint.', scrapped: 'Retired' };
const TEXT: Record<AssetFlag['status'], string> = { maintenance: 'in maintenance', scrapped: 'retired' };

export function assetFlag(asset: AssetDto | undefined): AssetFlag | null {
  if (!asset || (asset.status !== 'maintenance' && asset.status !== 'scrapped')) return null;
  return { status: asset.status, asset, short: SHORT[asset.status], text: `${asset.code} ${asset.name} is ${TEXT[asset.status]}` };
}

/** The first unbookable asset an occurrence uses: the one performing it, then its tour stops in order. */
export function blockAssetFlag(block: Pick<TimelineBlock, 'assetId' | 'occ'>, assetsById: ReadonlyMap<string, AssetDto>): AssetFlag | null {
  const own = assetFlag(assetsById.get(block.assetId));
  if (own) return own;
  for (const stop of block.occ.stops ?? []) {
    const flag = assetFlag(assetsById.get(stop.assetId));
    if (flag) return flag;
  }
  return null;
}

/** The block's accessible name with the flag last, so it still starts with the visible text (WCAG 2.5.3). */
export function withFlag(label: string, flag: AssetFlag | null): string {
  return flag ? `${label}, ${flag.text}` : label;
}
