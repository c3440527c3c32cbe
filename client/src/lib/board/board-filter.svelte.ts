import type { AssetDto, AssetKind, AssetStatus } from '@schedhuler/shared';
import { SvelteSet } from 'svelte/reactivity';
import { filterAssets, jobMatches, normalise, type FilterBlock, type FilterCriteria } from './asset-filter';

export { filterAssets, jobMatches, normalise, type FilterBlock, type FilterCriteria } from './asset-filter';

/** Search and filter state of one board view, shared by the toolbar (controls) and the timeline (rows). */
export class BoardFilter implements FilterCriteria {
  query = $state('');
  readonly kinds = new SvelteSet<AssetKind>();
  readonly statuses = new SvelteSet<AssetStatus>();
  onlyConflicts = $state(false);
  hideEmpty = $state(false);
  /** How many asset rows the board shows of how many, reported back by the timeline. */
  result = $state.raw<{ shown: number; total: number } | null>(null);

  /** How many filters other than the search are on (shown on the Filters button). */
  readonly activeCount = $derived(this.kinds.size + this.statuses.size + (this.onlyConflicts ? 1 : 0) + (this.hideEmpty ? 1 : 0));
  readonly searching = $derived(normalise(this.query) !== '');
  readonly active = $derived(this.searching || this.activeCount > 0);

  toggleKind(kind: AssetKind): void {
    if (this.kinds.has(kind)) this.kinds.delete(kind);
    else this.kinds.add(kind);
  }

  toggleStatus(status: AssetStatus): void {
    if (this.statuses.has(status)) this.statuses.delete(status);
    else this.statuses.add(status);
  }

  /** Clears everything but the search text (the search box has its own clear). */
  clearFilters(): void {
    this.kinds.clear();
    this.statuses.clear();
    this.onlyConflicts = false;
    this.hideEmpty = false;
  }

  /** 'match' / 'miss' while searching, null otherwise: drawn as highlighted / dimmed. */
  jobMatch(name: string): 'match' | 'miss' | null {
    if (!this.searching) return null;
    return jobMatches(name, this.query) ? 'match' : 'miss';
  }

  rows(assets: readonly AssetDto[], blocks: Iterable<FilterBlock>, range: { start: number; end: number }, visitedAssetIds?: Iterable<string>): readonly AssetDto[] {
    if (!this.active) return assets;
    return filterAssets(assets, blocks, range, this, visitedAssetIds);
  }
}
