/**
 * What the board page says and shows beside the timeline that is not the timeline's: the polite
 * announcements for screen readers and whether the conflict feed is open.
 */

/** The page's live region text. */
export class Announcer {
  text = $state('');

  say(text: string): void {
    // Re-setting the same text would not be re-read by screen readers.
    this.text = this.text === text ? `${text} ` : text;
  }
}

/**
 * The conflict feed: a side panel on wide screens (open at first), a drawer over the timeline on
 * tablets and phones (closed at first). A window that narrows closes the drawer, which would now
 * cover the now line and the blocks around it; widening again brings back what the side panel was.
 */
export class FeedVisibility {
  open = $state(false);
  #narrow: boolean;
  #wideOpen: boolean;

  constructor(narrow: boolean) {
    this.#narrow = narrow;
    this.#wideOpen = true;
    this.open = !narrow;
  }

  toggle(): void {
    this.open = !this.open;
  }

  close(): void {
    this.open = false;
  }

  /** Follows the width: call with the media query's current answer whenever it may have changed. */
  follow(narrow: boolean): void {
    if (narrow === this.#narrow) return;
    this.#narrow = narrow;
    if (narrow) {
      this.#wideOpen = this.open;
      this.open = false;
    } else {
      this.open = this.#wideOpen;
    }
  }
}

/** Whether an occurrence block has the keyboard focus (the page then shows the keys it takes). */
export class BlockFocus {
  focused = $state(false);

  /** For the timeline section's focusin and focusout: where the focus is (focusin) or goes (focusout). */
  track(e: FocusEvent): void {
    const on = (t: EventTarget | null) => t instanceof Element && t.closest('[data-occurrence-id]') !== null;
    this.focused = e.type === 'focusin' ? on(e.target) : on(e.relatedTarget);
  }
}
