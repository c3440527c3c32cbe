import { scaleAt } from './time-scale';
import type { TimeScale, Zoom } from './time-scale';
import { clampPxPerHour, defaultPxPerHour, displayRange, fitPxPerHour, focusOf, NOW_FRACTION, openingFocus, scrollFor, zoomAround } from './viewport-maths';
import type { Focus, Span } from './viewport-maths';

/** What the viewport reads and writes of the scrolling element (an HTMLElement, or a stand-in in tests). */
export interface ScrollBox {
  scrollLeft: number;
  scrollTop: number;
}

/** The scrolling element's inner size (without scrollbars). */
export interface ClientBox {
  clientWidth: number;
  clientHeight: number;
}

/** One step of `+` / `-` and of the zoom buttons. */
export const ZOOM_STEP = 1.25;
export const RAIL_W = 248;
export const HEADER_H = 46;

/**
 * The visible window of the timeline: which range and density it shows, where it is scrolled, and the
 * rules that keep the right instant in view when any of those change (a view opens on "now" or on its
 * start; switching view, zooming and resizing keep the focused instant where it was on screen).
 *
 * Changes that move the content set a pending focus; the view calls `applyPending()` once the DOM has
 * the new width, so the scroll position is set against the content it belongs to.
 */
export class Viewport {
  /** Width of the sticky asset rail and height of the sticky header, in px. */
  readonly railW = RAIL_W;
  readonly headerH = HEADER_H;
  /** jsdom reports 0×0; assume a typical screen so something renders. */
  readonly fallback = { w: 1280, h: 800 };
  viewportW = $state(0);
  viewportH = $state(0);
  scrollLeft = $state(0);
  scrollTop = $state(0);
  range = $state.raw<Span>({ start: 0, end: 0 });
  zoom = $state<Zoom>('day');
  /** Density chosen by zooming; null follows the view's default (so a resize refits Week). */
  userPxPerHour = $state<number | null>(null);
  #box: ScrollBox | null = null;
  /** Whether the scroller's size has been read (`measure`): the view draws its content only then. */
  measured = $state(false);
  /** Where the next render must put the content (read by the view's effect, so it is state). */
  pending = $state.raw<Focus | null>(null);
  #opened = false;

  readonly bodyW = $derived(Math.max(1, (this.viewportW || this.fallback.w) - this.railW));
  readonly bodyH = $derived((this.viewportH || this.fallback.h) - this.headerH);
  readonly axis = $derived(displayRange(this.range, this.zoom));
  readonly pxPerHour = $derived(this.userPxPerHour ?? defaultPxPerHour(this.range, this.zoom, this.bodyW));
  readonly scale: TimeScale = $derived(scaleAt(this.axis.start, this.axis.end, this.pxPerHour));
  /**
   * Where the content is scrolled, or will be once the pending change is applied. The mount window
   * follows this, not `scrollLeft`: a board that opens (or zooms) then mounts its blocks once, where
   * they will be seen. Following `scrollLeft`, the open mounted the blocks at the axis's start first
   * (scroll position 0), then a quarter of them again around now (10,000 occurrences: 950 + 425
   * mounted, 250 of them removed in the same task).
   */
  readonly targetLeft = $derived.by(() => (this.pending ? this.#pendingX(this.pending) : this.scrollLeft));

  /**
   * Reads the scroller's size before anything is drawn in it. Drawn at the fallback size first, the
   * open mounted every block at that width's scale, then restyled them all, mounted and removed a
   * strip and laid them all out twice once the real width arrived (10,000 occurrences: ~45 ms of
   * forced layout alone). Where scrollbars take room (`bar`, 0 where they are overlaid), those the
   * content will bring (`contentH`: the rows' height; the scale's width) are taken off now; `fit`
   * corrects a wrong guess once the content is there.
   */
  measure(box: ClientBox, contentH: number, bar: number): void {
    const { clientWidth: w, clientHeight: h } = box;
    const room = w > 0 ? bar : 0;
    this.viewportW = Math.max(0, w - (contentH + this.headerH > h ? room : 0));
    this.viewportH = Math.max(0, h - (this.scale.width + this.railW > this.viewportW ? room : 0));
    this.measured = true;
  }

  /** After the content was laid out (a pending change applied): a scrollbar that came or went since `measure`. */
  fit(box: ClientBox): void {
    if (!box.clientWidth) return;
    // State: setting the value it already has changes nothing downstream.
    this.viewportW = box.clientWidth;
    this.viewportH = box.clientHeight;
  }

  attach(box: ScrollBox | null): void {
    this.#box = box;
  }

  /**
   * The range or view changed (or the board opened). A new view keeps the focused instant in place;
   * a new range of the same view opens on "now" if it holds it, else on its start.
   */
  show(range: Span, zoom: Zoom, now: number): void {
    if (this.#opened && range.start === this.range.start && range.end === this.range.end && zoom === this.zoom) return;
    const switching = this.#opened && zoom !== this.zoom;
    const focus = switching ? this.focus(now) : openingFocus(range, now);
    if (switching) this.userPxPerHour = null;
    this.range = range;
    this.zoom = zoom;
    this.#opened = true;
    const axis = displayRange(range, zoom);
    this.pending = focus.t >= axis.start && focus.t < axis.end ? focus : openingFocus(range, now);
  }

  /** The focus point of what is on screen: "now" if it is in view, else the centre. */
  focus(now: number): Focus {
    // The element's own position: its scroll event (which updates `scrollLeft`) may not have fired yet.
    return focusOf(now, this.#box?.scrollLeft ?? this.scrollLeft, this.axis.start, this.pxPerHour, this.bodyW);
  }

  /** The instant the view is focused on (for a caller that re-anchors the range, e.g. a view switch). */
  focusTime(now: number): number {
    return this.focus(now).t;
  }

  /** Zooms by `factor` keeping the instant `anchorX` px into the visible width in place (default: centre). */
  zoomBy(factor: number, anchorX = this.bodyW / 2): void {
    const next = zoomAround({ pxPerHour: this.pxPerHour, scrollLeft: this.scrollLeft }, factor, anchorX, this.axis, this.bodyW);
    if (next.pxPerHour === this.pxPerHour) return;
    const t = this.scale.t(this.scrollLeft + anchorX);
    this.userPxPerHour = next.pxPerHour;
    this.pending = { t, fraction: anchorX / this.bodyW };
  }

  /** Scrolls the least needed to show content box [x0, x1] × [top, top + height] (a block moved by keyboard). */
  reveal(x0: number, x1: number, top: number, height: number): void {
    const box = this.#box;
    if (!box) return;
    if (x0 < box.scrollLeft) box.scrollLeft = Math.max(0, x0 - 24);
    else if (x1 > box.scrollLeft + this.bodyW) box.scrollLeft = Math.min(x0 - 24, x1 - this.bodyW + 24);
    if (top < box.scrollTop) box.scrollTop = top;
    else if (top + height > box.scrollTop + this.bodyH) box.scrollTop = top + height - this.bodyH;
    this.onScroll();
  }

  /** Ctrl/⌘ + wheel over the board: zooms around the pointer (`offsetX` px into the visible width). True if handled. */
  wheel(e: { ctrlKey: boolean; metaKey: boolean; deltaY: number }, offsetX: number): boolean {
    if (!e.ctrlKey && !e.metaKey) return false;
    this.zoomBy(Math.exp(-e.deltaY / 400), Math.max(0, Math.min(this.bodyW, offsetX)));
    return true;
  }

  /** `+` / `-` (and `=` / `_`, the same keys unshifted or shifted): zoom in or out around the centre. True if handled. */
  zoomKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
    // With a modifier these are the browser's own zoom (or someone else's shortcut).
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === '+' || e.key === '=') this.zoomBy(ZOOM_STEP);
    else if (e.key === '-' || e.key === '_') this.zoomBy(1 / ZOOM_STEP);
    else return false;
    return true;
  }

  /** The whole range (not the Day view's margins) in the visible width. */
  zoomToFit(): void {
    this.userPxPerHour = fitPxPerHour(this.range, this.bodyW);
    this.pending = { t: this.range.start, fraction: 0 };
  }

  /** Scrolls so that `t` sits at `fraction` of the visible width. */
  scrollToTime(t: number, fraction = NOW_FRACTION): void {
    this.pending = { t, fraction };
    this.applyPending();
  }

  /** Sets the scroll position a change asked for; call once the content has its new width. */
  applyPending(): void {
    const f = this.pending;
    if (!f || !this.#box) return;
    this.pending = null;
    this.#box.scrollLeft = this.#pendingX(f);
    this.scrollLeft = this.#box.scrollLeft;
  }

  #pendingX(f: Focus): number {
    return scrollFor(f.t, f.fraction, this.axis.start, this.pxPerHour, this.scale.width, this.bodyW);
  }

  /** The scrolling element scrolled (by the user, by code, by auto-scroll). */
  onScroll(): void {
    if (!this.#box) return;
    this.scrollLeft = this.#box.scrollLeft;
    this.scrollTop = this.#box.scrollTop;
  }

  scrollBy(dx: number, dy: number): void {
    if (!this.#box) return;
    this.#box.scrollLeft += dx;
    this.#box.scrollTop += dy;
    this.onScroll();
  }

  /** The density can also be set directly (e.g. restored); clamped like every zoom. */
  setPxPerHour(px: number): void {
    this.userPxPerHour = clampPxPerHour(px);
  }
}
