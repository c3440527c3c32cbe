/**
 * Range loading (issue 13.5), the pure part: which time spans the board holds, which to fetch now,
 * which to prefetch and which to forget, and what a snapshot or a live event does to what is held.
 *
 * The server answers occurrences overlapping [from, to) and leaves cancelled ones out, so an occurrence
 * belongs in the cache exactly when it is not cancelled and overlaps a loaded span. Every occurrence
 * carries its full state and a version, so merging snapshots read at different seqs and replaying
 * events over them is order-proof: the higher version wins, and a "gone" (moved out of every loaded
 * span, cancelled) counts as that version too.
 */

/** A half-open time span [from, to) in epoch ms. */
export interface Span {
  from: number;
  to: number;
}

/** Sorted, disjoint, non-empty spans; touching ones are joined. */
export function normalize(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ from: s.from, to: s.to });
  }
  return out;
}

/** The parts of `want` that none of `have` covers, in order. */
export function subtract(want: Span, have: readonly Span[]): Span[] {
  const out: Span[] = [];
  let at = want.from;
  for (const h of normalize(have)) {
    if (h.to <= at) continue;
    if (h.from >= want.to) break;
    if (h.from > at) out.push({ from: at, to: h.from });
    at = Math.max(at, h.to);
    if (at >= want.to) break;
  }
  if (at < want.to) out.push({ from: at, to: want.to });
  return out;
}

export function covers(have: readonly Span[], want: Span): boolean {
  return subtract(want, have).length === 0;
}

/** The parts of `spans` inside `keep`. */
export function clip(spans: readonly Span[], keep: Span): Span[] {
  return normalize(spans.map((s) => ({ from: Math.max(s.from, keep.from), to: Math.min(s.to, keep.to) })));
}

/** The server's overlap rule: an occurrence [start, end) is in [from, to) when it starts before `to` and ends after `from`. */
export function overlaps(start: number, end: number, s: Span): boolean {
  return start < s.to && end > s.from;
}

export function overlapsAny(start: number, end: number, spans: readonly Span[]): boolean {
  return spans.some((s) => overlaps(start, end, s));
}

export interface RangePlanOptions {
  /** Loaded on each side of the visible range: the first request is made before the board's zone is known. */
  pad: number;
  /** Pages prefetched on each side of the visible one. */
  prefetchPages?: number;
  /** Pages kept on each side (beyond the prefetched ones, so going back and forth refetches nothing). */
  keepPages?: number;
}

export interface RangePlan {
  /** The visible range with its padding: what the view shows. */
  window: Span;
  /** Missing parts of the window when the visible range is not all loaded: fetch now. */
  fetch: Span[];
  /** Missing parts of the neighbouring pages (and of the window when `fetch` is empty): fetch when idle. */
  prefetch: Span[];
  /** Everything outside is evicted. */
  keep: Span;
}

/** What to fetch, prefetch and keep for the visible range, given what is loaded or on its way. */
export function planRanges(visible: Span, held: readonly Span[], opts: RangePlanOptions): RangePlan {
  const page = Math.max(0, visible.to - visible.from);
  const window = { from: visible.from - opts.pad, to: visible.to + opts.pad };
  const near = page * (opts.prefetchPages ?? 1);
  const far = page * (opts.keepPages ?? 2);
  // Padding is fetched with a visible part, never alone: the zone-corrected range of the first visit
  // differs from the zone-less guess by an hour at the far end of the padding.
  const fetch = covers(held, visible) ? [] : subtract(window, held);
  const around = { from: window.from - near, to: window.to + near };
  // Padding left out of `fetch` is prefetched with the neighbours: next to midnight in a zone far from
  // UTC, the zone-less first guess can miss most of a day of it.
  const prefetch = subtract(around, [...held, ...fetch]);
  return { window, fetch, prefetch, keep: { from: window.from - far, to: window.to + far } };
}

/** What the cache needs of an occurrence. */
export interface RangedItem {
  id: string;
  version: number;
  startsAt: string;
  endsAt: string;
  status: string;
}

/** A held occurrence with its instants in epoch ms (read once, when it comes in). */
export interface Timed<T> {
  readonly item: T;
  readonly start: number;
  readonly end: number;
}
type Entry<T> = Timed<T>;

/** What one item did to the cache: kept (new or newer), dropped (gone from every loaded span), or nothing. */
export type CacheChange = 'set' | 'dropped' | 'none';

/**
 * The loaded spans and the occurrences in them. Plain data (no reactivity): the store publishes the
 * part inside the view's window, so prefetching and events far away cost the view nothing.
 */
export class RangeCache<T extends RangedItem> {
  #spans: Span[] = [];
  readonly #byId = new Map<string, Entry<T>>();

  get spans(): readonly Span[] {
    return this.#spans;
  }

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): T | undefined {
    return this.#byId.get(id)?.item;
  }

  covers(want: Span): boolean {
    return covers(this.#spans, want);
  }

  /** Forgets everything and holds one snapshot (a reload after a gap the event log cannot fill). */
  reset(span: Span, items: readonly T[], instants?: ArrayLike<number>): void {
    this.#spans = [];
    this.#byId.clear();
    this.merge(span, items, instants);
  }

  /** The held entry of exactly this item (its instants without parsing), if it is the one held. */
  timed(item: T): Timed<T> | undefined {
    const e = this.#byId.get(item.id);
    return e !== undefined && e.item === item ? e : undefined;
  }

  /**
   * A snapshot of `span`. Items are only ever replaced by newer versions: an item the snapshot lacks
   * but the cache has in `span` moved out or was cancelled after one of them was read, and the event
   * that says so (newer than the older of the two) is still to be applied. `instants`, when the
   * decoder has them, are each item's start and end in epoch ms (`[2i]`, `[2i + 1]`).
   */
  merge(span: Span, items: readonly T[], instants?: ArrayLike<number>): void {
    this.#spans = normalize([...this.#spans, span]);
    if (instants) for (let i = 0; i < items.length; i++) this.apply(items[i]!, instants[2 * i], instants[2 * i + 1]);
    else for (const item of items) this.apply(item);
  }

  /** One occurrence's new state (a live event or an HTTP answer); its instants parsed unless given. */
  apply(item: T, start = Date.parse(item.startsAt), end = Date.parse(item.endsAt)): CacheChange {
    const cur = this.#byId.get(item.id);
    if (cur && cur.item.version > item.version) return 'none';
    if (item.status !== 'cancelled' && overlapsAny(start, end, this.#spans)) {
      this.#byId.set(item.id, { item, start, end });
      return 'set';
    }
    if (!cur) return 'none';
    this.#byId.delete(item.id);
    return 'dropped';
  }

  /** Forgets the spans outside `keep` and the occurrences in no remaining span; returns how many went. */
  evict(keep: Span): number {
    const spans = clip(this.#spans, keep);
    if (spans.length === this.#spans.length && spans.every((s, i) => s.from === this.#spans[i]!.from && s.to === this.#spans[i]!.to)) return 0;
    this.#spans = spans;
    let n = 0;
    for (const [id, e] of this.#byId) {
      if (!overlapsAny(e.start, e.end, spans)) {
        this.#byId.delete(id);
        n += 1;
      }
    }
    return n;
  }

  /**
   * Applies new states and returns the window's occurrences after them, or null when the window is
   * unchanged (the item was and is outside it, or the cache kept a newer version). `shown` is not mutated.
   */
  applyInWindow(items: readonly T[], window: Span | null, shown: ReadonlyMap<string, T>): Map<string, T> | null {
    let next: Map<string, T> | null = null;
    for (const item of items) {
      const before = this.#byId.get(item.id);
      const wasIn = window !== null && before !== undefined && overlaps(before.start, before.end, window);
      if (this.apply(item) === 'none' || window === null) continue;
      const after = this.#byId.get(item.id);
      const isIn = after !== undefined && overlaps(after.start, after.end, window);
      if (!wasIn && !isIn) continue;
      next ??= new Map(shown);
      if (isIn) next.set(item.id, after.item);
      else next.delete(item.id);
    }
    return next;
  }

  /** The held occurrences overlapping `window`. */
  within(window: Span): Map<string, T> {
    const out = new Map<string, T>();
    for (const [id, e] of this.#byId) if (overlaps(e.start, e.end, window)) out.set(id, e.item);
    return out;
  }

  /** Every held occurrence (tests, diagnostics). */
  all(): T[] {
    return [...this.#byId.values()].map((e) => e.item);
  }
}
