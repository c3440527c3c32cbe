import type { OccurrenceDto } from './board-types';
import { planRanges, RangeCache } from './range-cache';
import type { RangePlan, Span } from './range-cache';
import { IdleTask } from './idle-task';

const DAY_MS = 86_400_000;
/** A span standing for "everything" (a snapshot without a range, in tests). */
export const ALL: Span = { from: -8.64e15, to: 8.64e15 };

/**
 * The store's range bookkeeping (issue 13.5), without reactivity: the loaded spans and their
 * occurrences (the cache), the range the view shows, the spans on their way, and the idle-time
 * prefetch. The store publishes what falls in its window; prefetching and far events cost the view nothing.
 */
export class BoardRanges {
  readonly cache = new RangeCache<OccurrenceDto>();
  /** After the visible range is drawn, when the main thread is free: a prefetch must not slow the view. */
  readonly prefetchTask = new IdleTask();
  visible: Span | null = null;
  #inFlight: Span[] = [];

  /** What to fetch, prefetch and keep around the visible range (or `fallback` before one is set). */
  plan(fallback: Span | null): RangePlan {
    return planRanges(this.visible ?? fallback ?? ALL, [...this.cache.spans, ...this.#inFlight], { pad: DAY_MS });
  }

  /** Prefetches (`run`) when the browser is idle, once a visible range is set; replaces one scheduled before. */
  schedulePrefetch(run: () => void): void {
    this.prefetchTask.cancel();
    if (this.visible) this.prefetchTask.schedule(run);
  }

  /** Part of the visible range is not loaded yet. */
  get loadingVisible(): boolean {
    return this.visible !== null && !this.cache.covers(this.visible);
  }

  /**
   * Fetches `span`, counted as on its way meanwhile (no second request for it), and answers the part
   * still kept once it arrived: null when the view moved so far that it would be evicted at once.
   */
  async fetch<S>(span: Span, get: (s: Span) => Promise<S>, fallback: () => Span | null): Promise<{ kept: Span; snap: S } | null> {
    this.#inFlight = [...this.#inFlight, span];
    try {
      const snap = await get(span);
      const keep = this.plan(fallback()).keep;
      const kept = { from: Math.max(span.from, keep.from), to: Math.min(span.to, keep.to) };
      return kept.to > kept.from ? { kept, snap } : null;
    } finally {
      this.#inFlight = this.#inFlight.filter((s) => s !== span);
    }
  }

  /** The held occurrences in `window`, or null when exactly `shown` (a window moved by an hour re-renders nothing). */
  shownIn(window: Span | null, shown: ReadonlyMap<string, OccurrenceDto>): Map<string, OccurrenceDto> | null {
    const next = window ? this.cache.within(window) : new Map<string, OccurrenceDto>();
    if (next.size !== shown.size) return next;
    for (const [id, o] of next) if (shown.get(id) !== o) return next;
    return null;
  }
}
