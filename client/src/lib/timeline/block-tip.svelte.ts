/** Hover waits a moment, so sweeping the pointer across the board does not flash tooltips over it. */
export const HOVER_DELAY_MS = 350;
/** A short grace period lets the pointer travel onto the tooltip (WCAG 1.4.13: hoverable). */
export const CLOSE_GRACE_MS = 200;

/**
 * The one rich block tooltip of a board (on hover and on keyboard focus). One instance is shared by
 * every block: a block then carries no timers, effects or window listeners of its own, which made
 * mounting hundreds of them while scrolling slow. Escape and scroll listeners exist only while a
 * tooltip is open.
 */
export class BlockTip {
  /** The block whose tooltip is open, and its box on screen (the tooltip is placed on the screen). */
  openId = $state<string | null>(null);
  anchor = $state.raw<DOMRect | null>(null);
  #el: HTMLElement | null = null;
  #openTimer: ReturnType<typeof setTimeout> | undefined;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;
  #listening = false;
  /** The block a hover timer is running for. */
  #pendingId: string | null = null;

  /** Opens at once (keyboard focus). */
  open(el: HTMLElement, id: string): void {
    this.#clearTimers();
    this.#el = el;
    this.openId = id;
    this.anchor = el.getBoundingClientRect();
    this.#listen(true);
  }

  /** The pointer entered a block: open after a delay, never while a button is held. */
  hoverIn(el: HTMLElement, id: string, buttons: number): void {
    this.#clearTimers();
    if (buttons !== 0) return;
    if (this.openId === id) this.open(el, id);
    else {
      this.#pendingId = id;
      this.#openTimer = setTimeout(() => this.open(el, id), HOVER_DELAY_MS);
    }
  }

  /** The pointer left a block or the tooltip: close after the grace period. */
  hoverOut(): void {
    this.#clearTimers();
    this.#closeTimer = setTimeout(() => this.close(), CLOSE_GRACE_MS);
  }

  /** The pointer reached the tooltip itself: keep it. */
  keep(): void {
    clearTimeout(this.#closeTimer);
  }

  close(): void {
    this.#clearTimers();
    this.#listen(false);
    this.#el = null;
    this.openId = null;
    this.anchor = null;
  }

  /** Closes `id`'s tooltip, open or about to open (its block lost focus or went away). */
  closeFor(id: string): void {
    if (this.openId === id) this.close();
    else if (this.#pendingId === id) this.#clearTimers();
  }

  #clearTimers(): void {
    clearTimeout(this.#openTimer);
    clearTimeout(this.#closeTimer);
    this.#openTimer = undefined;
    this.#closeTimer = undefined;
    this.#pendingId = null;
  }

  readonly #onKey = (e: KeyboardEvent) => {
    // Escape dismisses a tooltip shown by hover too, wherever the focus is.
    if (e.key === 'Escape') this.close();
  };

  /** A scroll moves the tooltip along for the focused block (focusing scrolls it into view) and closes a hover one. */
  readonly #onScroll = () => {
    const el = this.#el;
    if (el && el.isConnected && document.activeElement === el) this.anchor = el.getBoundingClientRect();
    else this.close();
  };

  #listen(on: boolean): void {
    if (on === this.#listening || typeof window === 'undefined') return;
    this.#listening = on;
    if (on) {
      window.addEventListener('keydown', this.#onKey);
      window.addEventListener('scroll', this.#onScroll, true);
    } else {
      window.removeEventListener('keydown', this.#onKey);
      window.removeEventListener('scroll', this.#onScroll, true);
    }
  }
}
