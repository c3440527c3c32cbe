import { setOf, toggled } from './id-sets';

/** What a selection needs to know of a block. */
export interface Selectable {
  id: string;
  assetId: string;
  start: number;
}

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Every block on the anchor's row from the anchor's start to the target's (inclusive, either direction). */
export function rangeInRow(blocks: readonly Selectable[], anchorId: string, targetId: string): string[] | null {
  const a = blocks.find((b) => b.id === anchorId);
  const t = blocks.find((b) => b.id === targetId);
  if (!a || !t || a.assetId !== t.assetId) return null;
  const lo = Math.min(a.start, t.start);
  const hi = Math.max(a.start, t.start);
  return blocks
    .filter((b) => b.assetId === a.assetId && b.start >= lo && b.start <= hi)
    .sort((x, y) => x.start - y.start)
    .map((b) => b.id);
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** The normalised rectangle between two pointer positions. */
export function lassoRect(x0: number, y0: number, x1: number, y1: number): Rect {
  return { left: Math.min(x0, x1), top: Math.min(y0, y1), right: Math.max(x0, x1), bottom: Math.max(y0, y1) };
}

/**
 * The planner's multi-selection of occurrences. The set is replaced, never mutated, so whatever
 * reads `ids` updates on every change. `anchor` is where a Shift+click range starts.
 */
export class Selection {
  ids = $state.raw<ReadonlySet<string>>(setOf([]));
  anchor = $state<string | null>(null);
  readonly size = $derived(this.ids.size);

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Exactly this one (a plain click or focus). */
  only(id: string): void {
    this.ids = setOf([id]);
    this.anchor = id;
  }

  /** Ctrl/⌘+click: in or out; the anchor follows the last block added. */
  toggle(id: string): void {
    const next = toggled(this.ids, id);
    if (next.has(id)) this.anchor = id;
    else if (this.anchor === id) this.anchor = next.values().next().value ?? null;
    this.ids = next;
  }

  /** Shift+click: the anchor's row from the anchor to `id`; another row (or no anchor) selects `id` alone. */
  extendTo(id: string, blocks: readonly Selectable[]): void {
    const range = this.anchor ? rangeInRow(blocks, this.anchor, id) : null;
    if (!range) {
      this.only(id);
      return;
    }
    this.ids = setOf(range);
  }

  set(ids: Iterable<string>): void {
    this.ids = setOf(ids);
    this.anchor = this.ids.values().next().value ?? null;
  }

  clear(): void {
    if (this.ids.size > 0) this.ids = setOf([]);
    this.anchor = null;
  }

  /** Forgets ids that are no longer on the board (cancelled, deleted). */
  keepOnly(existing: ReadonlySet<string> | ReadonlyMap<string, unknown>): void {
    if ([...this.ids].every((id) => existing.has(id))) return;
    this.ids = setOf([...this.ids].filter((id) => existing.has(id)));
    if (this.anchor && !this.ids.has(this.anchor)) this.anchor = this.ids.values().next().value ?? null;
  }
}
