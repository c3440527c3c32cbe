import { rangeFor, ZOOMS } from '../timeline/time-scale';
import type { Zoom } from '../timeline/time-scale';
import { addZonedDays } from '../timeline/zone';

/**
 * Which range of the board the page shows: the view (zoom), the snap step and the anchor instant
 * the range is taken around, in the board's zone. The toolbar's ‹ › Today and date field move it.
 */
export class BoardView {
  zoom = $state<Zoom>('day');
  snapMin = $state<number>(ZOOMS.day.snapMin);
  anchor = $state(0);
  readonly #zone: () => string;

  constructor(anchor: number, zone: () => string) {
    this.anchor = anchor;
    this.#zone = zone;
  }

  readonly range = $derived.by(() => rangeFor(this.anchor, this.zoom, this.#zone()));

  /** A new view, anchored on `focus` (the instant in view, which the timeline then keeps in place). */
  setZoom(z: Zoom, focus: number | undefined): void {
    if (z !== this.zoom && focus !== undefined) this.anchor = focus;
    this.zoom = z;
    this.snapMin = ZOOMS[z].snapMin;
  }

  /** The previous or next range of the same length. */
  shift(dir: -1 | 1): void {
    this.anchor = addZonedDays(this.range.start, dir * ZOOMS[this.zoom].days, this.#zone());
  }

  /** Shows the range holding `t` (when it is not the current one). */
  reveal(t: number): void {
    if (t < this.range.start || t >= this.range.end) this.anchor = t;
  }
}
