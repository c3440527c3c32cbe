import type { AssetDto } from '@schedhuler/shared';
import type { TimelineBlock } from '../board/board-store.svelte';
import { blockLabel } from '../board/block-text';
import { blockAssetFlag, withFlag } from '../board/asset-flags';
import type { AssetFlag } from '../board/asset-flags';
import { placeLabel, textPx } from '../board/label-placement';
import type { LabelPlacement } from '../board/label-placement';
import { formatHm } from './zone';

/** What a block shows, from its data and its drawn size: one plain value per block (drawn by block-element.ts). */
export interface BlockFace {
  flag: AssetFlag | null;
  /** The accessible name: starts with the visible text (WCAG 2.5.3). */
  label: string;
  timeText: string;
  place: LabelPlacement;
  showTime: boolean;
  /** x offsets (px) of the stop marks inside the block, none when they would crowd it. */
  stops: number[];
  /** The name is the element's text (inside, or clipped with an ellipsis). */
  nameText: boolean;
  /** Initials drawn by CSS (no text of the button), or '' for none. */
  initials: string;
  /** Stop marks, the conflict badge or the asset's chip are drawn. */
  marks: boolean;
  /** Anything but the grip is drawn inside the block (marks, the name, the times). */
  inner: boolean;
}

export interface FaceInput {
  block: TimelineBlock;
  /** The row's asset (the target row while it is being moved). */
  asset: AssetDto | undefined;
  assetsById: ReadonlyMap<string, AssetDto>;
  zone: string;
  /** Shown times; differ from the block's while it is being moved. */
  start: number;
  end: number;
  width: number;
  height: number;
  editing: boolean;
  /** Free px right of the block in its row. */
  roomRight: number;
  pxPerMs: number;
}

/**
 * Everything a block derives from its inputs in one pass. A block used to hold a dozen deriveds of its
 * own; mounting a column of them per scroll step made each a cost paid ~100 times per frame in a fling.
 */
export function blockFace(i: FaceInput): BlockFace {
  const { block, width } = i;
  const flag = blockAssetFlag(block, i.assetsById);
  const label = withFlag(blockLabel(block, i.asset, i.zone, i.start, i.end), flag);
  const timeText = `${formatHm(i.start, i.zone)}–${formatHm(i.end, i.zone)}`;
  // Badges inside the block take room from the name.
  const reserved = (block.conflicted ? 20 : 0) + (flag ? (width >= 120 ? 60 : 20) : 0);
  const place = placeLabel(block.name, width, i.editing ? 0 : i.roomRight, reserved);
  const showTime = place.mode === 'inside' && i.height >= 24 && width >= textPx(block.name) + textPx(timeText) + reserved + 18;
  const nameText = place.mode === 'inside' || (place.mode === 'abbreviated' && place.text.endsWith('…'));
  const initials = !nameText && place.mode === 'abbreviated' ? place.text : '';
  const stops = stopOffsets(block, width, i.pxPerMs);
  const marks = stops.length > 0 || block.conflicted || flag !== null;
  return { flag, label, timeText, place, showTime, stops, nameText, initials, marks, inner: marks || nameText || showTime };
}

/** Stops keep their offsets from the occurrence start, also while the block is dragged. */
function stopOffsets(block: TimelineBlock, width: number, pxPerMs: number): number[] {
  const list = block.occ.stops;
  if (!list || list.length < 2 || width / list.length < 8) return [];
  const origin = Date.parse(block.occ.startsAt);
  return list.slice(1).map((s) => (Date.parse(s.startsAt) - origin) * pxPerMs);
}
