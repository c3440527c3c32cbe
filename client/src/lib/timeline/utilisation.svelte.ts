import type { AssetDto } from '@schedhuler/shared';
import { loadsByAsset, mergedByAsset } from '@schedhuler/shared/domain/utilisation';
import { groupHistograms } from './group-histograms';
import { workingHoursOf, workingMinutes, zonedEdges } from '@schedhuler/shared/domain/working-hours';
import type { TimelineBlock } from '../board/board-store.svelte';
import type { RowLayout } from './row-layout';
import type { Zoom } from './time-scale';
import type { Span } from './shading';

export interface UtilisationSource {
  blocks: () => readonly TimelineBlock[];
  assets: () => readonly AssetDto[];
  board: () => Parameters<typeof workingHoursOf>[0];
  range: () => Span;
  /** The drawn axis (the histogram's bins cover it). */
  axis: () => Span;
  zoom: () => Zoom;
  zone: () => string;
  layout: () => RowLayout;
}

/** Utilisation of the visible range (issue 15.2): each asset's load and each group's histogram, recomputed when occurrences, range or zoom change. */
export class Utilisation {
  readonly #src: UtilisationSource;
  constructor(src: UtilisationSource) {
    this.#src = src;
  }

  readonly #spans = $derived.by(() => this.#src.blocks().map((b) => ({ assetId: b.assetId, start: b.start, end: b.end, status: b.occ.status })));
  /**
   * Each asset's bookings merged once per change of the occurrences: the loads and the histograms
   * both need them so, and a new axis or new rows (the open sets both) no longer merge them again
   * (50,000 open, CPU profile: mergeSpans 42 ms, spansByAsset run twice).
   */
  readonly #merged = $derived(mergedByAsset(this.#spans));
  readonly loads = $derived.by(() => {
    const range = this.#src.range();
    return loadsByAsset(this.#src.assets().map((a) => a.id), this.#merged, range, workingMinutes(range, workingHoursOf(this.#src.board()), this.#src.zone()));
  });
  readonly histograms = $derived.by(() =>
    // A plain, derived value: rebuilt whole, never mutated after.
    groupHistograms(this.#src.layout().rows, this.#src.assets(), this.#merged, zonedEdges(this.#src.axis(), this.#src.zoom() === 'day' ? 'hour' : 'day', this.#src.zone())),
  );
}
