/** A group of mounted blocks drawn in one box of their own (see BlockChunks). */
export interface BlockChunk<T> {
  key: string;
  items: T[];
}

/**
 * Groups the mounted blocks into boxes by the cell of the mount window they first appeared in
 * (`keyOf`), each box painted and laid out on its own (`contain: strict`, timeline-blocks.svelte).
 * With one box for all blocks, every frame of a fling that mounted a strip re-recorded the paint of
 * every mounted block and recomputed the overflow of all of them; now it is the new strip's boxes.
 *
 * A block keeps its box while it stays mounted (it is never moved to another, which would re-create
 * its element and drop keyboard focus, e.g. after a keyboard move into another cell): boxes only
 * group, they do not position, so a block in a box "of" another cell is drawn where it belongs.
 * A box whose items are unchanged keeps its object, so a keyed `{#each}` skips it.
 */
export class BlockChunks<T extends { block: { id: string } }> {
  #assigned = new Map<string, string>();
  #previous = new Map<string, BlockChunk<T>>();

  next(items: readonly T[], keyOf: (item: T) => string): BlockChunk<T>[] {
    const groups = new Map<string, T[]>();
    const assigned = new Map<string, string>();
    for (const it of items) {
      const key = this.#assigned.get(it.block.id) ?? keyOf(it);
      assigned.set(it.block.id, key);
      const group = groups.get(key);
      if (group) group.push(it);
      else groups.set(key, [it]);
    }
    this.#assigned = assigned;
    const out: BlockChunk<T>[] = [];
    for (const [key, group] of groups) {
      const before = this.#previous.get(key);
      out.push(before && sameItems(before.items, group) ? before : { key, items: group });
    }
    this.#previous = new Map(out.map((c) => [c.key, c]));
    return out;
  }
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
