import type { OccurrenceIndex, TimedBlock } from './occurrence-index';
import { visibleRowRange } from './row-layout';
import type { RowLayout } from './row-layout';
import type { TimeScale } from './time-scale';
import { StableItems, visibleItems } from './virtual-window';
import type { VisibleItem } from './virtual-window';

/**
 * The mounted window moves in steps: between step boundaries scrolling re-renders nothing at all, and a
 * step mounts one strip (a 480 px column or three rows), whole. The blocks sit in boxes by window cell
 * (BlockChunks), so a step's frame styles, lays out and paints the new strip, not every mounted block.
 * Mounting the next strip ahead a slice per idle period was tried on top of that and measured worse
 * (a 10,000 fling: more frames over 16 ms, the slices adding to frames that also mounted a strip).
 * The horizontal margin stays wide: the browser tests read blocks of a whole working day (11:00 to
 * 22:00) at once, by role, which a narrower window leaves unmounted.
 */
export const ROW_STEP = 108;
export const ROW_MARGIN = 36;
export const COL_STEP = 480;
export const COL_MARGIN = 240;

/** The window cell (column step : row step, offset by the margins) of a place `x`, `top` px into the body: what blocks are boxed by (BlockChunks). */
export function windowCell(x: number, top: number): string {
  return `${Math.floor((x + COL_MARGIN) / COL_STEP)}:${Math.floor((top + ROW_MARGIN) / ROW_STEP)}`;
}

/** What the window follows, read through functions: each derived below depends only on what it reads. */
export interface WindowSource<T extends TimedBlock> {
  scrollLeft: () => number;
  scrollTop: () => number;
  bodyW: () => number;
  bodyH: () => number;
  scale: () => TimeScale;
  layout: () => RowLayout;
  index: () => OccurrenceIndex<T>;
  /** Mounted wherever it is, so keyboard focus survives scrolling it out of view. */
  selected: () => T | undefined;
}

export class MountWindow<T extends TimedBlock> {
  readonly #src: WindowSource<T>;
  readonly #stable = new StableItems<T>();

  constructor(src: WindowSource<T>) {
    this.#src = src;
  }

  readonly #rowStep = $derived.by(() => Math.floor(this.#src.scrollTop() / ROW_STEP));
  readonly #colStep = $derived.by(() => Math.floor(this.#src.scrollLeft() / COL_STEP));
  /** Mounted x range, in content px. */
  readonly left = $derived(this.#colStep * COL_STEP - COL_MARGIN);
  readonly right = $derived.by(() => (this.#colStep + 1) * COL_STEP + this.#src.bodyW() + COL_MARGIN);
  /** The mounted stretch of time, never beyond the axis (blocks out there would be drawn past its end). */
  readonly from = $derived.by(() => Math.max(this.#src.scale().start, this.#src.scale().t(this.left)));
  readonly to = $derived.by(() => Math.min(this.#src.scale().end, this.#src.scale().t(this.right)));
  readonly rows = $derived.by(() => {
    const layout = this.#src.layout();
    const { first, last } = visibleRowRange(layout, this.#rowStep * ROW_STEP, this.#src.bodyH() + ROW_STEP, ROW_MARGIN);
    return layout.rows.slice(first, last + 1);
  });
  /** The blocks to mount; an unchanged block keeps its item object (a keyed each then skips it). */
  readonly items: VisibleItem<T>[] = $derived.by(() => this.#stable.next(visibleItems(this.rows, this.#src.index(), this.from, this.to, this.#src.layout(), this.#src.selected())));
}
