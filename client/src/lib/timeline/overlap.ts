import type { Placement } from './drag-maths';

/** What the overlap check needs of a loaded occurrence. */
export interface Booked {
  id: string;
  assetId: string;
  start: number;
  end: number;
  status: string;
}

/**
 * The loaded occurrences a drop at `p` would overlap, judged locally before release: half-open
 * windows (a block ending at 10:00 does not touch one starting at 10:00), only scheduled occurrences
 * of the target asset (cancelled ones free their slot; conflicted ones are already a double
 * booking and the server judges them), never the dragged occurrence itself.
 */
export function overlapsAt(p: Placement, selfId: string, candidates: Iterable<Booked>): Booked[] {
  const out: Booked[] = [];
  for (const b of candidates) {
    if (b.id === selfId || b.assetId !== p.assetId || b.status !== 'scheduled') continue;
    if (b.start < p.end && p.start < b.end) out.push(b);
  }
  return out;
}
