/** The smallest lane a block is drawn in: room for a 12 px name and the hatching around it. */
export const MIN_LANE_PX = 22;

/**
 * Row heights for rows whose overlapping (conflicted) blocks share the row in lanes: the row grows so each
 * lane keeps MIN_LANE_PX instead of shrinking to slivers. Rows needing no more than `base` are left out.
 */
export function laneRowHeights(assetIds: Iterable<string>, lanesOf: (assetId: string) => number, base: number, pad: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const id of assetIds) {
    const lanes = lanesOf(id);
    if (lanes < 2) continue;
    // The timeline leaves a 1 px gap under each lane of a shared row.
    const need = lanes * (MIN_LANE_PX + 1) + pad * 2;
    if (need > base) out.set(id, need);
  }
  return out;
}

/** The most lanes any cluster of the row uses, from the index's placed blocks. */
export function maxLanes(placed: Iterable<{ lanes: number }>): number {
  let m = 1;
  for (const p of placed) if (p.lanes > m) m = p.lanes;
  return m;
}
