/**
 * Utilisation (issue 15, point 2): how much of an asset's working time in a range is booked, and a
 * histogram per asset group. Pure maths over plain numbers, shared by the rail and the histogram.
 */
import type { Span } from './working-hours';

export interface BookedSpan {
  assetId: string;
  start: number;
  end: number;
  status: 'scheduled' | 'conflicted' | 'cancelled';
}

export interface AssetLoad {
  /** Booked minutes inside the range (overlapping bookings counted once). */
  bookedMin: number;
  workingMin: number;
  /** bookedMin / workingMin; null when the range has no working time (a weekend). */
  ratio: number | null;
}

const MINUTE_MS = 60_000;

/** Length of the union of spans clipped to [range.start, range.end). */
export function unionLength(spans: readonly Span[], range: Span): number {
  const clipped = spans
    .map((s) => ({ start: Math.max(s.start, range.start), end: Math.min(s.end, range.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const s of clipped) {
    if (s.start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = s.start;
      curEnd = s.end;
    } else if (s.end > curEnd) {
      curEnd = s.end;
    }
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/** Non-cancelled spans grouped by asset. */
export function spansByAsset(bookings: Iterable<BookedSpan>): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  for (const b of bookings) {
    if (b.status === 'cancelled' || !(b.end > b.start)) continue;
    const list = out.get(b.assetId);
    if (list) list.push({ start: b.start, end: b.end });
    else out.set(b.assetId, [{ start: b.start, end: b.end }]);
  }
  return out;
}

/** Non-cancelled spans grouped by asset, each asset's merged (`mergeSpans`): what loads and histograms read. */
export function mergedByAsset(bookings: Iterable<BookedSpan>): Map<string, Span[]> {
  const out = spansByAsset(bookings);
  for (const [id, spans] of out) out.set(id, mergeSpans(spans));
  return out;
}

/** Each asset's load over the range: booked minutes (clipped, cancelled runs excluded) over working minutes. */
export function assetLoads(assetIds: readonly string[], bookings: Iterable<BookedSpan>, range: Span, workingMin: number): Map<string, AssetLoad> {
  return loadsByAsset(assetIds, spansByAsset(bookings), range, workingMin);
}

/** `assetLoads` from spans already grouped by asset (`spansByAsset`, merged or not). */
export function loadsByAsset(assetIds: readonly string[], byAsset: ReadonlyMap<string, readonly Span[]>, range: Span, workingMin: number): Map<string, AssetLoad> {
  const out = new Map<string, AssetLoad>();
  for (const id of assetIds) {
    const bookedMin = unionLength(byAsset.get(id) ?? [], range) / MINUTE_MS;
    out.set(id, { bookedMin, workingMin, ratio: workingMin > 0 ? bookedMin / workingMin : null });
  }
  return out;
}

export interface HistogramBin {
  start: number;
  end: number;
  /** Booked asset-minutes of the group in the bin. */
  bookedMin: number;
  /** bookedMin / (assets × bin minutes): the share of the group busy in the bin, 0..1. */
  ratio: number;
}

/** The union of spans as disjoint spans in ascending order (empty spans dropped). */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) {
      if (s.end > last.end) last.end = s.end;
    } else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/**
 * One bar per bin (edges ascending: hours or days in the board's zone) for a group of assets: how
 * much of the group is busy. `merged`: each asset's bookings merged (`mergedByAsset`, as a board keeps
 * them), so a double booking counts once; each is swept across the bins (not clipped and sorted again
 * per bin): at 50,000 occurrences the per-bin way cost most of the board's opening.
 */
export function groupHistogram(assetIds: readonly string[], merged: ReadonlyMap<string, readonly Span[]>, edges: readonly number[]): HistogramBin[] {
  const nBins = Math.max(0, edges.length - 1);
  const booked = new Array<number>(nBins).fill(0);
  for (const id of assetIds) {
    const spans = merged.get(id) ?? [];
    let j = 0;
    for (let i = 0; i < nBins && j < spans.length; i++) {
      const from = edges[i]!;
      const to = edges[i + 1]!;
      while (j < spans.length && spans[j]!.end <= from) j++;
      for (let k = j; k < spans.length && spans[k]!.start < to; k++) {
        const len = Math.min(spans[k]!.end, to) - Math.max(spans[k]!.start, from);
        if (len > 0) booked[i]! += len;
      }
    }
  }
  const bins: HistogramBin[] = [];
  for (let i = 0; i < nBins; i++) {
    const bin = { start: edges[i]!, end: edges[i + 1]! };
    const capacity = assetIds.length * (bin.end - bin.start);
    bins.push({ ...bin, bookedMin: booked[i]! / MINUTE_MS, ratio: capacity > 0 ? booked[i]! / capacity : 0 });
  }
  return bins;
}
