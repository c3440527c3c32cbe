import type { AssetDto, AssetKind, AssetStatus } from '@schedhuler/shared';
import { SvelteSet } from 'svelte/reactivity';

/** What the filter needs of a drawn block. */
export interface FilterBlock {
  assetId: string;
  start: number;
  end: number;
  name: string;
  conflicted: boolean;
}

export interface FilterCriteria {
  query: string;
  /** Empty means every kind. */
  kinds: ReadonlySet<AssetKind>;
  /** Empty means every status. */
  statuses: ReadonlySet<AssetStatus>;
  onlyConflicts: boolean;
  hideEmpty: boolean;
}

/** Case- and accent-insensitive form used for matching ("Müller" is found by "muller"). */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** Whether a job name matches the search (never when the search is empty). */
export function jobMatches(name: string, query: string): boolean {
  const q = normalise(query);
  return q !== '' && normalise(name).includes(q);
}

/**
 * The asset rows to show over [range.start, range.end): a search keeps rows whose code or name match and
 * rows carrying a job whose name matches; kind and status keep their choices; "only conflicts" keeps rows
 * with a conflicted block; "hide empty rows" drops rows with nothing in the range (a tour visit counts).
 */
export function filterAssets(
  assets: readonly AssetDto[],
  blocks: Iterable<FilterBlock>,
  range: { start: number; end: number },
  c: FilterCriteria,
  visitedAssetIds: ReadonlySet<string> = new Set(),
): AssetDto[] {
  const q = normalise(c.query);
  const needFacts = q !== '' || c.onlyConflicts || c.hideEmpty;
  const busy = new Set<string>(visitedAssetIds);
  const conflicted = new Set<string>();
  const matchingJob = new Set<string>();
  if (needFacts) {
    for (const b of blocks) {
      // "Only conflicts" looks at every loaded block, as the conflict desk does; the rest at the range.
      if (b.conflicted) conflicted.add(b.assetId);
      if (b.end <= range.start || b.start >= range.end) continue;
      busy.add(b.assetId);
      if (q !== '' && normalise(b.name).includes(q)) matchingJob.add(b.assetId);
    }
  }
  return assets.filter((a) => {
    if (c.kinds.size > 0 && !c.kinds.has(a.kind)) return false;
    if (c.statuses.size > 0 && !c.statuses.has(a.status)) return false;
    if (c.onlyConflicts && !conflicted.has(a.id)) return false;
    if (c.hideEmpty && !busy.has(a.id)) return false;
    if (q !== '' && !normalise(`${a.code} ${a.name}`).includes(q) && !matchingJob.has(a.id)) return false;
    return true;
  });
}

/** Search and filter state of one board view, shared by the toolbar (controls) and the timeline (rows). */
export class BoardFilter implements FilterCriteria {
  query = $state('');
  readonly kinds = new SvelteSet<AssetKind>();
  readonly statuses = new SvelteSet<AssetStatus>();
  onlyConflicts = $state(false);
  hideEmpty = $state(false);

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

  rows(assets: readonly AssetDto[], blocks: Iterable<FilterBlock>, range: { start: number; end: number }, visitedAssetIds?: ReadonlySet<string>): readonly AssetDto[] {
    if (!this.active) return assets;
    return filterAssets(assets, blocks, range, this, visitedAssetIds);
  }
}
