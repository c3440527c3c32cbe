import type { AssetDto, AssetKind } from '@schedhuler/shared';
import { groupHistogram } from '@schedhuler/shared/domain/utilisation';
import type { HistogramBin } from '@schedhuler/shared/domain/utilisation';
import type { Span } from './shading';
import type { Row } from './row-layout';

/** Each shown group's histogram: the share of its assets busy per bin (`edges`); `merged`: each asset's spans, merged (mergeSpans). */
export function groupHistograms(rows: readonly Row[], assets: readonly AssetDto[], merged: ReadonlyMap<string, readonly Span[]>, edges: readonly number[]): Map<AssetKind, HistogramBin[]> {
  const out = new Map<AssetKind, HistogramBin[]>();
  for (const row of rows) {
    if (row.type !== 'group') continue;
    out.set(row.kind, groupHistogram(assets.filter((a) => a.kind === row.kind).map((a) => a.id), merged, edges));
  }
  return out;
}
