import type { OccurrenceIndex, TimedBlock } from './occurrence-index';
import type { AssetRow, Row, RowLayout } from './row-layout';

export interface VisibleItem<T> {
  block: T;
  row: AssetRow;
  lane: number;
  lanes: number;
}

/**
 * The blocks to mount: those on the visible rows within [t0, t1), plus the selected one wherever it
 * is, so keyboard focus survives scrolling it out of view.
 */
export function visibleItems<T extends TimedBlock>(
  rows: readonly Row[],
  index: OccurrenceIndex<T>,
  t0: number,
  t1: number,
  layout: RowLayout,
  selected: T | undefined,
): VisibleItem<T>[] {
  const out: VisibleItem<T>[] = [];
  let selectedSeen = false;
  for (const row of rows) {
    if (row.type !== 'asset') continue;
    for (const p of index.query(row.asset.id, t0, t1)) {
      out.push({ block: p.item, row, lane: p.lane, lanes: p.lanes });
      if (p.item === selected) selectedSeen = true;
    }
  }
  if (selected && !selectedSeen) {
    const row = layout.byAssetId.get(selected.assetId);
    if (row) out.push({ block: selected, row, lane: 0, lanes: 1 });
  }
  return out;
}

/**
 * `next` with the items of `previous` put back where nothing changed, so an unchanged block keeps its
 * item object and a keyed `{#each}` skips it: a new mounted window then only costs its new blocks.
 */
export function keepUnchanged<T extends { id: string }>(previous: ReadonlyMap<string, VisibleItem<T>>, next: VisibleItem<T>[]): VisibleItem<T>[] {
  return next.map((it) => {
    const old = previous.get(it.block.id);
    return old && old.block === it.block && old.row === it.row && old.lane === it.lane && old.lanes === it.lanes ? old : it;
  });
}

/** `keepUnchanged` against the previous window, remembered between calls. */
export class StableItems<T extends { id: string }> {
  #last = new Map<string, VisibleItem<T>>();

  next(items: VisibleItem<T>[]): VisibleItem<T>[] {
    const next = keepUnchanged(this.#last, items);
    this.#last = new Map(next.map((it) => [it.block.id, it]));
    return next;
  }
}
