import type { AssetDto } from '@schedhuler/shared';
import { ROW_HEIGHT } from '../timeline/row-layout';
import type { BoardStore, TimelineBlock } from './board-store.svelte';
import type { BoardFilter } from './board-filter.svelte';
import { conflictedAssetIds, filterAssets, NO_FILTER } from './asset-filter';
import { gapAfter } from './label-placement';
import { laneRowHeights, maxLanes } from './lane-heights';
import { tourVisits, type TourVisit } from './tour-visits';

export interface ReadingSource {
  store: BoardStore;
  filter: BoardFilter | undefined;
  /** The range the board shows (what "hide empty rows" and the visits look at). */
  start: number;
  end: number;
  /** What the time axis draws (the Day view adds margins): where visits and labels may go. */
  drawnStart?: number;
  drawnEnd?: number;
  /** The timeline's own "only conflicts" prop, for callers without a filter. */
  onlyConflicts: boolean;
  /** Padding above and below the lanes of a row. */
  pad: number;
}

/**
 * What the timeline draws to make the board readable (issue 12.3/12.4): the rows left after search and
 * filters, taller rows for overlapping blocks, tour visits in place rows, room for labels beside blocks
 * and the search match of each block. Kept out of timeline.svelte, which only reads these.
 */
export class BoardReading {
  readonly #src: () => ReadingSource;

  /** Create during a component's initialisation: it reports the row count to the filter's find bar. */
  constructor(src: () => ReadingSource) {
    this.#src = src;
    $effect(() => {
      const s = this.#src();
      const result = { shown: this.assets.length, total: s.store.assets.length };
      if (s.filter) s.filter.result = result;
    });
  }

  readonly visits: ReadonlyMap<string, TourVisit[]> = $derived.by(() => {
    const s = this.#src();
    return tourVisits(s.store.blocks, s.store.assetsById, s.drawnStart ?? s.start, s.drawnEnd ?? s.end);
  });

  readonly assets: readonly AssetDto[] = $derived.by(() => {
    const s = this.#src();
    const range = { start: s.start, end: s.end };
    const visited = [...(this.visits.entries())].filter(([, list]) => list.some((v) => v.start < s.end && v.end >= s.start)).map(([id]) => id);
    const f = s.filter;
    if (!s.onlyConflicts) return f ? f.rows(s.store.assets, s.store.blocks, range, visited) : s.store.assets;
    const criteria = { ...(f ? { query: f.query, kinds: f.kinds, statuses: f.statuses, hideEmpty: f.hideEmpty } : NO_FILTER), onlyConflicts: true };
    return filterAssets(s.store.assets, s.store.blocks, range, criteria, visited);
  });

  /** Rows with overlapping blocks grow so each lane stays readable (no 13 px slivers). */
  readonly rowHeights: ReadonlyMap<string, number> = $derived.by(() => {
    const s = this.#src();
    return laneRowHeights(conflictedAssetIds(s.store.blocks), (id) => maxLanes(s.store.index.query(id, -Infinity, Infinity)), ROW_HEIGHT, s.pad);
  });

  /**
   * The source read once per change, for the two methods every mounted block's spot calls: through
   * #src() each call read (and subscribed the block to) all seven inputs, twice per block (50,000
   * open, CPU profile: `match` and `roomRight` 20 ms each for 2,100 blocks). Not for the deriveds
   * above, which must not rerun on inputs they do not read (a zoom moves drawnStart).
   */
  readonly #perBlock: ReadingSource = $derived.by(() => this.#src());

  /**
   * A new value whenever `roomRight` or `match` may answer differently: the board's block layer
   * computes a mounted block again only when this (or its own item) changed, not on every scroll step.
   */
  readonly blockKey: unknown = $derived.by(() => {
    const s = this.#perBlock;
    return [s, s.filter?.searching ? s.filter.query : null];
  });

  /** Free px right of a block in its row, up to the next block or the end of the range. */
  roomRight(b: TimelineBlock, pxPerMs: number): number {
    const s = this.#perBlock;
    // A block in another lane still running at this one's end would be written over.
    if (s.store.index.query(b.assetId, b.end - 1, b.end + 1).some((p) => p.item.id !== b.id && p.item.end > b.end)) return 0;
    const gap = Math.min(gapAfter(s.store.index.forAsset(b.assetId), b), (s.drawnEnd ?? s.end) - b.end);
    return Math.max(0, gap * pxPerMs);
  }

  match(name: string): 'match' | 'miss' | null {
    return this.#perBlock.filter?.jobMatch(name) ?? null;
  }
}
