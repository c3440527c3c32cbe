import type { Placement } from './drag-maths';
import type { TimedBlock } from './occurrence-index';
import type { RowLayout } from './row-layout';
import type { VisibleItem } from './virtual-window';

/** Where and how one mounted block is drawn: a plain value, recomputed per block in one pass. */
export interface BlockSpot {
  left: number;
  top: number;
  /** Offset of a block being moved from where it rests (drawn as a transform: no layout per move). */
  shiftX: number;
  shiftY: number;
  width: number;
  height: number;
  /** Shown times and row; differ from the block's while it is being moved. */
  start: number;
  end: number;
  assetId: string;
  selected: boolean;
  editing: boolean;
  highlighted: boolean;
  remoteColor: string | null;
  /** Free px right of it in its row, for a name that does not fit inside. */
  roomRight: number;
  /** While searching: its job matches (highlighted) or not (dimmed). */
  match: 'match' | 'miss' | null;
}

/** What the board knows that a spot depends on. */
export interface SpotContext<T> {
  layout: () => RowLayout;
  x: (t: number) => number;
  pad: number;
  /** The block being moved or resized and where it would land now (read only for that block). */
  editId: () => string | null;
  placement: () => Placement | null;
  isSelected: (id: string) => boolean;
  highlighted: (id: string) => boolean;
  remoteColor: (id: string) => string | null;
  roomRight: (b: T) => number;
  match: (b: T) => 'match' | 'miss' | null;
}

/**
 * The block being moved keeps its resting left/top and travels by a transform (shiftX/Y): a move then
 * costs no layout of the board, only the block's own width on a resize. Only that block reads the
 * placement, so a pointer move recomputes one spot, not the board's.
 */
export function blockSpot<T extends TimedBlock & { name: string }>(it: VisibleItem<T>, c: SpotContext<T>): BlockSpot {
  const b = it.block;
  const editing = c.editId() === b.id;
  const p = editing ? c.placement() : null;
  const row = p ? (c.layout().byAssetId.get(p.assetId) ?? it.row) : it.row;
  const lanes = p ? 1 : it.lanes;
  const at = p ?? b;
  const x0 = c.x(at.start);
  const laneH = (row.height - c.pad * 2) / lanes;
  const top = row.top + c.pad + (p ? 0 : it.lane) * laneH;
  const left = p ? c.x(b.start) : x0;
  const restTop = p ? it.row.top + c.pad : top;
  return {
    left,
    top: restTop,
    shiftX: x0 - left,
    shiftY: top - restTop,
    width: Math.max(4, c.x(at.end) - x0 - 1),
    height: Math.max(6, laneH - (lanes > 1 ? 1 : 0)),
    start: at.start,
    end: at.end,
    assetId: row.asset.id,
    selected: c.isSelected(b.id),
    editing,
    highlighted: c.highlighted(b.id),
    remoteColor: c.remoteColor(b.id),
    roomRight: c.roomRight(b),
    match: c.match(b),
  };
}
