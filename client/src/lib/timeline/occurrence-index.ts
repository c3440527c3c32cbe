/** What the index needs of a block: which row, and its occupied window in epoch ms. */
export interface TimedBlock {
  id: string;
  assetId: string;
  start: number;
  end: number;
}

export interface Placed<T> {
  item: T;
  /** 0-based lane within its overlap cluster. */
  lane: number;
  /** Number of lanes in the cluster (1 when nothing overlaps it). */
  lanes: number;
}

interface AssetBucket<T> {
  items: T[];
  lane: Uint16Array;
  lanes: Uint16Array;
  /** Longest block on this asset: how far back a range query must look. */
  maxDuration: number;
}

/**
 * Blocks per asset, sorted by start, with lanes for overlapping blocks (conflicted occurrences share a
 * row side by side, never on top of each other). Queries cost O(log n + visible).
 */
export class OccurrenceIndex<T extends TimedBlock> {
  readonly #buckets = new Map<string, AssetBucket<T>>();
  readonly size: number;

  constructor(items: Iterable<T>) {
    const grouped = new Map<string, T[]>();
    let size = 0;
    for (const item of items) {
      size++;
      const list = grouped.get(item.assetId);
      if (list) list.push(item);
      else grouped.set(item.assetId, [item]);
    }
    this.size = size;
    for (const [assetId, list] of grouped) this.#buckets.set(assetId, buildBucket(list));
  }

  /** Blocks on `assetId` that overlap [from, to), in start order. */
  query(assetId: string, from: number, to: number): Placed<T>[] {
    const b = this.#buckets.get(assetId);
    if (!b) return [];
    const out: Placed<T>[] = [];
    // Nothing starting before `from - maxDuration` can reach `from`.
    let i = lowerBound(b.items, from - b.maxDuration);
    for (; i < b.items.length; i++) {
      const item = b.items[i]!;
      if (item.start >= to) break;
      if (item.end > from) out.push({ item, lane: b.lane[i]!, lanes: b.lanes[i]! });
    }
    return out;
  }

  /** Every block on the asset, in start order. */
  forAsset(assetId: string): readonly T[] {
    return this.#buckets.get(assetId)?.items ?? [];
  }
}

function lowerBound<T extends TimedBlock>(items: T[], t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.start < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function buildBucket<T extends TimedBlock>(list: T[]): AssetBucket<T> {
  list.sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : 1));
  const lane = new Uint16Array(list.length);
  const lanes = new Uint16Array(list.length);
  let maxDuration = 0;
  let clusterStart = 0;
  let clusterEnd = -Infinity;
  let laneEnds: number[] = [];
  const closeCluster = (endIdx: number) => {
    for (let k = clusterStart; k < endIdx; k++) lanes[k] = laneEnds.length;
  };
  for (let i = 0; i < list.length; i++) {
    const it = list[i]!;
    maxDuration = Math.max(maxDuration, it.end - it.start);
    // Half-open windows: a block starting exactly where another ends does not overlap it.
    if (it.start >= clusterEnd) {
      closeCluster(i);
      clusterStart = i;
      laneEnds = [];
    }
    let l = laneEnds.findIndex((end) => end <= it.start);
    if (l === -1) {
      l = laneEnds.length;
      laneEnds.push(it.end);
    } else {
      laneEnds[l] = it.end;
    }
    lane[i] = l;
    clusterEnd = Math.max(clusterEnd, it.end);
  }
  closeCluster(list.length);
  return { items: list, lane, lanes, maxDuration };
}
