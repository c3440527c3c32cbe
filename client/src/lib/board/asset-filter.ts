import type { AssetDto, AssetKind, AssetStatus } from '@schedhuler/shared';

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
  visitedAssetIds: Iterable<string> = [],
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

/** No search, no filter: every row. */
export const NO_FILTER: FilterCriteria = { query: '', kinds: new Set(), statuses: new Set(), onlyConflicts: false, hideEmpty: false };

/** Assets carrying at least one conflicted block. */
export function conflictedAssetIds(blocks: Iterable<{ assetId: string; conflicted: boolean }>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const b of blocks) if (b.conflicted) out.add(b.assetId);
  return out;
}
