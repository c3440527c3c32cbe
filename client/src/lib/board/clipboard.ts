import type { Placement } from '../timeline/drag-maths';

/** A stretch of time an asset is busy. */
export interface Span {
  start: number;
  end: number;
}

/** One occurrence as copied or cut: enough to create a one-off copy of it, or to move it. */
export interface ClipItem {
  occurrenceId: string;
  jobId: string;
  name: string;
  assetId: string;
  start: number;
  end: number;
}

export interface Clip {
  mode: 'copy' | 'cut';
  items: ClipItem[];
}

/**
 * The first start at or after `from` where `durationMs` fits between the busy spans, or null when it
 * would end after `limit` (the board's horizon). Busy spans may overlap each other and be unsorted.
 */
export function nextFreeSlot(busy: readonly Span[], durationMs: number, from: number, limit = Number.POSITIVE_INFINITY): number | null {
  let at = from;
  for (const b of [...busy].sort((x, y) => x.start - y.start)) {
    if (b.end <= at) continue;
    if (b.start >= at + durationMs) break;
    at = b.end;
  }
  return at + durationMs <= limit ? at : null;
}

/** Where pasted items go: the target row and time. */
export interface PasteTarget {
  assetId: string;
  at: number;
}

/**
 * Placements for pasting `items` at `target`. The items keep their distances in time from the
 * earliest one; when they all come from one row they all go to the target row, otherwise each stays
 * on its own row (only time shifts). A single item goes to the first free slot at or after the target
 * time (`busy` lists the target row's occupied spans; a cut item's own span must be left out by the caller).
 */
export function pastePlacements(items: readonly ClipItem[], target: PasteTarget, busy: readonly Span[] = [], limit?: number): Placement[] | null {
  if (items.length === 0) return [];
  if (items.length === 1) {
    const it = items[0]!;
    const d = it.end - it.start;
    const start = nextFreeSlot(busy, d, target.at, limit);
    return start === null ? null : [{ assetId: target.assetId, start, end: start + d }];
  }
  const first = Math.min(...items.map((i) => i.start));
  const shift = target.at - first;
  const oneRow = items.every((i) => i.assetId === items[0]!.assetId);
  return items.map((i) => ({ assetId: oneRow ? target.assetId : i.assetId, start: i.start + shift, end: i.end + shift }));
}

/** The busy spans of one asset from a list of blocks, leaving out some ids (the ones being moved). */
export function busyOn(blocks: readonly { id: string; assetId: string; start: number; end: number }[], assetId: string, except: ReadonlySet<string> = new Set()): Span[] {
  return blocks.filter((b) => b.assetId === assetId && !except.has(b.id)).map((b) => ({ start: b.start, end: b.end }));
}

/** Moves placements by `deltaMs`, and onto `assetId` when given. */
export function shifted(list: readonly (Placement & { id: string })[], deltaMs: number, assetId?: string): (Placement & { id: string })[] {
  return list.map((p) => ({ id: p.id, assetId: assetId ?? p.assetId, start: p.start + deltaMs, end: p.end + deltaMs }));
}
